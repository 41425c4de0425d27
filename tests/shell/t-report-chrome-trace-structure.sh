#!/usr/bin/env bash
# --format=chrome writes Trace Event Format JSON (chrome has no extension of
# its own: -o NAME.json stays the json report): per thread of every process,
# complete ("X") slices in start order, properly nested, integer
# microseconds within the recording, named by process_name and thread_name
# metadata events. Consecutive samples in a frame are one slice: split's 20
# calls of hot and 20 of cold are about 40 slices, hot holding 75% of their
# time. Names are escaped JSON (also real C++ templates), read back as the
# json report has them. Past 500,000 slices the shortest are left out, with
# a warning; a 1M-sample profile takes at most 1 s and 200 MB.
. "$(dirname "$0")/lib/common.sh"

# check_trace TRACE.json DURATION_NS: the structure; prints how many
# threads and slices, and the time the outermost slices cover (us)
check_trace() {
	python3 - "$1" "$2" <<'EOF' || fail "$1 is not a well-formed trace"
import json, sys
from collections import defaultdict
doc = json.load(open(sys.argv[1], encoding="utf-8"))
limit = int(sys.argv[2]) // 1000 + 1
threads, procs, tracks = {}, {}, defaultdict(list)
for e in doc["traceEvents"]:
    if e["ph"] == "M":
        assert e["name"] in ("process_name", "thread_name"), e
        assert isinstance(e["args"]["name"], str), e
        (procs if e["name"] == "process_name" else threads)[e["pid"], e["tid"]] = e["args"]["name"]
        continue
    assert e["ph"] == "X", e
    assert type(e["ts"]) is int and type(e["dur"]) is int and e["ts"] >= 0 and e["dur"] >= 0, e
    assert e["ts"] + e["dur"] <= limit, ("past the recording's end", e)
    tracks[e["pid"], e["tid"]].append(e)
pids = {pid for pid, _ in procs}
outer = 0
for key, events in tracks.items():
    assert key in threads and key[0] in pids, ("no thread_name or process_name", key)
    ends, last = [], 0  # the ends of the slices open at this one's start
    for e in events:
        assert e["ts"] >= last, ("not in start order", e)
        last = e["ts"]
        while ends and ends[-1] <= e["ts"]:
            ends.pop()
        assert not ends or e["ts"] + e["dur"] <= ends[-1], ("overlaps its parent", e)
        outer += 0 if ends else e["dur"]
        ends.append(e["ts"] + e["dur"])
print(len(tracks), sum(map(len, tracks.values())), outer)
EOF
}

record "$T/split.prof" "$PROGS/split" 800
"$CTRACE" report "$T/split.prof" --format=chrome -o "$T/split.trace" || fail "--format=chrome failed"
"$CTRACE" report "$T/split.prof" --format=json -o "$T/split.json" || fail "--format=json failed"
"$CTRACE" report "$T/split.prof" -o "$T/guess.json" && [ "$(jq -r .format "$T/guess.json")" = ctrace-report ] ||
	fail "-o NAME.json does not give the json report"
read -r threads slices outer < <(check_trace "$T/split.trace" "$(jq .meta.duration_ns "$T/split.json")")
[ "$threads" = 1 ] || fail "split has $threads threads in the trace"
pid=$(jq '.processes[0].pid' "$T/split.json")
jq -e --argjson pid "$pid" '[.traceEvents[] | select(.ph == "M")] as $m |
	any($m[]; .name == "process_name" and .pid == $pid and .args.name == "split") and
	any($m[]; .name == "thread_name" and .pid == $pid and .tid == $pid and .args.name == "split")' \
	"$T/split.trace" >/dev/null || fail "no process_name and thread_name for split: $(grep '"M"' "$T/split.trace")"
# runs of samples merged: about 20 hot and 20 cold slices, time shares as folded's
jq -r '.traceEvents[] | select(.ph == "X" and (.name | test("^(hot|cold)"))) | "\(.name | sub("\\..*"; "")) \(.dur)"' \
	"$T/split.trace" >"$T/hc"
n=$(grep -c . "$T/hc")
within "$n" 36 60 || fail "$n hot and cold slices for 40 calls: $(head "$T/hc")"
hot=$(awk '{ t[$1] += $2 } END { printf "%.1f\n", 100 * t["hot"] / (t["hot"] + t["cold"]) }' "$T/hc")
within "$hot" 70 80 || fail "hot slices hold $hot% of the time, not 75%"
# the outermost slices cover every sample's CPU time (and a thread's gaps)
cpu=$(jq '.totals.weight * .period_ns / 1000' "$T/split.json")
within "$outer" "$(awk -v c="$cpu" 'BEGIN { print c - 100 }')" "$(jq '.meta.duration_ns / 1000' "$T/split.json")" ||
	fail "the outermost slices last $outer us for $cpu us of CPU time"

