#!/usr/bin/env bash
# A program that crashes, aborts, is killed with SIGKILL or calls _exit keeps
# every sample taken until then, and its end is unchanged: ctrace exits with
# 128+signal (or the status), like the program would.
. "$(dirname "$0")/lib/common.sh"

check_mode() { # mode expected-status expected-signal-or-code
	local mode=$1 want=$2
	EXPECT_STATUS=$want record "$T/$mode.prof" "$PROGS/crash" "$mode" 300
	folded "$T/$mode.prof" "$T/$mode.folded"
	expect_share "$T/$mode.folded" 'crash_work' 97 3
	ms=$(total "$T/$mode.folded")
	[ "$ms" -ge 150 ] || fail "$mode: only $ms ms of samples survived"
	"$CTRACE" info --json "$T/$mode.prof" >"$T/$mode.json"
}
check_mode segv 139
jq -e '.meta.exit_signal == 11' "$T/segv.json" >/dev/null || fail "SIGSEGV not recorded as the exit signal"
check_mode abort 134
check_mode kill 137
jq -e '.meta.exit_signal == 9' "$T/kill.json" >/dev/null || fail "SIGKILL not recorded"
check_mode exit 5
jq -e '.meta.exit_code == 5' "$T/exit.json" >/dev/null || fail "_exit status not recorded"
