/* main.c - the ctrace command: dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include "util.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{"run", cmd_run, "profile a program: ctrace run [options] [--] PROGRAM [ARGS...]"},
	{"report", cmd_report, "turn a profile into a report: ctrace report FILE [--format=F] [-o OUT]"},
	{"symbolize", cmd_symbolize, "name a profile's frames again: ctrace symbolize FILE"},
	{"info", cmd_info, "show a profile's metadata and recording statistics: ctrace info FILE"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: ctrace COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'ctrace COMMAND --help' describes each command.\n"
		   "exit codes: 0 success, 1 failure, 2 usage error or unreadable profile or program\n"
		   "that cannot be profiled; 'ctrace run' exits with the program's status.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return stdout_finish() ? EXIT_FAIL : EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("ctrace %s\n", CTRACE_VERSION);
		return stdout_finish() ? EXIT_FAIL : EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	error("'%s' is not a ctrace command", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
