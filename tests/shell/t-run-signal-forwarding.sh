#!/usr/bin/env bash
# SIGTERM sent to ctrace run reaches the program, whose samples are kept and
# whose status (128+15) comes back. The program says when it is ready through
# a FIFO, so no sleep is needed.
. "$(dirname "$0")/lib/common.sh"

mkfifo "$T/ready"
"$CTRACE" run -q -o "$T/t.prof" -- sh -c 'echo ready >"$1"; while :; do :; done' sh "$T/ready" &
pid=$!
read -r line <"$T/ready"
[ "$line" = ready ] || fail "the program did not start"
kill -TERM $pid
wait $pid
st=$?
[ $st = 143 ] || fail "ctrace exited $st after SIGTERM, expected 143"
"$CTRACE" info --json "$T/t.prof" | jq -e '.meta.exit_signal == 15' >/dev/null || fail "the profile does not record SIGTERM"
