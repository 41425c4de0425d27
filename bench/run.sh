#!/bin/bash
# bench/run.sh - `make bench`: what recording with ctrace costs, against the
# same run without a profiler, `perf record -g` and gperftools.
#
#   1. recording overhead on a CPU-bound workload with 30-deep stacks built
#      without frame pointers (1 thread, and 2 threads), both engines
#   2. profile bytes per sample against perf.data
#   3. the shim's own time per sample (in-process counter)
#   4. the fixed cost of `ctrace run` on a 5 ms program
#   5. symbolization speed on a large C++ program built with -g, against
#      `perf report --stdio`
#   6. `ctrace report`'s time and peak memory per format on a synthetic
#      profile of 1M samples over 10k unique stacks (tests/gen-profile.c
#      big), and on a real recording beside `perf report` on perf.data
# and a verdict per goal at the end.
#
# The machine this was written on is a noisy shared 2-vCPU VM (see
# /work/shared/LIMITS.md §6 and "Design consequences" 9): every configuration
# runs in interleaved rounds, figures are medians (and minimums), CPU time is
# measured in the workload process itself (CLOCK_PROCESS_CPUTIME_ID at exit)
# and for the whole command (wait4's rusage: the profiler plus the program),
# and the per-sample costs come from ctrace's in-process counters.
#
# Run it with `make bench` (builds what it needs first). Environment:
#   BENCH_PARTS="1 4 5 6"  which parts to run (1 includes 2 and 3)
#   BENCH_ROUNDS=N       rounds of the 1-thread overhead runs (default 5)
#   BENCH_ROUNDS2=N      rounds of the 2-thread overhead runs (default 5; 0 skips them)
#   BENCH_FIXED_REPS=N   repetitions of the 5 ms program (default 10)
#   BENCH_REPORT_ROUNDS=N  runs of each report command in part 6, median (default 3)
#   BENCH_REPORT_REAL="text top html pprof"  formats timed on part 6's real
#                        recording ("all": all 10)
#   BENCH_QUICK=1        short workloads and few rounds: checks the script, not ctrace
#   BENCH_NO_INSTALL=1   do not apt-get install gperftools when it is missing
#   PERF=/path/perf      the perf to compare with (default: perf on PATH)
# Everything is kept under build/bench/out/ (log: build/bench/out/log).
set -euo pipefail
export LC_ALL=C

cd "$(dirname "$0")/.."
ROOT=$PWD
B=$ROOT/build
BB=$B/bench
W=$BB/out
CTRACE=$B/ctrace
WL=$BB/wl
WLFP=$BB/wl-fp
TIMEIT=$BB/timeit
SIGCOST=$BB/sigcost
BIG=$BB/big/big
GENPROF=$B/gen-profile
LOG=$W/log

die() {
	echo "bench: error: $*" >&2
	exit 1
}

# ---- what the bench needs ----
for t in jq awk sort paste stat gcc; do
	command -v "$t" >/dev/null 2>&1 || die "'$t' is not installed (Debian: apt-get install ${t/awk/gawk})"
done
for f in "$CTRACE" "$B/libctrace.so" "$WL" "$WLFP" "$TIMEIT" "$SIGCOST" "$BIG"; do
	[ -f "$f" ] || die "$f is missing: run 'make bench' (it builds everything the bench needs)"
done

PARTS=${BENCH_PARTS:-1 4 5 6}
QUICK=${BENCH_QUICK:-0}
ROUNDS=${BENCH_ROUNDS:-5}
ROUNDS2=${BENCH_ROUNDS2:-5}
FIXED_REPS=${BENCH_FIXED_REPS:-10}
REPORT_ROUNDS=${BENCH_REPORT_ROUNDS:-3}
REPORT_REAL=${BENCH_REPORT_REAL:-text top html pprof}
WL_ITERS=50000     # 1 thread: about 2.5 s of CPU (an iteration is about 50 us)
WL2_ITERS=25000    # 2 threads: about 1.25 s of CPU each
SHORT_ITERS=100    # the "5 ms program"
BIG_ITERS=2000000  # the symbolization run: 2 threads, about 3 s of CPU each
BIG_SHORT=20000    # its short twin, for the modules' setup cost
BIG_HZ=5000
REP_SAMPLES=1000000 # part 6's synthetic profile: the issue's 1M samples
REP_STACKS=10000    # over 10k unique stacks
REP_ITERS=2000000   # its real recording: bench/big, 2 threads, about 3.5 s of CPU each
REP_DEPTH=12        # (part 5's depth), at -F 10000: about 100k samples for ctrace, 65k for perf
REP_HZ=10000
if [ "$QUICK" = 1 ]; then
	ROUNDS=${BENCH_ROUNDS:-2} ROUNDS2=${BENCH_ROUNDS2:-1} FIXED_REPS=${BENCH_FIXED_REPS:-3}
	REPORT_ROUNDS=${BENCH_REPORT_ROUNDS:-1}
	WL_ITERS=4000 WL2_ITERS=2000 BIG_ITERS=200000 REP_ITERS=150000
fi
for v in ROUNDS ROUNDS2 FIXED_REPS REPORT_ROUNDS; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "BENCH_$v must be a whole number, not '${!v}'"
done
[ "$ROUNDS" -ge 1 ] || die "BENCH_ROUNDS must be at least 1"
[ "$FIXED_REPS" -ge 1 ] || die "BENCH_FIXED_REPS must be at least 1"
[ "$REPORT_ROUNDS" -ge 1 ] || die "BENCH_REPORT_ROUNDS must be at least 1"
for p in $PARTS; do
	case $p in 1 | 4 | 5 | 6) ;; *) die "BENCH_PARTS: no part '$p' (parts: 1 4 5 6; 1 includes 2 and 3)" ;; esac
done
part() { [[ " $PARTS " == *" $1 "* ]]; }
# the formats of `ctrace report`, in its --help's order
REPORT_FORMATS=(text top folded json markdown html svg speedscope pprof chrome)
[ "$REPORT_REAL" = all ] && REPORT_REAL="${REPORT_FORMATS[*]}"
for f in $REPORT_REAL; do
	[[ " ${REPORT_FORMATS[*]} " == *" $f "* ]] || die "BENCH_REPORT_REAL: no format '$f' (formats: ${REPORT_FORMATS[*]}, or all)"
