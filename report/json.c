/* json.c - the `json` format (docs/JSON.md): the recording's metadata and
 * figures, the view, processes and threads, then the frame table, the
 * function table and the call tree as a flat list of nodes in preorder.
 * Streamed through jsonw; jansson only for the profile's own metadata. */
#include <stdlib.h>
#include <sys/wait.h>

#include "../cmd/util.h"
#include "jsonw.h"
#include "model.h"

#define JSON_REPORT_VERSION 1

static const char *group_name(enum view_group g)
{
	return g == VIEW_GROUP_MERGED ? "merged" : g == VIEW_GROUP_SPLIT ? "split" : "auto";
}

static const char *kind_name(uint32_t k)
{
	static const char *const names[] = {"root", "process", "thread", "frame", "hidden"};
	return k < sizeof(names) / sizeof(names[0]) ? names[k] : "unknown";
}

void report_summary_json(struct jsonw *w, const struct report_summary *s)
{
	jsonw_key(w, "summary");
	jsonw_object_begin(w);
	jsonw_key_string(w, "program", s->program);
	jsonw_key_number(w, "duration_s", s->duration_s);
	jsonw_key_number(w, "cpu_s", s->cpu_s);
	jsonw_key_number(w, "rate_hz", s->rate_hz);
	jsonw_key_number(w, "delivered_hz", s->delivered_hz);
	jsonw_key_string(w, "engine", s->engine);
	jsonw_key_u64(w, "samples", s->samples);
	jsonw_key_u64(w, "weight", s->weight);
	jsonw_key_u64(w, "dropped", s->dropped);
	jsonw_key_u64(w, "dropped_weight", s->dropped_weight);
	jsonw_key_u64(w, "pc_only", s->pc_only);
	jsonw_key_u64(w, "unwind_failed", s->unwind_failed);
	jsonw_key_u64(w, "truncated", s->truncated);
	jsonw_key_u64(w, "processes", s->nprocs);
	jsonw_key_u64(w, "threads", s->nthreads);
	jsonw_object_end(w);
}

static void summary_write(struct jsonw *w, const struct calltree *t, const struct report_opts *o)
{
	struct report_summary s;

	report_summary_fill(t, &s);
	jsonw_newline(w);
	report_summary_json(w, &s);

	jsonw_newline(w);
	jsonw_key(w, "period_ns");
	jsonw_u64(w, (uint64_t)(t->m->period_s * 1e9 + 0.5));
	jsonw_newline(w);
	jsonw_key(w, "totals");
	jsonw_object_begin(w);
	jsonw_key_u64(w, "weight", t->weight);
	jsonw_key_u64(w, "samples", t->samples);
	jsonw_key_u64(w, "kept_weight", t->nodes[0].total);
	jsonw_key_u64(w, "kept_samples", t->nodes[0].samples);
	jsonw_key_number(w, "seconds", calltree_seconds(t, t->weight));
	jsonw_object_end(w);

	const struct view_opts *v = &t->view;
	jsonw_newline(w);
	jsonw_key(w, "view");
	jsonw_object_begin(w);
	jsonw_key(w, "group");
	jsonw_string(w, group_name(v->group));
	jsonw_key(w, "pids");
	jsonw_array_begin(w);
	for (size_t i = 0; i < v->npids; i++)
		jsonw_i64(w, v->pids[i]);
	jsonw_array_end(w);
	jsonw_key(w, "tids");
	jsonw_array_begin(w);
	for (size_t i = 0; i < v->ntids; i++)
		jsonw_i64(w, v->tids[i]);
	jsonw_array_end(w);
	jsonw_key(w, "thread_names");
	jsonw_array_begin(w);
	for (size_t i = 0; i < v->nthread_names; i++)
		jsonw_string(w, v->thread_names[i]);
	jsonw_array_end(w);
	jsonw_key(w, "focus");
	jsonw_string(w, v->focus);
	jsonw_key(w, "exclude");
	jsonw_string(w, v->exclude);
	jsonw_key(w, "hide");
	jsonw_string(w, v->hide);
	jsonw_key(w, "inverted");
	jsonw_bool(w, v->inverted);
	jsonw_key(w, "lines");
	jsonw_bool(w, v->lines);
	jsonw_key_u64(w, "max_depth", v->max_depth);
	jsonw_key_number(w, "min_percent", o->min_percent);
	jsonw_key(w, "sort");
	jsonw_string(w, o->sort_total ? "total" : "self");
	jsonw_object_end(w);
}

