#!/usr/bin/env bash
# A program with its own SIGPROF profiler (sigaction + setitimer) keeps its
# handler and gets about as many of its signals as without ctrace.
. "$(dirname "$0")/lib/common.sh"

plain=$("$PROGS/ownprof" 1000)
record "$T/o.prof" "$PROGS/ownprof" 1000
traced=$(cat "$T/record.out")
case "$traced" in "handler kept, hits "*) ;; *) fail "unexpected output: $traced" ;; esac
p=${plain##* }
t=${traced##* }
[ "$p" -gt 20 ] || fail "the program itself got only $p signals"
within "$t" "$(awk -v p=$p 'BEGIN{print p * 0.7}')" "$(awk -v p=$p 'BEGIN{print p * 1.3}')" ||
	fail "the program got $t of its SIGPROFs under ctrace, $p without"
"$CTRACE" info --json "$T/o.prof" | jq -e '.totals.program_signals > 20' >/dev/null ||
	fail "ctrace did not count the program's own signals"
folded "$T/o.prof" "$T/o.folded"
expect_share "$T/o.folded" 'burn' 95 5