done
if part 6; then
	[ -f "$GENPROF" ] || die "$GENPROF is missing: run 'make bench' (it builds everything the bench needs)"
fi

rm -rf "$W"
mkdir -p "$W/home"
: >"$LOG"

# run CMD...: its output to the log; on failure, the log's end and exit
run() {
	echo "+ $*" >>"$LOG"
	if ! "$@" >>"$LOG" 2>&1; then
		echo "bench: error: this failed: $*" >&2
		tail -n 15 "$LOG" | sed 's/^/  | /' >&2
		exit 1
	fi
}

# ctrace itself must work; its perf engine needs perf_event_paranoid <= 2
run "$CTRACE" run -q --engine=timer -o "$W/probe.prof" -- true
HAVE_PENG=0
if "$CTRACE" run -q --engine=perf -o "$W/probe.prof" -- true >>"$LOG" 2>&1; then
	HAVE_PENG=1
else
	echo "bench: ctrace's perf engine is not allowed here: its rows are skipped" >&2
fi

# perf (optional). Its build-id cache goes to a HOME of its own.
PERF=${PERF:-$(command -v perf || true)}
HAVE_PERF=0
PERF_VERSION="not installed"
perf_() { env HOME="$W/home" "$PERF" "$@"; }
if [ -n "$PERF" ] && [ -x "$PERF" ]; then
	if perf_ record -q -e cpu-clock -F 999 -g -o "$W/probe.data" -- true >>"$LOG" 2>&1; then
		HAVE_PERF=1
		PERF_VERSION=$("$PERF" --version 2>/dev/null | awk '{ print $3 }')
	else
		PERF_VERSION="unusable"
		echo "bench: perf is installed but 'perf record -e cpu-clock' fails here (see $LOG): its rows are skipped" >&2
	fi
fi
perf_samples() { perf_ report -i "$1" --stats 2>/dev/null | awk '/SAMPLE events:/ { print $3; exit }'; }

# gperftools (optional): installed when missing if we are root and may.
MULTIARCH=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
find_gperf() {
	GPLIB=""
	for f in "/usr/lib/$MULTIARCH/libprofiler.so" "/usr/lib/$MULTIARCH/libprofiler.so.0"; do
		[ -e "$f" ] && GPLIB=$f && return 0
	done
	return 1
}
if part 4 && ! find_gperf && [ "$(id -u)" = 0 ] && [ "${BENCH_NO_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null; then
	echo "bench: installing gperftools (google-perftools libgoogle-perftools4) for its row..." >&2
	pkgs="google-perftools libgoogle-perftools4"
	{ DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs; }; } \
		>>"$LOG" 2>&1 || echo "bench: could not install gperftools (see $LOG): its row is skipped" >&2
fi
find_gperf || true

# ---- numbers (awk) ----
# med/min/max of the numbers on stdin, one a line
med() { sort -g | awk '{ a[NR] = $1 } END { if (!NR) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
min() { sort -g | awk 'NR == 1 { print; f = 1 } END { if (!f) print "nan" }'; }
max() { sort -g | awk '{ v = $1 } END { print (NR ? v : "nan") }'; }
# col FILE N: column N of FILE; cpu FILE: user+sys of a timeit file
col() { awk -v c="$2" '{ print $c }' "$1"; }
cpu() { awk '{ print $2 + $3 }' "$1"; }
# ovh A B: per line (round), 100 * (A/B - 1), from two columns of numbers
ovh() { paste -d' ' <(printf '%s\n' "$1") <(printf '%s\n' "$2") | awk '{ printf "%.4f\n", ($2 > 0 ? 100 * ($1 / $2 - 1) : 0) }'; }
calc() { awk "BEGIN { printf \"%.6g\", $1 }"; }
fmt() { awk -v f="$1" -v x="$2" 'BEGIN { if (x == "nan" || x == "" || x == "inf" || x == "-nan") print "n/a"; else printf f, x }'; }
f0() { fmt "%.0f" "$1"; }
f1() { fmt "%.1f" "$1"; }
f2() { fmt "%.2f" "$1"; }
f3() { fmt "%.3f" "$1"; }
pct() { fmt "%+.1f%%" "$1"; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "nan" && b != "nan" && a != "" && b != "" && a + 0 <= b + 0) }'; }

# progress dots on a terminal only
progress() { if [ -t 2 ]; then printf '%s' "$1" >&2; fi; }
progress_end() { if [ -t 2 ]; then printf '\r\033[K' >&2; fi; }

VERDICTS=()
verdict() { VERDICTS+=("$(printf '%-4s %s' "$1" "$2")"); }

load() { awk '{ print $1, $2, $3 }' /proc/loadavg; }

echo "ctrace bench  $(date -u '+%Y-%m-%d %H:%M UTC')  $(uname -sr), $(nproc) CPUs, load $(load)"
echo "$("$CTRACE" --version 2>/dev/null | head -1), perf $PERF_VERSION, gperftools ${GPLIB:-not installed}"
[ "$QUICK" = 1 ] && echo "BENCH_QUICK=1: short runs, the figures mean little"

# ======================================================================
# 1-3. recording overhead, profile size, cost per sample
# ======================================================================

label() {
	case $1 in
	base) echo "no profiler" ;;
	timer) echo "ctrace --engine=timer" ;;
	perfeng) echo "ctrace --engine=perf" ;;
	perfrec) echo "perf record -g" ;;
	perfrec-fp) echo "perf record -g (FP build)" ;;
	esac
}

