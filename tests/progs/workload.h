/* workload.h - shared pieces of the test workloads: a CPU burner the
 * compiler cannot remove, and argument parsing. Built without frame
 * pointers, like Debian's own code. */
#ifndef CTRACE_WORKLOAD_H
#define CTRACE_WORKLOAD_H

#include <stdlib.h>

#define NOINLINE __attribute__((noinline))

static volatile double workload_sink;

/* Burns N units of CPU (about 1 ms each on this kind of machine). */
static NOINLINE __attribute__((unused)) void burn(long n)
{
	double s = workload_sink;
	for (long i = 0; i < n * 600000; i++) {
		s = s * 1.0000001 + 0.5;
		__asm__ volatile("" : "+x"(s));
	}
	workload_sink = s;
}

/* Recurses D calls deep, then burns a unit: stacks for the unwinder. */
static NOINLINE __attribute__((unused)) long deep(int d)
{
	if (d == 0) {
		burn(1);
		return 1;
	}
	long r = deep(d - 1);
	__asm__ volatile("" : "+r"(r)); /* no tail call */
	return r;
}

static inline long arg_long(int argc, char **argv, int i, long def)
{
	return argc > i ? atol(argv[i]) : def;
}

#endif
