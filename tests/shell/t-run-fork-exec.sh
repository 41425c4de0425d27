#!/usr/bin/env bash
# fork and exec children are followed: the parent, a fork child and an
# exec'ed image each hold their third of the CPU time, kept apart as three
# processes; --no-follow profiles the parent alone.
. "$(dirname "$0")/lib/common.sh"

record "$T/f.prof" "$PROGS/family" 200
grep -q 'family done 0 0' "$T/record.out" || fail "program output changed: $(cat "$T/record.out")"
folded "$T/f.prof" "$T/f.folded"
expect_share "$T/f.folded" 'parent_work' 33.3 5
expect_share "$T/f.folded" 'child_work' 33.3 5
expect_share "$T/f.folded" 'exec_work' 33.3 5
"$CTRACE" info --json "$T/f.prof" >"$T/info.json"
kinds=$(jq -r '[.processes[] | select(.stats.samples > 0) | .kind] | sort | join(",")' "$T/info.json")
[ "$kinds" = "exec,fork,launch" ] || fail "processes with samples: $kinds, expected exec,fork,launch"
# the exec'ed image is its own process with its own arguments
jq -e '.processes[] | select(.kind == "exec") | .cmdline | test("exec 200")' "$T/info.json" >/dev/null ||
	fail "exec image has the wrong command line"

"$CTRACE" run -q --no-follow -o "$T/nf.prof" -- "$PROGS/family" 100 >/dev/null || fail "--no-follow run failed"
n=$("$CTRACE" info --json "$T/nf.prof" | jq '[.processes[]] | length')
[ "$n" -eq 1 ] || fail "--no-follow recorded $n processes"
folded "$T/nf.prof" "$T/nf.folded"
expect_share "$T/nf.folded" 'parent_work' 100 3