# run_wl DIR CFG THREADS ITERS: one run; appends to DIR/CFG.wl (workload
# "cpu_ns wall_ns"), DIR/CFG.t (command "wall_ns user_ns sys_ns status") and
# DIR/CFG.x ("samples weight handler_ns bytes").
run_wl() {
	local d=$1 cfg=$2 th=$3 it=$4 o=$1/$2 e prog
	case $cfg in
	base)
		run env WL_OUT="$o.wl" "$TIMEIT" "$o.t" "$WL" "$th" "$it" ;;
	timer | perfeng)
		e=timer
		[ "$cfg" = perfeng ] && e=perf
		run env WL_OUT="$o.wl" "$TIMEIT" "$o.t" "$CTRACE" run -q --engine=$e -F 999 -o "$o.prof" -- "$WL" "$th" "$it"
		"$CTRACE" info --json "$o.prof" >"$o.json"
		jq -e --arg e $e '.meta.engine_used == $e' "$o.json" >/dev/null ||
			die "ctrace ran the $(jq -r .meta.engine_used "$o.json") engine, not $e"
		echo "$(jq -r '"\(.totals.samples) \(.totals.weight) \(.totals.handler_ns)"' "$o.json") $(stat -c %s "$o.prof")" >>"$o.x" ;;
	perfrec | perfrec-fp)
		prog=$WL
		[ "$cfg" = perfrec-fp ] && prog=$WLFP
		run env WL_OUT="$o.wl" HOME="$W/home" "$TIMEIT" "$o.t" "$PERF" record -q -e cpu-clock -F 999 -g -o "$o.data" -- "$prog" "$th" "$it"
		echo "$(perf_samples "$o.data") 0 0 $(stat -c %s "$o.data")" >>"$o.x" ;;
	esac
}

# overhead DIR THREADS ITERS ROUNDS CONFIGS...: interleaved rounds (the
# order rotates each round) after one short warm-up run of each.
overhead() {
	local d=$1 th=$2 it=$3 rounds=$4 r i c
	shift 4
	local cfgs=("$@") n=$#
	mkdir -p "$d/warm"
	for c in "${cfgs[@]}"; do run_wl "$d/warm" "$c" "$th" 200; done
	for ((r = 0; r < rounds; r++)); do
		for ((i = 0; i < n; i++)); do
			run_wl "$d" "${cfgs[(i + r) % n]}" "$th" "$it"
		done
		progress .
	done
	progress_end
}

# overhead_table DIR CONFIGS...
overhead_table() {
	local d=$1 c wm wn tm tn wallm bmed bmin bmax
	shift
	printf '%-26s %9s %9s %9s %9s | %9s %9s %9s | %9s %9s\n' "" "workload" "" "CPU" "" "total" "CPU" "" "total" "wall"
	printf '%-26s %9s %9s %9s %9s | %9s %9s %9s | %9s %9s\n' "configuration" "CPU med" "CPU min" "ovh med" "min/min" \
		"CPU med" "ovh med" "min/min" "wall med" "ovh med"
	for c in "$@"; do
		wm=$(col "$d/$c.wl" 1 | med) wn=$(col "$d/$c.wl" 1 | min)
		tm=$(cpu "$d/$c.t" | med) tn=$(cpu "$d/$c.t" | min)
		wallm=$(col "$d/$c.t" 1 | med)
		if [ "$c" = base ]; then
			printf '%-26s %8ss %8ss %9s %9s | %8ss %9s %9s | %8ss %9s\n' "$(label "$c")" "$(f3 "$(calc "$wm/1e9")")" \
				"$(f3 "$(calc "$wn/1e9")")" "-" "-" "$(f3 "$(calc "$tm/1e9")")" "-" "-" "$(f3 "$(calc "$wallm/1e9")")" "-"
			continue
		fi
		printf '%-26s %8ss %8ss %9s %9s | %8ss %9s %9s | %8ss %9s\n' "$(label "$c")" \
			"$(f3 "$(calc "$wm/1e9")")" "$(f3 "$(calc "$wn/1e9")")" \
			"$(pct "$(ovh "$(col "$d/$c.wl" 1)" "$(col "$d/base.wl" 1)" | med)")" \
			"$(pct "$(calc "100*($wn/$(col "$d/base.wl" 1 | min)-1)")")" \
			"$(f3 "$(calc "$tm/1e9")")" \
			"$(pct "$(ovh "$(cpu "$d/$c.t")" "$(cpu "$d/base.t")" | med)")" \
			"$(pct "$(calc "100*($tn/$(cpu "$d/base.t" | min)-1)")")" \
			"$(f3 "$(calc "$wallm/1e9")")" \
			"$(pct "$(ovh "$(col "$d/$c.t" 1)" "$(col "$d/base.t" 1)" | med)")"
	done
	bmed=$(col "$d/base.wl" 1 | med) bmin=$(col "$d/base.wl" 1 | min) bmax=$(col "$d/base.wl" 1 | max)
	echo "noise: the workload alone used $(f3 "$(calc "$bmin/1e9")")-$(f3 "$(calc "$bmax/1e9")") s CPU over the rounds ($(f1 "$(calc "100*($bmax-$bmin)/$bmed")")% spread)"
}

