#!/usr/bin/env bash
# Exit codes of `ctrace report`: 2 with one "ctrace: ..." line for bad
# arguments and profiles, 1 when the output cannot be written (a full disk,
# a closed pipe), 0 otherwise; a bad profile never leaves an output file.
. "$(dirname "$0")/lib/common.sh"

"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"

expect() { # expect STATUS MESSAGE-REGEX ARGS...
	local want=$1 re=$2 st
	shift 2
	"$CTRACE" report "$@" >"$T/out" 2>"$T/err"
	st=$?
	[ $st = "$want" ] || fail "report $*: exit $st, expected $want ($(cat "$T/err"))"
	[ "$want" = 0 ] && return
	[ "$(wc -l <"$T/err")" = 1 ] || fail "report $*: expected one error line: $(cat "$T/err")"
	grep -Eq "^ctrace: $re" "$T/err" || fail "report $*: message '$(cat "$T/err")' does not match '$re'"
}

expect 2 "cannot open '$T/missing.prof': No such file" "$T/missing.prof"
head -c 100 "$T/g.prof" >"$T/cut.prof"
expect 2 "'$T/cut.prof': truncated" "$T/cut.prof" -o "$T/cut.txt"
[ -e "$T/cut.txt" ] && fail "a bad profile left an output file"
expect 2 "unknown format 'flame' \(known: text, top, folded, json, markdown, html" "$T/g.prof" --format=flame
expect 2 "bad --focus regex '\(': " "$T/g.prof" --focus '('
expect 2 "bad --hide regex '\[': " "$T/g.prof" --hide '['
expect 2 "no process 4242 in the profile" "$T/g.prof" --pid 4242
expect 2 "no thread 4242 in the profile" "$T/g.prof" --tid 4242
expect 2 "no thread named 'nope\*' in the profile" "$T/g.prof" --thread 'nope*'
expect 2 "--pid takes a number" "$T/g.prof" --pid abc
expect 2 "--max-depth takes a number from 1" "$T/g.prof" --max-depth 0
expect 2 "--min-percent takes a percentage" "$T/g.prof" --min-percent 101
expect 2 "--sort takes self or total" "$T/g.prof" --sort name
expect 2 "--color takes auto, always or never" "$T/g.prof" --color sometimes
"$CTRACE" report >/dev/null 2>&1
[ $? = 2 ] || fail "report without a file did not exit 2"
"$CTRACE" report "$T/g.prof" "$T/g.prof" >/dev/null 2>&1
[ $? = 2 ] || fail "report with two files did not exit 2"

# write errors: 1, for -o and for standard output, in every format
for fmt in text top folded json markdown; do
	expect 1 "cannot write '/dev/full': No space left on device" "$T/g.prof" --format=$fmt -o /dev/full
	"$CTRACE" report "$T/g.prof" --format=$fmt >/dev/full 2>"$T/err"
	st=$?
	[ $st = 1 ] || fail "--format=$fmt >/dev/full: exit $st, expected 1"
	grep -q '^ctrace: cannot write output' "$T/err" || fail "--format=$fmt >/dev/full: $(cat "$T/err")"
done
expect 1 "cannot write '$T/no/such/dir/x.txt'" "$T/g.prof" -o "$T/no/such/dir/x.txt"
expect 0 "" "$T/g.prof" --focus 'no_such_function'
exit 0
