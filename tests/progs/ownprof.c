/* ownprof.c - a program with its own SIGPROF profiler: setitimer
 * (ITIMER_PROF, 10 ms) and a handler that counts. Prints how many of its
 * signals it got for about 1 s of CPU (about 100). Also checks that
 * sigaction reports its own handler back. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "workload.h"

static volatile sig_atomic_t hits;

static void on_prof(int sig)
{
	(void)sig;
	hits++;
}

int main(int argc, char **argv)
{
	struct sigaction sa, back;
	struct itimerval it = {{0, 10000}, {0, 10000}};

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_prof;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGPROF, &sa, NULL);
	sigaction(SIGPROF, NULL, &back);
	setitimer(ITIMER_PROF, &it, NULL);
	burn(arg_long(argc, argv, 1, 1000));
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_PROF, &it, NULL);
	printf("handler %s, hits %d\n", back.sa_handler == on_prof ? "kept" : "LOST", (int)hits);
	return 0;
}
