#!/usr/bin/env bash
# Code in a library that was dlopen'ed and dlclosed before exit is attributed
# to it, and so is code of a second library loaded afterwards at the same
# address: each holds its third of the CPU time.
. "$(dirname "$0")/lib/common.sh"

record "$T/p.prof" "$PROGS/dlplug" "$PROGS" 300
grep -q '^pluga at' "$T/record.out" || fail "the program's output is missing"
folded "$T/p.prof" "$T/p.folded"
expect_share "$T/p.folded" 'pluga_(spin|inner)' 33.3 4
expect_share "$T/p.folded" 'plugb_(spin|inner)' 33.3 4
[ "$(awk -F';' '/pluga_/ && /plugb_/' "$T/p.folded" | wc -l)" -eq 0 ] || fail "a stack mixes both libraries"

# a library dlopen'ed and never closed, in a program that then crashes: no
# dlclose or exit reported it, the launcher found it while the program ran
EXPECT_STATUS=139 record "$T/c.prof" "$PROGS/dlplug" "$PROGS" 300 crash
folded "$T/c.prof" "$T/c.folded"
expect_share "$T/c.folded" 'pluga_(spin|inner)' 97 3
