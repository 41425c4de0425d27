#!/usr/bin/env bash
# Programs that ignore LD_PRELOAD are refused with one clear line, exit
# status 2, and nothing written: a static binary, a setuid binary owned by
# someone else, and a script whose interpreter is static.
. "$(dirname "$0")/lib/common.sh"

refused() { # what program...
	local what=$1
	shift
	"$CTRACE" run -o "$T/out.prof" -- "$@" >"$T/out" 2>"$T/err"
	st=$?
	[ $st = 2 ] || fail "$what: exit $st, expected 2"
	[ "$(wc -l <"$T/err")" = 1 ] || fail "$what: expected one line, got: $(cat "$T/err")"
	grep -q "^ctrace: cannot profile" "$T/err" || fail "$what: unclear message: $(cat "$T/err")"
	grep -q "$what" "$T/err" || fail "message does not say why ($what): $(cat "$T/err")"
	[ -s "$T/out" ] && fail "$what: the program ran"
	ls "$T"/out.prof* >/dev/null 2>&1 && fail "$what: a profile was written"
	return 0
}
refused "statically linked" "$PROGS/static-spin"
printf '#!%s\n' "$PROGS/static-spin" >"$T/script"
chmod +x "$T/script"
refused "statically linked" "$T/script"
if [ "$(id -u)" = 0 ]; then
	cp "$PROGS/spin" "$T/suid"
	chown nobody "$T/suid"
	chmod 4755 "$T/suid"
	refused "setuid" "$T/suid"
fi
exit 0
