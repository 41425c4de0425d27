/* crash.c - burns CPU in crash_work, then ends badly: "segv" dereferences
 * NULL, "abort" calls abort(), "kill" sends itself SIGKILL, "exit" calls
 * _exit(5). usage: crash MODE [UNITS] */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "workload.h"

static NOINLINE void crash_work(long n)
{
	burn(n);
	__asm__ volatile(""); /* no tail call */
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "segv";

	crash_work(arg_long(argc, argv, 2, 300));
	fflush(stdout);
	if (!strcmp(mode, "segv")) {
		int *volatile null = NULL;
		*null = 1;
	}
	if (!strcmp(mode, "abort"))
		abort();
	if (!strcmp(mode, "kill"))
		kill(getpid(), SIGKILL);
	_exit(5);
}
