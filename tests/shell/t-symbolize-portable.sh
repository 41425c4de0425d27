#!/usr/bin/env bash
# The names are stored in the profile: a report after the binary was deleted
# still names its frames; re-symbolizing after the binary was rebuilt detects
# the other build-id, says so, and keeps the names found at the end of the run.
. "$(dirname "$0")/lib/common.sh"

cp "$PROGS/symwork" "$T/app"
record "$T/a.prof" "$T/app" 200
rm "$T/app"
folded "$T/a.prof" "$T/deleted.folded"
expect_share "$T/deleted.folded" 'static_hot' 60 25

cp "$PROGS/symwork" "$T/app"
record "$T/b.prof" "$T/app" 200
cp "$PROGS/symwork-v2" "$T/app"
"$CTRACE" symbolize "$T/b.prof" 2>"$T/err" || fail "symbolize failed: $(cat "$T/err")"
grep -q "'$T/app' changed since the run (build-id differs)" "$T/err" || fail "rebuild not detected: $(cat "$T/err")"
"$CTRACE" info --json "$T/b.prof" | jq -e '.meta.symbols.modules_changed == 1' >/dev/null || fail "info does not count the changed module"
folded "$T/b.prof" "$T/rebuilt.folded"
expect_share "$T/rebuilt.folded" 'static_hot' 60 25
# a fresh profile of a deleted binary cannot be symbolized again, but keeps its names
rm "$T/app"
"$CTRACE" symbolize -q "$T/a.prof" || fail "re-symbolizing without the binary failed"
folded "$T/a.prof" "$T/again.folded"
expect_share "$T/again.folded" 'static_hot' 60 25
