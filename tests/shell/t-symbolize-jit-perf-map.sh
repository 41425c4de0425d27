#!/usr/bin/env bash
# Code with no ELF behind it (a JIT) is named from /tmp/perf-PID.map.
. "$(dirname "$0")/lib/common.sh"

record "$T/j.prof" "$PROGS/jit" 300
pid=$("$CTRACE" info --json "$T/j.prof" | jq '.processes[0].pid')
rm -f "/tmp/perf-$pid.map"
folded "$T/j.prof" "$T/j.folded"
expect_share "$T/j.folded" 'jit_spin_loop' 95 5
