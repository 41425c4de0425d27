/* html.c - the `html` format: one self-contained page, ctrace's own template,
 * CSS and JavaScript (report/assets/report.{html,css,js}, embedded at build
 * time) around the view's data: JSON in a <script type="application/json">.
 * jsonw escapes < > & and U+2028/9, so no profile string can end the
 * element, and the page builds its text with textContent only.
 *
 * The data is the view's call tree once, merged over threads as the view
 * built it, and each thread's weights at the tree's nodes: the page shows
 * any thread or process by adding up weights, without a tree per thread
 * (split by thread, 1M samples of 8 threads make 8x the nodes). */
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "assets/embed.h"
#include "jsonw.h"
#include "pairmap.h"
#include "render.h"

ASSET_EMBED(asset_report_html, "report/assets/report.html");
ASSET_EMBED(asset_report_css, "report/assets/report.css");
ASSET_EMBED(asset_report_js, "report/assets/report.js");

/* The page's data, read by report.js (a private format: the two change
 * together). summary and view hold the header's figures and the view's
 * options; threads one entry per thread with samples (by pid and tid, as
 * the tree groups them): pid, tid, name, exe, weight (before --focus).
 * Integer arrays are flat, several numbers per item:
 *   frames  func, name, file, line, inlined, module per model frame; func
 *           is the bottleneck-table identity (the name, or the source line
 *           with --lines); file and module are 1 + an index, 0 for none
 *   nodes   up, label per tree node after the root, in preorder: up is how
 *           many levels above the previous node's child this node sits;
 *           label is a frame, or -1 - an index into labels (process,
 *           thread and hidden-frames nodes; label_kinds says which)
 *   funcs   frame (-1: hidden frames), self, total: the view's bottleneck
 *           table over every selected thread, by self time
 *   self, elided, lines: one array per thread (threads[] order) of
 *           node step, weight (self: samples ending at the node; elided:
 *           ending under it in nodes left out by --min-percent) and of
 *           frame step, self, total (each source line once per stack) */
#define HTML_DATA_VERSION 1

/* Strings interned by value (files and modules repeat across frames); a
 * strtab owns copies of its strings. */
struct strtab {
	struct pairmap index; /* (hash, probe) -> id */
	char **s;
	size_t n, cap;
};

static uint32_t strtab_id(struct strtab *t, const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (const char *c = s; *c; c++)
		h = (h ^ (uint8_t)*c) * 1099511628211ULL;
	for (uint64_t probe = 0;; probe++) {
		uint32_t id = pairmap_get(&t->index, h, probe);
		if (id == PAIRMAP_NONE) {
			if (t->n == t->cap) {
				t->cap = t->cap ? t->cap * 2 : 64;
				t->s = xrealloc(t->s, t->cap * sizeof(*t->s));
			}
			t->s[t->n] = xstrdup(s);
			pairmap_put(&t->index, h, probe, (uint32_t)t->n);
			return (uint32_t)t->n++;
		}
		if (!strcmp(t->s[id], s))
			return id;
	}
}

static void strtab_free(struct strtab *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->s[i]);
	pairmap_free(&t->index);
	free(t->s);
}

/* One weight per (thread group, key): a node, or a frame. */
struct cell {
	uint32_t group, key;
	uint64_t a, b;
};

struct cells {
	struct pairmap index;
	struct cell *c;
	size_t n, cap;
};

static struct cell *cell_get(struct cells *cs, uint32_t group, uint32_t key)
{
	uint32_t i = pairmap_put(&cs->index, group, key, (uint32_t)cs->n);

	if (i == cs->n) {
		if (cs->n == cs->cap) {
			cs->cap = cs->cap ? cs->cap * 2 : 1024;
			cs->c = xrealloc(cs->c, cs->cap * sizeof(*cs->c));
		}
		cs->c[cs->n++] = (struct cell){group, key, 0, 0};
	}
	return &cs->c[i];
}

static int cell_cmp(const void *x, const void *y)
{
	const struct cell *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->key < b->key ? -1 : a->key > b->key;
}

static void cells_free(struct cells *cs)
{
	pairmap_free(&cs->index);
	free(cs->c);
}

/* Threads as the tree groups them: one per (pid, tid), so that an exec'ed
 * image's thread is the thread it replaced. Only those with samples. */
struct groups {
	uint32_t *of_thread; /* per profile thread, MODEL_NONE: none */
	uint32_t *thread;    /* per group: its first profile thread */
	uint64_t *weight;    /* per group: before --focus/--exclude */
	size_t n;
};

