/* speedscope.c - the `speedscope` format (speedscope's file format, as its
 * file-format-schema.json describes it): a shared frame table, then one
 * sampled profile per thread whose samples are the thread's stacks in time
 * order, runs of the same stack merged into one, weighed in nanoseconds of
 * CPU time. Streamed through jsonw. */
#include <stdlib.h>

#include "../cmd/util.h"
#include "jsonw.h"
#include "pairmap.h"
#include "timeline.h"

#define SPEEDSCOPE_SCHEMA "https://www.speedscope.app/file-format-schema.json"

struct run {
	uint32_t leaf;
	uint64_t weight;
};

struct speedscope {
	const struct calltree *t;
	uint32_t *frame_of; /* per node: its frame in the table, MODEL_NONE for group nodes */
	uint32_t *shown;    /* per table frame: the model frame, or SHOWN_NODE | a hidden run's node */
	size_t nframes;
	struct timeline tl;
	/* per node, once a run ends there: its stack as JSON text, the table
	 * frames root first ("0,1,2"), at text[stack_at[node].first .. +len] */
	struct {
		uint32_t first, len;
	} *stack_at;
	char *text;
	size_t ntext, text_cap;
};

/* One table frame per function (per source line with --lines) with the
 * function's hottest line, as the bottleneck table shows it; one per size
 * of hidden run. */
#define SHOWN_NODE 0x80000000u

