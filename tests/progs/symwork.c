/* symwork.c - code whose names and lines the symbolizer must get right: a
 * static function, an exported one, an always-inline function whose loop
 * holds the CPU time (its own frame, with its own line), and a qsort whose
 * comparison callback burns CPU, so that libc's frames sit between main and
 * the callback. Lines are found by the tests from the @line markers.
 * Built PIE, non-PIE (-no-pie) and stripped (names then from .dynsym). */
#include <stdio.h>
#include <stdlib.h>

#include "workload.h"

#ifndef VARIANT
#define VARIANT 1
#endif

static volatile long sink = VARIANT;

static inline __attribute__((always_inline)) long inl_square_sum(long n)
{
	long s = 0;
	for (long i = 0; i < n; i++) { /* @line:inl_loop */
		s += i * i ^ sink; /* @line:inl_body */
		__asm__ volatile("" : "+r"(s));
	}
	return s;
}

static NOINLINE long static_hot(long n)
{
	long r = inl_square_sum(n); /* @line:inl_call */
	__asm__ volatile("" : "+r"(r));
	return r;
}

NOINLINE long exported_work(long n)
{
	long r = static_hot(n);
	__asm__ volatile("" : "+r"(r));
	return r;
}

static int cmp_slow(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	for (int i = 0; i < 2000; i++)
		__asm__ volatile("" : "+r"(x));
	return (x > y) - (x < y);
}

static NOINLINE void sort_work(long n)
{
	long *v = malloc(sizeof(long) * (size_t)n);
	for (long i = 0; i < n; i++)
		v[i] = (i * 7919) % n;
	qsort(v, (size_t)n, sizeof(long), cmp_slow);
	free(v);
}

int main(int argc, char **argv)
{
	long units = arg_long(argc, argv, 1, 400);
	long r = 0;

	for (long i = 0; i < units / 10; i++)
		r += exported_work(4000000);
	sort_work(units * 12);
	printf("symwork %ld\n", r & 1);
	return 0;
}
