#!/usr/bin/env bash
# A stripped binary: exported functions are named from .dynsym, the static
# ones show as [unknown] with module+offset, never blank.
. "$(dirname "$0")/lib/common.sh"

record "$T/s.prof" "$PROGS/symwork-stripped" 300
folded "$T/s.prof" "$T/s.folded"
expect_share "$T/s.folded" 'exported_work' 60 25
grep -q 'static_hot' "$T/s.folded" && fail "a static function was named in a stripped binary"
grep -Eq ';exported_work;\[unknown\] symwork-stripped\+0x[0-9a-f]+ ' "$T/s.folded" ||
	fail "unnamed frames are not shown as [unknown] module+offset: $(grep exported_work "$T/s.folded" | head -1)"
awk '{ sub(/ [0-9]+$/, ""); n = split($0, f, ";"); for (i = 1; i <= n; i++) if (f[i] == "") exit 1 }' "$T/s.folded" ||
	fail "a blank frame"
