#!/usr/bin/env bash
# Frames are named as a developer would: a static C function, an exported
# one, an always-inline function as a frame of its own, libc's qsort between
# main and the comparison callback, a C++ template in a namespace demangled;
# in a PIE and in a non-PIE build alike.
. "$(dirname "$0")/lib/common.sh"

for prog in symwork symwork-nopie; do
	record "$T/$prog.prof" "$PROGS/$prog" 400
	folded "$T/$prog.prof" "$T/$prog.folded"
	expect_share "$T/$prog.folded" 'static_hot' 60 25
	expect_share "$T/$prog.folded" 'exported_work' 60 25
	# the inlined function is its own frame, under the function it was inlined into
	grep -q ';exported_work;static_hot;inl_square_sum ' "$T/$prog.folded" ||
		fail "$prog: no inline frame inl_square_sum under static_hot"
	# libc's frames are named between our code and our callback
	grep -Eq ';sort_work;(qsort|qsort_r|__qsort_r);(msort_with_tmp[^;]*;)+cmp_slow ' "$T/$prog.folded" ||
		fail "$prog: no sort_work;qsort_r;msort_with_tmp...;cmp_slow stack: $(grep cmp_slow "$T/$prog.folded" | head -1)"
	grep -q '\[unknown\]' "$T/$prog.folded" && fail "$prog: unnamed frames: $(grep -o '\[unknown\][^;]*' "$T/$prog.folded" | sort -u | head -3)"
done
"$CTRACE" info --json "$T/symwork.prof" | jq -e '.meta.symbols.named == .meta.symbols.addresses and .meta.symbols.with_lines > 0' >/dev/null ||
	fail "info does not count every address as named: $("$CTRACE" info --json "$T/symwork.prof" | jq -c .meta.symbols)"

record "$T/cxx.prof" "$PROGS/symwork-cxx" 300
folded "$T/cxx.prof" "$T/cxx.folded"
expect_share "$T/cxx.folded" 'geo::Grid<double>::relax\(int\)' 90 10
