#!/usr/bin/env bash
# Debian's own xz -T2 does its work in liblzma threads that block all signals:
# they are sampled too, and the compression code is named from liblzma.
. "$(dirname "$0")/lib/common.sh"

head -c 4000000 /dev/urandom | base64 >"$T/data"
record "$T/xz.prof" xz -T2 -3 --block-size=1MiB -k -f "$T/data"
"$CTRACE" info --json "$T/xz.prof" >"$T/info.json"
busy=$(jq '[.processes[].threads[] | select(.signals_blocked and .stats.samples > 20)] | length' "$T/info.json")
[ "$busy" -ge 2 ] || fail "expected 2 worker threads with samples, got $busy: $(jq -c '[.processes[].threads[] | {name, signals_blocked, s: .stats.samples}]' "$T/info.json")"
folded "$T/xz.prof" "$T/xz.folded"
expect_share "$T/xz.folded" 'lzma_.*|\[unknown\] liblzma\.so\.5\+.*' 90 10
