#!/usr/bin/env bash
# `make install PREFIX=...` gives a ctrace that finds its libctrace.so in
# PREFIX/lib/ctrace; CTRACE_PRELOAD points it at another one, and a wrong one
# is one clear error.
. "$(dirname "$0")/lib/common.sh"

make -s -C "$TOP" install PREFIX="$T/prefix" >/dev/null || fail "make install failed"
[ -x "$T/prefix/bin/ctrace" ] && [ -f "$T/prefix/lib/ctrace/libctrace.so" ] || fail "install layout: $(find "$T/prefix")"
"$T/prefix/bin/ctrace" run -q -o "$T/i.prof" -- "$PROGS/spin" 100 >/dev/null || fail "installed ctrace cannot run"
"$T/prefix/bin/ctrace" report --format=folded "$T/i.prof" >"$T/i.folded" || fail "installed ctrace cannot report"
expect_share "$T/i.folded" 'spin_work' 95 5

mkdir "$T/elsewhere"
cp "$T/prefix/lib/ctrace/libctrace.so" "$T/elsewhere/shim.so"
rm "$T/prefix/lib/ctrace/libctrace.so"
"$T/prefix/bin/ctrace" run -q -o "$T/x.prof" -- "$PROGS/spin" 10 >/dev/null 2>"$T/err" && fail "ran without a shim"
[ "$(wc -l <"$T/err")" = 1 ] && grep -q 'libctrace.so' "$T/err" || fail "unclear error without the shim: $(cat "$T/err")"
CTRACE_PRELOAD="$T/elsewhere/shim.so" "$T/prefix/bin/ctrace" run -q -o "$T/e.prof" -- "$PROGS/spin" 100 >/dev/null ||
	fail "CTRACE_PRELOAD was not used"
"$T/prefix/bin/ctrace" report --format=folded "$T/e.prof" >"$T/e.folded"
expect_share "$T/e.folded" 'spin_work' 95 5
