/* deep.c - recursion DEPTH frames deep (default 300), then burns CPU at the
 * bottom: every sample's stack holds DEPTH recurse() frames. */
#include <stdio.h>

#include "workload.h"

static NOINLINE long recurse(long depth, long units)
{
	long r;

	if (depth == 0) {
		burn(units);
		return 0;
	}
	r = recurse(depth - 1, units);
	__asm__ volatile("" : "+r"(r)); /* no tail call */
	return r + 1;
}

int main(int argc, char **argv)
{
	long depth = arg_long(argc, argv, 1, 300);
	long r = recurse(depth, arg_long(argc, argv, 2, 400));
	printf("depth %ld\n", r);
	return 0;
}
