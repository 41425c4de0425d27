#!/usr/bin/env bash
# The end-of-run summary says what happened (duration, CPU, samples, rate
# asked and delivered, engine, the profile and how to report it); --meta tags
# and the metadata are stored; -q is silent.
. "$(dirname "$0")/lib/common.sh"

"$CTRACE" run -F 499 --meta version=1.2 --meta branch=main -o "$T/s.prof" -- "$PROGS/spin" 200 >/dev/null 2>"$T/err" || fail "run failed"
grep -q 'rate asked 499 Hz, delivered [0-9]* Hz' "$T/err" || fail "no asked/delivered rate: $(cat "$T/err")"
grep -q "wrote $T/s.prof" "$T/err" || fail "summary does not name the profile"
grep -q "ctrace report $T/s.prof" "$T/err" || fail "summary does not say how to report"
grep -Eq 'samples standing for' "$T/err" || fail "summary has no sample count"
grep -Eq '(timer|perf) engine' "$T/err" || fail "summary does not name the engine"
"$CTRACE" info --json "$T/s.prof" >"$T/i.json"
jq -e '.meta.tags == {"version": "1.2", "branch": "main"}' "$T/i.json" >/dev/null || fail "tags: $(jq -c .meta.tags "$T/i.json")"
for k in command start_time duration_ns host kernel rate_hz delivered_hz ctrace_version exit_code engine_used; do
	jq -e ".meta | has(\"$k\")" "$T/i.json" >/dev/null || fail "metadata lacks $k"
done
jq -e '.meta.rate_hz == 499' "$T/i.json" >/dev/null || fail "asked rate not stored"
"$CTRACE" info "$T/s.prof" | grep -q 'handler .* us/sample' || fail "info does not show the handler's cost"
"$CTRACE" run -q -o "$T/q.prof" -- "$PROGS/spin" 10 >/dev/null 2>"$T/qerr"
[ -s "$T/qerr" ] && fail "-q printed: $(cat "$T/qerr")"
exit 0
