#!/usr/bin/env bash
# Every thread is sampled on its own CPU clock: three workers doing 1, 2 and 3
# shares of work get 1/6, 2/6 and 3/6 of the weight (±3 points), under their
# own names.
. "$(dirname "$0")/lib/common.sh"

record "$T/t.prof" "$PROGS/threads" 200
"$CTRACE" info --json "$T/t.prof" >"$T/info.json" || fail "info failed"
for k in 1 2 3; do
	w=$(jq "[.processes[].threads[] | select(.name == \"worker-$k\") | .stats.weight] | add" "$T/info.json")
	all=$(jq '[.processes[].threads[].stats.weight] | add' "$T/info.json")
	pct=$(awk -v w="$w" -v a="$all" 'BEGIN { printf "%.1f", 100 * w / a }')
	within "$pct" "$(awk -v k=$k 'BEGIN{print 100*k/6 - 3}')" "$(awk -v k=$k 'BEGIN{print 100*k/6 + 3}')" ||
		fail "worker-$k has $pct% of the weight, expected $(awk -v k=$k 'BEGIN{printf "%.1f", 100*k/6}')%"
done
[ "$(jq '[.processes[].threads[]] | length' "$T/info.json")" -eq 4 ] || fail "expected 4 threads: $(jq -c '[.processes[].threads[].name]' "$T/info.json")"
folded "$T/t.prof" "$T/t.folded"
expect_share "$T/t.folded" 'worker' 100 2
