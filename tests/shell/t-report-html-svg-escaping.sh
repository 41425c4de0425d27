#!/usr/bin/env bash
# Names that need escaping (tests/gen-profile.c's golden profile: <script>
# and <b> tags, & and quotes, control characters, U+2028, invalid UTF-8) and
# a real program recorded with markup in its command line: the HTML and the
# SVG report stay one intact document each, show every such string as text
# (invalid bytes as U+FFFD, control characters as ?) and run nothing: no
# dialog, no element that the report did not make, in Chromium.
. "$(dirname "$0")/lib/common.sh"

[ -d "$TOP/tests/browser/node_modules/playwright-core" ] ||
	fail "tests/browser/node_modules is missing: cd tests/browser && npm ci"
"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"
markup='<img src=x onerror=alert(1)>"&'\''</script>'
record "$T/x.prof" "$PROGS/split" 200 "$markup"
for f in g x; do
	"$CTRACE" report "$T/$f.prof" -o "$T/$f.html" || fail "report -o $f.html failed"
	"$CTRACE" report "$T/$f.prof" -o "$T/$f.svg" || fail "report -o $f.svg failed"
	for ext in html svg; do
		iconv -f UTF-8 -t UTF-8 "$T/$f.$ext" >/dev/null 2>&1 || fail "$f.$ext is not valid UTF-8"
		LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T/$f.$ext" && fail "raw control characters in $f.$ext"
	done
	# the data sits in its <script> element: two elements in all, and no
	# profile string can close one
	[ "$(grep -io '<script' "$T/$f.html" | wc -l)" = 2 ] || fail "$f.html has other than 2 <script> elements"
	grep -qF -e '</script><b>' -e '<img src' "$T/$f.html" && fail "markup from the profile is raw in $f.html"
done
grep -qF 'html\u003c/script\u003e\u003cb\u003e' "$T/g.html" || fail "g.html does not hold the escaped name"
grep -qF 'html&lt;/script&gt;&lt;b&gt;' "$T/g.svg" || fail "g.svg does not hold the escaped name"

python3 - "$T/g.svg" "$T/x.svg" "$markup" <<'PY' || fail "an SVG does not read back"
import sys, xml.dom.minidom
g = xml.dom.minidom.parse(sys.argv[1])
titles = [t.firstChild.data.split("\n")[0] for t in g.getElementsByTagName("title")]
for name in ["html</script><b>", "operator<<(std::ostream&, \"quoted\" & 'single')",
             "std::vector<int, std::allocator<int> >::push_back(int const&)",
             "caf\u00e9_na\u00efve_\u20ac_\U0001f525", "bad\ufffd\ufffd_utf8_\ufffd(_\ufffd\ufffd\ufffd_\ufffd\ufffd",
             "ctl???tab?", "new?line", "sep\u20282028"]:
    assert name in titles, "no frame named %r" % name
x = xml.dom.minidom.parse(sys.argv[2])
title = [t for t in x.getElementsByTagName("text") if t.getAttribute("class") == "title"][0]
assert title.firstChild.data.endswith(sys.argv[3]), "the command line does not read back: %r" % title.firstChild.data
assert len(x.getElementsByTagName("script")) == 1 and not x.getElementsByTagName("img"), "elements from the profile"
PY

program=$("$CTRACE" report "$T/x.prof" | sed -n '1s/^program    //p')
node "$TOP/tests/browser/html-report.mjs" escape-html="$T/g.html" escape-svg="$T/g.svg" \
	program-html="$T/x.html" program-svg="$T/x.svg" program="$program" >"$T/out" 2>&1
st=$?
cat "$T/out"
[ $st = 0 ] || fail "a report does not show names as text in Chromium: $(grep -v '^ok' "$T/out" | head -5)"
exit 0
