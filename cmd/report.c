/* report.c - `ctrace report FILE [--format=F] [-o OUT]`: reads a profile,
 * builds the model once and hands it to one renderer. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../report/model.h"
#include "util.h"

static const char report_usage[] =
	"usage: ctrace report FILE [--format=F] [-o OUT]\n"
	"\n"
	"  -f, --format F   folded (more formats follow)\n"
	"  -o, --output OUT write to OUT instead of standard output\n";

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "folded", *output = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'h': fputs(report_usage, stdout); return stdout_finish() ? EXIT_FAIL : EXIT_OK;
		default: fputs(report_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(report_usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(format, "folded"))
		die(EXIT_USAGE, "unknown format '%s' (known: folded)", format);

	char err[600];
	struct profile *p = profile_read(argv[optind], err, sizeof(err));
	if (!p)
		die(EXIT_USAGE, "%s", err);
	FILE *out = stdout;
	if (output && !(out = fopen(output, "we")))
		die(EXIT_FAIL, "cannot write '%s': %s", output, strerror(errno));
	struct model *m = model_build(p);
	int rc = report_folded(m, out);
	model_free(m);
	profile_free(p);
	if (out != stdout) {
		if (fflush(out) || ferror(out) || fclose(out))
			return error("cannot write '%s': %s", output, strerror(errno)), EXIT_FAIL;
	} else if (stdout_finish()) {
		return EXIT_FAIL;
	}
	return rc ? EXIT_FAIL : EXIT_OK;
}
