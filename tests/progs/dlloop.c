/* dlloop.c - one thread loops dlopen/dlsym/call/dlclose over two libraries
 * while two others recurse and malloc: under sampling this must never hang
 * (libunwind against the loader's lock, LIMITS.md §2).
 * usage: dlloop DIR [ITERATIONS] */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "workload.h"

static const char *dir;
static long iters;
static volatile int done;

static void *loader(void *arg)
{
	char path[2][4096];

	(void)arg;
	snprintf(path[0], sizeof(path[0]), "%s/libpluga.so", dir);
	snprintf(path[1], sizeof(path[1]), "%s/libplugb.so", dir);
	for (long i = 0; i < iters; i++) {
		void *h = dlopen(path[i & 1], RTLD_NOW | RTLD_LOCAL);
		if (!h) {
			fprintf(stderr, "dlopen: %s\n", dlerror());
			exit(1);
		}
		void (*spin)(long) = (void (*)(long))dlsym(h, i & 1 ? "plugb_inner" : "pluga_inner");
		spin(0);
		free(malloc(1000 + (size_t)i % 5000));
		dlclose(h);
	}
	done = 1;
	return NULL;
}

static void *busy(void *arg)
{
	long kind = (long)arg;
	while (!done) {
		if (kind)
			deep(30);
		for (int i = 0; i < 64; i++)
			free(malloc((size_t)(i * 4096 + 17) * (kind ? 1 : 40)));
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[3];

	if (argc < 2)
		return 2;
	dir = argv[1];
	iters = arg_long(argc, argv, 2, 3000);
	pthread_create(&t[0], NULL, loader, NULL);
	pthread_create(&t[1], NULL, busy, (void *)0);
	pthread_create(&t[2], NULL, busy, (void *)1);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("dlloop done\n");
	return 0;
}