part1() {
	local D1=$W/t1 D2=$W/t2 c cfgs=(base timer) cfgs2
	[ "$HAVE_PENG" = 1 ] && cfgs+=(perfeng)
	cfgs2=("${cfgs[@]}")
	# perfrec-fp: perf record -g on the same workload built with frame
	# pointers, so that perf walks the same 30 frames (on the real
	# workload it sees 1 frame a sample, which is cheap and small)
	[ "$HAVE_PERF" = 1 ] && cfgs+=(perfrec perfrec-fp) cfgs2+=(perfrec)

	echo
	echo "== 1. Recording overhead: bench/wl, 30-deep stacks, -O2 -fomit-frame-pointer, -F 999 =="
	echo "   workload CPU: the program's own CPU time (ctrace's handler and the kernel's signal and"
	echo "   interrupt work on its behalf included); total: wait4 rusage of the whole command"
	echo "   (profiler + program). ovh med: median over the rounds of (run / same round's 'no profiler') - 1;"
	echo "   min/min: minimum over minimum - 1."
	echo
	echo "-- 1 thread, about 2.5 s CPU, $ROUNDS interleaved rounds --"
	overhead "$D1" 1 "$WL_ITERS" "$ROUNDS" "${cfgs[@]}"
	overhead_table "$D1" "${cfgs[@]}"
	if [ "$ROUNDS2" -ge 1 ]; then
		echo
		echo "-- 2 threads, about 1.25 s CPU each, $ROUNDS2 interleaved rounds --"
		overhead "$D2" 2 "$WL2_ITERS" "$ROUNDS2" "${cfgs2[@]}"
		overhead_table "$D2" "${cfgs2[@]}"
	fi

	# what one signal delivery costs here: the timer engine's cost per
	# sample beyond ctrace's handler (its timer is checked on the tick)
	local signs
	signs=$("$SIGCOST" 100000 5)
	echo
	echo "signal delivery + return on this machine (bench/sigcost, thread CPU, median of 5): $(f2 "$(calc "$signs/1000")") us"

	# ---- 3 ----
	echo
	echo "== 3. ctrace's cost per sample (medians over the rounds) =="
	printf '%-24s %8s %9s %9s %12s %9s %14s %15s\n' "engine" "threads" "samples" "weight" "handler" "handler" "handler +" "end-to-end"
	printf '%-24s %8s %9s %9s %12s %9s %14s %15s\n' "" "" "per run" "per run" "per sample" "% of CPU" "delivery" "(CPU-base)/smp"
	local hus_t="" s_t="" hus_p="" d th s wt hus share e2e est
	for d in "$D1" "$D2"; do
		for c in timer perfeng; do
			[ -f "$d/$c.x" ] || continue
			th=1
			[ "$d" = "$D2" ] && th=2
			s=$(col "$d/$c.x" 1 | med) wt=$(col "$d/$c.x" 2 | med)
			hus=$(awk '{ print $3 / $1 / 1000 }' "$d/$c.x" | med)
			share=$(paste -d' ' "$d/$c.x" "$d/$c.wl" | awk '{ print 100 * $3 / $5 }' | med)
			e2e=$(paste -d' ' "$d/$c.wl" "$d/base.wl" "$d/$c.x" | awk '{ print ($1 - $3) / $5 / 1000 }' | med)
			est="-"
			[ "$c" = timer ] && est="$(f2 "$(calc "$hus + $signs/1000")") us"
			printf '%-24s %8s %9s %9s %9s us %8s%% %14s %12s us\n' "$(label "$c")" "$th" "$(f0 "$s")" "$(f0 "$wt")" \
				"$(f2 "$hus")" "$(f2 "$share")" "$est" "$(f1 "$e2e")"
			if [ "$d" = "$D1" ]; then
				[ "$c" = timer ] && hus_t=$hus s_t=$s
				[ "$c" = perfeng ] && hus_p=$hus
			fi
		done
	done
	echo "  (handler: .totals.handler_ns / .totals.samples of ctrace info --json. The end-to-end column"
	echo "   is noise-bound: a few us a sample against tens of ms of run-to-run noise.)"

	# ---- 2 ----
	echo
	echo "== 2. Profile size (1-thread runs, medians; 256 distinct 30-deep stacks, -F 999) =="
	printf '%-26s %10s %9s %9s %13s %13s %12s %10s\n' "recorder" "bytes" "samples" "weight" "bytes/sample" "bytes/period" "bytes/CPU-s" "frames"
	local by bps bpw bpc fr
	declare -A BPS BPW
	for c in timer perfeng perfrec perfrec-fp; do
		[ -f "$D1/$c.x" ] || continue
		by=$(col "$D1/$c.x" 4 | med) s=$(col "$D1/$c.x" 1 | med)
		bps=$(awk '{ print $4 / $1 }' "$D1/$c.x" | med)
		bpw="$bps" wt="$s"
		if [[ $c != perfrec* ]]; then
			bpw=$(awk '{ print $4 / $2 }' "$D1/$c.x" | med) wt=$(col "$D1/$c.x" 2 | med)
		fi
		bpc=$(paste -d' ' "$D1/$c.x" "$D1/$c.wl" | awk '{ print $4 / ($5 / 1e9) }' | med)
		BPS[$c]=$bps BPW[$c]=$bpw
		fr="30+4"
		if [[ $c == perfrec* ]]; then # frames a sample perf recorded, in the last run
			fr=$(perf_ script -i "$D1/$c.data" -F ip 2>/dev/null |
				awk -v n="$(perf_samples "$D1/$c.data")" 'NF > 0 { f++ } END { printf "%.1f", n ? f / n : 0 }')
		fi
		printf '%-26s %10s %9s %9s %13s %13s %12s %10s\n' "$(label "$c")" "$(f0 "$by")" "$(f0 "$s")" "$(f0 "$wt")" \
			"$(f1 "$bps")" "$(f1 "$bpw")" "$(f0 "$bpc")" "$fr"
	done
	echo "  (ctrace: the whole profile, symbols included. The timer engine takes about 250 stacks per"
	echo "   CPU-second, each weighted by the periods of -F it stands for; bytes/period = bytes / weight.)"

	# ---- verdicts ----
	# timer engine <= 1% CPU: the in-process estimate (handler + signal
	# delivery, per sample) decides; the end-to-end median must not
	# contradict it beyond the noise of the base runs.
	local base est e2et noise v
	base=$(col "$D1/base.wl" 1 | med)
	est=$(calc "100*$s_t*($hus_t*1000+$signs)/$base")
	e2et=$(ovh "$(col "$D1/timer.wl" 1)" "$(col "$D1/base.wl" 1)" | med)
	noise=$(calc "100*($(col "$D1/base.wl" 1 | max)-$(col "$D1/base.wl" 1 | min))/$base")
	if le "$est" 1 && le "$e2et" "$(calc "1+$noise")"; then v=PASS; else v=FAIL; fi
	verdict $v "timer engine CPU overhead <= 1%: in-process $(f2 "$est")% ($(f0 "$s_t") samples x ($(f2 "$hus_t") us handler + $(f2 "$(calc "$signs/1000")") us delivery) / $(f2 "$(calc "$base/1e9")") s); end-to-end median $(pct "$e2et") (noise $(f1 "$noise")%)"

	# below perf's, either engine: total CPU of the command (profiler
	# included), paired by round
	if [ "$HAVE_PERF" = 1 ]; then
		local tp tc vs wvs
		tp=$(ovh "$(cpu "$D1/perfrec.t")" "$(cpu "$D1/base.t")" | med)
		for c in timer perfeng; do
			[ -f "$D1/$c.t" ] || continue
			tc=$(ovh "$(cpu "$D1/$c.t")" "$(cpu "$D1/base.t")" | med)
			vs=$(ovh "$(cpu "$D1/$c.t")" "$(cpu "$D1/perfrec.t")" | med)
			wvs=$(ovh "$(col "$D1/$c.wl" 1)" "$(col "$D1/perfrec.wl" 1)" | med)
			if le "$vs" 0; then v=PASS; else v=FAIL; fi
			verdict $v "$(label "$c") overhead below perf record -g's (total CPU, profiler included): $(pct "$tc") vs $(pct "$tp") (per round, ctrace/perf $(pct "$vs") in total, $(pct "$wvs") in the workload's own CPU)"
		done
	else
		verdict SKIP "overhead below perf's: perf not installed"
	fi

	# profile <= 1/10 of perf.data per sample; the reference is perf on the
	# FP build, which records the same stacks
	if [ -n "${BPS[perfrec-fp]:-}" ]; then
		local r rw rn
		for c in timer perfeng; do
			[ -n "${BPS[$c]:-}" ] || continue
			r=$(calc "${BPS[perfrec-fp]}/${BPS[$c]}") rw=$(calc "${BPS[perfrec-fp]}/${BPW[$c]}")
			rn=$(calc "${BPS[perfrec]}/${BPS[$c]}")
			if le 10 "$r"; then v=PASS; else v=FAIL; fi
			verdict $v "$(label "$c") profile <= 1/10 of perf.data per sample: $(f1 "${BPS[$c]}") vs $(f1 "${BPS[perfrec-fp]}") B/sample = 1/$(f1 "$r") (per period of -F: 1/$(f1 "$rw"); vs perf on the no-FP build, which keeps 1 frame: 1/$(f1 "$rn"))"
		done
	else
		verdict SKIP "profile size vs perf.data: perf not installed"
	fi
	verdict INFO "shim time per sample: timer engine $(f2 "$hus_t") us, perf engine $(f2 "$hus_p") us (1 thread, 30-deep stacks)"
}

