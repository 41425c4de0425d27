/* blocked.c - a worker thread created with every signal blocked (as
 * liblzma's are) does 2/3 of the work; the main thread 1/3. The worker
 * checks that its signal mask still says SIGPROF is blocked. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "workload.h"

static long units;
static int mask_ok;

static NOINLINE void *blocked_worker(void *arg)
{
	sigset_t cur;

	(void)arg;
	pthread_setname_np(pthread_self(), "blocked");
	pthread_sigmask(SIG_SETMASK, NULL, &cur);
	mask_ok = sigismember(&cur, SIGPROF) == 1 && sigismember(&cur, SIGINT) == 1;
	burn(2 * units);
	return NULL;
}

static NOINLINE void main_work(long n)
{
	burn(n);
	__asm__ volatile(""); /* no tail call */
}

int main(int argc, char **argv)
{
	sigset_t all, old;
	pthread_t t;

	units = arg_long(argc, argv, 1, 300);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_create(&t, NULL, blocked_worker, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	main_work(units);
	pthread_join(t, NULL);
	printf("mask %s\n", mask_ok ? "ok" : "CHANGED");
	return 0;
}