static void groups_build(const struct calltree *t, struct groups *g)
{
	const struct profile *p = t->m->p;
	uint64_t *weight = xcalloc(p->nthreads + 1, sizeof(uint64_t));
	uint8_t *used = xcalloc(p->nthreads + 1, 1);
	struct pairmap ids = {0};

	g->of_thread = xmalloc((p->nthreads + 1) * sizeof(uint32_t));
	g->thread = xmalloc((p->nthreads + 1) * sizeof(uint32_t));
	g->weight = xcalloc(p->nthreads + 1, sizeof(uint64_t));
	g->n = 0;
	for (size_t i = 0; i < p->nsamples; i++)
		if (t->thread_selected[p->samples[i].thread]) {
			weight[p->samples[i].thread] += p->samples[i].weight;
			used[p->samples[i].thread] = 1;
		}
	for (size_t k = 0; k < p->nthreads; k++) {
		const struct prof_thread *th = &p->threads[k];
		g->of_thread[k] = MODEL_NONE;
		if (!used[k])
			continue;
		uint32_t id = pairmap_put(&ids, (uint32_t)p->procs[th->proc_id].pid, (uint32_t)th->tid,
					  (uint32_t)g->n);
		if (id == g->n)
			g->thread[g->n++] = (uint32_t)k;
		g->of_thread[k] = id;
		g->weight[id] += weight[k];
	}
	pairmap_free(&ids);
	free(weight);
	free(used);
}

static void groups_free(struct groups *g)
{
	free(g->of_thread);
	free(g->thread);
	free(g->weight);
}

static const char *base_name(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;
	return s ? s + 1 : path ? path : "";
}

static void summary_write(struct jsonw *w, const struct calltree *t, const struct report_opts *o)
{
	const struct view_opts *v = &t->view;
	struct report_summary s;
	char view[1024];

	report_summary_fill(t, &s);
	report_summary_json(w, &s);
	jsonw_newline(w);
	jsonw_key(w, "view");
	jsonw_object_begin(w);
	jsonw_key_string(w, "text", render_view(t, view, sizeof(view)));
	jsonw_key(w, "inverted");
	jsonw_bool(w, v->inverted);
	jsonw_key(w, "lines");
	jsonw_bool(w, v->lines);
	jsonw_key_u64(w, "max_depth", v->max_depth);
	jsonw_key_number(w, "min_percent", o->min_percent);
	jsonw_key_string(w, "sort", o->sort_total ? "total" : "self");
	jsonw_key_u64(w, "top", o->top_n > 0 ? (uint64_t)o->top_n : 0);
	jsonw_object_end(w);
	jsonw_newline(w);
	jsonw_key_number(w, "period_s", t->m->period_s);
	jsonw_key_u64(w, "weight", t->weight);
	jsonw_key_u64(w, "kept", t->nodes[0].total);
	jsonw_key_string(w, "version_ctrace", CTRACE_VERSION);
}

/* Every model frame, with names, files and modules as string tables. */
static void frames_write(struct jsonw *w, const struct calltree *t)
{
	const struct model *m = t->m;
	struct strtab files = {0}, modules = {0};
	uint32_t *ids = xmalloc((m->nframes + 1) * 2 * sizeof(uint32_t));
	char loc[4096];

	for (size_t i = 0; i < m->nframes; i++) {
		const struct model_frame *f = &m->frames[i];
		struct model_frame file_only = {.name = "", .file = f->file};
		/* the file as the text report shows it: relative to the recording's directory */
		const char *file = f->file ? render_location(t, &file_only, loc, sizeof(loc)) : NULL;
		ids[2 * i] = file ? 1 + strtab_id(&files, file) : 0;
		ids[2 * i + 1] = f->module ? 1 + strtab_id(&modules, f->module) : 0;
	}
	jsonw_key(w, "nfuncs");
	jsonw_u64(w, t->view.lines ? m->nlines : m->nnames);
	jsonw_newline(w);
	jsonw_key(w, "names");
	jsonw_array_begin(w);
	for (size_t i = 0; i < m->nnames; i++) {
		if (i % 64 == 0)
			jsonw_newline(w);
		jsonw_string(w, m->names[i]);
	}
	jsonw_array_end(w);
	jsonw_newline(w);
	jsonw_key(w, "files");
	jsonw_array_begin(w);
	for (size_t i = 0; i < files.n; i++)
		jsonw_string(w, files.s[i]);
	jsonw_array_end(w);
	jsonw_newline(w);
	jsonw_key(w, "modules");
	jsonw_array_begin(w);
	for (size_t i = 0; i < modules.n; i++)
		jsonw_string(w, modules.s[i]);
	jsonw_array_end(w);
	jsonw_newline(w);
	jsonw_key(w, "frames");
	jsonw_array_begin(w);
	for (size_t i = 0; i < m->nframes; i++) {
		const struct model_frame *f = &m->frames[i];
		if (i % 16 == 0)
			jsonw_newline(w);
		jsonw_u64(w, t->view.lines ? f->line_id : f->name_id);
		jsonw_u64(w, f->name_id);
		jsonw_u64(w, ids[2 * i]);
		jsonw_u64(w, f->line);
		jsonw_u64(w, f->inlined ? 1 : 0);
		jsonw_u64(w, ids[2 * i + 1]);
	}
	jsonw_array_end(w);
	free(ids);
	strtab_free(&files);
	strtab_free(&modules);
}

