#!/usr/bin/env bash
# text and top are colored by share on a terminal, and only there: not in a
# pipe or a file, not with NO_COLOR set or TERM=dumb, not with --color=never;
# --color=always forces it. Folded and JSON never carry escapes.
. "$(dirname "$0")/lib/common.sh"

command -v script >/dev/null || fail "script(1) (util-linux) is needed for a terminal"
"$GEN_PROFILE" golden "$T/g.prof" || fail "gen-profile golden failed"

ESC=$'\033['
on_tty() { # on_tty OUT ENV... -- ARGS...: report on a pseudo-terminal
	local out=$1 envs=()
	shift
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env -u NO_COLOR TERM=xterm "${envs[@]}" script -qec "$(printf '%q ' "$CTRACE" report "$T/g.prof" "$@")" /dev/null >"$out" </dev/null ||
		fail "report $* on a terminal failed: $(cat "$out")"
	grep -q 'golden' "$out" || fail "no report on the terminal: $(cat "$out")"
}
has_color() { grep -qF "$ESC" "$1"; }

on_tty "$T/tty" -- && has_color "$T/tty" || fail "no colors on a terminal"
grep -qF "${ESC}1;31m" "$T/tty" || fail "the hottest lines are not bold red"
on_tty "$T/top" -- --format=top && has_color "$T/top" || fail "top: no colors on a terminal"
on_tty "$T/nocolor" NO_COLOR=1 -- && has_color "$T/nocolor" && fail "NO_COLOR=1 is not honoured"
on_tty "$T/empty" NO_COLOR= -- && has_color "$T/empty" || fail "an empty NO_COLOR turned colors off"
on_tty "$T/dumb" TERM=dumb -- && has_color "$T/dumb" && fail "TERM=dumb is not honoured"
on_tty "$T/never" -- --color=never && has_color "$T/never" && fail "--color=never is not honoured"
on_tty "$T/folded" -- --format=folded && has_color "$T/folded" && fail "folded has colors"

env -u NO_COLOR TERM=xterm "$CTRACE" report "$T/g.prof" >"$T/pipe" && has_color "$T/pipe" && fail "colors in a pipe"
"$CTRACE" report "$T/g.prof" -o "$T/file.txt" && has_color "$T/file.txt" && fail "colors in a file"
"$CTRACE" report "$T/g.prof" --color=always >"$T/always" && has_color "$T/always" || fail "--color=always has no colors"
# without the escapes, the colored text is the plain one
sed 's/\x1b\[[0-9;]*m//g' "$T/always" | cmp -s - "$T/pipe" || fail "colors change the text"
exit 0