# ======================================================================
# 4. fixed cost on a 5 ms program
# ======================================================================

part4() {
	local D4=$W/fixed c r i cfgs=(alone timer) aw ac wm cm sy rw rc l v
	mkdir -p "$D4"
	[ "$HAVE_PENG" = 1 ] && cfgs+=(perfeng)
	[ "$HAVE_PERF" = 1 ] && cfgs+=(perfrec)
	[ -n "$GPLIB" ] && cfgs+=(gperf)
	echo
	echo "== 4. Fixed cost: a 5 ms program (bench/wl 1 $SHORT_ITERS), $FIXED_REPS interleaved repetitions, medians =="
	run_fixed() {
		local c=$1 o=$D4/$1 e
		case $c in
		alone) run "$TIMEIT" "$o.t" "$WL" 1 "$SHORT_ITERS" ;;
		timer | perfeng)
			e=timer
			[ "$c" = perfeng ] && e=perf
			run "$TIMEIT" "$o.t" "$CTRACE" run -q --engine=$e -o "$o.prof" -- "$WL" 1 "$SHORT_ITERS"
			"$CTRACE" info --json "$o.prof" | jq -r '.meta.symbols.seconds' >>"$o.sym" ;;
		perfrec) run env HOME="$W/home" "$TIMEIT" "$o.t" "$PERF" record -q -e cpu-clock -F 999 -g -o "$o.data" -- "$WL" 1 "$SHORT_ITERS" ;;
		gperf) run env LD_PRELOAD="$GPLIB" CPUPROFILE="$o.gprof" CPUPROFILE_FREQUENCY=999 "$TIMEIT" "$o.t" "$WL" 1 "$SHORT_ITERS" ;;
		esac
	}
	for c in "${cfgs[@]}"; do run_fixed "$c"; done # warm-up
	for c in "${cfgs[@]}"; do rm -f "$D4/$c.t" "$D4/$c.sym"; done
	for ((r = 0; r < FIXED_REPS; r++)); do
		for ((i = 0; i < ${#cfgs[@]}; i++)); do run_fixed "${cfgs[(i + r) % ${#cfgs[@]}]}"; done
		progress .
	done
	progress_end
	aw=$(col "$D4/alone.t" 1 | med) ac=$(cpu "$D4/alone.t" | med)
	printf '%-36s %10s %10s %12s %14s %14s\n' "" "wall" "CPU" "symbolize" "recording" "recording"
	printf '%-36s %10s %10s %12s %14s %14s\n' "command" "" "" "" "wall - alone" "CPU - alone"
	for c in "${cfgs[@]}"; do
		wm=$(col "$D4/$c.t" 1 | med) cm=$(cpu "$D4/$c.t" | med)
		case $c in
		alone)
			printf '%-36s %7s ms %7s ms %12s %14s %14s\n' "program alone" "$(f1 "$(calc "$wm/1e6")")" "$(f1 "$(calc "$cm/1e6")")" "-" "-" "-" ;;
		timer | perfeng)
			sy=$(med <"$D4/$c.sym")
			# per run: total - its symbolization - the program alone (median)
			rw=$(paste -d' ' <(col "$D4/$c.t" 1) "$D4/$c.sym" | awk -v a="$aw" '{ print ($1 - $2 * 1e9 - a) / 1e6 }' | med)
			rc=$(paste -d' ' <(cpu "$D4/$c.t") "$D4/$c.sym" | awk -v a="$ac" '{ print ($1 - $2 * 1e9 - a) / 1e6 }' | med)
			printf '%-36s %7s ms %7s ms %9s ms %11s ms %11s ms\n' "ctrace run --engine=${c/perfeng/perf}" "$(f1 "$(calc "$wm/1e6")")" \
				"$(f1 "$(calc "$cm/1e6")")" "$(f1 "$(calc "$sy*1e3")")" "$(f1 "$rw")" "$(f1 "$rc")"
			if le "$rw" 30 && le "$rc" 30; then v=PASS; else v=FAIL; fi
			verdict $v "fixed cost of recording ($(label "$c")) <= 30 ms: $(f1 "$rw") ms wall, $(f1 "$rc") ms CPU (symbolization adds $(f1 "$(calc "$sy*1e3")") ms; whole run $(f1 "$(calc "($wm-$aw)/1e6")") ms wall more than the program)" ;;
		perfrec | gperf)
			l="perf record -g"
			[ "$c" = gperf ] && l="gperftools (LD_PRELOAD libprofiler)"
			printf '%-36s %7s ms %7s ms %12s %11s ms %11s ms\n' "$l" "$(f1 "$(calc "$wm/1e6")")" "$(f1 "$(calc "$cm/1e6")")" "-" \
				"$(f1 "$(calc "($wm-$aw)/1e6")")" "$(f1 "$(calc "($cm-$ac)/1e6")")" ;;
		esac
	done
	echo "  (symbolize: .meta.symbols.seconds (wall); recording = total - symbolize - the program alone."
	echo "   gperftools names nothing when the program ends: pprof does that later.)"
	[ -n "$GPLIB" ] || echo "  gperftools: not installed"
	[ "$HAVE_PERF" = 1 ] || echo "  perf: not installed"
}

