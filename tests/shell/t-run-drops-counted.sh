#!/usr/bin/env bash
# Nothing is lost silently: with room for a single thread's ring, the other
# threads' samples are dropped, and the summary, the metadata and
# `ctrace info` all say how many.
. "$(dirname "$0")/lib/common.sh"

"$CTRACE" run --ring-size 256K -o "$T/d.prof" -- "$PROGS/threads" 100 >/dev/null 2>"$T/err" || fail "run failed: $(cat "$T/err")"
grep -Eq '; [1-9][0-9]* dropped' "$T/err" || fail "summary does not report drops: $(cat "$T/err")"
grep -q 'threads found no free ring' "$T/err" || fail "summary does not say why"
"$CTRACE" info --json "$T/d.prof" >"$T/i.json"
jq -e '.meta.recording.dropped > 50 and .meta.recording.threads_without_ring >= 3' "$T/i.json" >/dev/null ||
	fail "metadata: $(jq -c .meta.recording "$T/i.json")"
"$CTRACE" info "$T/d.prof" | grep -q 'dropped' || fail "info does not show drops"
# what was kept is still right: the main thread's ring holds its samples
"$CTRACE" run --ring-size 256K -q -o "$T/one.prof" -- "$PROGS/spin" 200 >/dev/null || fail "single thread run failed"
"$CTRACE" info --json "$T/one.prof" | jq -e '.meta.recording.dropped == 0' >/dev/null || fail "a single thread dropped samples"
