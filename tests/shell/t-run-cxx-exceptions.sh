#!/usr/bin/env bash
# C++ exceptions behave exactly as without ctrace: same output, and the
# program's unwinder stays libgcc_s (libunwind is loaded privately by the shim
# and must not take over _Unwind_RaiseException).
. "$(dirname "$0")/lib/common.sh"

plain=$("$PROGS/throw" 20000)
record "$T/x.prof" "$PROGS/throw" 20000
[ "$(cat "$T/record.out")" = "$plain" ] || fail "output differs: $(cat "$T/record.out") vs $plain"
LD_DEBUG=bindings "$CTRACE" run -q -o "$T/b.prof" -- "$PROGS/throw" 10 >/dev/null 2>"$T/bindings"
# "binding file A [0] to B [0]: normal symbol `_Unwind_RaiseException'"
grep "binding file [^ ]*libstdc++[^ ]* .* to [^ ]* .*normal symbol \`_Unwind_RaiseException'" "$T/bindings" >"$T/raise" ||
	fail "no binding of libstdc++'s _Unwind_RaiseException seen"
grep -q ' to [^ ]*libunwind' "$T/raise" && fail "_Unwind_RaiseException bound to libunwind: $(head -1 "$T/raise")"
grep -q ' to [^ ]*libgcc_s' "$T/raise" || fail "_Unwind_RaiseException not bound to libgcc_s: $(head -1 "$T/raise")"
folded "$T/x.prof" "$T/x.folded"
grep -q 'app::Thrower<long>::pass' "$T/x.folded" || fail "no demangled app::Thrower<long>::pass frame"
