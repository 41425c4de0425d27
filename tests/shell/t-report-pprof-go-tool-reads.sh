#!/usr/bin/env bash
# `go tool pprof` (Debian's golang-go) reads the pprof output (-o NAME.pb.gz
# picks it): with -top it names the same hottest function and the same total
# CPU time as ctrace's own top report; -traces shows the stacks labelled
# with pid, tid and thread, inlined calls marked; -raw shows both sample
# types, each executable's mapping with its build-id, and one location with
# several lines for an inlined call. The view selects samples (--thread).
# Names come through unchanged: markup, quotes, UTF-8 (invalid bytes as
# U+FFFD, as in JSON), real C++ templates with their mangled system names.
# A 1M-sample profile takes at most 1 s and 200 MB.
. "$(dirname "$0")/lib/common.sh"

command -v go >/dev/null || fail "go is missing (Debian package golang-go)"
export HOME=$T # pprof keeps a history under $HOME/pprof
pprof() {
	go tool pprof "$@" 2>"$T/pprof.err" || fail "go tool pprof $* failed: $(cat "$T/pprof.err")"
}
# seconds VALUE: pprof's "1266.27ms", "1.27s", "16.67mins" in seconds
seconds() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		f["ns"] = 1e-9; f["us"] = 1e-6; f["µs"] = 1e-6; f["ms"] = 1e-3; f["s"] = 1
		f["mins"] = 60; f["hrs"] = 3600
		if (!(u in f)) exit 1
		printf "%.9f\n", n * f[u]
	}'
}

record "$T/split.prof" "$PROGS/split" 800
"$CTRACE" report "$T/split.prof" -o "$T/split.pb.gz" || fail "report -o split.pb.gz failed"
gzip -t "$T/split.pb.gz" 2>/dev/null || fail "split.pb.gz is not gzip: $(file "$T/split.pb.gz")"

# -top: the hottest function and the total, as ctrace's top report has them
pprof -top "$T/split.pb.gz" >"$T/top"
"$CTRACE" report "$T/split.prof" --format=top >"$T/ctop" || fail "report --format=top failed"
pprof_top=$(awk '/ flat%/ { getline; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, ""); print; exit }' "$T/top")
ctrace_top=$(awk '/^ +self +self%/ { getline; s = substr($0, 49); sub(/  .*/, "", s); print s; exit }' "$T/ctop")
[ -n "$pprof_top" ] && [ "$pprof_top" = "$ctrace_top" ] ||
	fail "pprof's top function is '$pprof_top', ctrace's '$ctrace_top': $(cat "$T/top")"
pprof_total=$(seconds "$(sed -n 's/.* of \([^ ]*\) total$/\1/p' "$T/top")") || fail "no total in: $(cat "$T/top")"
ctrace_total=$(sed -n 's/^Bottlenecks by self time, of \([0-9.]* m*s\) CPU$/\1/p' "$T/ctop")
[ -n "$ctrace_total" ] || fail "no total in ctrace's top report: $(head -1 "$T/ctop")"
"$CTRACE" report "$T/split.prof" --format=json -o "$T/split.json" || fail "report --format=json failed"
exact=$(jq '.totals.weight * .period_ns / 1e9' "$T/split.json")
within "$pprof_total" "$(awk -v t="$exact" 'BEGIN { print t * 0.9999 }')" \
	"$(awk -v t="$exact" 'BEGIN { print t * 1.0001 }')" ||
	fail "pprof's total is $pprof_total s, ctrace's $exact s"
# as top prints it: "840.8 ms", "1.27 s", within half its last digit
read -r lo hi < <(awk -v t="$ctrace_total" 'BEGIN {
	split(t, a, " "); f = a[2] == "ms" ? 1e-3 : 1; d = a[1]; sub(/^[0-9]*\.?/, "", d)
	h = 0.5 * 10 ^ -length(d) * f; print a[1] * f - h, a[1] * f + h }')
within "$pprof_total" "$lo" "$hi" || fail "pprof's total is $pprof_total s, ctrace's top report says $ctrace_total"

# -traces: labelled stacks, leaf first
pprof -traces "$T/split.pb.gz" >"$T/traces"
pid=$(jq '.processes[0].pid' "$T/split.json")
grep -q "^ *thread: *split$" "$T/traces" || fail "no thread label in -traces: $(head -20 "$T/traces")"
grep -q "^ *pid: *$pid$" "$T/traces" || fail "no pid label $pid in -traces"
grep -q "^ *tid: *$pid$" "$T/traces" || fail "no tid label in -traces"
awk '/burn$/ { getline a; getline b; if (a ~ /^ +hot(\..*)?$/ && b ~ /^ +main$/) found = 1 } END { exit !found }' \
	"$T/traces" || fail "no burn <- hot <- main stack in -traces: $(head -30 "$T/traces")"

