#!/usr/bin/env bash
# run-all.sh - the whole test suite, as `make check` runs it: unit tests, the
# end-to-end tests on the normal build, their core again on the sanitizer
# build (ASan+UBSan), and the fuzz target for a bounded number of runs.
# Prints "ok"/"not ok" per test and ends with "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
B=build
passed=0
failed=0
failures=()

run() { # run NAME COMMAND...
	local name=$1 start log
	shift
	start=$(date +%s.%N)
	log=$(mktemp)
	if "$@" >"$log" 2>&1; then
		printf 'ok - %s (%ss)\n' "$name" "$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"
		passed=$((passed + 1))
	else
		printf 'not ok - %s\n' "$name"
		sed 's/^/    /' "$log" | tail -n 30
		failed=$((failed + 1))
		failures+=("$name")
	fi
	rm -f "$log"
}

run unit-profile-format $B/unit-tests
run unit-symbolize $B/t-symbolize/t-symbolize $B/t-symbolize tests/progs

for t in tests/shell/t-*.sh; do
	run "$(basename "$t" .sh)" bash "$t"
done

# The core again with the sanitizer builds: the CLI under ASan+UBSan, the
# shim under UBSan (an ASan runtime cannot be preloaded into every program).
for t in tests/shell/t-run-split.sh tests/shell/t-run-threads-shares.sh tests/shell/t-run-fork-exec.sh \
	tests/shell/t-run-crash-keeps-samples.sh tests/shell/t-info-corrupt-refused.sh \
	tests/shell/t-symbolize-names.sh $(ls tests/shell/t-report-*.sh 2>/dev/null); do
	[ -f "$t" ] || continue
	run "asan:$(basename "$t" .sh)" env CTRACE="$PWD/$B/asan/ctrace" CTRACE_PRELOAD="$PWD/$B/asan/libctrace.so" \
		ASAN_OPTIONS=detect_leaks=1 bash "$t"
done

# libFuzzer adds what it finds to its corpus folder: give it a copy
corpus=$(mktemp -d)
cp tests/fuzz/corpus/* "$corpus"/
run fuzz-profile-reader $B/fuzz-profile -runs=200000 -max_len=8192 -seed=1 "$corpus"
rm -rf "$corpus"

echo
if [ "$failed" -gt 0 ]; then
	echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
