#!/usr/bin/env bash
# A stack 300 calls deep is recorded whole; with --max-depth 50 it is cut and
# marked [truncated], and `ctrace info` counts the truncated samples.
. "$(dirname "$0")/lib/common.sh"

record "$T/d.prof" "$PROGS/deep" 300 300
folded "$T/d.prof" "$T/d.folded"
max=$(awk '{ n = gsub(/;recurse(\.[a-z0-9.]+)?/, "&"); if (n > m) m = n } END { print m + 0 }' "$T/d.folded")
[ "$max" -ge 300 ] || fail "deepest stack has $max recurse frames, expected >= 300"
grep -q 'truncated' "$T/d.folded" && fail "a full-depth stack was marked truncated"
expect_share "$T/d.folded" 'main' 99 1

"$CTRACE" run -q --max-depth 50 -o "$T/cut.prof" -- "$PROGS/deep" 300 200 >/dev/null || fail "run --max-depth failed"
folded "$T/cut.prof" "$T/cut.folded"
expect_share "$T/cut.folded" '\[truncated\]' 99 1
"$CTRACE" info --json "$T/cut.prof" | jq -e '.totals.truncated > 0' >/dev/null || fail "info does not count truncated samples"
