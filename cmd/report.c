/* report.c - `ctrace report FILE [--format=F] [-o OUT]`: reads a profile,
 * builds the model and the call tree of the asked view once, and hands them
 * to the format's renderer (the table below: one row per format). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../report/model.h"
#include "util.h"

static const struct format {
	const char *name;
	const char *const exts[3]; /* inferred from -o's file name */
	report_fn render;
	enum view_group group;     /* the default shape of the tree */
	double min_percent;        /* the default noise threshold */
	long top_n;                /* the default rows of bottleneck tables */
} formats[] = {
	{"text", {".txt"}, report_text, VIEW_GROUP_AUTO, 0.5, 10},
	{"top", {NULL}, report_top, VIEW_GROUP_AUTO, 0, 20},
	{"folded", {".folded"}, report_folded, VIEW_GROUP_MERGED, 0, 0},
	{"json", {".json"}, report_json, VIEW_GROUP_AUTO, 0, 0},
	{"markdown", {".md"}, report_markdown, VIEW_GROUP_AUTO, 0, 20},
	{"html", {".html"}, report_html, VIEW_GROUP_AUTO, 0, 0},
	{"svg", {".svg"}, report_svg, VIEW_GROUP_MERGED, 0, 0},
	{"speedscope", {".speedscope.json"}, report_speedscope, VIEW_GROUP_MERGED, 0, 0},
	{"pprof", {".pb.gz"}, report_pprof, VIEW_GROUP_MERGED, 0, 0},
	{"chrome", {NULL}, report_chrome, VIEW_GROUP_MERGED, 0, 0},
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static const char report_usage[] =
	"usage: ctrace report FILE [--format=F] [-o OUT] [options]\n"
	"\n"
	"Turns a profile into a report. Times are CPU time, from the samples' weights.\n"
	"\n"
	"  -f, --format F       text (the default, wherever the output goes): call tree and\n"
	"                         bottleneck table\n"
	"                       top: the bottleneck table and a summary per function\n"
	"                       folded: \"root;...;leaf COUNT\" lines (flamegraph.pl)\n"
	"                       json: the whole model (docs/JSON.md)\n"
	"                       markdown: summary and table for CI and pull requests\n"
	"                       html: one offline, interactive page (flame graph, icicle,\n"
	"                         table, call tree, callers and callees, threads)\n"
	"                       svg: a standalone flame graph (zoom, search)\n"
	"                       speedscope: for the speedscope app, a profile per thread\n"
	"                       pprof: gzipped profile.proto, for go tool pprof\n"
	"                       chrome: Trace Event Format, a track per thread (Perfetto)\n"
	"                       Without --format the format follows OUT's extension:\n"
	"                       .txt .folded .json .md .html .svg .speedscope.json .pb.gz;\n"
	"                       else text\n"
	"  -o, --output OUT     write to OUT instead of standard output\n"
	"\n"
	"Which samples (repeatable; a thread must match each kind given):\n"
	"      --pid PID        processes with this pid\n"
	"      --tid TID        threads with this tid\n"
	"      --thread NAME    threads whose name matches the glob NAME\n"
	"      --merge-threads  one tree for all processes and threads (folded's default)\n"
	"      --split-threads  a process and a thread level above the stacks\n"
	"                       (default: threads merged, a process level when there are\n"
	"                       several processes)\n"
	"\n"
	"Which stacks (REGEX: POSIX extended, matched against function names):\n"
	"      --focus REGEX    only stacks through a match, rooted at the outermost one\n"
	"      --exclude REGEX  leave out stacks with a match\n"
	"      --hide REGEX     collapse runs of matching frames into \"[N frames hidden]\"\n"
	"      --inverted       bottom-up: where time is spent first, then its callers\n"
	"      --lines          one node per source line instead of per function\n"
	"      --max-depth N    cut the tree N frames deep\n"
	"\n"
	"Display:\n"
	"      --min-percent P  leave out tree nodes under P% of the time (text: 0.5,\n"
	"                       others 0)\n"
	"      --sort self|total  order of bottleneck tables (default self)\n"
	"  -n, --top N          rows of bottleneck tables, 0 for all (text 10, top and\n"
	"                       markdown 20, json all)\n"
	"      --color WHEN     auto (default: on a terminal unless NO_COLOR is set),\n"
	"                       always or never; text and top only\n"
	"\n"
	"Exit status: 0 success, 1 the output could not be written, 2 bad arguments or\n"
	"an unreadable profile.\n";

static const struct format *format_find(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (!strcmp(formats[i].name, name))
			return &formats[i];
	return NULL;
}

/* The format whose extension ends PATH, the longest match winning
 * (".speedscope.json" over ".json"); NULL when none. */
static const struct format *format_from_path(const char *path)
{
	const struct format *best = NULL;
	size_t best_len = 0, n = strlen(path);

	for (size_t i = 0; i < NFORMATS; i++)
		for (size_t e = 0; e < 3 && formats[i].exts[e]; e++) {
			size_t len = strlen(formats[i].exts[e]);
			if (len < n && len > best_len && !strcmp(path + n - len, formats[i].exts[e])) {
				best = &formats[i];
				best_len = len;
			}
		}
	return best;
}

static long number_arg(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		die(EXIT_USAGE, "%s takes a number from %ld to %ld, not '%s'", opt, min, max, s);
	return v;
}

struct list {
	int32_t *ids;
	size_t n;
};

static void list_add(struct list *l, const char *opt, const char *s)
{
	l->ids = xrealloc(l->ids, (l->n + 1) * sizeof(int32_t));
	l->ids[l->n++] = (int32_t)number_arg(opt, s, 0, INT32_MAX);
}

static int color_wanted(const char *when, FILE *out)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (!strcmp(when, "always"))
		return 1;
	if (!strcmp(when, "never"))
		return 0;
	if (strcmp(when, "auto"))
		die(EXIT_USAGE, "--color takes auto, always or never, not '%s'", when);
	return out == stdout && isatty(STDOUT_FILENO) && !(no && *no) && !(term && !strcmp(term, "dumb"));
}