# several threads and processes, each a track
record "$T/threads.prof" "$PROGS/threads" 100
"$CTRACE" report "$T/threads.prof" --format=chrome -o "$T/threads.trace" || fail "report of threads failed"
"$CTRACE" info --json "$T/threads.prof" >"$T/threads.info" || fail "info of threads failed"
read -r threads slices outer < <(check_trace "$T/threads.trace" "$(jq .meta.duration_ns "$T/threads.info")")
[ "$threads" = 3 ] || fail "$threads threads in the trace of tests/progs/threads, not 3"
jq -r '.traceEvents[] | select(.name == "thread_name") | .args.name' "$T/threads.trace" | sort | tr '\n' ' ' |
	grep -qx 'worker-1 worker-2 worker-3 ' || fail "thread names are not worker-1..3"
record "$T/family.prof" "$PROGS/family" 100
"$CTRACE" report "$T/family.prof" --format=chrome -o "$T/family.trace" || fail "report of family failed"
"$CTRACE" info --json "$T/family.prof" >"$T/family.info" || fail "info of family failed"
check_trace "$T/family.trace" "$(jq .meta.duration_ns "$T/family.info")" >/dev/null
[ "$(jq '[.traceEvents[] | select(.name == "process_name")] | length' "$T/family.trace")" = 3 ] ||
	fail "the parent, the fork child and the exec'ed child are not three processes"

# names that need escaping (tests/gen-profile.c golden)
"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"
"$CTRACE" report "$T/g.prof" --format=chrome -o "$T/g.trace" || fail "report of the golden profile failed"
check_trace "$T/g.trace" 2000000000 >/dev/null
expect_escaped "$T/g.trace"
jq -r '[.traceEvents[] | select(.ph == "X") | .name] | unique[]' "$T/g.trace" >"$T/trace-names"
"$CTRACE" report "$T/g.prof" --format=json | jq -r '[.functions[].name] | unique[]' >"$T/json-names"
cmp -s "$T/trace-names" "$T/json-names" ||
	fail "trace and json name different functions: $(diff "$T/trace-names" "$T/json-names" | head -5)"
# real C++ templates (tests/progs/throw)
record "$T/throw.prof" "$PROGS/throw" 100000
"$CTRACE" report "$T/throw.prof" --format=chrome -o "$T/throw.trace" || fail "report of throw failed"
grep -qF '"name":"app::Thrower\u003clong\u003e::pass(long, int)' "$T/throw.trace" ||
	fail "no escaped app::Thrower<long>::pass in the trace"
jq -r '.traceEvents[].name' "$T/throw.trace" | grep -q '^app::Thrower<long>::pass(long, int)' ||
	fail "app::Thrower<long>::pass not read back from the trace"

# bounded: 30,000 random samples make about 800,000 slices
"$GEN_PROFILE" big "$T/mid.prof" 30000 10000 || fail "gen-profile big failed"
"$CTRACE" report "$T/mid.prof" --format=chrome -o "$T/mid.trace" 2>"$T/mid.err" || fail "report of 30k samples failed"
grep -q 'warning: the trace leaves out [0-9]* of [0-9]* slices' "$T/mid.err" || fail "no warning: $(cat "$T/mid.err")"
read -r threads slices outer < <(check_trace "$T/mid.trace" 1000000000000)
jq -e --argjson n "$slices" '.otherData.slices == $n and $n <= 500000 and .otherData.slices_left_out > 0' \
	"$T/mid.trace" >/dev/null || fail "$slices slices: $(jq -c .otherData "$T/mid.trace")"

# 1M samples over 10k stacks: 1 s of CPU time, 200 MB
big_profile "$T/big.prof"
/usr/bin/time -f '%U %S %M' -o "$T/time" "$CTRACE" report "$T/big.prof" --format=chrome -o "$T/big.trace" 2>/dev/null ||
	fail "report of the big profile failed"
read -r user sys rss <"$T/time"
cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
echo "chrome of $BIG_SAMPLES samples: $cpu s CPU, $((rss / 1024)) MB, $(stat -c %s "$T/big.trace") bytes"
if [ $BIG_SAMPLES = 1000000 ]; then
	within "$cpu" 0 1.0 || fail "the big profile took $cpu s of CPU time (limit 1 s)"
	[ "$rss" -le $((200 * 1024)) ] || fail "the big profile took $((rss / 1024)) MB (limit 200 MB)"
fi
jq -e '.otherData.slices <= 500000' "$T/big.trace" >/dev/null || fail "the big trace is not bounded"
exit 0
