#!/usr/bin/env bash
# The HTML report of real programs, driven in headless Chromium (Debian's
# chromium with playwright-core, tests/browser/html-report.mjs): it opens
# offline with no console error; the flame graph shows hot (~75%) beside
# cold (~25%) for tests/progs/split, a click zooms, a search highlights and
# shows its share, the table sorts, the call tree expands, the function
# panel shows callers, callees and lines; for tests/progs/threads the
# thread selector shows worker-3's ~50%. Keeps a screenshot in
# build/test-artifacts/html-report.png.
. "$(dirname "$0")/lib/common.sh"

[ -d "$TOP/tests/browser/node_modules/playwright-core" ] ||
	fail "tests/browser/node_modules is missing: cd tests/browser && npm ci"
mkdir -p "$TOP/build/test-artifacts" || fail "cannot create build/test-artifacts"

record "$T/split.prof" "$PROGS/split" 800
record "$T/threads.prof" "$PROGS/threads" 100
"$CTRACE" report "$T/split.prof" --format=html -o "$T/split.html" || fail "report --format=html of split failed"
"$CTRACE" report "$T/threads.prof" --format=html >"$T/threads.html" || fail "report --format=html of threads failed"

node "$TOP/tests/browser/html-report.mjs" split="$T/split.html" shot="$TOP/build/test-artifacts/html-report.png" \
	threads="$T/threads.html" >"$T/out" 2>&1
st=$?
cat "$T/out"
[ $st = 0 ] || fail "the HTML report does not behave in Chromium: $(grep -v '^ok' "$T/out" | head -5)"
exit 0
