/* forkloop.c - forks children in a loop while two threads recurse and
 * allocate and a third keeps starting short-lived threads (each of which
 * ctrace attaches to): every child must run, be sampled and exit (no lock
 * of the loader or of libunwind inherited taken).
 * usage: forkloop [CHILDREN] */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

static volatile int done;

static void *busy(void *arg)
{
	(void)arg;
	while (!done) {
		deep(40);
		free(malloc(4096));
	}
	return NULL;
}

static void *short_lived(void *arg)
{
	(void)arg;
	deep(5);
	return NULL;
}

static void *spawner(void *arg)
{
	(void)arg;
	while (!done) {
		pthread_t t;
		if (pthread_create(&t, NULL, short_lived, NULL) == 0)
			pthread_join(t, NULL);
	}
	return NULL;
}

static NOINLINE void child_body(void)
{
	deep(20);
	_exit(0);
}

int main(int argc, char **argv)
{
	long n = arg_long(argc, argv, 1, 200);
	pthread_t t[3];
	int ok = 0;

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, busy, NULL);
	pthread_create(&t[2], NULL, spawner, NULL);
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0)
			child_body();
		int st;
		if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	}
	done = 1;
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("children ok %d/%ld\n", ok, n);
	return ok == n ? 0 : 1;
}
