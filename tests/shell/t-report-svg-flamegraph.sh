#!/usr/bin/env bash
# The SVG flame graph of tests/progs/split is well-formed XML, names hot
# with its share (~75%) and CPU time in its tooltip, and works on its own in
# Chromium: a click zooms hot to the full width, Reset zoom undoes it,
# Search highlights cold's frames (only those) and shows their ~25%.
. "$(dirname "$0")/lib/common.sh"

[ -d "$TOP/tests/browser/node_modules/playwright-core" ] ||
	fail "tests/browser/node_modules is missing: cd tests/browser && npm ci"

record "$T/split.prof" "$PROGS/split" 800
"$CTRACE" report "$T/split.prof" --format=svg -o "$T/split.svg" || fail "report --format=svg failed"

python3 - "$T/split.svg" <<'PY' || fail "the SVG is not what it should be"
import re, sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])  # raises on XML that is not well-formed
svg = doc.documentElement
assert svg.tagName == "svg" and svg.getAttribute("xmlns") == "http://www.w3.org/2000/svg", "no <svg> root"
frames = [g for g in doc.getElementsByTagName("g") if g.getAttribute("class") == "f"]
titles = [g.getElementsByTagName("title")[0].firstChild.data for g in frames]
hot = [t for t in titles if re.match(r"hot(\.|\n)", t)]
assert hot, "no frame for hot: %r" % titles
m = re.search(r"\n([0-9.]+ m?s), ([0-9.]+)% of ", hot[0])
assert m and 70 <= float(m.group(2)) <= 80, "hot's tooltip has no time and ~75%%: %r" % hot[0]
assert titles[0].startswith("all\n") and "100.0%" in titles[0], "the root is not 'all' at 100%%: %r" % titles[0]
assert len(doc.getElementsByTagName("script")) == 1, "not one script"
PY

node "$TOP/tests/browser/html-report.mjs" svg="$T/split.svg" >"$T/out" 2>&1
st=$?
cat "$T/out"
[ $st = 0 ] || fail "the SVG does not behave in Chromium: $(grep -v '^ok' "$T/out" | head -5)"
exit 0
