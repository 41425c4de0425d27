#!/usr/bin/env bash
# -o's extension picks the format when --format is not given (.txt .folded
# .json .md; .html .svg .speedscope.json .pb.gz are refused as not
# implemented yet); --format wins over the extension; text is the default,
# also when the output is not a terminal.
. "$(dirname "$0")/lib/common.sh"

cc -std=gnu11 -D_GNU_SOURCE -O1 -o "$T/gen-profile" "$TOP/tests/gen-profile.c" "$TOP/prof/profile_write.c" \
	-ljansson -lz || fail "cannot build tests/gen-profile.c"
"$T/gen-profile" golden "$T/g.prof" || fail "gen-profile golden failed"
G=$TOP/tests/golden

for pair in txt:text folded:folded json:json md:markdown; do
	ext=${pair%%:*} golden=${pair#*:}
	"$CTRACE" report "$T/g.prof" -o "$T/out.$ext" || fail "-o out.$ext exited $?"
	cmp -s "$T/out.$ext" "$G/$golden" || fail "-o out.$ext did not write the $golden format"
done
"$CTRACE" report "$T/g.prof" >"$T/pipe" || fail "report to a pipe failed"
cmp -s "$T/pipe" "$G/text" || fail "the default format (not a terminal) is not text"
"$CTRACE" report "$T/g.prof" -o "$T/out.unknown" && cmp -s "$T/out.unknown" "$G/text" ||
	fail "an unknown extension does not give text"
"$CTRACE" report "$T/g.prof" --format=folded -o "$T/forced.json" && cmp -s "$T/forced.json" "$G/folded" ||
	fail "--format does not win over the extension"

for ext in html svg speedscope.json pb.gz; do
	"$CTRACE" report "$T/g.prof" -o "$T/x.$ext" 2>"$T/err"
	st=$?
	[ $st = 2 ] || fail "-o x.$ext exited $st, expected 2"
	grep -q 'not implemented yet' "$T/err" || fail "-o x.$ext: unclear message: $(cat "$T/err")"
	[ -e "$T/x.$ext" ] && fail "-o x.$ext created the file"
done
grep -q 'speedscope' <("$CTRACE" report "$T/g.prof" -o "$T/x.speedscope.json" 2>&1) ||
	fail ".speedscope.json was not taken for speedscope"
for fmt in html svg speedscope pprof chrome; do
	"$CTRACE" report "$T/g.prof" --format=$fmt >"$T/out" 2>"$T/err"
	[ $? = 2 ] && grep -q "the $fmt format is not implemented yet" "$T/err" || fail "--format=$fmt: $(cat "$T/err")"
	[ -s "$T/out" ] && fail "--format=$fmt wrote output"
done
"$CTRACE" report --help | grep -q 'text (the default, wherever the output goes)' || fail "--help does not name the default"
exit 0
