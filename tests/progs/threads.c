/* threads.c - three named worker threads doing 1, 2 and 3 shares of work
 * while the main thread waits: per-thread CPU shares 1/6, 2/6, 3/6.
 * usage: threads [UNITS]  (units per share, default 200) */
#include <pthread.h>
#include <stdio.h>

#include "workload.h"

static long units;

static NOINLINE void *worker(void *arg)
{
	long share = (long)arg;
	char name[16];

	snprintf(name, sizeof(name), "worker-%ld", share);
	pthread_setname_np(pthread_self(), name);
	burn(share * units);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[3];

	units = arg_long(argc, argv, 1, 200);
	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, (void *)(i + 1));
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("threads done\n");
	return 0;
}
