#!/usr/bin/env bash
# Every report format, byte for byte, on a synthetic profile that is the same
# on every machine (tests/gen-profile.c golden: several processes and threads,
# names with <>&"'|`;, control characters, UTF-8 and invalid UTF-8, inlined,
# unknown, truncated and not-unwound stacks). The cases are listed in
# tests/golden/synthetic.cases; UPDATE_GOLDEN=1 rewrites the expected files.
. "$(dirname "$0")/lib/common.sh"

"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"

G=$TOP/tests/golden
n=0
bad=()
while read -r name args; do
	case $name in '' | '#'*) continue ;; esac
	read -ra argv <<<"$args"
	"$CTRACE" report "$T/g.prof" "${argv[@]}" >"$T/$name" 2>"$T/$name.err" ||
		fail "report ${argv[*]} exited $?: $(cat "$T/$name.err")"
	[ -s "$T/$name.err" ] && fail "report ${argv[*]} wrote to stderr: $(cat "$T/$name.err")"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T/$name" "$G/$name"
	elif ! cmp -s "$G/$name" "$T/$name"; then
		echo "--- $name: ctrace report ${argv[*]}" >&2
		diff -u "$G/$name" "$T/$name" | head -40 >&2
		bad+=("$name")
	fi
	n=$((n + 1))
done <"$G/synthetic.cases"
[ "$n" -ge 10 ] || fail "only $n golden cases ran"
[ ${#bad[@]} = 0 ] || fail "output differs from tests/golden/ for: ${bad[*]}"
exit 0
