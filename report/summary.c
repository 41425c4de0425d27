/* summary.c - the figures every report's header shows: what ran, for how
 * long, how many samples, the asked and delivered rates, what was lost.
 * Also the small helpers of render.h. */
#include <string.h>

#include "../cmd/util.h"
#include "render.h"

static double meta_number(const json_t *meta, const char *key)
{
	const json_t *v = json_object_get(meta, key);
	return json_is_number(v) ? json_number_value(v) : -1;
}

static void program_name(const struct profile *p, char *buf, size_t len)
{
	const json_t *cmd = json_object_get(p->meta, "command");
	size_t at = 0;

	buf[0] = 0;
	for (size_t i = 0; i < json_array_size(cmd) && at + 1 < len; i++) {
		const char *a = json_string_value(json_array_get(cmd, i));
		int n = snprintf(buf + at, len - at, "%s%s", i ? " " : "", a ? a : "");
		at += n > 0 ? (size_t)n : 0;
	}
	for (size_t i = 1; !buf[0] && i < p->nprocs; i++)
		if (p->procs[i].seen && p->procs[i].cmdline)
			snprintf(buf, len, "%s", p->procs[i].cmdline);
}

void report_summary_fill(const struct calltree *t, struct report_summary *s)
{
	const struct profile *p = t->m->p;
	const json_t *rec = json_object_get(p->meta, "recording");
	const json_t *engine = json_object_get(p->meta, "engine_used");

	memset(s, 0, sizeof(*s));
	program_name(p, s->program, sizeof(s->program));
	s->duration_s = meta_number(p->meta, "duration_ns");
	s->cpu_s = meta_number(p->meta, "cpu_ns");
	if (s->duration_s > 0)
		s->duration_s /= 1e9;
	if (s->cpu_s > 0)
		s->cpu_s /= 1e9;
	s->rate_hz = meta_number(p->meta, "rate_hz");
	s->delivered_hz = meta_number(p->meta, "delivered_hz");
	if (!json_is_string(engine))
		engine = json_object_get(p->meta, "engine");
	s->engine = json_is_string(engine) ? json_string_value(engine) : "";
	s->samples = t->samples;
	s->weight = t->weight;
	for (size_t k = 0; k < p->nthreads; k++) {
		const struct prof_stats *st = &p->threads[k].st;
		if (!t->thread_selected[k])
			continue;
		s->dropped += st->dropped;
		s->dropped_weight += st->dropped_weight;
		s->pc_only += st->pc_only;
		s->unwind_failed += st->unwind_failed;
		s->truncated += st->truncated;
	}
	/* the launcher also counts samples of threads that never got a ring */
	if (!t->view.npids && !t->view.ntids && !t->view.nthread_names && json_is_object(rec)) {
		double d = meta_number(rec, "dropped"), dw = meta_number(rec, "dropped_weight");
		if (d > (double)s->dropped)
			s->dropped = (uint64_t)d;
		if (dw > (double)s->dropped_weight)
			s->dropped_weight = (uint64_t)dw;
	}
	s->nprocs = t->nprocs_used;
	s->nthreads = t->nthreads_used;
}

const char *render_location(const struct calltree *t, const struct model_frame *f, char *buf, size_t len)
{
	const char *cwd = json_string_value(json_object_get(t->m->p->meta, "cwd"));
	const char *file;
	size_t n;

	if (!f)
		return "";
	if (!f->file) {
		if (!f->module || f->name[0] == '[') /* "[unknown] mod+0x..." names it already */
			return "";
		snprintf(buf, len, "[%s]", f->module);
		return buf;
	}
	file = f->file;
	if (cwd && (n = strlen(cwd)) > 1 && !strncmp(file, cwd, n) && file[n] == '/')
		file += n + 1;
	if (f->line)
		snprintf(buf, len, "%s:%u", file, f->line);
	else
		snprintf(buf, len, "%s", file);
	return buf;
}

const char *render_time(const struct calltree *t, uint64_t weight, char *buf, size_t len)
{
	if (!weight)
		snprintf(buf, len, "0");
	else
		fmt_duration(buf, len, calltree_seconds(t, weight));
	return buf;
}

const char *render_share_color(double percent)
{
	if (percent >= 50)
		return "\033[1;31m";
	if (percent >= 20)
		return "\033[31m";
	if (percent >= 5)
		return "\033[33m";
	return "";
}

static void words_add(char *buf, size_t len, size_t *at, const char *fmt, const char *arg)
{
	int n;

	if (*at + 1 >= len)
		return;
	if (*at)
		*at += (size_t)snprintf(buf + *at, len - *at, ", ");
	if (*at + 1 >= len)
		return;
	n = snprintf(buf + *at, len - *at, fmt, arg);
	*at += n > 0 ? (size_t)n : 0;
	if (*at >= len)
		*at = len - 1;
}

const char *render_view(const struct calltree *t, char *buf, size_t len)
{
	const struct view_opts *v = &t->view;
	size_t at = 0;
	char num[32];

	buf[0] = 0;
	for (size_t i = 0; i < v->npids; i++) {
		snprintf(num, sizeof(num), "%d", v->pids[i]);
		words_add(buf, len, &at, "pid %s", num);
	}
	for (size_t i = 0; i < v->ntids; i++) {
		snprintf(num, sizeof(num), "%d", v->tids[i]);
		words_add(buf, len, &at, "tid %s", num);
	}
	for (size_t i = 0; i < v->nthread_names; i++)
		words_add(buf, len, &at, "thread '%s'", v->thread_names[i]);
	if (v->focus)
		words_add(buf, len, &at, "focus '%s'", v->focus);
	if (v->exclude)
		words_add(buf, len, &at, "exclude '%s'", v->exclude);
	if (v->hide)
		words_add(buf, len, &at, "hide '%s'", v->hide);
	if (v->inverted)
		words_add(buf, len, &at, "%s", "inverted");
	if (v->lines)
		words_add(buf, len, &at, "%s", "by line");
	if (v->max_depth) {
		snprintf(num, sizeof(num), "%u", v->max_depth);
		words_add(buf, len, &at, "max depth %s", num);
	}
	return buf;
}
