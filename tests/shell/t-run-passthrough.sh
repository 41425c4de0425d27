#!/usr/bin/env bash
# The program sees the same stdin, arguments, environment and cwd, writes the
# same stdout and stderr, and its exit status comes back from ctrace run.
. "$(dirname "$0")/lib/common.sh"

mkdir "$T/cwd"
cd "$T/cwd"
printf 'line one\nline two\n' >"$T/in"
ECHO_VAR='a b' "$PROGS/echo" 7 x 'y z' <"$T/in" >"$T/plain.out" 2>"$T/plain.err"
want=$?
ECHO_VAR='a b' "$CTRACE" run -q -o "$T/e.prof" -- "$PROGS/echo" 7 x 'y z' <"$T/in" >"$T/traced.out" 2>"$T/traced.err"
got=$?
[ "$want" = 7 ] || fail "the program itself exited $want"
[ "$got" = "$want" ] || fail "ctrace run exited $got, the program $want"
cmp -s "$T/plain.out" "$T/traced.out" || fail "stdout differs: $(diff "$T/plain.out" "$T/traced.out")"
cmp -s "$T/plain.err" "$T/traced.err" || fail "stderr differs: $(diff "$T/plain.err" "$T/traced.err")"
[ -s "$T/e.prof" ] || fail "no profile written"
# without -o the profile is ctrace.prof in the current directory
"$CTRACE" run -q -- "$PROGS/echo" 0 </dev/null >/dev/null 2>&1 || fail "run without -o failed"
[ -s "$T/cwd/ctrace.prof" ] || fail "no ctrace.prof in the current directory"
# a program that cannot be found: 127, like a shell
"$CTRACE" run -q -o "$T/none.prof" -- "$T/no-such-program" 2>"$T/err"
[ $? = 127 ] || fail "missing program did not give 127"
[ "$(wc -l <"$T/err")" = 1 ] || fail "missing program: not one line of error: $(cat "$T/err")"
[ -e "$T/none.prof" ] && fail "a profile was written for a program that never ran"
exit 0
