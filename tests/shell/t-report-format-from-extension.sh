#!/usr/bin/env bash
# -o's extension picks the format when --format is not given (.txt .folded
# .json .md here; the other formats' tests check theirs); --format wins over
# the extension; text is the default, also when the output is not a
# terminal.
. "$(dirname "$0")/lib/common.sh"

"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"
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

"$CTRACE" report --help | grep -q 'text (the default, wherever the output goes)' || fail "--help does not name the default"
exit 0