/* The tree in preorder without the root; fills PAGE (per tree node: its
 * index among the nodes written, or its nearest written ancestor's) and
 * ELIDED (per tree node: left out by --min-percent). */
static void nodes_write(struct jsonw *w, const struct calltree *t, const struct report_opts *o, uint32_t *page,
			uint8_t *elided)
{
	char buf[256];
	uint32_t npage = 1, prev_depth = 0;
	struct strtab labels = {0};
	uint32_t *kinds = NULL;

	page[0] = 0;
	elided[0] = 0;
	jsonw_newline(w);
	jsonw_key(w, "nodes");
	jsonw_array_begin(w);
	for (size_t i = 1; i < t->nnodes; i++) {
		const struct calltree_node *n = &t->nodes[i];

		if (elided[n->parent] || !calltree_node_shown(t, n, o->min_percent)) {
			page[i] = page[n->parent];
			elided[i] = 1;
			continue;
		}
		page[i] = npage++;
		elided[i] = 0;
		if (npage % 32 == 0)
			jsonw_newline(w);
		jsonw_u64(w, prev_depth + 1 - n->depth);
		if (n->kind == NODE_FRAME)
			jsonw_i64(w, n->frame);
		else {
			uint32_t id = strtab_id(&labels, calltree_node_name(t, n, buf, sizeof(buf)));
			if (id + 1 == labels.n) {
				kinds = xrealloc(kinds, labels.n * sizeof(uint32_t));
				kinds[id] = n->kind;
			}
			jsonw_i64(w, -1 - (int64_t)id);
		}
		prev_depth = n->depth;
	}
	jsonw_array_end(w);
	jsonw_newline(w);
	jsonw_key(w, "labels");
	jsonw_array_begin(w);
	for (size_t i = 0; i < labels.n; i++)
		jsonw_string(w, labels.s[i]);
	jsonw_array_end(w);
	jsonw_key(w, "label_kinds");
	jsonw_array_begin(w);
	for (size_t i = 0; i < labels.n; i++)
		jsonw_string(w, kinds[i] == NODE_PROCESS  ? "process"
				: kinds[i] == NODE_THREAD ? "thread"
							  : "hidden");
	jsonw_array_end(w);
	free(kinds);
	strtab_free(&labels);
}

static void funcs_write(struct jsonw *w, const struct calltree *t)
{
	jsonw_newline(w);
	jsonw_key(w, "funcs");
	jsonw_array_begin(w);
	for (size_t i = 0; i < t->nfuncs; i++) {
		const struct calltree_func *f = &t->funcs[i];
		if (i % 32 == 0)
			jsonw_newline(w);
		jsonw_i64(w, f->kind == NODE_FRAME ? (int64_t)f->frame : -1);
		jsonw_u64(w, f->self);
		jsonw_u64(w, f->total);
	}
	jsonw_array_end(w);
}

