/* top.c - the bottleneck table (function, self and total time and share,
 * samples, location) and the `top` format: that table and a summary block
 * with the run's duration, the slowest functions and a per-function
 * breakdown. */
#include <stdlib.h>

#include "../cmd/util.h"
#include "render.h"

static size_t rows_shown(const struct calltree *t, long n)
{
	return n > 0 && (size_t)n < t->nfuncs ? (size_t)n : t->nfuncs;
}

void render_table(const struct calltree *t, const struct report_opts *o, FILE *out, long rows)
{
	uint32_t *order = xmalloc((t->nfuncs + 1) * sizeof(uint32_t));
	size_t n = rows_shown(t, rows);
	const char *dim = o->color ? COLOR_DIM : "", *reset = o->color ? COLOR_RESET : "";

	calltree_funcs_order(t, o->sort_total, order);
	fprintf(out, "%s%10s %7s %10s %7s %8s  %s%s\n", o->color ? COLOR_BOLD : "", "self", "self%",
		"total", "total%", "samples", "function", reset);
	for (size_t i = 0; i < n; i++) {
		const struct calltree_func *f = &t->funcs[order[i]];
		const struct model_frame *fr = f->kind == NODE_FRAME ? &t->m->frames[f->frame] : NULL;
		char self[32], total[32], locbuf[1024], safe[4096], safe_loc[1024];
		double share = calltree_percent(t, o->sort_total ? f->total : f->self);
		const char *color = o->color ? render_share_color(share) : "";

		const char *loc = render_location(t, fr, locbuf, sizeof(locbuf));
		fprintf(out, "%s%10s %6.1f%% %10s %6.1f%%%s %8llu  %s%s%s%s%s%s\n", color,
			render_time(t, f->self, self, sizeof(self)), calltree_percent(t, f->self),
			render_time(t, f->total, total, sizeof(total)), calltree_percent(t, f->total),
			*color ? reset : "", (unsigned long long)f->samples,
			render_safe(calltree_func_name(t, f), safe, sizeof(safe)), fr && fr->inlined ? " (inlined)" : "",
			*loc ? "  " : "", *loc ? dim : "", render_safe(loc, safe_loc, sizeof(safe_loc)),
			*loc ? reset : "");
	}
	if (n < t->nfuncs)
		fprintf(out, "%s(%zu more functions; -n 0 lists all)%s\n", dim, t->nfuncs - n, reset);
	free(order);
}

static void summary_block(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	struct report_summary s;
	uint32_t *order = xmalloc((t->nfuncs + 1) * sizeof(uint32_t));
	size_t n = rows_shown(t, o->top_n);
	char a[32], b[32], safe[4096];

	report_summary_fill(t, &s);
	fprintf(out, "\nSummary\n");
	fprintf(out, "  duration      ");
	if (s.duration_s >= 0) {
		fmt_duration(a, sizeof(a), s.duration_s);
		fprintf(out, "%s wall, ", a);
	}
	fprintf(out, "%s CPU in %llu samples\n", render_time(t, t->nodes[0].total, b, sizeof(b)),
		(unsigned long long)t->nodes[0].samples);
	fprintf(out, "  slowest       ");
	for (size_t i = 0; i < t->nfuncs && i < 3 && t->funcs[i].self; i++)
		fprintf(out, "%s%s %s (%.1f%%)", i ? ", " : "",
			render_safe(calltree_func_name(t, &t->funcs[i]), safe, sizeof(safe)),
			render_time(t, t->funcs[i].self, a, sizeof(a)), calltree_percent(t, t->funcs[i].self));
	fprintf(out, "%s\n", t->nfuncs && t->funcs[0].self ? " by self time" : "none");
	fprintf(out, "  per function  by total time\n");
	fprintf(out, "    %8s %10s %11s  %s\n", "samples", "total", "avg/sample", "function");
	calltree_funcs_order(t, 1, order);
	for (size_t i = 0; i < n; i++) {
		const struct calltree_func *f = &t->funcs[order[i]];
		fmt_duration(b, sizeof(b), f->samples ? calltree_seconds(t, f->total) / (double)f->samples : 0);
		fprintf(out, "    %8llu %10s %11s  %s\n", (unsigned long long)f->samples,
			render_time(t, f->total, a, sizeof(a)), b, render_safe(calltree_func_name(t, f), safe, sizeof(safe)));
	}
	free(order);
}

int report_top(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	char a[32];

	fprintf(out, "Bottlenecks by %s time, of %s CPU\n", o->sort_total ? "total" : "self",
		render_time(t, t->weight, a, sizeof(a)));
	render_table(t, o, out, o->top_n);
	summary_block(t, o, out);
	return ferror(out) ? -1 : 0;
}
