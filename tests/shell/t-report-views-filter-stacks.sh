#!/usr/bin/env bash
# The view options select and reshape what every format shows, and keep the
# time they should: --pid, --tid, --thread, --merge/--split-threads, --focus,
# --exclude, --hide, --inverted, --lines, --max-depth. Checked on the
# synthetic profile (known weights) and on real multi-thread and
# multi-process recordings.
. "$(dirname "$0")/lib/common.sh"

"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"
f() { # f NAME ARGS...: folded stacks of the synthetic profile under a view
	local name=$1
	shift
	"$CTRACE" report "$T/g.prof" --format=folded "$@" >"$T/$name" 2>"$T/$name.err" ||
		fail "report $* exited $?: $(cat "$T/$name.err")"
}
expect_total() { [ "$(total "$T/$1")" = "$2" ] || fail "$1: total $(total "$T/$1"), expected $2"; }

f all
expect_total all 1133
# selection: pid 101 is a fork child that exec'ed, tid 101 its thread in both images
f pid100 --pid 100 && expect_total pid100 983
f pid101 --pid 101 && expect_total pid101 150
f tid102 --tid 102 && expect_total tid102 190
f tid101 --tid 101 && expect_total tid101 150
f workers --thread 'worker-*' && expect_total workers 295
f main-thread --pid 100 --thread golden && expect_total main-thread 688
f two --pid 100 --pid 101 --tid 103 --tid 101 && expect_total two 255
grep -q child_main "$T/pid101" && ! grep -q worker_start "$T/pid101" || fail "--pid 101 shows other processes"

# filters
f excl --exclude recurse && expect_total excl 1023
grep -q recurse "$T/excl" && fail "--exclude left a stack with recurse"
f focus --focus '^compute$' && expect_total focus 460
grep -vq '^compute' "$T/focus" && fail "--focus does not root the stacks at compute: $(cat "$T/focus")"
f hide --hide 'lib_internal' && expect_total hide 1133
grep -q lib_internal "$T/hide" && fail "--hide left lib_internal frames"
grep -q '^_start;main;\[2 frames hidden\];compute 60$' "$T/hide" || fail "--hide: no [2 frames hidden] node: $(cat "$T/hide")"
f depth --max-depth 2 && expect_total depth 1133
awk -F';' 'NF > 2 { exit 1 }' "$T/depth" || fail "--max-depth 2 left deeper stacks"
f lines --lines && expect_total lines 1133
grep -q '^_start;main main.c:10;compute compute.c:21;inline_helper compute.c:5 400$' "$T/lines" ||
	fail "--lines: no per-line frames: $(head -3 "$T/lines")"

# --inverted: the same stacks, leaf first
f inv --inverted && expect_total inv 1133
awk '{ n = $NF; sub(/ [0-9]+$/, ""); k = split($0, a, ";"); s = a[k]
	for (i = k - 1; i >= 1; i--) s = s ";" a[i]; print s " " n }' "$T/all" | sort >"$T/all-reversed"
sort "$T/inv" | cmp -s - "$T/all-reversed" || fail "--inverted is not the reversed stacks"

# grouping: merged by default in folded; split adds process and thread frames
f split --split-threads && expect_total split 1133
grep -vqE '^process [0-9]+ \([a-z]+\);thread [0-9]+ \([a-z-]+\);' "$T/split" && fail "--split-threads: a line without process;thread"
grep -q '^process' "$T/all" && fail "folded shows process frames by default"
f nomatch --focus 'no_such_function'
[ -s "$T/nomatch" ] && fail "--focus matching nothing printed stacks"
grep -q "kept none" "$T/nomatch.err" || fail "--focus matching nothing did not warn"

# the top table is the same whatever the tree's depth
"$CTRACE" report "$T/g.prof" --format=json | jq -c .functions >"$T/fun" || fail "json failed"
"$CTRACE" report "$T/g.prof" --format=json --max-depth 1 | jq -c .functions >"$T/fun-depth"
cmp -s "$T/fun" "$T/fun-depth" || fail "--max-depth changed the bottleneck table"

# real threads: per-thread selection holds the thread's share (1:2:3)
record "$T/threads.prof" "$PROGS/threads"
"$CTRACE" report "$T/threads.prof" --format=folded --thread 'worker-*' >"$T/w" || fail "report threads failed"
all=$(total "$T/w")
for n in 1 2 3; do
	"$CTRACE" report "$T/threads.prof" --format=folded --thread "worker-$n" >"$T/w$n"
	pct=$(awk -v a="$(total "$T/w$n")" -v b="$all" 'BEGIN { printf "%.1f", 100 * a / b }')
	within "$pct" "$(awk -v n=$n 'BEGIN { print 100 * n / 6 - 4 }')" "$(awk -v n=$n 'BEGIN { print 100 * n / 6 + 4 }')" ||
		fail "worker-$n holds $pct% of the workers' time, expected $(awk -v n=$n 'BEGIN { printf "%.1f", 100 * n / 6 }')"
done
tid=$("$CTRACE" info --json "$T/threads.prof" | jq -r '.processes[0].threads[] | select(.name == "worker-2") | .tid')
"$CTRACE" report "$T/threads.prof" --format=folded --tid "$tid" >"$T/tid"
cmp -s "$T/tid" "$T/w2" || fail "--tid $tid and --thread worker-2 differ"
"$CTRACE" report "$T/threads.prof" --split-threads --thread 'worker-*' --min-percent 0 >"$T/wt"
[ "$(grep -cE '^ +[0-9.]+ (ms|s) +[0-9.]+%  [├└]─ thread [0-9]+ \(worker-[123]\)$' "$T/wt")" = 3 ] ||
	fail "text --split-threads does not show the three workers: $(cat "$T/wt")"

# real processes: a process level by default in text, none when merged
record "$T/family.prof" "$PROGS/family" 100
"$CTRACE" report "$T/family.prof" >"$T/ft" || fail "report family failed"
[ "$(grep -cE '^ +[0-9.]+ (ms|s) +[0-9.]+%  process [0-9]+ \(family\)$' "$T/ft")" = 3 ] ||
	fail "text does not show family's three processes: $(cat "$T/ft")"
"$CTRACE" report "$T/family.prof" --merge-threads >"$T/fm"
grep -q 'process [0-9]' "$T/fm" && fail "--merge-threads still shows processes"
child=$("$CTRACE" info --json "$T/family.prof" | jq -r '[.processes[] | select(.kind == "fork")][0].pid')
"$CTRACE" report "$T/family.prof" --pid "$child" >"$T/fc"
grep -q "^threads    1 process, 1 thread" "$T/fc" || fail "--pid $child: $(head -6 "$T/fc")"
exit 0
