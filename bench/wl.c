/* wl.c - the bench workload: CPU-bound, 30-deep stacks, built without frame
 * pointers (and once with them, wl-fp, so that `perf record -g` sees the
 * same stacks when profile sizes are compared).
 *
 *   wl THREADS ITERS [BURN]
 *
 * Each of THREADS threads (the main thread when THREADS is 1) runs ITERS
 * iterations. An iteration descends DEPTH frames, each one of 4 look-alike
 * functions chosen by the iteration's path (NPATHS distinct paths, so a
 * profile holds a few hundred distinct stacks, not one), then burns BURN
 * loop turns (about 50 us at the default) in the leaf.
 *
 * At exit it appends "CPU_NS WALL_NS" to the file named by $WL_OUT: the
 * process's own CPU time (CLOCK_PROCESS_CPUTIME_ID: every thread, ctrace's
 * signal handler and the kernel's work on the process's behalf included)
 * and the wall time of main(). */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
#define DEPTH 30
#define NPATHS 256

static long iters, burn;
static volatile double sink;

static NOINLINE double leaf(long n, double s)
{
	for (long i = 0; i < n; i++) {
		s = s * 1.0000001 + 0.5;
		__asm__ volatile("" : "+x"(s));
	}
	return s;
}

typedef long (*level_fn)(int d, uint64_t path, double *acc);
static long lv_a(int d, uint64_t path, double *acc);
static long lv_b(int d, uint64_t path, double *acc);
static long lv_c(int d, uint64_t path, double *acc);
static long lv_d(int d, uint64_t path, double *acc);
static level_fn const levels[4] = {lv_a, lv_b, lv_c, lv_d};

/* one level: go one deeper, no tail call (the frame must stay) */
#define LEVEL(name, k)                                                          \
	static NOINLINE long name(int d, uint64_t path, double *acc)           \
	{                                                                       \
		long r;                                                         \
		if (d == 0) {                                                   \
			*acc = leaf(burn, *acc + (k));                          \
			return k;                                               \
		}                                                               \
		r = levels[(path >> (2 * (d & 31))) & 3](d - 1, path, acc);     \
		__asm__ volatile("" : "+r"(r));                                 \
		return r + (k);                                                 \
	}
LEVEL(lv_a, 1)
LEVEL(lv_b, 2)
LEVEL(lv_c, 3)
LEVEL(lv_d, 5)

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

static void *worker(void *arg)
{
	double acc = (double)(uintptr_t)arg;
	long r = 0;
	for (long i = 0; i < iters; i++) {
		uint64_t path = mix64((uint64_t)(i % NPATHS) + 1);
		r += levels[path & 3](DEPTH - 1, path, &acc);
	}
	sink = acc + (double)r;
	return NULL;
}

static int64_t ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int64_t t0 = ns(CLOCK_MONOTONIC);
	int threads = argc > 1 ? atoi(argv[1]) : 1;
	iters = argc > 2 ? atol(argv[2]) : 50000;
	burn = argc > 3 ? atol(argv[3]) : 30000;
	if (threads < 1 || threads > 64 || iters < 0 || burn < 0) {
		fprintf(stderr, "usage: wl THREADS ITERS [BURN]\n");
		return 2;
	}
	if (threads == 1) {
		worker(NULL);
	} else {
		pthread_t tid[64];
		for (int t = 0; t < threads; t++)
			if (pthread_create(&tid[t], NULL, worker, (void *)(uintptr_t)(t + 1))) {
				perror("pthread_create");
				return 1;
			}
		for (int t = 0; t < threads; t++)
			pthread_join(tid[t], NULL);
	}
	const char *out = getenv("WL_OUT");
	if (out && *out) {
		char line[64];
		int n = snprintf(line, sizeof(line), "%lld %lld\n", (long long)ns(CLOCK_PROCESS_CPUTIME_ID),
				 (long long)(ns(CLOCK_MONOTONIC) - t0));
		int fd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd < 0 || write(fd, line, (size_t)n) != n) {
			perror(out);
			return 1;
		}
		close(fd);
	}
	return 0;
}
