/* markdown.c - the `markdown` format: the recording's figures, the hottest
 * path and the bottleneck table, small enough for a CI job summary or a
 * pull-request comment. Everything from the profile is escaped for
 * GitHub-flavoured Markdown (tables, code spans, inline HTML). */
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "render.h"

static void md_print(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '&')
			fputs("&amp;", out);
		else if (c < 0x20 || c == 0x7f)
			fputc(' ', out);
		else if (strchr("|`*_[]\\#~", c))
			fprintf(out, "\\%c", c);
		else
			fputc(c, out);
	}
}

static void hot_path_print(const struct calltree *t, FILE *out)
{
	const struct calltree_node *n = &t->nodes[0];
	char buf[256];
	int first = 1;

	fputs("**Hottest path:** ", out);
	while (n->nchildren) {
		n = &t->nodes[t->children[n->child0]];
		if (n->kind == NODE_PROCESS || n->kind == NODE_THREAD)
			continue;
		if (!first)
			fputs(" → ", out);
		md_print(out, calltree_node_name(t, n, buf, sizeof(buf)));
		first = 0;
	}
	if (first)
		fputs("none", out);
	else
		fprintf(out, " (%.1f%%)", calltree_percent(t, n->total));
	fputs("\n\n", out);
}

int report_markdown(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	struct report_summary s;
	char a[32], b[32], view[1024], loc[1024];
	uint32_t *order = xmalloc((t->nfuncs + 1) * sizeof(uint32_t));
	size_t n = o->top_n > 0 && (size_t)o->top_n < t->nfuncs ? (size_t)o->top_n : t->nfuncs;

	report_summary_fill(t, &s);
	fputs("### ctrace profile: ", out);
	md_print(out, s.program);
	fputs("\n\n| recording | |\n|:--|:--|\n", out);
	fputs("| duration | ", out);
	if (s.duration_s >= 0) {
		fmt_duration(a, sizeof(a), s.duration_s);
		fprintf(out, "%s wall, ", a);
	}
	if (s.cpu_s >= 0) {
		fmt_duration(a, sizeof(a), s.cpu_s);
		fprintf(out, "%s CPU", a);
	}
	fprintf(out, " |\n| samples | %llu standing for %s CPU; %llu dropped |\n", (unsigned long long)s.samples,
		render_time(t, s.weight, a, sizeof(a)), (unsigned long long)s.dropped);
	if (s.rate_hz > 0) {
		fprintf(out, "| rate | asked %.0f Hz", s.rate_hz);
		if (s.delivered_hz >= 0)
			fprintf(out, ", delivered %.0f Hz per CPU-second", s.delivered_hz);
		fputs(" |\n", out);
	}
	fprintf(out, "| threads | %zu process%s, %zu thread%s |\n", s.nprocs, s.nprocs == 1 ? "" : "es", s.nthreads,
		s.nthreads == 1 ? "" : "s");
	if (s.pc_only || s.unwind_failed || s.truncated)
		fprintf(out, "| unwinding | %llu PC only (dlclose or fork), %llu failed, %llu truncated |\n",
			(unsigned long long)s.pc_only, (unsigned long long)s.unwind_failed,
			(unsigned long long)s.truncated);
	if (*render_view(t, view, sizeof(view))) {
		fputs("| view | ", out);
		md_print(out, view);
		fprintf(out, ": kept %s (%.1f%%) |\n", render_time(t, t->nodes[0].total, a, sizeof(a)),
			calltree_percent(t, t->nodes[0].total));
	}
	fputs("\n", out);
	hot_path_print(t, out);

	fprintf(out, "#### Bottlenecks by %s time\n\n", o->sort_total ? "total" : "self");
	fputs("| function | self | self % | total | total % | samples | location |\n"
	      "|:--|--:|--:|--:|--:|--:|:--|\n", out);
	calltree_funcs_order(t, o->sort_total, order);
	for (size_t i = 0; i < n; i++) {
		const struct calltree_func *f = &t->funcs[order[i]];
		const struct model_frame *fr = f->kind == NODE_FRAME ? &t->m->frames[f->frame] : NULL;

		fputs("| ", out);
		md_print(out, calltree_func_name(t, f));
		fprintf(out, " | %s | %.1f%% | %s | %.1f%% | %llu | ", render_time(t, f->self, a, sizeof(a)),
			calltree_percent(t, f->self), render_time(t, f->total, b, sizeof(b)),
			calltree_percent(t, f->total), (unsigned long long)f->samples);
		md_print(out, render_location(t, fr, loc, sizeof(loc)));
		fputs(" |\n", out);
	}
	if (n < t->nfuncs)
		fprintf(out, "\n%zu more functions not listed.\n", t->nfuncs - n);
	free(order);
	return ferror(out) ? -1 : 0;
}
