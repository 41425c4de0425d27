/* timeit.c - runs a command and appends "WALL_NS USER_NS SYS_NS STATUS
 * MAXRSS_KB" to OUT: wall time from fork to reaped, and the CPU time and peak
 * resident set size (ru_maxrss, KiB) wait4() reports for the child. The CPU
 * time includes every descendant it waited for (a profiler plus the program
 * it runs); the peak RSS is that of the child or of its largest waited-for
 * descendant, whichever is larger, not their sum.
 *
 *   timeit OUT [-o FILE] COMMAND [ARGS...]   exits with COMMAND's status;
 *                                             -o: COMMAND's stdout to FILE */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *stdout_file = NULL;
	int cmd = 2;

	if (argc > 3 && !strcmp(argv[2], "-o")) {
		stdout_file = argv[3];
		cmd = 4;
	}
	if (argc <= cmd) {
		fprintf(stderr, "usage: timeit OUT [-o FILE] COMMAND [ARGS...]\n");
		return 2;
	}
	long long t0 = ns();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		if (stdout_file) {
			int fd = open(stdout_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 1) < 0) {
				perror(stdout_file);
				_exit(127);
			}
			close(fd);
		}
		execvp(argv[cmd], argv + cmd);
		perror(argv[cmd]);
		_exit(127);
	}
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("wait4");
		return 1;
	}
	long long wall = ns() - t0;
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	FILE *f = fopen(argv[1], "a");
	if (!f || fprintf(f, "%lld %lld %lld %d %ld\n", wall,
			  (long long)ru.ru_utime.tv_sec * 1000000000 + ru.ru_utime.tv_usec * 1000LL,
			  (long long)ru.ru_stime.tv_sec * 1000000000 + ru.ru_stime.tv_usec * 1000LL,
			  code, ru.ru_maxrss) < 0 || fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	return code;
}
