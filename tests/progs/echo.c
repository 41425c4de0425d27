/* echo.c - copies stdin to stdout, writes its arguments and one environment
 * variable, and exits with the status given: checks that a profiled program
 * sees the same input, output, environment and cwd. usage: echo STATUS [ARGS] */
#include <stdio.h>
#include <unistd.h>

#include "workload.h"

int main(int argc, char **argv)
{
	char buf[4096], cwd[4096];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		fwrite(buf, 1, n, stdout);
	for (int i = 2; i < argc; i++)
		printf("arg %s\n", argv[i]);
	printf("env %s\n", getenv("ECHO_VAR") ? getenv("ECHO_VAR") : "(unset)");
	printf("cwd %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
	fprintf(stderr, "to stderr\n");
	return (int)arg_long(argc, argv, 1, 0);
}
