#!/usr/bin/env bash
# The speedscope output (-o NAME.speedscope.json picks it) follows
# speedscope's file format: one sampled profile per thread over a shared
# frame table, each thread's stacks in time order with runs of one stack
# merged, weighed in CPU nanoseconds (weight x period) that add up to
# ctrace's own totals. The real speedscope app (tests/browser/speedscope.mjs,
# headless Chromium) imports it with no console error or warning and lists
# the functions, names that need escaping and C++ templates included. A
# 1M-sample profile takes at most 1 s and 200 MB.
. "$(dirname "$0")/lib/common.sh"

[ -d "$TOP/tests/browser/node_modules/speedscope" ] ||
	fail "tests/browser/node_modules is missing: cd tests/browser && npm ci"

record "$T/threads.prof" "$PROGS/threads" 100
"$CTRACE" report "$T/threads.prof" -o "$T/threads.speedscope.json" || fail "report -o threads.speedscope.json failed"
"$CTRACE" report "$T/threads.prof" -o "$T/threads.json" || fail "report -o threads.json failed"
[ "$(jq -r .format "$T/threads.json")" = ctrace-report ] || fail "-o NAME.json does not give the json report"

# the format, and the figures of ctrace's json report
s=$T/threads.speedscope.json
jq -e '."$schema" == "https://www.speedscope.app/file-format-schema.json" and (.shared.frames | length) > 0
	and all(.shared.frames[]; (.name | type) == "string")' "$s" >/dev/null ||
	fail "not a speedscope file: $(head -c 300 "$s")"
jq -e '(.shared.frames | length) as $n | all(.profiles[]; .type == "sampled" and .unit == "nanoseconds"
	and .startValue == 0 and (.samples | length) == (.weights | length) and .endValue == (.weights | add)
	and all(.samples[][]; . >= 0 and . < $n))' "$s" >/dev/null ||
	fail "a profile is not a consistent sampled profile: $(jq -c '.profiles[] | del(.samples, .weights)' "$s")"
expected=$(jq -c '.period_ns as $p | [.processes[].threads[] | select(.samples > 0) |
	{name: "thread \(.tid) (\(.name))", ns: (.weight * $p)}] | sort' "$T/threads.json")
got=$(jq -c '[.profiles[] | {name: (.name | sub(" in process .*"; "")), ns: .endValue}] | sort' "$s")
[ "$got" = "$expected" ] || fail "profiles $got, expected one per thread: $expected"
[ "$(jq '.profiles | length' "$s")" = 3 ] || fail "not three worker threads: $got"
jq -e '.activeProfileIndex as $i | .profiles[$i].endValue == ([.profiles[].endValue] | max)' "$s" >/dev/null ||
	fail "the profile shown first is not the busiest thread's"

# time order: split alternates between hot and cold, a run of samples each
record "$T/split.prof" "$PROGS/split" 800
"$CTRACE" report "$T/split.prof" --format=speedscope -o "$T/split.ss" || fail "report of split failed"
runs=$(jq -r '.shared.frames as $f | .profiles[0].samples[] | map($f[.].name) |
	if any(test("^hot")) then "hot" elif any(test("^cold")) then "cold" else "other" end' "$T/split.ss" |
	uniq | grep -c .)
nsamples=$(jq '[.processes[].threads[].samples] | add' <("$CTRACE" report "$T/split.prof" --format=json))
nstacks=$(jq '.profiles[0].samples | length' "$T/split.ss")
[ "$runs" -ge 30 ] || fail "hot and cold alternate $runs times, not in time order (20 calls each)"
[ "$nstacks" -lt $((nsamples / 4)) ] || fail "$nstacks stacks for $nsamples samples: runs are not merged"

# names that need escaping (tests/gen-profile.c golden): escaped JSON, read back
"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"
"$CTRACE" report "$T/g.prof" --format=speedscope -o "$T/g.ss" || fail "report of the golden profile failed"
expect_escaped "$T/g.ss"
jq -r '.shared.frames[].name' "$T/g.ss" | sort >"$T/ss-names"
"$CTRACE" report "$T/g.prof" --format=json | jq -r '.functions[].name' | sort >"$T/json-names"
cmp -s "$T/ss-names" "$T/json-names" ||
	fail "speedscope and json name different functions: $(diff "$T/ss-names" "$T/json-names" | head -5)"
# real C++ templates (tests/progs/throw)
record "$T/throw.prof" "$PROGS/throw" 100000
"$CTRACE" report "$T/throw.prof" --format=speedscope -o "$T/throw.ss" || fail "report of throw failed"
grep -qF '"name":"app::Thrower\u003clong\u003e::pass(long, int)' "$T/throw.ss" ||
	fail "no escaped app::Thrower<long>::pass in the file"

# the real app
node "$TOP/tests/browser/speedscope.mjs" "$s" 3 burn worker start_thread -- \
	"$T/g.ss" 4 'std::vector<int, std::allocator<int> >::push_back(int const&)' 'html</script><b>' \
	"operator<<(std::ostream&, \"quoted\" & 'single')" inline_helper -- \
	"$T/throw.ss" 1 'app::Thrower<long>::pass(long, int)' >"$T/app" 2>&1
st=$?
cat "$T/app"
[ $st = 0 ] || fail "speedscope does not load the files: $(grep -v '^ok' "$T/app" | head -5)"

# 1M samples over 10k stacks: 1 s of CPU time, 200 MB
big_profile "$T/big.prof"
/usr/bin/time -f '%U %S %M' -o "$T/time" "$CTRACE" report "$T/big.prof" --format=speedscope -o "$T/big.ss" ||
	fail "report of the big profile failed"
read -r user sys rss <"$T/time"
cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
echo "speedscope of $BIG_SAMPLES samples: $cpu s CPU, $((rss / 1024)) MB, $(stat -c %s "$T/big.ss") bytes"
if [ $BIG_SAMPLES = 1000000 ]; then
	within "$cpu" 0 1.0 || fail "the big profile took $cpu s of CPU time (limit 1 s)"
	[ "$rss" -le $((200 * 1024)) ] || fail "the big profile took $((rss / 1024)) MB (limit 200 MB)"
fi
[ "$(grep -c '"type":"sampled"' "$T/big.ss")" = 8 ] || fail "the big profile's 8 threads are not 8 profiles"
exit 0
