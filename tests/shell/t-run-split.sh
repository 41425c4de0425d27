#!/usr/bin/env bash
# A known CPU split in one thread: hot() 75%, cold() 25%, within ±3 points
# with the default engine (about 2,400 samples in 2.4 s: a spread of 0.9). The timer engine
# takes a stack per 4 ms tick, each weighted by the periods it stands for:
# its share is a proportion of ticks, whose spread is sqrt(p(1-p)/ticks),
# so it runs 4.8 s (about 1,200 ticks, 1.25 points) and is held to ±4.
. "$(dirname "$0")/lib/common.sh"

for run in auto:2400:3 timer:4800:4; do
	IFS=: read -r engine units tol <<<"$run"
	"$CTRACE" run -q --engine=$engine -o "$T/$engine.prof" -- "$PROGS/split" $units >/dev/null ||
		fail "ctrace run --engine=$engine failed"
	folded "$T/$engine.prof" "$T/$engine.folded"
	expect_share "$T/$engine.folded" 'hot(\.[a-z0-9.]+)?' 75 $tol
	expect_share "$T/$engine.folded" 'cold(\.[a-z0-9.]+)?' 25 $tol
	# every line is rooted in the program's entry point
	grep -qv '^_start;' "$T/$engine.folded" && fail "a stack does not start at _start: $(grep -v '^_start;' "$T/$engine.folded" | head -1)"
	# the counts stand for CPU time in periods of the asked rate (999 Hz)
	cpu_ms=$("$CTRACE" info --json "$T/$engine.prof" | jq '.meta.cpu_ns / 1e6')
	within "$(total "$T/$engine.folded")" "$(awk -v c="$cpu_ms" 'BEGIN{print c * 0.9}')" "$(awk -v c="$cpu_ms" 'BEGIN{print c * 1.05}')" ||
		fail "$engine: folded total $(total "$T/$engine.folded") does not stand for the $cpu_ms ms of CPU time"
done
exit 0
