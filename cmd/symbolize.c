/* symbolize.c - `ctrace symbolize FILE`: names a profile's frames again, for
 * example after installing debug symbols. Needs the recorded binaries. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../symbolize/annotate.h"
#include "util.h"

static const char symbolize_usage[] =
	"usage: ctrace symbolize FILE [-o OUT] [-q]\n"
	"\n"
	"Resolves FILE's addresses to functions, source lines and inline frames again,\n"
	"with the binaries and debug symbols on this machine now (checked by build-id),\n"
	"and rewrites FILE (or writes OUT).\n";

int cmd_symbolize(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *output = NULL;
	int quiet = 0, c;

	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(symbolize_usage, stdout); return stdout_finish() ? EXIT_FAIL : EXIT_OK;
		default: fputs(symbolize_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(symbolize_usage, stderr);
		return EXIT_USAGE;
	}
	const char *in = argv[optind];
	if (!output)
		output = in;
	char *tmp = xmalloc(strlen(output) + 16);
	sprintf(tmp, "%s.partial", output);
	struct annotate_stats st;
	char err[600];
	unsetenv("DEBUGINFOD_URLS");
	if (annotate_file(in, tmp, quiet, &st, err, sizeof(err)) < 0) {
		unlink(tmp);
		free(tmp);
		/* an unreadable profile is a usage error, a failed write is not */
		die(strncmp(err, "cannot write", 12) ? EXIT_USAGE : EXIT_FAIL, "%s", err);
	}
	if (rename(tmp, output) < 0) {
		error("cannot write '%s': %s", output, strerror(errno));
		unlink(tmp);
		free(tmp);
		return EXIT_FAIL;
	}
	if (!quiet)
		fprintf(stderr, "ctrace: %zu of %zu addresses named (%zu with source lines) in %zu modules, %zu missing, %zu changed since the run\n",
			st.named, st.addresses, st.with_lines, st.modules, st.modules_missing, st.modules_mismatch);
	free(tmp);
	return EXIT_OK;
}