enum {
	OPT_PID = 256, OPT_TID, OPT_THREAD, OPT_MERGE, OPT_SPLIT, OPT_FOCUS, OPT_EXCLUDE, OPT_HIDE,
	OPT_INVERTED, OPT_LINES, OPT_MAX_DEPTH, OPT_MIN_PERCENT, OPT_SORT, OPT_COLOR,
};

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"top", required_argument, NULL, 'n'},
		{"pid", required_argument, NULL, OPT_PID},
		{"tid", required_argument, NULL, OPT_TID},
		{"thread", required_argument, NULL, OPT_THREAD},
		{"merge-threads", no_argument, NULL, OPT_MERGE},
		{"split-threads", no_argument, NULL, OPT_SPLIT},
		{"focus", required_argument, NULL, OPT_FOCUS},
		{"exclude", required_argument, NULL, OPT_EXCLUDE},
		{"hide", required_argument, NULL, OPT_HIDE},
		{"inverted", no_argument, NULL, OPT_INVERTED},
		{"lines", no_argument, NULL, OPT_LINES},
		{"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
		{"min-percent", required_argument, NULL, OPT_MIN_PERCENT},
		{"sort", required_argument, NULL, OPT_SORT},
		{"color", required_argument, NULL, OPT_COLOR},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format_name = NULL, *output = NULL, *color = "auto";
	struct view_opts view = {0};
	struct report_opts ro = {0};
	struct list pids = {0}, tids = {0};
	const char **names = NULL;
	int group_set = 0, min_set = 0, top_set = 0, c;
	char *end;

	while ((c = getopt_long(argc, argv, "f:o:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format_name = optarg; break;
		case 'o': output = optarg; break;
		case 'n': ro.top_n = number_arg("--top", optarg, 0, LONG_MAX); top_set = 1; break;
		case OPT_PID: list_add(&pids, "--pid", optarg); break;
		case OPT_TID: list_add(&tids, "--tid", optarg); break;
		case OPT_THREAD:
			names = xrealloc(names, (view.nthread_names + 1) * sizeof(char *));
			names[view.nthread_names++] = optarg;
			break;
		case OPT_MERGE: view.group = VIEW_GROUP_MERGED; group_set = 1; break;
		case OPT_SPLIT: view.group = VIEW_GROUP_SPLIT; group_set = 1; break;
		case OPT_FOCUS: view.focus = optarg; break;
		case OPT_EXCLUDE: view.exclude = optarg; break;
		case OPT_HIDE: view.hide = optarg; break;
		case OPT_INVERTED: view.inverted = 1; break;
		case OPT_LINES: view.lines = 1; break;
		case OPT_MAX_DEPTH: view.max_depth = (uint32_t)number_arg("--max-depth", optarg, 1, 1 << 20); break;
		case OPT_MIN_PERCENT:
			ro.min_percent = strtod(optarg, &end);
			if (end == optarg || *end || !(ro.min_percent >= 0 && ro.min_percent <= 100))
				die(EXIT_USAGE, "--min-percent takes a percentage from 0 to 100, not '%s'", optarg);
			min_set = 1;
			break;
		case OPT_SORT:
			if (strcmp(optarg, "self") && strcmp(optarg, "total"))
				die(EXIT_USAGE, "--sort takes self or total, not '%s'", optarg);
			ro.sort_total = !strcmp(optarg, "total");
			break;
		case OPT_COLOR: color = optarg; break;
		case 'h':
			fputs(report_usage, stdout);
			free(names);
			return stdout_finish() ? EXIT_FAIL : EXIT_OK;
		default: fputs(report_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(report_usage, stderr);
		return EXIT_USAGE;
	}

	const struct format *fmt = format_name ? format_find(format_name)
				   : output ? format_from_path(output) : NULL;
	if (!fmt && format_name) {
		char known[256] = "";
		for (size_t i = 0; i < NFORMATS; i++)
			snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s", i ? ", " : "",
				 formats[i].name);
		die(EXIT_USAGE, "unknown format '%s' (known: %s)", format_name, known);
	}
	if (!fmt)
		fmt = format_find("text");
	if (!group_set)
		view.group = fmt->group;
	if (!min_set)
		ro.min_percent = fmt->min_percent;
	if (!top_set)
		ro.top_n = fmt->top_n;
	view.pids = pids.ids;
	view.npids = pids.n;
	view.tids = tids.ids;
	view.ntids = tids.n;
	view.thread_names = names;
	color_wanted(color, stdout); /* validates WHEN before any work */

	char err[600];
	struct profile *p = profile_read(argv[optind], err, sizeof(err));
	if (!p)
		die(EXIT_USAGE, "%s", err);
	struct model *m = model_build(p);
	struct calltree *t = calltree_build(m, &view, err, sizeof(err));
	if (!t)
		die(EXIT_USAGE, "%s", err);
	if (t->samples && !t->nodes[0].total)
		warning("the view kept none of the %llu samples", (unsigned long long)t->samples);

	FILE *out = stdout;
	if (output && !(out = fopen(output, "we")))
		die(EXIT_FAIL, "cannot write '%s': %s", output, strerror(errno));
	ro.color = color_wanted(color, out);
	errno = 0;
	int rc = fmt->render(t, &ro, out);
	int write_errno = errno;
	calltree_free(t);
	model_free(m);
	profile_free(p);
	free(pids.ids);
	free(tids.ids);
	free(names);
	if (out != stdout) {
		if (!rc && (fflush(out) || ferror(out)))
			rc = -1, write_errno = errno;
		if (fclose(out) && !rc)
			rc = -1, write_errno = errno;
		if (rc)
			return error("cannot write '%s': %s", output, strerror(write_errno ? write_errno : EIO)), EXIT_FAIL;
	} else if (stdout_finish()) {
		return EXIT_FAIL;
	} else if (rc) {
		return error("cannot write output: %s", strerror(write_errno ? write_errno : EIO)), EXIT_FAIL;
	}
	return EXIT_OK;
}
