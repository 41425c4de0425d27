#!/usr/bin/env bash
# A thread created with every signal blocked (as liblzma's workers are) is
# still sampled and keeps its own share, while its signal mask still shows
# SIGPROF blocked to the program.
. "$(dirname "$0")/lib/common.sh"

record "$T/b.prof" "$PROGS/blocked" 300
grep -q 'mask ok' "$T/record.out" || fail "the program saw its mask changed: $(cat "$T/record.out")"
folded "$T/b.prof" "$T/b.folded"
expect_share "$T/b.folded" 'blocked_worker' 66.7 4
expect_share "$T/b.folded" 'main_work' 33.3 4
"$CTRACE" info --json "$T/b.prof" | jq -e '[.processes[].threads[] | select(.signals_blocked)] | length == 1' >/dev/null ||
	fail "info does not flag the thread that started with signals blocked"
