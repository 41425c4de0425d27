#!/usr/bin/env bash
# A truncated, damaged, foreign or empty file gives one clear error line and
# exit status 2 from info, report and symbolize, never a crash.
. "$(dirname "$0")/lib/common.sh"

record "$T/good.prof" "$PROGS/spin" 50
"$CTRACE" info "$T/good.prof" >/dev/null || fail "the good profile is refused"
size=$(stat -c %s "$T/good.prof")
head -c $((size / 2)) "$T/good.prof" >"$T/truncated.prof"
head -c $((size - 3)) "$T/good.prof" >"$T/short.prof"
cp "$T/good.prof" "$T/flipped.prof"
printf '\xff' | dd of="$T/flipped.prof" bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
cp /bin/ls "$T/foreign.prof"
: >"$T/empty.prof"
head -c 8 "$T/good.prof" >"$T/magic-only.prof"
for f in truncated short flipped foreign empty magic-only missing; do
	for cmd in "info" "report --format=folded" "symbolize -o $T/resym.prof"; do
		"$CTRACE" $cmd "$T/$f.prof" >"$T/out" 2>"$T/err"
		st=$?
		[ $st = 2 ] || fail "$cmd $f: exit $st, expected 2 ($(cat "$T/err"))"
		[ "$(wc -l <"$T/err")" = 1 ] || fail "$cmd $f: expected one line, got: $(cat "$T/err")"
		grep -q "^ctrace: .*$f.prof" "$T/err" || fail "$cmd $f: message does not name the file: $(cat "$T/err")"
		[ -s "$T/out" ] && fail "$cmd $f: wrote output for a bad file"
	done
done
grep -q 'not a ctrace profile' <("$CTRACE" info "$T/foreign.prof" 2>&1) || fail "foreign file not called foreign"
grep -q 'truncated' <("$CTRACE" info "$T/truncated.prof" 2>&1) || fail "truncated file not called truncated"
exit 0
