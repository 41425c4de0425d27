#!/usr/bin/env bash
# tests/progs/split spends 3/4 of its CPU time in hot() and 1/4 in cold():
# every format shows those shares (75% and 25%, ± 3) as times and
# percentages, and all of them show the same figures, drawn from one model.
. "$(dirname "$0")/lib/common.sh"

# 2,400 samples: the shares spread by sqrt(p(1-p)/n), 0.9 points
record "$T/split.prof" "$PROGS/split" 2400
r() { "$CTRACE" report "$T/split.prof" "$@" || fail "report $* exited $?"; }

# folded: counts are weights
r --format=folded >"$T/f"
expect_share "$T/f" 'hot(\..*)?' 75 3
expect_share "$T/f" 'cold(\..*)?' 25 3

# text: the tree line of each function, "TIME PCT%  [guides] NAME  FILE:LINE"
r >"$T/text"
for fn in hot cold; do
	line=$(grep -E "[0-9] (ms|s) +[0-9.]+%  .*[└├]─ $fn(\.[a-z0-9.]+)?  .*split\.c:[0-9]+$" "$T/text") ||
		fail "text: no tree line with a time, a share and split.c:LINE for $fn: $(cat "$T/text")"
	pct=$(awk '{ sub(/%/, "", $3); print $3 }' <<<"$line")
	eval "text_$fn=$pct"
done
within "$text_hot" 72 78 || fail "text: hot holds $text_hot%"
within "$text_cold" 22 28 || fail "text: cold holds $text_cold%"

# top: the total% column of each function
r --format=top --sort total -n 0 >"$T/top"
top_pct() { awk -v fn="$1" '$7 ~ ("^" fn "(\\..*)?$") { sub(/%/, "", $5); print $5 }' "$T/top" | head -1; }
within "$(top_pct hot)" 72 78 || fail "top: hot holds $(top_pct hot)%: $(cat "$T/top")"
within "$(top_pct cold)" 22 28 || fail "top: cold holds $(top_pct cold)%"
# (a sample may land on a call or return in hot, cold or main: 99% or more)
grep -Eq '^ +[0-9.]+ (ms|s) +(99\.[0-9]|100\.0)% +[0-9.]+ (ms|s) +(99\.[0-9]|100\.0)% +[0-9]+  burn  ' "$T/top" ||
	fail "top: burn does not hold all self time: $(cat "$T/top")"

# json: functions' total over the selection's weight
r --format=json >"$T/json"
json_pct() { jq -r --arg re "^$1(\\..*)?\$" '.totals.weight as $t | .functions[] | select(.name | test($re)) | 100 * .total / $t' "$T/json"; }
within "$(json_pct hot)" 72 78 || fail "json: hot holds $(json_pct hot)%"
within "$(json_pct cold)" 22 28 || fail "json: cold holds $(json_pct cold)%"

# markdown: the total % column
r --format=markdown >"$T/md"
md_pct() { awk -F' \\| ' -v fn="$1" '$1 ~ ("^\\| " fn "(\\..*)?$") { sub(/%/, "", $5); print $5 }' "$T/md"; }
within "$(md_pct hot)" 72 78 || fail "markdown: hot holds $(md_pct hot)%: $(cat "$T/md")"

# one model: every format gives the same share, to the printed decimal
folded_hot=$(share "$T/f" 'hot(\..*)?')
for v in "$text_hot" "$(top_pct hot)" "$(md_pct hot)" "$(printf '%.1f' "$(json_pct hot)")"; do
	[ "$v" = "$folded_hot" ] || fail "formats disagree on hot: folded $folded_hot%, another $v%"
done
exit 0