# ======================================================================
# 5. symbolization speed
# ======================================================================

part5() {
	local D5=$W/sym r e=timer hz=999 nfunc na sb ns ss nm nsm rate_all rate_after cw pw v samples
	mkdir -p "$D5"
	[ "$HAVE_PENG" = 1 ] && e=perf hz=$BIG_HZ
	nfunc=$(grep -c '&Node<' "$BB/big/big-main.cc" || true)
	echo
	echo "== 5. Symbolization: bench/big ($nfunc template instantiations, g++ -O2 -g -fno-omit-frame-pointer), 2 threads, -F $hz =="
	run "$CTRACE" run -q --engine=$e -F "$hz" -o "$D5/big.prof" -- "$BIG" "$BIG_ITERS" 12 2
	# the same program and modules, few addresses: the modules' setup cost
	run "$CTRACE" run -q --engine=$e -F "$hz" -o "$D5/short.prof" -- "$BIG" "$BIG_SHORT" 12 2
	[ "$HAVE_PERF" = 1 ] && run perf_ record -q -e cpu-clock -F "$hz" -g -o "$D5/big.data" -- "$BIG" "$BIG_ITERS" 12 2
	run "$CTRACE" symbolize -q "$D5/big.prof" # page cache
	for ((r = 0; r < 3; r++)); do
		run "$TIMEIT" "$D5/sym-big.t" "$CTRACE" symbolize -q "$D5/big.prof"
		"$CTRACE" info --json "$D5/big.prof" | jq -r '.meta.symbols | "\(.addresses) \(.seconds) \(.modules)"' >>"$D5/sym-big.x"
		run "$TIMEIT" "$D5/sym-short.t" "$CTRACE" symbolize -q "$D5/short.prof"
		"$CTRACE" info --json "$D5/short.prof" | jq -r '.meta.symbols | "\(.addresses) \(.seconds) \(.modules)"' >>"$D5/sym-short.x"
		if [ "$HAVE_PERF" = 1 ]; then
			run env HOME="$W/home" "$TIMEIT" "$D5/perfrep.t" -o "$D5/perf-report.txt" "$PERF" report -i "$D5/big.data" --stdio
		fi
		progress .
	done
	progress_end
	na=$(col "$D5/sym-big.x" 1 | med) sb=$(col "$D5/sym-big.x" 2 | med) nm=$(col "$D5/sym-big.x" 3 | med)
	ns=$(col "$D5/sym-short.x" 1 | med) ss=$(col "$D5/sym-short.x" 2 | med) nsm=$(col "$D5/sym-short.x" 3 | med)
	samples=$("$CTRACE" info --json "$D5/big.prof" | jq -r '.totals.samples')
	rate_all=$(calc "$na/$sb")
	rate_after=$(calc "($na-$ns)/($sb-$ss)")
	printf '%-46s %10s %8s %10s %10s %12s\n' "" "unique" "" "" "" "symbolizer"
	printf '%-46s %10s %8s %10s %10s %12s\n' "command (median of 3)" "addresses" "modules" "wall" "CPU" "seconds"
	printf '%-46s %10s %8s %7s ms %7s ms %9s ms\n' "ctrace symbolize, $samples samples" "$na" "$nm" \
		"$(f1 "$(calc "$(col "$D5/sym-big.t" 1 | med)/1e6")")" "$(f1 "$(calc "$(cpu "$D5/sym-big.t" | med)/1e6")")" "$(f1 "$(calc "$sb*1e3")")"
	printf '%-46s %10s %8s %7s ms %7s ms %9s ms\n' "ctrace symbolize, short run (modules' setup)" "$ns" "$nsm" \
		"$(f1 "$(calc "$(col "$D5/sym-short.t" 1 | med)/1e6")")" "$(f1 "$(calc "$(cpu "$D5/sym-short.t" | med)/1e6")")" "$(f1 "$(calc "$ss*1e3")")"
	if [ "$HAVE_PERF" = 1 ]; then
		printf '%-46s %10s %8s %7s ms %7s ms %12s\n' "perf report --stdio, $(perf_samples "$D5/big.data") samples of perf -g" "-" "-" \
			"$(f1 "$(calc "$(col "$D5/perfrep.t" 1 | med)/1e6")")" "$(f1 "$(calc "$(cpu "$D5/perfrep.t" | med)/1e6")")" "-"
	else
		echo "perf report: perf not installed"
	fi
	echo "unique addresses per second: $(f0 "$rate_all") in all, $(f0 "$rate_after") after the modules' setup"
	echo "  (after setup: (big - short) addresses / (big - short) symbolizer seconds; symbolizer seconds:"
	echo "   .meta.symbols.seconds, which leaves out reading the profile)"

	if [ "$ns" -ge 1 ] && le "$ns" "$(calc "$na/4")"; then
		if le 1000000 "$rate_after"; then v=PASS; else v=FAIL; fi
		verdict $v "symbolization >= 1M unique addresses/s after module setup: $(fmt "%.2f" "$(calc "$rate_after/1e6")")M/s ($na addresses in $(f0 "$(calc "$sb*1e3")") ms, of which setup $(f0 "$(calc "$ss*1e3")") ms)"
	else
		verdict FAIL "symbolization rate after setup not measured: the short run has $ns addresses, the big one $na; $(f0 "$rate_all")/s in all"
	fi
	if [ "$HAVE_PERF" = 1 ]; then
		cw=$(col "$D5/sym-big.t" 1 | med) pw=$(col "$D5/perfrep.t" 1 | med)
		if le "$cw" "$pw"; then v=PASS; else v=FAIL; fi
		verdict $v "ctrace symbolize faster than perf report --stdio on the same workload: $(f2 "$(calc "$cw/1e9")") s vs $(f2 "$(calc "$pw/1e9")") s wall ($(f1 "$(calc "$pw/$cw")")x)"
	else
		verdict SKIP "ctrace symbolize vs perf report: perf not installed"
	fi
}