static void threads_write(struct jsonw *w, const struct calltree *t, const struct groups *g)
{
	const struct profile *p = t->m->p;

	jsonw_newline(w);
	jsonw_key(w, "threads");
	jsonw_array_begin(w);
	for (size_t i = 0; i < g->n; i++) {
		const struct prof_thread *th = &p->threads[g->thread[i]];
		const struct prof_proc *pr = &p->procs[th->proc_id];
		jsonw_newline(w);
		jsonw_object_begin(w);
		jsonw_key(w, "pid");
		jsonw_i64(w, pr->pid);
		jsonw_key(w, "tid");
		jsonw_i64(w, th->tid);
		jsonw_key_string(w, "name", th->name);
		jsonw_key_string(w, "exe", base_name(pr->exe));
		jsonw_key_u64(w, "weight", g->weight[i]);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* One array per group of (key step, a[, b]) from CELLS sorted by group
 * and key. */
static void cells_write(struct jsonw *w, const char *name, struct cells *cs, size_t ngroups, int pairs)
{
	size_t i = 0;

	if (cs->n)
		qsort(cs->c, cs->n, sizeof(*cs->c), cell_cmp);
	jsonw_newline(w);
	jsonw_key(w, name);
	jsonw_array_begin(w);
	for (uint32_t g = 0; g < ngroups; g++) {
		uint32_t prev = 0;
		size_t k = 0;
		jsonw_newline(w);
		jsonw_array_begin(w);
		for (; i < cs->n && cs->c[i].group == g; i++, k++) {
			if (k && k % 32 == 0)
				jsonw_newline(w);
			jsonw_u64(w, cs->c[i].key - prev);
			jsonw_u64(w, cs->c[i].a);
			if (pairs)
				jsonw_u64(w, cs->c[i].b);
			prev = cs->c[i].key;
		}
		jsonw_array_end(w);
	}
	jsonw_array_end(w);
}

/* Each group's weights at the written nodes, from the samples' leaves. */
static void weights_write(struct jsonw *w, const struct calltree *t, const struct groups *g,
			  const uint32_t *page, const uint8_t *elided)
{
	const struct profile *p = t->m->p;
	struct cells self = {0}, under = {0};

	for (size_t i = 0; i < p->nsamples; i++) {
		uint32_t node = t->sample_node[i];
		if (node == MODEL_NONE)
			continue;
		uint32_t group = g->of_thread[p->samples[i].thread];
		cell_get(elided[node] ? &under : &self, group, page[node])->a += p->samples[i].weight;
	}
	cells_write(w, "self", &self, g->n, 0);
	cells_write(w, "elided", &under, g->n, 0);
	cells_free(&self);
	cells_free(&under);
}

/* Each group's time per source line (model frame) in the samples the view
 * kept: self where a stack ends, total once per stack. */
static void lines_write(struct jsonw *w, const struct calltree *t, const struct groups *g)
{
	const struct model *m = t->m;
	const struct profile *p = m->p;
	struct cells entries = {0}, lines = {0};
	uint32_t *stamp = xmalloc((m->nframes + 1) * sizeof(uint32_t));

	/* (group, stack) first: a stack's frames are walked once, not per sample */
	for (size_t i = 0; i < p->nsamples; i++)
		if (t->sample_node[i] != MODEL_NONE)
			cell_get(&entries, g->of_thread[p->samples[i].thread], p->samples[i].stack)->a +=
				p->samples[i].weight;
	for (size_t i = 0; i < m->nframes; i++)
		stamp[i] = MODEL_NONE;
	for (size_t e = 0; e < entries.n; e++) {
		const struct cell *en = &entries.c[e];
		const struct model_stack *ms = &m->stacks[en->key];
		const uint32_t *ids = &m->frame_ids[ms->first];
		for (uint32_t k = 0; k < ms->nframes; k++) {
			if (stamp[ids[k]] == e)
				continue; /* recursion: once per stack */
			stamp[ids[k]] = (uint32_t)e;
			cell_get(&lines, en->group, ids[k])->b += en->a;
		}
		if (ms->nframes)
			cell_get(&lines, en->group, ids[ms->nframes - 1])->a += en->a;
	}
	cells_write(w, "lines", &lines, g->n, 1);
	free(stamp);
	cells_free(&entries);
	cells_free(&lines);
}

/* Writes TEMPLATE up to MARKER and returns what follows the marker. */
static const char *template_until(FILE *out, const char *template, const char *marker)
{
	const char *at = strstr(template, marker);

	if (!at)
		die(EXIT_FAIL, "BUG: the HTML template has no '%s'", marker);
	fwrite(template, 1, (size_t)(at - template), out);
	return at + strlen(marker);
}

int report_html(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	const char *rest = asset_report_html;
	uint32_t *page = xmalloc((t->nnodes + 1) * sizeof(uint32_t));
	uint8_t *elided = xmalloc(t->nnodes + 1);
	struct groups g;
	struct jsonw w;
	int rc;

	rest = template_until(out, rest, "/*ctrace:css*/");
	fputs(asset_report_css, out);
	rest = template_until(out, rest, "/*ctrace:data*/");

	groups_build(t, &g);
	jsonw_init(&w, out);
	jsonw_object_begin(&w);
	jsonw_key(&w, "version");
	jsonw_u64(&w, HTML_DATA_VERSION);
	jsonw_newline(&w);
	summary_write(&w, t, o);
	jsonw_newline(&w);
	frames_write(&w, t);
	nodes_write(&w, t, o, page, elided);
	funcs_write(&w, t);
	threads_write(&w, t, &g);
	weights_write(&w, t, &g, page, elided);
	lines_write(&w, t, &g);
	jsonw_newline(&w);
	jsonw_object_end(&w);
	rc = jsonw_finish(&w);
	groups_free(&g);
	free(page);
	free(elided);

	rest = template_until(out, rest, "/*ctrace:js*/");
	fputs(asset_report_js, out);
	fputs(rest, out);
	return rc || ferror(out) ? -1 : 0;
}
