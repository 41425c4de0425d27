#!/usr/bin/env bash
# `-o out.html` and `-o out.svg` pick the format from the extension (an
# explicit --format wins), and the view's options reach both formats
# through the call tree: --focus, --inverted, --min-percent (what it leaves
# out still counts in its parent), --max-depth, --hide, --lines. Every HTML
# variant opens and draws in Chromium without an error.
. "$(dirname "$0")/lib/common.sh"

[ -d "$TOP/tests/browser/node_modules/playwright-core" ] ||
	fail "tests/browser/node_modules is missing: cd tests/browser && npm ci"
record "$T/s.prof" "$PROGS/split" 600
r() { "$CTRACE" report "$T/s.prof" "$@" || fail "report $* exited $?"; }

r -o "$T/out.html"
[ "$(head -c 15 "$T/out.html")" = '<!DOCTYPE html>' ] || fail "-o out.html is not HTML: $(head -c 80 "$T/out.html")"
grep -q '<script type="application/json" id="ctrace-data">{' "$T/out.html" || fail "out.html holds no data"
r -o "$T/out.svg"
[ "$(sed -n 2p "$T/out.svg" | cut -c1-5)" = '<svg ' ] || fail "-o out.svg is not SVG: $(head -c 80 "$T/out.svg")"
r --format=svg -o "$T/svg.html"
cmp -s "$T/svg.html" "$T/out.svg" || fail "--format=svg -o svg.html did not write the SVG"

r --focus '^cold' -o "$T/focus.html"
r --focus '^cold' -o "$T/focus.svg"
r --inverted -o "$T/inverted.html"
r --inverted -o "$T/inverted.svg"
r --min-percent 30 -o "$T/min.html"
r --min-percent 30 -o "$T/min.svg"
r --max-depth 2 -o "$T/depth.html"
r --hide '^__libc' -o "$T/hide.html"
r --lines -o "$T/lines.html"

python3 - "$T" <<'PY' || fail "a view did not reach the report"
import json, re, sys, xml.dom.minidom
T = sys.argv[1]

def data(name):
    s = open(f"{T}/{name}.html", encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="ctrace-data">(.*?)</script>', s, re.S)
    d = json.loads(m.group(1))
    nodes, depth, out = d["nodes"], 0, []
    for k in range(0, len(nodes), 2):  # (up, label) in preorder
        depth = depth + 1 - nodes[k]
        l = nodes[k + 1]
        name = d["names"][d["frames"][6 * l + 1]] if l >= 0 else d["labels"][-1 - l]
        out.append((depth, name))
    return d, out

def svg(name):
    doc = xml.dom.minidom.parse(f"{T}/{name}.svg")
    return [(int(g.getAttribute("data-d")), g.getElementsByTagName("title")[0].firstChild.data.split("\n")[0])
            for g in doc.getElementsByTagName("g") if g.getAttribute("class") == "f"]

def weights(d):
    return sum(sum(a[1::2]) for a in d["self"]) + sum(sum(a[1::2]) for a in d["elided"])

d, nodes = data("out")
assert weights(d) == d["kept"] == d["weight"] == sum(t["weight"] for t in d["threads"]), "weights do not add up"
assert any(n.startswith("hot") for _, n in nodes) and any(n.startswith("cold") for _, n in nodes)

d, nodes = data("focus")
assert nodes[0] == (1, nodes[0][1]) and nodes[0][1].startswith("cold"), "focus: cold is not the root: %r" % nodes[:2]
assert not any(n.startswith(("hot", "main")) for _, n in nodes), "focus: frames outside cold"
assert 15 <= 100 * d["kept"] / d["weight"] <= 35 and weights(d) == d["kept"], "focus: kept %r of %r" % (d["kept"], d["weight"])
assert svg("focus")[1][1].startswith("cold") and not any(n.startswith("hot") for _, n in svg("focus"))

d, nodes = data("inverted")
assert d["view"]["inverted"] and nodes[0] == (1, "burn"), "inverted: burn is not first: %r" % nodes[:2]
assert [n for dd, n in svg("inverted") if dd == 1] == ["burn"] or svg("inverted")[1][1] == "burn"

d, nodes = data("min")
assert not any(n.startswith("cold") for _, n in nodes), "min-percent: cold (25%) is drawn"
assert any(n.startswith("hot") for _, n in nodes) and weights(d) == d["kept"], "min-percent: weight lost"
assert any(sum(a) for a in d["elided"]), "min-percent: nothing counted as left out"
assert not any(n.startswith("cold") for _, n in svg("min")) and any(n.startswith("hot") for _, n in svg("min"))

d, nodes = data("depth")
assert max(dd for dd, _ in nodes) == 2, "max-depth: depth %d" % max(dd for dd, _ in nodes)
d, nodes = data("hide")
assert any(re.fullmatch(r"\[\d+ frames? hidden\]", n) for _, n in nodes), "hide: no hidden node"
assert not any(n.startswith("__libc") for _, n in nodes), "hide: __libc frames shown"
d, nodes = data("lines")
assert d["view"]["lines"] and d["nfuncs"] >= len({n for _, n in nodes}), "lines: not by line"
PY

args=()
for v in out focus inverted min depth hide lines; do args+=("open=$T/$v.html"); done
node "$TOP/tests/browser/html-report.mjs" "${args[@]}" >"$T/out" 2>&1
st=$?
cat "$T/out"
[ $st = 0 ] || fail "a view's HTML report does not open cleanly: $(grep -v '^ok' "$T/out" | head -5)"
exit 0
