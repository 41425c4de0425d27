/* spin.c - the smallest workload: burns UNITS (default 100) in spin_work.
 * Also built static, to check that ctrace refuses what it cannot profile. */
#include <stdio.h>

#include "workload.h"

static NOINLINE void spin_work(long n)
{
	burn(n);
	__asm__ volatile(""); /* no tail call */
}

int main(int argc, char **argv)
{
	spin_work(arg_long(argc, argv, 1, 100));
	printf("spin done\n");
	return 0;
}
