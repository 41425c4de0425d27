/* info.c - `ctrace info FILE [--json]`: a profile's metadata and how well the
 * recording went (samples per process and thread, what was dropped or could
 * not be unwound, the shim's own time). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../prof/profile.h"
#include "util.h"

static const char info_usage[] = "usage: ctrace info FILE [--json]\n";

static json_t *stats_json(const struct prof_stats *s)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "samples", (json_int_t)s->samples,
			 "weight", (json_int_t)s->weight, "dropped", (json_int_t)s->dropped,
			 "dropped_weight", (json_int_t)s->dropped_weight, "pc_only",
			 (json_int_t)s->pc_only, "truncated", (json_int_t)s->truncated,
			 "unwind_failed", (json_int_t)s->unwind_failed, "handler_ns",
			 (json_int_t)s->handler_ns, "program_signals", (json_int_t)s->program_signals);
}

static void stats_add(struct prof_stats *a, const struct prof_stats *b)
{
	a->samples += b->samples;
	a->weight += b->weight;
	a->dropped += b->dropped;
	a->dropped_weight += b->dropped_weight;
	a->pc_only += b->pc_only;
	a->truncated += b->truncated;
	a->unwind_failed += b->unwind_failed;
	a->handler_ns += b->handler_ns;
	a->program_signals += b->program_signals;
}

static const char *kind_name(uint32_t k)
{
	return k == 1 ? "fork" : k == 2 ? "exec" : "launch";
}

static json_t *info_json(const struct profile *p)
{
	json_t *root = json_object(), *procs = json_array();
	struct prof_stats total = {0};

	json_object_set(root, "meta", p->meta);
	for (size_t i = 1; i < p->nprocs; i++) {
		const struct prof_proc *pr = &p->procs[i];
		json_t *threads = json_array();
		struct prof_stats ps = {0};

		if (!pr->seen)
			continue;
		for (size_t t = 0; t < p->nthreads; t++) {
			const struct prof_thread *th = &p->threads[t];
			if (th->proc_id != pr->id)
				continue;
			stats_add(&ps, &th->st);
			json_t *tj = json_pack("{s:i,s:s,s:I,s:b,s:o}", "tid", th->tid, "name", th->name,
					       "cpu_ns", (json_int_t)th->cpu_ns, "signals_blocked",
					       (th->flags & 2) != 0, "stats", stats_json(&th->st));
			json_array_append_new(threads, tj);
		}
		stats_add(&total, &ps);
		json_t *pj = json_pack("{s:i,s:i,s:i,s:s,s:s,s:s,s:I,s:I,s:o,s:o}", "id", pr->id, "pid",
				       pr->pid, "parent", pr->parent, "kind", kind_name(pr->kind), "exe",
				       pr->exe ? pr->exe : "", "cmdline", pr->cmdline ? pr->cmdline : "",
				       "cpu_user_ns", (json_int_t)pr->cpu_user_ns, "cpu_sys_ns",
				       (json_int_t)pr->cpu_sys_ns, "stats", stats_json(&ps), "threads",
				       threads);
		if (pr->status >= 0) {
			if (WIFSIGNALED(pr->status))
				json_object_set_new(pj, "exit_signal", json_integer(WTERMSIG(pr->status)));
			else
				json_object_set_new(pj, "exit_code", json_integer(WEXITSTATUS(pr->status)));
		}
		json_array_append_new(procs, pj);
	}
	json_object_set_new(root, "processes", procs);
	json_object_set_new(root, "totals", stats_json(&total));
	json_object_set_new(root, "stacks", json_integer((json_int_t)p->nstacks));
	json_object_set_new(root, "mappings", json_integer((json_int_t)p->nmaps));
	return root;
}

static void print_stats(const char *indent, const struct prof_stats *s, double period)
{
	printf("%ssamples %llu (%.1f ms CPU), dropped %llu", indent, (unsigned long long)s->samples,
	       (double)s->weight * period * 1e3, (unsigned long long)s->dropped);
	if (s->pc_only || s->unwind_failed || s->truncated)
		printf(", not unwound: %llu PC only (dlclose/fork), %llu unwind failed; %llu truncated",
		       (unsigned long long)s->pc_only, (unsigned long long)s->unwind_failed,
		       (unsigned long long)s->truncated);
	if (s->samples)
		printf(", handler %.2f us/sample", (double)s->handler_ns / 1e3 / (double)s->samples);
	printf("\n");
}

static void info_text(const struct profile *p, json_t *j)
{
	json_t *meta = json_object_get(j, "meta");
	const char *key;
	json_t *v;
	double period = 1e-3;

	if (json_object_get(meta, "period_ns"))
		period = (double)json_integer_value(json_object_get(meta, "period_ns")) / 1e9;
	json_object_foreach(meta, key, v) {
		char *s = json_is_string(v) ? NULL : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		printf("%-18s %s\n", key, s ? s : json_string_value(v));
		free(s);
	}
	for (size_t i = 1; i < p->nprocs; i++) {
		const struct prof_proc *pr = &p->procs[i];
		struct prof_stats ps = {0};
		if (!pr->seen)
			continue;
		for (size_t t = 0; t < p->nthreads; t++)
			if (p->threads[t].proc_id == pr->id)
				stats_add(&ps, &p->threads[t].st);
		printf("process %d (%s) %s: %s\n", pr->pid, kind_name(pr->kind), pr->exe, pr->cmdline);
		print_stats("  ", &ps, period);
		for (size_t t = 0; t < p->nthreads; t++) {
			const struct prof_thread *th = &p->threads[t];
			if (th->proc_id != pr->id)
				continue;
			printf("  thread %d '%s'%s: ", th->tid, th->name,
			       th->flags & 2 ? " (started with signals blocked)" : "");
			print_stats("", &th->st, period);
		}
	}
	json_t *tot = json_object_get(j, "totals");
	printf("total: %lld samples, %lld dropped, %lld PC only, %lld unwind failed, %lld truncated, %zu unique stacks, %zu mappings\n",
	       json_integer_value(json_object_get(tot, "samples")),
	       json_integer_value(json_object_get(tot, "dropped")),
	       json_integer_value(json_object_get(tot, "pc_only")),
	       json_integer_value(json_object_get(tot, "unwind_failed")),
	       json_integer_value(json_object_get(tot, "truncated")), p->nstacks, p->nmaps);
}

int cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int json = 0, c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'h': fputs(info_usage, stdout); return stdout_finish() ? EXIT_FAIL : EXIT_OK;
		default: fputs(info_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(info_usage, stderr);
		return EXIT_USAGE;
	}
	char err[600];
	struct profile *p = profile_read(argv[optind], err, sizeof(err));
	if (!p)
		die(EXIT_USAGE, "%s", err);
	json_t *j = info_json(p);
	if (json) {
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		fputc('\n', stdout);
	} else {
		info_text(p, j);
	}
	json_decref(j);
	profile_free(p);
	return stdout_finish() ? EXIT_FAIL : EXIT_OK;
}
