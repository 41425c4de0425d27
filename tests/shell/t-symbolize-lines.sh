#!/usr/bin/env bash
# Source lines, checked against the program's source (the @line markers in
# tests/progs/symwork.c), not against a recording of today's output: the
# inlined function's own frames sit on its loop's lines, its caller's frame on
# the line of the call; libc's frames gain lines from Debian's libc6-dbg.
. "$(dirname "$0")/lib/common.sh"

src=$TOP/tests/progs/symwork.c
line_of() { grep -n "@line:$1 " "$src" | cut -d: -f1; }
loop=$(line_of inl_loop)
body=$(line_of inl_body)
call=$(line_of inl_call)
[ -n "$loop" ] && [ -n "$body" ] && [ -n "$call" ] || fail "markers missing in $src"

record "$T/s.prof" "$PROGS/symwork" 300
"$CTRACE" report "$T/s.prof" --format=json >"$T/s.json" || fail "json report failed"
jq -e '.frames | length > 0' "$T/s.json" >/dev/null || fail "no frames"

# every frame of the inlined function: marked inline, in symwork.c, on its loop
jq -r '.frames[] | select(.name == "inl_square_sum") | "\(.inlined) \(.file) \(.line)"' "$T/s.json" >"$T/inl"
[ -s "$T/inl" ] || fail "no inl_square_sum frame"
while read -r inlined file line; do
	[ "$inlined" = true ] || fail "inl_square_sum not marked inlined"
	case "$file" in *tests/progs/symwork.c) ;; *) fail "inl_square_sum in $file" ;; esac
	[ "$line" -ge "$loop" ] && [ "$line" -le "$body" ] || fail "inl_square_sum at line $line, not in $loop-$body"
done <"$T/inl"
# the function it was inlined into: the call's line, not inlined itself
jq -r '.frames[] | select(.name == "static_hot") | "\(.inlined) \(.line)"' "$T/s.json" | sort -u >"$T/caller"
[ "$(cat "$T/caller")" = "false $call" ] || fail "static_hot frames: $(tr '\n' ' ' <"$T/caller"), expected line $call"
# the hottest line of the report is in the loop
jq -e --argjson lo "$loop" --argjson hi "$body" \
	'[.frames[] | select(.name == "inl_square_sum" and .line >= $lo and .line <= $hi)] | length >= 1' "$T/s.json" >/dev/null ||
	fail "no frame of the loop"
# libc's sort: named and with msort.c lines (libc6-dbg, found by build-id)
jq -e '[.frames[] | select(.module == "libc.so.6" and (.name | test("msort_with_tmp")) and (.file | test("msort.c")) and .line > 0)] | length > 0' \
	"$T/s.json" >/dev/null || fail "libc's msort_with_tmp has no msort.c line"
