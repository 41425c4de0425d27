/* text.c - the `text` format: a header with the recording's figures, the
 * call tree drawn with box-drawing indents (CPU time, share, function,
 * file:line), then the bottleneck table. Colors by share when asked. */
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "render.h"

/* Deeper levels than this are drawn as the first and last few guides with
 * a marker between, so that a 300-deep recursion stays readable. */
#define GUIDES_MAX 24
#define GUIDES_HEAD 4

const char *render_safe(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			break;
	if (!s[i])
		return s;
	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = 0;
	return buf;
}

static const uint64_t *sort_weight;

static int thread_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (sort_weight[x] != sort_weight[y])
		return sort_weight[x] > sort_weight[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The busiest threads' shares: ": worker-3 50.1%, worker-2 33.3%, ..." */
static void threads_print(const struct calltree *t, FILE *out)
{
	const struct profile *p = t->m->p;
	uint64_t *weight = xcalloc(p->nthreads + 1, sizeof(uint64_t));
	uint32_t *order = xmalloc((p->nthreads + 1) * sizeof(uint32_t));
	size_t n = 0;
	char safe[64];

	for (size_t i = 0; i < p->nsamples; i++)
		if (t->thread_selected[p->samples[i].thread])
			weight[p->samples[i].thread] += p->samples[i].weight;
	for (size_t k = 0; k < p->nthreads; k++)
		if (weight[k])
			order[n++] = (uint32_t)k;
	sort_weight = weight;
	qsort(order, n, sizeof(uint32_t), thread_cmp);
	sort_weight = NULL;
	for (size_t i = 0; i < n && i < 6; i++) {
		const struct prof_thread *th = &p->threads[order[i]];
		fprintf(out, "%s%s %d %.1f%%", i ? ", " : ": ", render_safe(th->name, safe, sizeof(safe)), th->tid,
			calltree_percent(t, weight[order[i]]));
	}
	if (n > 6)
		fprintf(out, ", %zu more", n - 6);
	free(weight);
	free(order);
}

void render_header(const struct calltree *t, FILE *out)
{
	struct report_summary s;
	char a[32], b[32], safe[1024], view[1024];

	report_summary_fill(t, &s);
	fprintf(out, "program    %s\n", render_safe(s.program, safe, sizeof(safe)));
	fprintf(out, "duration   ");
	if (s.duration_s >= 0) {
		fmt_duration(a, sizeof(a), s.duration_s);
		fprintf(out, "%s wall, ", a);
	}
	if (s.cpu_s >= 0) {
		fmt_duration(a, sizeof(a), s.cpu_s);
		fprintf(out, "%s CPU\n", a);
	} else {
		fprintf(out, "CPU unknown\n");
	}
	fprintf(out, "samples    %llu standing for %s CPU; %llu dropped", (unsigned long long)s.samples,
		render_time(t, s.weight, a, sizeof(a)), (unsigned long long)s.dropped);
	if (s.dropped_weight)
		fprintf(out, " (%s)", render_time(t, s.dropped_weight, b, sizeof(b)));
	fprintf(out, "\n");
	if (s.rate_hz > 0) {
		fprintf(out, "rate       asked %.0f Hz", s.rate_hz);
		if (s.delivered_hz >= 0)
			fprintf(out, ", delivered %.0f Hz per CPU-second", s.delivered_hz);
		if (*s.engine)
			fprintf(out, " (%s engine)", render_safe(s.engine, safe, sizeof(safe)));
		fprintf(out, "\n");
	}
	fprintf(out, "threads    %zu process%s, %zu thread%s", s.nprocs, s.nprocs == 1 ? "" : "es", s.nthreads,
		s.nthreads == 1 ? "" : "s");
	if (s.nthreads > 1)
		threads_print(t, out);
	fputc('\n', out);
	if (s.pc_only || s.unwind_failed || s.truncated)
		fprintf(out, "unwinding  %llu samples PC only (a dlclose or fork held the unwinder), %llu failed, %llu truncated\n",
			(unsigned long long)s.pc_only, (unsigned long long)s.unwind_failed,
			(unsigned long long)s.truncated);
	if (*render_view(t, view, sizeof(view)))
		fprintf(out, "view       %s: kept %llu samples, %s (%.1f%%)\n", render_safe(view, safe, sizeof(safe)),
			(unsigned long long)t->nodes[0].samples, render_time(t, t->nodes[0].total, a, sizeof(a)),
			calltree_percent(t, t->nodes[0].total));
}

/* The indent of a line at DEPTH (1 = a top-level node, drawn without
 * one): a guide per ancestor level below the top, "│  " while that
 * ancestor has siblings still to come, then the node's own branch. */
static void guides_print(FILE *out, const uint8_t *more, uint32_t depth, int last)
{
	uint32_t skip_from = UINT32_MAX, skip_to = 0;

	if (depth > GUIDES_MAX) {
		skip_from = 2 + GUIDES_HEAD;
		skip_to = depth - (GUIDES_MAX - GUIDES_HEAD - 2);
	}
	for (uint32_t d = 2; d < depth; d++) {
		if (d == skip_from) {
			fprintf(out, "[+%u] ", skip_to - skip_from);
			d = skip_to - 1;
			continue;
		}
		fputs(more[d] ? "│  " : "   ", out);
	}
	if (depth >= 2)
		fputs(last ? "└─ " : "├─ ", out);
}

static void node_print(const struct calltree *t, const struct report_opts *o, FILE *out,
		       const struct calltree_node *n, const uint8_t *more, int last)
{
	char time[32], namebuf[256], safe[4096], locbuf[1024];
	double pct = calltree_percent(t, n->total);
	const char *color = o->color ? render_share_color(pct) : "";
	const char *reset = o->color ? COLOR_RESET : "";
	const struct model_frame *f = calltree_node_frame(t, n);
	const char *name = render_safe(calltree_node_name(t, n, namebuf, sizeof(namebuf)), safe, sizeof(safe));

	const char *loc = render_location(t, f, locbuf, sizeof(locbuf));
	fprintf(out, "%s%10s %5.1f%%%s  ", color, render_time(t, n->total, time, sizeof(time)), pct,
		*color ? reset : "");
	guides_print(out, more, n->depth, last);
	if (o->color && (n->kind == NODE_PROCESS || n->kind == NODE_THREAD || n->kind == NODE_HIDDEN))
		fprintf(out, "%s%s%s", COLOR_GROUP, name, reset);
	else
		fprintf(out, "%s%s%s", *color ? color : "", name, *color ? reset : "");
	if (f && f->inlined)
		fputs(" (inlined)", out);
	if (*loc)
		fprintf(out, "  %s%s%s", o->color ? COLOR_DIM : "", render_safe(loc, safe, sizeof(safe)),
			o->color ? reset : "");
	fputc('\n', out);
}

static void elided_print(const struct calltree *t, const struct report_opts *o, FILE *out, uint32_t depth,
			 const uint8_t *more, uint64_t weight, size_t count)
{
	char time[32];

	fprintf(out, "%s%10s %5.1f%%  ", o->color ? COLOR_DIM : "", render_time(t, weight, time, sizeof(time)),
		calltree_percent(t, weight));
	guides_print(out, more, depth, 1);
	fprintf(out, "%zu more under %g%%%s\n", count, o->min_percent, o->color ? COLOR_RESET : "");
}

/* Depth-first with an explicit stack: trees can be as deep as stacks. */
static void tree_print(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	struct level {
		uint32_t node, next, shown;
	} *stack = xmalloc((t->nnodes + 1) * sizeof(*stack));
	uint8_t *more = xcalloc(t->nnodes + 2, 1); /* per depth: siblings still to come */
	size_t sp = 0;

	stack[sp++] = (struct level){0, 0, 0};
	while (sp) {
		struct level *l = &stack[sp - 1];
		const struct calltree_node *n = &t->nodes[l->node];

		if (l->next == 0) /* children are sorted by total: the shown ones come first */
			while (l->shown < n->nchildren &&
			       calltree_node_shown(t, &t->nodes[t->children[n->child0 + l->shown]], o->min_percent))
				l->shown++;
		if (l->next < l->shown) {
			uint32_t c = t->children[n->child0 + l->next++];
			int last = l->next == l->shown && l->shown == n->nchildren;
			more[t->nodes[c].depth] = !last;
			node_print(t, o, out, &t->nodes[c], more, last);
			stack[sp++] = (struct level){c, 0, 0};
			continue;
		}
		if (l->shown < n->nchildren) {
			uint64_t w = 0;
			for (uint32_t i = l->shown; i < n->nchildren; i++)
				w += t->nodes[t->children[n->child0 + i]].total;
			more[n->depth + 1] = 0;
			elided_print(t, o, out, n->depth + 1, more, w, n->nchildren - l->shown);
		}
		sp--;
	}
	free(stack);
	free(more);
}

int report_text(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	char a[32];

	render_header(t, out);
	fprintf(out, "\n%sCall tree%s: CPU time and share of %s", o->color ? COLOR_BOLD : "",
		o->color ? COLOR_RESET : "", render_time(t, t->weight, a, sizeof(a)));
	if (o->min_percent > 0)
		fprintf(out, "; nodes under %g%% summed up", o->min_percent);
	fprintf(out, "%s\n", t->view.inverted ? "; inverted: where time is spent, then its callers" : "");
	if (!t->nodes[0].total)
		fprintf(out, "  (no samples)\n");
	tree_print(t, o, out);
	fprintf(out, "\n%sBottlenecks by %s time%s\n", o->color ? COLOR_BOLD : "", o->sort_total ? "total" : "self",
		o->color ? COLOR_RESET : "");
	render_table(t, o, out, o->top_n);
	return ferror(out) ? -1 : 0;
}
