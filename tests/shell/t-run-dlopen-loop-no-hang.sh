#!/usr/bin/env bash
# One thread loops dlopen/dlclose while two others recurse and allocate, at a
# high sampling rate: the run completes (no deadlock between the unwinder and
# the loader) with every engine. `timeout` is a guard, not synchronisation.
. "$(dirname "$0")/lib/common.sh"

engines=timer
"$CTRACE" run -q --engine=perf -o "$T/probe.prof" -- true 2>/dev/null && engines="timer perf"
for engine in $engines; do
	timeout 120 "$CTRACE" run -q --engine=$engine -F 10000 -o "$T/$engine.prof" -- "$PROGS/dlloop" "$PROGS" 3000 >"$T/out" 2>"$T/err"
	st=$?
	[ $st = 124 ] && fail "$engine: hung (killed after 120 s)"
	[ $st = 0 ] || fail "$engine: exit $st: $(cat "$T/err")"
	grep -q 'dlloop done' "$T/out" || fail "$engine: program output missing"
	"$CTRACE" info --json "$T/$engine.prof" | jq -e '.totals.samples > 100' >/dev/null || fail "$engine: too few samples"
done
