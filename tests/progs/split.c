/* split.c - a known CPU split in one thread: hot() does 3 units of work for
 * every unit cold() does, so hot holds 75% of the CPU time, cold 25%.
 * usage: split [UNITS]  (default 1200, about 1.2 s) */
#include <stdio.h>

#include "workload.h"

/* the empty asm after each call keeps it from becoming a tail jump, which
 * would leave hot and cold out of the stacks */
static NOINLINE void hot(long n)
{
	burn(3 * n);
	__asm__ volatile("");
}

static NOINLINE void cold(long n)
{
	burn(n);
	__asm__ volatile("");
}

int main(int argc, char **argv)
{
	long units = arg_long(argc, argv, 1, 1200);
	/* calls of 30 and 10 units, long against the timer's 4 ms tick */
	for (long i = 0; i < units / 40; i++) {
		hot(10);
		cold(10);
	}
	printf("split done\n");
	return 0;
}
