#!/usr/bin/env bash
# The JSON report escapes every byte that needs it: names with < > & quotes
# and backslashes (C++ templates, operators), control characters, U+2028,
# valid UTF-8 kept as is and invalid UTF-8 as U+FFFD. Two JSON parsers read
# it back to the original names, and the raw text can sit in an HTML <script>.
. "$(dirname "$0")/lib/common.sh"

"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"
"$CTRACE" report "$T/g.prof" --format=json -o "$T/g.json" || fail "report --format=json failed"

# the raw text: valid UTF-8, no raw control characters but line breaks, no
# raw < > &, no raw U+2028
expect_escaped "$T/g.json"
grep -q $'\xe2\x80\xa8' "$T/g.json" && fail "raw U+2028 in the JSON"
grep -qF 'html\u003c/script\u003e\u003cb\u003e' "$T/g.json" || fail "</script> is not escaped as expected"

# two parsers read it back to the exact names (jq -r prints UTF-8)
jq -r '.frames[].name' "$T/g.json" >"$T/names" || fail "jq cannot read the JSON"
python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$T/g.json" ||
	fail "python's json module cannot read the JSON"
expect_name() {
	grep -qxF -- "$1" "$T/names" || fail "name not read back: $(printf '%q' "$1")"
}
expect_name 'std::vector<int, std::allocator<int> >::push_back(int const&)'
expect_name "operator<<(std::ostream&, \"quoted\" & 'single')"
expect_name 'html</script><b>'
expect_name 'pipe|back`tick*star_under\'
expect_name 'semi;colon'
expect_name $'ctl\x01\x1f\ttab\x7f'
expect_name $'caf\xc3\xa9_na\xc3\xafve_\xe2\x82\xac_\xf0\x9f\x94\xa5'
expect_name $'sep\xe2\x80\xa8''2028'
# invalid bytes, a truncated sequence, a surrogate and an overlong form: one
# U+FFFD per byte
fffd=$'\xef\xbf\xbd'
expect_name "bad$fffd${fffd}_utf8_$fffd(_$fffd$fffd${fffd}_$fffd$fffd"
[ "$(jq -r '.frames[] | select(.name == "new\nline") | .file' "$T/g.json")" = /src/nl.c ] ||
	fail "a name with a line break is not read back"
[ "$(jq -r '.meta.tags.note' "$T/g.json")" = $'a<b>&"c" caf\xc3\xa9 \xe2\x80\xa8' ] ||
	fail "the profile's metadata is not read back: $(jq -c .meta.tags "$T/g.json")"

# real C++ template names (tests/progs/throw): escaped in the text, the same
# names as in folded once read back
record "$T/throw.prof" "$PROGS/throw" 100000
"$CTRACE" report "$T/throw.prof" --format=json -o "$T/t.json" || fail "report of throw failed"
grep -qF 'app::Thrower\u003clong\u003e::pass(long, int)' "$T/t.json" ||
	fail "no escaped app::Thrower<long>::pass in the JSON"
jq -r '.functions[].name' "$T/t.json" | sort >"$T/json-names"
"$CTRACE" report "$T/throw.prof" --format=folded | sed 's/ [0-9]*$//' | tr ';' '\n' | sort -u >"$T/folded-names"
cmp -s "$T/json-names" "$T/folded-names" ||
	fail "JSON and folded name different functions: $(diff "$T/json-names" "$T/folded-names" | head -5)"
grep -q '^app::Thrower<long>::pass(long, int)' "$T/json-names" || fail "app::Thrower<long>::pass not read back"
exit 0
