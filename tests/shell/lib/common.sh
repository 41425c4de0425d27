# common.sh - shared helpers for the end-to-end tests in tests/shell/.
# Each test sources this, runs the real ctrace on the project's own test
# programs and exits non-zero (after saying why) when an assertion fails.
# CTRACE and CTRACE_PRELOAD select the build under test (normal or ASan).

set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
CTRACE=${CTRACE:-$TOP/build/ctrace}
PROGS=${PROGS:-$TOP/build/progs}
# writes synthetic profiles (tests/gen-profile.c): `make check` builds it
GEN_PROFILE=${GEN_PROFILE:-$TOP/build/gen-profile}
T=$(mktemp -d "${TMPDIR:-/tmp}/ctrace-test.XXXXXX")
trap 'rm -rf "$T"' EXIT

# The sanitizer build is slower and bigger: tests that measure scale down.
ASAN=0
grep -q __asan_init "$CTRACE" 2>/dev/null && ASAN=1

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# share FOLDED REGEX: percentage (one decimal) of the total weight of the
# folded stacks in FOLDED whose frames include one matching REGEX (awk ERE,
# matched against whole frame names).
share() {
	awk -v re="^($2)\$" '
	{
		n = $NF; sub(/ [0-9]+$/, ""); total += n
		k = split($0, f, ";")
		for (i = 1; i <= k; i++) if (f[i] ~ re) { hit += n; break }
	}
	END { printf "%.1f\n", total ? 100 * hit / total : 0 }' "$1"
}

# total FOLDED: the sum of the counts.
total() {
	awk '{ t += $NF } END { print t + 0 }' "$1"
}

# within VALUE LO HI: LO <= VALUE <= HI (decimals allowed).
within() {
	awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'
}

# expect_share FOLDED REGEX PERCENT TOLERANCE
expect_share() {
	local s
	s=$(share "$1" "$2")
	within "$s" "$(awk -v p="$3" -v t="$4" 'BEGIN{print p - t}')" \
		"$(awk -v p="$3" -v t="$4" 'BEGIN{print p + t}')" ||
		fail "share of '$2' is $s%, expected $3 ± $4 ($1)"
}

# record OUT.prof PROGRAM ARGS...: ctrace run -q, fails the test when ctrace
# does not exit with the program's own status (given in $EXPECT_STATUS, 0 by
# default).
record() {
	local out=$1 st
	shift
	"$CTRACE" run -q -o "$out" -- "$@" >"$T/record.out" 2>"$T/record.err"
	st=$?
	[ "$st" = "${EXPECT_STATUS:-0}" ] ||
		fail "ctrace run $* exited $st, expected ${EXPECT_STATUS:-0}: $(cat "$T/record.err")"
}

folded() {
	"$CTRACE" report "$1" --format=folded >"$2" || fail "report --format=folded $1 failed"
}

# big_profile OUT: tests/gen-profile.c's big profile, 1,000,000 samples over
# 10,000 stacks (100,000 samples with the sanitizer build), in BIG_SAMPLES.
big_profile() {
	BIG_SAMPLES=1000000
	[ "$ASAN" = 1 ] && BIG_SAMPLES=100000
	"$GEN_PROFILE" big "$1" $BIG_SAMPLES 10000 || fail "gen-profile big failed"
}

# expect_escaped FILE: a report meant for other programs is valid UTF-8 with
# no raw control characters but line breaks and no raw < > & (escaped, so
# that it can sit inside an HTML <script> element)
expect_escaped() {
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || fail "$1 is not valid UTF-8"
	LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$1" && fail "raw control characters in $1"
	grep -q '[<>&]' "$1" && fail "raw < > or & in $1: $(grep -o '.\{20\}[<>&].\{20\}' "$1" | head -3)"
	return 0
}
