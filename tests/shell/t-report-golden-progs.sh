#!/usr/bin/env bash
# text, top, folded and json of real recordings of tests/progs/split and
# tests/progs/threads match tests/golden/progs-*, once times, shares, counts,
# line numbers, pids and addresses are normalised. --focus and --thread keep
# out the few samples of program start-up and exit that vary from run to run.
# UPDATE_GOLDEN=1 rewrites the expected files.
. "$(dirname "$0")/lib/common.sh"

record "$T/split.prof" "$PROGS/split"
record "$T/threads.prof" "$PROGS/threads"

# Everything that varies between runs becomes a placeholder: T (a time),
# P% (a share), N (a count, pid or tid), :L (a line), +0xX (an address).
# Table columns first, as a whole, so that their widths do not matter.
TIME='([0-9]+(\.[0-9]+)? (s|ms|us)|0)'
PCT='[0-9]+\.[0-9]%'
normalise() {
	sed -E -e "s#$PROGS/#PROGS/#g" \
		-e '/^unwinding |more under /d' \
		-e "s/^ *$TIME +$PCT +$TIME +$PCT +[0-9]+  /T P% T P% N  /" \
		-e "s/^ *$TIME +$PCT  /T P%  /" \
		-e "s/^ +[0-9]+ +$TIME +$TIME  /    N T T  /" \
		-e 's/[0-9]+(\.[0-9]+)? (s|ms|us)( |$|,|;|\))/T\3/g' \
		-e "s/$PCT/P%/g" \
		-e 's/:[0-9]+/:L/g' \
		-e 's/\+0x[0-9a-f]+/+0xX/g' \
		-e 's/ \(T\)//g' -e 's/\((perf|timer) engine\)/(E engine)/' \
		-e 's/(^| )[0-9]+( |$|,)/\1N\2/g' -e 's/(^| )[0-9]+( |$|,)/\1N\2/g' \
		-e 's/ +$//'
}

# JSON, projected on what does not vary: the keys, and each node's kind and
# name, indented by its depth
json_shape() {
	jq -r '(keys_unsorted | join(" ")), (.summary | keys_unsorted | join(" ")),
		(.view | keys_unsorted | join(" ")), (.frames[0] | keys_unsorted | join(" ")),
		(.functions[0] | keys_unsorted | join(" ")), (.nodes[1] | keys_unsorted | join(" ")),
		(.frames as $f | .nodes[] |
			"\([range(.depth)] | map("  ") | join(""))\(.kind) \(if .kind == "frame" then $f[.frame].name else .name end)")' |
		normalise
}

check() { # check NAME FILTER PROFILE ARGS...
	local name=$1 filter=$2 prof=$3
	shift 3
	"$CTRACE" report "$prof" "$@" >"$T/$name.raw" 2>"$T/$name.err" || fail "report $* exited $?: $(cat "$T/$name.err")"
	$filter <"$T/$name.raw" >"$T/$name" || fail "cannot normalise the output of report $*"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T/$name" "$TOP/tests/golden/$name"
	elif ! cmp -s "$TOP/tests/golden/$name" "$T/$name"; then
		diff -u "$TOP/tests/golden/$name" "$T/$name" | head -40 >&2
		fail "report $* differs from tests/golden/$name"
	fi
}

check progs-split-text normalise "$T/split.prof" --focus '^(hot|cold)'
check progs-split-top normalise "$T/split.prof" --format=top --focus '^(hot|cold)'
check progs-split-folded normalise "$T/split.prof" --format=folded --focus '^(hot|cold)'
check progs-split-json json_shape "$T/split.prof" --format=json --focus '^(hot|cold)'
check progs-threads-text normalise "$T/threads.prof" --thread 'worker-*' --split-threads --focus '^worker$'
check progs-threads-json json_shape "$T/threads.prof" --format=json --thread 'worker-*' --split-threads \
	--focus '^worker$'
exit 0
