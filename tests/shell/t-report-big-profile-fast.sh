#!/usr/bin/env bash
# A profile of 1,000,000 samples over 10,000 distinct stacks (8 threads,
# 2,000 functions, up to 48 frames) is reported in every format within 1 s
# of CPU time and 200 MB of memory. With the sanitizer build only the
# results are checked, on a tenth of the samples.
. "$(dirname "$0")/lib/common.sh"

[ -x /usr/bin/time ] || fail "/usr/bin/time (GNU time) is needed"
big_profile "$T/big.prof"

for fmt in text top folded json markdown; do
	/usr/bin/time -f '%U %S %M' -o "$T/time.$fmt" "$CTRACE" report "$T/big.prof" --format=$fmt -o "$T/out.$fmt" ||
		fail "--format=$fmt failed"
	read -r user sys rss <"$T/time.$fmt"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
	echo "$fmt: $cpu s CPU, $((rss / 1024)) MB, output $(stat -c %s "$T/out.$fmt") bytes"
	[ $ASAN = 1 ] && continue
	within "$cpu" 0 1.0 || fail "--format=$fmt took $cpu s of CPU time (limit 1 s)"
	[ "$rss" -le $((200 * 1024)) ] || fail "--format=$fmt used $((rss / 1024)) MB (limit 200 MB)"
done
[ "$(total "$T/out.folded")" = $BIG_SAMPLES ] || fail "folded holds $(total "$T/out.folded") of $BIG_SAMPLES samples"
[ "$(jq '.totals.samples' "$T/out.json")" = $BIG_SAMPLES ] || fail "json does not hold every sample"
[ "$(wc -l <"$T/out.folded")" -ge 9000 ] || fail "folded lost distinct stacks: $(wc -l <"$T/out.folded") lines"
grep -q '^Bottlenecks by self time' "$T/out.text" || fail "text has no bottleneck table"
exit 0
