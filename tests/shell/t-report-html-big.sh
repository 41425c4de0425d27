#!/usr/bin/env bash
# A profile of 1,000,000 samples over 10,000 distinct stacks (8 threads,
# 2,000 functions; tests/gen-profile.c big) makes an HTML report within 1 s
# of CPU time and 200 MB of memory, in a file of at most 5 MB, and an SVG
# within the same time and memory; the HTML page opens in Chromium and
# draws within 5 s. With the sanitizer build only the results are checked,
# on a tenth of the samples.
. "$(dirname "$0")/lib/common.sh"

[ -x /usr/bin/time ] || fail "/usr/bin/time (GNU time) is needed"
[ -d "$TOP/tests/browser/node_modules/playwright-core" ] ||
	fail "tests/browser/node_modules is missing: cd tests/browser && npm ci"
big_profile "$T/big.prof"

for fmt in html svg; do
	/usr/bin/time -f '%U %S %M' -o "$T/time.$fmt" "$CTRACE" report "$T/big.prof" -o "$T/big.$fmt" ||
		fail "-o big.$fmt failed"
	read -r user sys rss <"$T/time.$fmt"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
	size=$(stat -c %s "$T/big.$fmt")
	echo "$fmt: $cpu s CPU, $((rss / 1024)) MB, output $size bytes"
	[ $ASAN = 1 ] && continue
	within "$cpu" 0 1.0 || fail "$fmt took $cpu s of CPU time (limit 1 s)"
	[ "$rss" -le $((200 * 1024)) ] || fail "$fmt used $((rss / 1024)) MB (limit 200 MB)"
done
[ "$(stat -c %s "$T/big.html")" -le $((5 * 1024 * 1024)) ] || fail "the HTML report is over 5 MB"

# every sample is in the page's data, once
python3 - "$T/big.html" $BIG_SAMPLES <<'PY' || fail "the HTML report lost samples"
import json, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(re.search(r'<script type="application/json" id="ctrace-data">(.*?)</script>', s, re.S).group(1))
w = sum(sum(a[1::2]) for a in d["self"]) + sum(sum(a[1::2]) for a in d["elided"])
assert w == d["weight"] == d["summary"]["samples"] == int(sys.argv[2]), (w, d["weight"])
assert len(d["threads"]) == 8, len(d["threads"])
PY

node "$TOP/tests/browser/html-report.mjs" big="$T/big.html" >"$T/out" 2>&1
st=$?
cat "$T/out"
[ $st = 0 ] || fail "the big HTML report does not open well: $(grep -v '^ok' "$T/out" | head -5)"
exit 0