static void frames_assign(struct speedscope *s)
{
	const struct calltree *t = s->t;
	struct pairmap hottest = {0}, index = {0}; /* by (kind, key): a model frame, a table frame */

	s->frame_of = xmalloc(t->nnodes * sizeof(uint32_t));
	s->shown = xmalloc((t->nnodes + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < t->nfuncs; i++) {
		const struct calltree_func *f = &t->funcs[i];
		const struct model_frame *fr = &t->m->frames[f->frame];
		if (f->kind == NODE_FRAME)
			pairmap_put(&hottest, NODE_FRAME, t->view.lines ? fr->line_id : fr->name_id, f->frame);
	}
	for (size_t i = 0; i < t->nnodes; i++) {
		const struct calltree_node *n = &t->nodes[i];
		uint64_t key;
		uint32_t shown;

		s->frame_of[i] = MODEL_NONE;
		if (n->kind == NODE_FRAME) {
			const struct model_frame *fr = &t->m->frames[n->frame];
			key = t->view.lines ? fr->line_id : fr->name_id;
			if ((shown = pairmap_get(&hottest, NODE_FRAME, key)) == PAIRMAP_NONE)
				shown = n->frame;
		} else if (n->kind == NODE_HIDDEN) {
			key = n->ref;
			shown = (uint32_t)i | SHOWN_NODE;
		} else {
			continue;
		}
		uint32_t f = pairmap_put(&index, n->kind, key, (uint32_t)s->nframes);
		if (f == s->nframes)
			s->shown[s->nframes++] = shown;
		s->frame_of[i] = f;
	}
	pairmap_free(&hottest);
	pairmap_free(&index);
}

static void frames_write(struct jsonw *w, const struct speedscope *s)
{
	const struct calltree *t = s->t;
	char buf[64];

	jsonw_newline(w);
	jsonw_key(w, "shared");
	jsonw_object_begin(w);
	jsonw_key(w, "frames");
	jsonw_array_begin(w);
	for (size_t i = 0; i < s->nframes; i++) {
		jsonw_newline(w);
		jsonw_object_begin(w);
		jsonw_key(w, "name");
		if (s->shown[i] & SHOWN_NODE) {
			const struct calltree_node *n = &t->nodes[s->shown[i] & ~SHOWN_NODE];
			jsonw_string(w, calltree_node_name(t, n, buf, sizeof(buf)));
		} else {
			const struct model_frame *fr = &t->m->frames[s->shown[i]];
			jsonw_string(w, fr->name);
			if (fr->file) {
				jsonw_key(w, "file");
				jsonw_string(w, fr->file);
			}
			if (fr->line) {
				jsonw_key(w, "line");
				jsonw_u64(w, fr->line);
			}
		}
		jsonw_object_end(w);
	}
	jsonw_newline(w);
	jsonw_array_end(w);
	jsonw_object_end(w);
}

/* The stack ending at NODE: its path without the root and group levels,
 * rendered once per node, for runs are many and their stacks few. */
static const char *stack_of(struct speedscope *s, uint32_t node, uint32_t *len)
{
	if (s->stack_at[node].first == MODEL_NONE) {
		uint32_t n, first = timeline_path(&s->tl, node, &n);
		const uint32_t *path = s->tl.paths + first;
		size_t at = s->ntext;
		if (s->ntext + 11 * n > s->text_cap) {
			s->text_cap = (s->ntext + 11 * n) * 2;
			s->text = xrealloc(s->text, s->text_cap);
		}
		for (uint32_t d = 0; d < n; d++) {
			uint32_t f = s->frame_of[path[d]];
			char digits[10];
			int nd = 0;
			if (f == MODEL_NONE)
				continue;
			do
				digits[nd++] = (char)('0' + f % 10);
			while (f /= 10);
			if (s->ntext > at)
				s->text[s->ntext++] = ',';
			while (nd)
				s->text[s->ntext++] = digits[--nd];
		}
		s->stack_at[node].first = (uint32_t)at;
		s->stack_at[node].len = (uint32_t)(s->ntext - at);
	}
	*len = s->stack_at[node].len;
	return &s->text[s->stack_at[node].first];
}

/* Merges the track's kept samples into runs of one stack; returns how many. */
static size_t runs_collect(const struct timeline *tl, const struct timeline_track *k, struct run *runs,
			   uint64_t *weight)
{
	size_t n = 0;

	*weight = 0;
	for (uint32_t i = 0; i < k->n; i++) {
		const struct timeline_sample *s = &tl->samples[k->first + i];
		if (s->node == MODEL_NONE)
			continue;
		if (!n || runs[n - 1].leaf != s->node)
			runs[n++] = (struct run){s->node, 0};
		runs[n - 1].weight += s->weight;
		*weight += s->weight;
	}
	return n;
}

/* A thread's profile: K's runs; an empty one named NAME without K. */
static void profile_write(struct jsonw *w, struct speedscope *s, const struct timeline_track *k,
			  const char *name, const struct run *runs, size_t nruns, uint64_t weight,
			  uint64_t period_ns)
{
	char buf[160];

	if (k) {
		snprintf(buf, sizeof(buf), "thread %d (%s) in process %d (%s)", k->tid,
			 s->t->m->p->threads[k->thread].name, k->pid, timeline_process_name(s->t, k));
		name = buf;
	}
	jsonw_newline(w);
	jsonw_object_begin(w);
	jsonw_key(w, "type");
	jsonw_string(w, "sampled");
	jsonw_key(w, "name");
	jsonw_string(w, name);
	jsonw_key(w, "unit");
	jsonw_string(w, "nanoseconds");
	jsonw_key(w, "startValue");
	jsonw_u64(w, 0);
	jsonw_key(w, "endValue");
	jsonw_u64(w, weight * period_ns);
	jsonw_key(w, "samples");
	jsonw_array_begin(w);
	for (size_t i = 0; i < nruns; i++) {
		uint32_t len;
		const char *stack = stack_of(s, runs[i].leaf, &len);
		jsonw_newline(w);
		jsonw_array_begin(w);
		/* digits and commas, which jsonw_escaped copies as they are */
		jsonw_escaped(w, stack, len);
		jsonw_array_end(w);
	}
	jsonw_array_end(w);
	jsonw_newline(w);
	jsonw_key(w, "weights");
	jsonw_array_begin(w);
	for (size_t i = 0; i < nruns; i++)
		jsonw_u64(w, runs[i].weight * period_ns);
	jsonw_array_end(w);
	jsonw_object_end(w);
}

int report_speedscope(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	struct speedscope s = {.t = t};
	struct report_summary sum;
	struct jsonw w;
	uint64_t period_ns = (uint64_t)(t->m->period_s * 1e9 + 0.5), best = 0, weight;
	size_t most = 0, nprofiles = 0;

	(void)o;
	frames_assign(&s);
	timeline_build(t, &s.tl);
	s.stack_at = xmalloc(t->nnodes * sizeof(*s.stack_at));
	for (size_t i = 0; i < t->nnodes; i++)
		s.stack_at[i].first = MODEL_NONE;
	report_summary_fill(t, &sum);

	jsonw_init(&w, out);
	jsonw_object_begin(&w);
	jsonw_key(&w, "$schema");
	jsonw_string(&w, SPEEDSCOPE_SCHEMA);
	jsonw_key(&w, "exporter");
	jsonw_string(&w, "ctrace " CTRACE_VERSION);
	jsonw_key(&w, "name");
	jsonw_string(&w, sum.program);
	frames_write(&w, &s);
	jsonw_newline(&w);
	jsonw_key(&w, "profiles");
	jsonw_array_begin(&w);
	struct run *runs = NULL;
	size_t runs_cap = 0;
	for (size_t i = 0; i < s.tl.ntracks; i++) {
		const struct timeline_track *k = &s.tl.tracks[i];
		if (k->n > runs_cap) {
			runs_cap = k->n;
			free(runs);
			runs = xmalloc(runs_cap * sizeof(*runs));
		}
		size_t nruns = runs_collect(&s.tl, k, runs, &weight);
		if (!nruns)
			continue;
		if (weight > best) {
			best = weight;
			most = nprofiles;
		}
		profile_write(&w, &s, k, NULL, runs, nruns, weight, period_ns);
		nprofiles++;
	}
	if (!nprofiles) /* speedscope opens a file without profiles as nothing at all */
		profile_write(&w, &s, NULL, "no samples", NULL, 0, 0, period_ns);
	jsonw_newline(&w);
	jsonw_array_end(&w);
	jsonw_key(&w, "activeProfileIndex");
	jsonw_u64(&w, most);
	jsonw_newline(&w);
	jsonw_object_end(&w);
	jsonw_newline(&w);
	free(runs);
	free(s.stack_at);
	free(s.text);
	free(s.frame_of);
	free(s.shown);
	timeline_free(&s.tl);
	return jsonw_finish(&w);
}