# ======================================================================
# 6. report speed and memory
# ======================================================================

# mb KB: a peak RSS (ru_maxrss, KiB) in MB (10^6 bytes)
mb() { calc "$1*1024/1e6"; }
# runs N: "median of N runs" or "1 run"
runs() { if [ "$1" = 1 ]; then echo "1 run"; else echo "median of $1 runs"; fi; }
# hsize BYTES: "12.3 KB" or "4.56 MB" (10^3, 10^6 bytes)
hsize() { awk -v b="$1" 'BEGIN { if (b == "" || b == "nan") print "n/a"; else if (b < 1e6) printf "%.1f KB", b / 1e3; else printf "%.2f MB", b / 1e6 }'; }

part6() {
	local D6=$W/report f r i n c v prof data slow big worst
	local -a cfgs
	mkdir -p "$D6"
	# the timeit of before part 6 wrote 4 columns, without the peak RSS
	run "$TIMEIT" "$D6/probe.t" true
	[ "$(awk '{ print NF }' "$D6/probe.t")" -ge 5 ] || die "$TIMEIT writes no peak RSS: run 'make bench' to rebuild it"

	echo
	echo "== 6. Report: time and peak memory of ctrace report per format, and of perf report =="
	echo "   CPU: user+sys of the command (wait4); peak RSS: its ru_maxrss; MB = 10^6 bytes."

	# ---- synthetic: the issue's 1M samples over 10k unique stacks ----
	prof=$D6/big.prof
	run "$GENPROF" big "$prof" "$REP_SAMPLES" "$REP_STACKS"
	"$CTRACE" info --json "$prof" >"$D6/big.json"
	jq -e --argjson s "$REP_SAMPLES" --argjson n "$REP_STACKS" '.totals.samples == $s and .stacks == $n' \
		"$D6/big.json" >/dev/null || die "gen-profile's profile holds $(jq -c '[.totals.samples, .stacks]' "$D6/big.json") [samples, stacks]"
	cat "$prof" >/dev/null # page cache
	n=${#REPORT_FORMATS[@]}
	for ((r = 0; r < REPORT_ROUNDS; r++)); do
		for ((i = 0; i < n; i++)); do
			f=${REPORT_FORMATS[(i + r) % n]}
			run "$TIMEIT" "$D6/syn-$f.t" "$CTRACE" report "$prof" --format="$f" -o "$D6/syn.$f"
		done
		progress .
	done
	progress_end
	echo
	echo "-- synthetic: tests/gen-profile.c big, $REP_SAMPLES samples over $REP_STACKS unique stacks, profile $(hsize "$(stat -c %s "$prof")");"
	echo "   $(runs "$REPORT_ROUNDS") a format, interleaved --"
	printf '%-12s %9s %9s %9s %11s %11s   %s\n' "format" "wall" "CPU" "CPU max" "peak RSS" "output" "goal: <= 1 s CPU, <= 200 MB"
	local -A SCPU SRSS SSIZE
	for f in "${REPORT_FORMATS[@]}"; do
		SCPU[$f]=$(cpu "$D6/syn-$f.t" | med)
		SRSS[$f]=$(mb "$(col "$D6/syn-$f.t" 5 | max)")
		SSIZE[$f]=$(stat -c %s "$D6/syn.$f")
		v=""
		le "$(calc "${SCPU[$f]}/1e9")" 1 || v="time"
		le "${SRSS[$f]}" 200 || v+="${v:+, }memory"
		if [ -n "$v" ]; then v="OVER: $v"; else v=ok; fi
		printf '%-12s %7s s %7s s %7s s %8s MB %11s   %s\n' "$f" \
			"$(f3 "$(calc "$(col "$D6/syn-$f.t" 1 | med)/1e9")")" "$(f3 "$(calc "${SCPU[$f]}/1e9")")" \
			"$(f3 "$(calc "$(cpu "$D6/syn-$f.t" | max)/1e9")")" "$(f1 "${SRSS[$f]}")" "$(hsize "${SSIZE[$f]}")" "$v"
	done
	echo "  (peak RSS: the largest of the runs)"

	# verdicts: each format's median CPU time and largest peak RSS
	slow="" big="" worst=text
	for f in "${REPORT_FORMATS[@]}"; do
		le "$(calc "${SCPU[$f]}/1e9")" 1 || slow+="${slow:+, }$f $(f2 "$(calc "${SCPU[$f]}/1e9")") s"
		le "${SRSS[$f]}" 200 || big+="${big:+, }$f $(f0 "${SRSS[$f]}") MB"
		le "${SCPU[$f]}" "${SCPU[$worst]}" || worst=$f
	done
	if [ -z "$slow" ]; then
		verdict PASS "ctrace report, every format <= 1 s CPU on $REP_SAMPLES samples / $REP_STACKS stacks: slowest $worst $(f2 "$(calc "${SCPU[$worst]}/1e9")") s ($(f2 "$(calc "$(col "$D6/syn-$worst.t" 1 | med)/1e9")") s wall)"
	else
		verdict FAIL "ctrace report, every format <= 1 s CPU on $REP_SAMPLES samples / $REP_STACKS stacks: over: $slow"
	fi
	worst=text
	for f in "${REPORT_FORMATS[@]}"; do le "${SRSS[$f]}" "${SRSS[$worst]}" || worst=$f; done
	if [ -z "$big" ]; then
		verdict PASS "ctrace report, every format <= 200 MB peak RSS on the same profile: largest $worst $(f1 "${SRSS[$worst]}") MB"
	else
		verdict FAIL "ctrace report, every format <= 200 MB peak RSS on the same profile: over: $big"
	fi
	if le "${SSIZE[html]}" 5000000; then v=PASS; else v=FAIL; fi
	verdict $v "ctrace report --format=html <= 5 MB on the same profile: $(hsize "${SSIZE[html]}") (${SSIZE[html]} bytes)"

	# ---- a real recording, beside perf report ----
	local e=timer hz=999 cs csu ps ctw ptw
	[ "$HAVE_PENG" = 1 ] && e=perf hz=$REP_HZ
	echo
	echo "-- real: bench/big $REP_ITERS $REP_DEPTH 2 (built with frame pointers), 2 threads, -F $hz, recorded once by"
	echo "   ctrace run --engine=$e$([ "$HAVE_PERF" = 1 ] && echo " and once by perf record -e cpu-clock -g"); $(runs "$REPORT_ROUNDS") a command, interleaved --"
	[ "$HAVE_PENG" = 1 ] || echo "   (ctrace's perf engine is not allowed here: the timer engine, at the kernel's tick)"
	run "$TIMEIT" "$D6/rec-ctrace.t" "$CTRACE" run -q --engine=$e -F "$hz" -o "$D6/real.prof" -- "$BIG" "$REP_ITERS" "$REP_DEPTH" 2
	"$CTRACE" info --json "$D6/real.prof" >"$D6/real.json"
	cs=$(jq -r .totals.samples "$D6/real.json") csu=$(jq -r .stacks "$D6/real.json")
	data=$D6/real.data
	if [ "$HAVE_PERF" = 1 ]; then
		run env HOME="$W/home" "$TIMEIT" "$D6/rec-perf.t" "$PERF" record -q -e cpu-clock -F "$hz" -g -o "$data" -- "$BIG" "$REP_ITERS" "$REP_DEPTH" 2
		ps=$(perf_samples "$data")
	fi
	ctw=$(col "$D6/rec-ctrace.t" 1)
	echo "ctrace run --engine=$e: $cs samples, $csu unique stacks, $(f1 "$(calc "$ctw/1e9")") s wall, profile $(hsize "$(stat -c %s "$D6/real.prof")")"
	if [ "$HAVE_PERF" = 1 ]; then
		ptw=$(col "$D6/rec-perf.t" 1)
		echo "perf record -g:        $ps samples, $(f1 "$(calc "$ptw/1e9")") s wall, perf.data $(hsize "$(stat -c %s "$data")")"
	else
		echo "perf record: perf not installed"
	fi
	cfgs=()
	for f in $REPORT_REAL; do cfgs+=("ctrace:$f"); done
	[ "$HAVE_PERF" = 1 ] && cfgs+=(perf perf-nc)
	cat "$D6/real.prof" >/dev/null
	[ "$HAVE_PERF" = 1 ] && cat "$data" >/dev/null
	n=${#cfgs[@]}
	for ((r = 0; r < REPORT_ROUNDS; r++)); do
		for ((i = 0; i < n; i++)); do
			c=${cfgs[(i + r) % n]}
			case $c in
			ctrace:*) f=${c#ctrace:}
				run "$TIMEIT" "$D6/real-$f.t" "$CTRACE" report "$D6/real.prof" --format="$f" -o "$D6/real.$f" ;;
			perf) run env HOME="$W/home" "$TIMEIT" "$D6/real-perf.t" -o "$D6/perf-report.txt" "$PERF" report -i "$data" --stdio ;;
			perf-nc) run env HOME="$W/home" "$TIMEIT" "$D6/real-perf-nc.t" -o "$D6/perf-report-nc.txt" "$PERF" report -i "$data" --stdio --no-children ;;
			esac
		done
		progress .
	done
	progress_end
	printf '%-36s %9s %9s %11s %11s\n' "command" "wall" "CPU" "peak RSS" "output"
	local t l o
	for c in "${cfgs[@]}"; do
		case $c in
		ctrace:*) f=${c#ctrace:} t=$D6/real-$f.t o=$D6/real.$f l="ctrace report --format=$f" ;;
		perf) t=$D6/real-perf.t o=$D6/perf-report.txt l="perf report --stdio" ;;
		perf-nc) t=$D6/real-perf-nc.t o=$D6/perf-report-nc.txt l="perf report --stdio --no-children" ;;
		esac
		printf '%-36s %7s s %7s s %8s MB %11s\n' "$l" "$(f2 "$(calc "$(col "$t" 1 | med)/1e9")")" \
			"$(f2 "$(calc "$(cpu "$t" | med)/1e9")")" "$(f1 "$(mb "$(col "$t" 5 | max)")")" "$(hsize "$(stat -c %s "$o")")"
	done
	if [ "$HAVE_PERF" = 1 ]; then
		echo "  (the same workload recorded twice, $cs samples for ctrace and $ps for perf: ctrace's handler"
		echo "   and its signals' delivery run in the threads' own CPU time, which is sampled too.)"
	else
		echo "perf report: perf not installed"
	fi
	echo "  (nearly every sample of bench/big is a stack of its own: $csu unique stacks in ctrace's recording,"
	echo "   against the synthetic profile's $REP_STACKS)"

	local line="" tt
	for f in $REPORT_REAL; do
		tt=$D6/real-$f.t
		line+="${line:+; }$f $(f2 "$(calc "$(cpu "$tt" | med)/1e9")") s $(f0 "$(mb "$(col "$tt" 5 | max)")") MB"
		[ "$f" = html ] && line+=" (file $(hsize "$(stat -c %s "$D6/real.html")"))"
	done
	if [ "$HAVE_PERF" = 1 ]; then
		verdict INFO "real recording (bench/big, ctrace $cs samples / $csu unique stacks, perf $ps samples), CPU and peak RSS: ctrace report $line; perf report --stdio $(f2 "$(calc "$(cpu "$D6/real-perf.t" | med)/1e9")") s $(f0 "$(mb "$(col "$D6/real-perf.t" 5 | max)")") MB, --no-children $(f2 "$(calc "$(cpu "$D6/real-perf-nc.t" | med)/1e9")") s $(f0 "$(mb "$(col "$D6/real-perf-nc.t" 5 | max)")") MB"
	else
		verdict SKIP "ctrace report vs perf report on a real recording: perf not installed (ctrace report $line)"
	fi
}

if part 1; then part1; fi
if part 4; then part4; fi
if part 5; then part5; fi
if part 6; then part6; fi

echo
echo "== Verdicts =="
printf '%s\n' "${VERDICTS[@]}"
echo
echo "load at the end: $(load); raw data and log in ${W#"$ROOT"/}/"