# -raw: sample types, period, mappings with build-ids
pprof -raw "$T/split.pb.gz" >"$T/raw"
grep -q '^samples/count cpu/nanoseconds\[dflt\]$' "$T/raw" || fail "sample types not in -raw: $(head "$T/raw")"
grep -q "^PeriodType: cpu nanoseconds$" "$T/raw" || fail "no cpu period type in -raw"
grep -q "^Period: $(jq .period_ns "$T/split.json")$" "$T/raw" || fail "the period is not the recording's"
build_id=$(readelf -n "$PROGS/split" | sed -n 's/^ *Build ID: *//p')
[ -n "$build_id" ] || fail "cannot read the build-id of $PROGS/split"
grep -Eq "^1: 0x[0-9a-f]+/0x[0-9a-f]+/0x[0-9a-f]+ $(readlink -f "$PROGS/split") $build_id \[FN\]" "$T/raw" ||
	fail "mapping 1 is not split's with build-id $build_id: $(sed -n '/^Mappings/,$p' "$T/raw")"
libc=$(sed -n 's/^[0-9]*: .* \(\/.*libc\.so\.6\) \([0-9a-f]*\) .*/\2/p' "$T/raw")
[ -n "$libc" ] && [ "$libc" = "$(readelf -n /lib/x86_64-linux-gnu/libc.so.6 | sed -n 's/^ *Build ID: *//p')" ] ||
	fail "libc's mapping does not carry its build-id: $(sed -n '/^Mappings/,$p' "$T/raw")"

# the view selects samples: one thread of three
record "$T/threads.prof" "$PROGS/threads" 100
"$CTRACE" report "$T/threads.prof" --format=pprof -o "$T/threads.pb.gz" || fail "report of threads failed"
pprof -tags "$T/threads.pb.gz" >"$T/tags"
for w in worker-1 worker-2 worker-3; do
	grep -q ": $w$" "$T/tags" || fail "no thread label $w in -tags: $(cat "$T/tags")"
done
"$CTRACE" report "$T/threads.prof" --format=pprof --thread worker-2 -o "$T/w2.pb.gz" || fail "--thread failed"
pprof -tags "$T/w2.pb.gz" >"$T/tags2"
grep -q ': worker-2$' "$T/tags2" && ! grep -Eq ': worker-[13]$' "$T/tags2" ||
	fail "--thread worker-2 kept other threads: $(cat "$T/tags2")"

# inlined calls and awkward names (tests/gen-profile.c golden)
"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"
"$CTRACE" report "$T/g.prof" --format=pprof -o "$T/g.pb.gz" || fail "report of the golden profile failed"
pprof -raw "$T/g.pb.gz" >"$T/graw"
grep -A1 -E '^ +[0-9]+: 0x[0-9a-f]+ M=1 inline_helper /src/compute.c:5 ' "$T/graw" |
	grep -Eq '^ +compute /src/compute.c:21 ' || fail "no location with inline_helper in compute: $(cat "$T/graw")"
pprof -traces "$T/g.pb.gz" >"$T/gtraces"
grep -A1 -E '^ +[0-9.]+ms +inline_helper \(inline\)$' "$T/gtraces" | grep -q '^ *compute$' ||
	fail "-traces does not show inline_helper inlined into compute"
pprof -top -nodefraction=0 "$T/g.pb.gz" >"$T/gtop"
fffd=$'\xef\xbf\xbd'
for name in 'std::vector<int, std::allocator<int> >::push_back(int const&)' 'html</script><b>' \
	"operator<<(std::ostream&, \"quoted\" & 'single')" 'pipe|back`tick*star_under\' 'semi;colon' \
	$'caf\xc3\xa9_na\xc3\xafve_\xe2\x82\xac_\xf0\x9f\x94\xa5' $'sep\xe2\x80\xa8''2028' $'ctl\x01\x1f\ttab\x7f' \
	"bad$fffd${fffd}_utf8_$fffd(_$fffd$fffd${fffd}_$fffd$fffd" '[unknown] golden+0x11c8' '[truncated]'; do
	grep -qF -- "  $name" "$T/gtop" || fail "pprof -top does not show $(printf '%q' "$name"): $(cat "$T/gtop")"
done

# real C++ templates, with their mangled names as system names
record "$T/throw.prof" "$PROGS/throw" 100000
"$CTRACE" report "$T/throw.prof" --format=pprof -o "$T/throw.pb.gz" || fail "report of throw failed"
pprof -raw "$T/throw.pb.gz" >"$T/traw"
grep -Eq 'M=[0-9]+ app::Thrower<long>::pass\(long, int\).* s=0\(_ZN3app7ThrowerIlE4passEli' "$T/traw" ||
	fail "no app::Thrower<long>::pass with its mangled name: $(grep -m3 Thrower "$T/traw")"

# 1M samples over 10k stacks: 1 s of CPU time, 200 MB
big_profile "$T/big.prof"
/usr/bin/time -f '%U %S %M' -o "$T/time" "$CTRACE" report "$T/big.prof" -o "$T/big.pb.gz" ||
	fail "report of the big profile failed"
read -r user sys rss <"$T/time"
cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
echo "pprof of $BIG_SAMPLES samples: $cpu s CPU, $((rss / 1024)) MB, $(stat -c %s "$T/big.pb.gz") bytes"
if [ $BIG_SAMPLES = 1000000 ]; then
	within "$cpu" 0 1.0 || fail "the big profile took $cpu s of CPU time (limit 1 s)"
	[ "$rss" -le $((200 * 1024)) ] || fail "the big profile took $((rss / 1024)) MB (limit 200 MB)"
fi
gzip -t "$T/big.pb.gz" 2>/dev/null || fail "the big profile's output is not gzip"
exit 0