static void processes_write(struct jsonw *w, const struct calltree *t)
{
	const struct profile *p = t->m->p;
	uint64_t *weight = xcalloc(p->nthreads + 1, sizeof(uint64_t));
	uint64_t *samples = xcalloc(p->nthreads + 1, sizeof(uint64_t));

	for (size_t i = 0; i < p->nsamples; i++)
		if (t->thread_selected[p->samples[i].thread]) {
			weight[p->samples[i].thread] += p->samples[i].weight;
			samples[p->samples[i].thread]++;
		}
	jsonw_newline(w);
	jsonw_key(w, "processes");
	jsonw_array_begin(w);
	for (size_t i = 1; i < p->nprocs; i++) {
		const struct prof_proc *pr = &p->procs[i];
		if (!pr->seen)
			continue;
		jsonw_newline(w);
		jsonw_object_begin(w);
		jsonw_key_u64(w, "id", pr->id);
		jsonw_key(w, "pid");
		jsonw_i64(w, pr->pid);
		jsonw_key_u64(w, "parent", pr->parent);
		jsonw_key(w, "kind");
		jsonw_string(w, pr->kind == 1 ? "fork" : pr->kind == 2 ? "exec" : "launch");
		jsonw_key(w, "exe");
		jsonw_string(w, pr->exe ? pr->exe : "");
		jsonw_key(w, "cmdline");
		jsonw_string(w, pr->cmdline ? pr->cmdline : "");
		if (pr->status >= 0) {
			jsonw_key(w, WIFSIGNALED(pr->status) ? "exit_signal" : "exit_code");
			jsonw_i64(w, WIFSIGNALED(pr->status) ? WTERMSIG(pr->status) : WEXITSTATUS(pr->status));
		}
		jsonw_key_u64(w, "cpu_user_ns", pr->cpu_user_ns);
		jsonw_key_u64(w, "cpu_sys_ns", pr->cpu_sys_ns);
		jsonw_key(w, "threads");
		jsonw_array_begin(w);
		for (size_t k = 0; k < p->nthreads; k++) {
			const struct prof_thread *th = &p->threads[k];
			if (th->proc_id != pr->id)
				continue;
			jsonw_object_begin(w);
			jsonw_key_u64(w, "index", k);
			jsonw_key(w, "tid");
			jsonw_i64(w, th->tid);
			jsonw_key(w, "name");
			jsonw_string(w, th->name);
			jsonw_key(w, "selected");
			jsonw_bool(w, t->thread_selected[k]);
			jsonw_key_u64(w, "weight", weight[k]);
			jsonw_key_u64(w, "samples", samples[k]);
			jsonw_key_u64(w, "cpu_ns", th->cpu_ns);
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	free(weight);
	free(samples);
}

static void frames_write(struct jsonw *w, const struct model *m)
{
	jsonw_newline(w);
	jsonw_key(w, "frames");
	jsonw_array_begin(w);
	for (size_t i = 0; i < m->nframes; i++) {
		const struct model_frame *f = &m->frames[i];
		jsonw_newline(w);
		jsonw_object_begin(w);
		jsonw_key(w, "name");
		jsonw_string(w, f->name);
		jsonw_key(w, "file");
		jsonw_string(w, f->file);
		jsonw_key_u64(w, "line", f->line);
		jsonw_key(w, "inlined");
		jsonw_bool(w, f->inlined);
		jsonw_key(w, "module");
		jsonw_string(w, f->module);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void functions_write(struct jsonw *w, const struct calltree *t, const struct report_opts *o)
{
	uint32_t *order = xmalloc((t->nfuncs + 1) * sizeof(uint32_t));
	size_t n = o->top_n > 0 && (size_t)o->top_n < t->nfuncs ? (size_t)o->top_n : t->nfuncs;

	calltree_funcs_order(t, o->sort_total, order);
	jsonw_newline(w);
	jsonw_key(w, "functions");
	jsonw_array_begin(w);
	for (size_t i = 0; i < n; i++) {
		const struct calltree_func *f = &t->funcs[order[i]];
		jsonw_newline(w);
		jsonw_object_begin(w);
		jsonw_key(w, "kind");
		jsonw_string(w, kind_name(f->kind));
		jsonw_key(w, "frame");
		if (f->kind == NODE_FRAME)
			jsonw_u64(w, f->frame);
		else
			jsonw_null(w);
		jsonw_key(w, "name");
		jsonw_string(w, calltree_func_name(t, f));
		jsonw_key_u64(w, "self", f->self);
		jsonw_key_u64(w, "total", f->total);
		jsonw_key_u64(w, "samples", f->samples);
		jsonw_key_u64(w, "self_samples", f->self_samples);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	free(order);
}

static void nodes_write(struct jsonw *w, const struct calltree *t, const struct report_opts *o)
{
	const struct profile *p = t->m->p;
	char buf[256];

	jsonw_newline(w);
	jsonw_key(w, "nodes");
	jsonw_array_begin(w);
	for (size_t i = 0; i < t->nnodes;) {
		const struct calltree_node *n = &t->nodes[i];

		/* preorder: skipping a node skips the run of deeper ones after it */
		if (i && !calltree_node_shown(t, n, o->min_percent)) {
			for (i++; i < t->nnodes && t->nodes[i].depth > n->depth; i++)
				;
			continue;
		}
		jsonw_newline(w);
		jsonw_object_begin(w);
		jsonw_key_u64(w, "id", i);
		jsonw_key(w, "parent");
		if (n->parent == MODEL_NONE)
			jsonw_null(w);
		else
			jsonw_u64(w, n->parent);
		jsonw_key_u64(w, "depth", n->depth);
		jsonw_key(w, "kind");
		jsonw_string(w, kind_name(n->kind));
		switch (n->kind) {
		case NODE_FRAME: jsonw_key_u64(w, "frame", n->frame); break;
		case NODE_PROCESS:
			jsonw_key_u64(w, "process", n->ref);
			jsonw_key(w, "pid");
			jsonw_i64(w, p->procs[n->ref].pid);
			break;
		case NODE_THREAD:
			jsonw_key_u64(w, "thread", n->ref);
			jsonw_key(w, "tid");
			jsonw_i64(w, p->threads[n->ref].tid);
			break;
		case NODE_HIDDEN: jsonw_key_u64(w, "hidden", n->ref); break;
		}
		if (n->kind != NODE_FRAME) {
			jsonw_key(w, "name");
			jsonw_string(w, calltree_node_name(t, n, buf, sizeof(buf)));
		}
		jsonw_key_u64(w, "self", n->self);
		jsonw_key_u64(w, "total", n->total);
		jsonw_key_u64(w, "samples", n->samples);
		jsonw_object_end(w);
		i++;
	}
	jsonw_array_end(w);
}

int report_json(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	struct jsonw w;

	jsonw_init(&w, out);
	jsonw_object_begin(&w);
	jsonw_newline(&w);
	jsonw_key(&w, "format");
	jsonw_string(&w, "ctrace-report");
	jsonw_key(&w, "version");
	jsonw_u64(&w, JSON_REPORT_VERSION);
	jsonw_newline(&w);
	jsonw_key(&w, "meta");
	jsonw_jansson(&w, t->m->p->meta);
	summary_write(&w, t, o);
	processes_write(&w, t);
	frames_write(&w, t->m);
	functions_write(&w, t, o);
	nodes_write(&w, t, o);
	jsonw_newline(&w);
	jsonw_object_end(&w);
	jsonw_newline(&w);
	return jsonw_finish(&w);
}
