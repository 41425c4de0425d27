#!/usr/bin/env bash
# A multi-threaded program forks 200 children while its threads are sampled
# at a high rate: every child runs and exits (none inherits a lock taken by a
# thread that does not exist in it), and the children are profiled too.
# `timeout` is a guard, not synchronisation.
. "$(dirname "$0")/lib/common.sh"

timeout 120 "$CTRACE" run -q -F 5000 -o "$T/f.prof" -- "$PROGS/forkloop" 200 >"$T/out" 2>"$T/err"
st=$?
[ $st = 124 ] && fail "hung (killed after 120 s)"
[ $st = 0 ] || fail "exit $st: $(cat "$T/out" "$T/err")"
grep -q 'children ok 200/200' "$T/out" || fail "$(cat "$T/out")"
n=$("$CTRACE" info --json "$T/f.prof" | jq '[.processes[] | select(.kind == "fork")] | length')
[ "$n" = 200 ] || fail "$n fork children recorded, expected 200"
