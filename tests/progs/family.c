/* family.c - a fork child and an exec'ed image: the parent burns in
 * parent_work, a forked child in child_work, and a second child execs this
 * program again with "exec" to burn in exec_work. usage: family [UNITS] */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

static NOINLINE void parent_work(long n)
{
	burn(n);
	__asm__ volatile(""); /* no tail call */
}
static NOINLINE void child_work(long n)
{
	burn(n);
	__asm__ volatile(""); /* no tail call */
}
static NOINLINE void exec_work(long n)
{
	burn(n);
	__asm__ volatile(""); /* no tail call */
}

int main(int argc, char **argv)
{
	long units;
	char arg[32];

	if (argc > 2 && !strcmp(argv[1], "exec")) {
		exec_work(atol(argv[2]));
		return 0;
	}
	units = arg_long(argc, argv, 1, 200);
	snprintf(arg, sizeof(arg), "%ld", units);
	pid_t a = fork();
	if (a == 0) {
		child_work(units);
		_exit(0);
	}
	pid_t b = fork();
	if (b == 0) {
		execl("/proc/self/exe", argv[0], "exec", arg, (char *)NULL);
		_exit(127);
	}
	parent_work(units);
	int st1, st2;
	waitpid(a, &st1, 0);
	waitpid(b, &st2, 0);
	printf("family done %d %d\n", WEXITSTATUS(st1), WEXITSTATUS(st2));
	return 0;
}
