/* calltree.c - applies a view to the model: selects threads, filters and
 * reshapes each distinct (thread group, stack) pair once, and builds the
 * call tree and the per-function table that every renderer draws from. */
#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "model.h"
#include "pairmap.h"

enum { MATCH_FOCUS = 1, MATCH_EXCLUDE = 2, MATCH_HIDE = 4 };

/* The samples of one stack in one group of threads. */
struct entry {
	uint32_t stack;
	uint32_t proc_ref, thread_ref; /* group nodes above the stack, MODEL_NONE: none */
	uint32_t leaf;
	uint64_t weight, samples;
};

/* A stack after the view's filters: frames and hidden runs, root first. */
struct elem {
	uint32_t kind; /* NODE_FRAME or NODE_HIDDEN */
	uint32_t frame;
	uint32_t count; /* NODE_HIDDEN: frames collapsed */
};

/* Weights of (owner, frame) pairs, owners being nodes or functions, to
 * find the hottest line of each. */
struct line_weight {
	uint64_t self, total;
};

struct lines {
	struct idmap index; /* (owner, frame) -> w[] */
	struct line_weight *w;
	size_t n, cap;
};

struct builder {
	const struct model *m;
	struct calltree *t;
	uint8_t *name_match; /* per name_id: MATCH_* */
	struct entry *entries;
	size_t nentries, entries_cap;
	struct elem *elems;
	size_t elems_cap;
	size_t nodes_cap;
	uint8_t *multi;            /* per node: has seen more than one frame */
	struct idmap child;        /* (parent, kind << KIND_SHIFT | key) -> node */
	struct pairmap func_index; /* (kind, key) -> function */
	size_t funcs_cap;
	uint32_t *func_stamp; /* the last entry that counted a function */
	struct lines node_lines, func_lines;
};

/* Child keys pack the kind above name, line, pid and tid numbers. */
#define KIND_SHIFT 29

static void *grow(void *arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return arr;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	*cap = c;
	return xrealloc(arr, c * elem);
}

static const char *base_name(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;
	return s ? s + 1 : path ? path : "";
}

/* ---- thread selection ---- */

static int int_in(int32_t v, const int32_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

static int threads_select(struct calltree *t, const struct view_opts *v, char *err, size_t errlen)
{
	const struct profile *p = t->m->p;

	for (size_t i = 0; i < v->npids; i++) {
		int found = 0;
		for (size_t k = 1; k < p->nprocs && !found; k++)
			found = p->procs[k].seen && p->procs[k].pid == v->pids[i];
		if (!found)
			return snprintf(err, errlen, "no process %d in the profile", v->pids[i]), -1;
	}
	for (size_t i = 0; i < v->ntids; i++) {
		int found = 0;
		for (size_t k = 0; k < p->nthreads && !found; k++)
			found = p->threads[k].tid == v->tids[i];
		if (!found)
			return snprintf(err, errlen, "no thread %d in the profile", v->tids[i]), -1;
	}
	for (size_t i = 0; i < v->nthread_names; i++) {
		int found = 0;
		for (size_t k = 0; k < p->nthreads && !found; k++)
			found = !fnmatch(v->thread_names[i], p->threads[k].name, 0);
		if (!found)
			return snprintf(err, errlen, "no thread named '%s' in the profile", v->thread_names[i]), -1;
	}
	t->thread_selected = xcalloc(p->nthreads, 1);
	for (size_t k = 0; k < p->nthreads; k++) {
		const struct prof_thread *th = &p->threads[k];
		int name_ok = !v->nthread_names;
		for (size_t i = 0; i < v->nthread_names && !name_ok; i++)
			name_ok = !fnmatch(v->thread_names[i], th->name, 0);
		t->thread_selected[k] = name_ok && (!v->npids || int_in(p->procs[th->proc_id].pid, v->pids, v->npids)) &&
					(!v->ntids || int_in(th->tid, v->tids, v->ntids));
	}
	return 0;
}

/* For each selected thread, the process and thread nodes its stacks hang
 * from. The same pid (an exec'ed image) and the same tid share a node,
 * represented by their first proc id and thread index. */
static void groups_assign(struct calltree *t, uint32_t *proc_ref, uint32_t *thread_ref)
{
	const struct profile *p = t->m->p;
	uint8_t *used = xcalloc(p->nthreads + 1, 1);
	uint32_t *first_proc = xmalloc((p->nthreads + 1) * sizeof(uint32_t));
	uint32_t *first_thread = xmalloc((p->nthreads + 1) * sizeof(uint32_t));
	struct pairmap pids = {0}, tids = {0};

	for (size_t i = 0; i < p->nsamples; i++)
		used[p->samples[i].thread] = t->thread_selected[p->samples[i].thread];
	for (size_t k = 0; k < p->nthreads; k++) {
		const struct prof_thread *th = &p->threads[k];
		uint64_t pid = (uint32_t)p->procs[th->proc_id].pid;

		if (!used[k])
			continue;
		first_proc[k] = pairmap_put(&pids, pid, 0, (uint32_t)k);
		first_thread[k] = pairmap_put(&tids, pid, (uint32_t)th->tid, (uint32_t)k);
		if (first_proc[k] == k)
			t->nprocs_used++;
		if (first_thread[k] == k)
			t->nthreads_used++;
	}
	for (size_t k = 0; k < p->nthreads; k++) {
		int split = t->view.group == VIEW_GROUP_SPLIT;

		proc_ref[k] = thread_ref[k] = MODEL_NONE;
		if (!used[k] || t->view.group == VIEW_GROUP_MERGED)
			continue;
		if (split || t->nprocs_used > 1)
			proc_ref[k] = p->threads[first_proc[k]].proc_id;
		if (split)
			thread_ref[k] = first_thread[k];
	}
	pairmap_free(&pids);
	pairmap_free(&tids);
	free(used);
	free(first_proc);
	free(first_thread);
}

/* ---- regexes ---- */

static int names_match(struct builder *b, const struct view_opts *v, char *err, size_t errlen)
{
	const char *res[3] = {v->focus, v->exclude, v->hide};
	const char *opt[3] = {"focus", "exclude", "hide"};

	b->name_match = xcalloc(b->m->nnames + 1, 1);
	for (int r = 0; r < 3; r++) {
		regex_t re;
		int rc;

		if (!res[r])
			continue;
		if ((rc = regcomp(&re, res[r], REG_EXTENDED | REG_NOSUB)) != 0) {
			char msg[200];
			regerror(rc, &re, msg, sizeof(msg));
			regfree(&re);
			return snprintf(err, errlen, "bad --%s regex '%s': %s", opt[r], res[r], msg), -1;
		}
		for (size_t i = 0; i < b->m->nnames; i++)
			if (!regexec(&re, b->m->names[i], 0, NULL, 0))
				b->name_match[i] |= (uint8_t)(1 << r);
		regfree(&re);
	}
	return 0;
}

/* ---- building ---- */

static uint32_t node_new(struct builder *b, uint32_t parent, uint32_t kind, uint32_t frame, uint32_t ref)
{
	struct calltree *t = b->t;

	size_t cap = b->nodes_cap;
	t->nodes = grow(t->nodes, &b->nodes_cap, t->nnodes + 1, sizeof(*t->nodes));
	if (cap != b->nodes_cap) {
		b->multi = xrealloc(b->multi, b->nodes_cap);
		memset(b->multi + cap, 0, b->nodes_cap - cap);
	}
	struct calltree_node *n = &t->nodes[t->nnodes];
	memset(n, 0, sizeof(*n));
	n->parent = parent;
	n->kind = kind;
	n->ref = kind == NODE_FRAME ? frame : ref;
	n->depth = parent == MODEL_NONE ? 0 : t->nodes[parent].depth + 1;
	return (uint32_t)t->nnodes++;
}

static uint32_t node_child(struct builder *b, uint32_t parent, uint32_t kind, uint32_t key, uint32_t frame,
			   uint32_t ref)
{
	uint32_t k = kind << KIND_SHIFT | (key & ((1u << KIND_SHIFT) - 1));
	uint32_t id = idmap_get(&b->child, parent, k);

	if (id == PAIRMAP_NONE) {
		id = node_new(b, parent, kind, frame, ref);
		idmap_put(&b->child, parent, k, id);
	}
	return id;
}

static void line_add(struct lines *l, uint32_t owner, uint32_t frame, uint64_t self, uint64_t total)
{
	uint32_t i = idmap_put(&l->index, owner, frame, (uint32_t)l->n);

	if (i == l->n) {
		l->w = grow(l->w, &l->cap, l->n + 1, sizeof(*l->w));
		l->w[l->n++] = (struct line_weight){0, 0};
	}
	l->w[i].self += self;
	l->w[i].total += total;
}

static void lines_free(struct lines *l)
{
	idmap_free(&l->index);
	free(l->w);
}

static uint32_t elem_key(const struct builder *b, const struct elem *e)
{
	if (e->kind == NODE_HIDDEN)
		return 0;
	const struct model_frame *f = &b->m->frames[e->frame];
	return b->t->view.lines ? f->line_id : f->name_id;
}

/* Filters and reshapes entry E's stack into b->elems; returns how many, or
 * -1 when the view drops the stack. */
static long stack_shape(struct builder *b, const struct entry *e)
{
	const struct model *m = b->m;
	const struct model_stack *ms = &m->stacks[e->stack];
	const uint32_t *ids = &m->frame_ids[ms->first];
	const struct view_opts *v = &b->t->view;
	uint32_t start = 0;
	size_t n = 0;

	if (v->exclude)
		for (uint32_t i = 0; i < ms->nframes; i++)
			if (b->name_match[m->frames[ids[i]].name_id] & MATCH_EXCLUDE)
				return -1;
	if (v->focus) {
		while (start < ms->nframes && !(b->name_match[m->frames[ids[start]].name_id] & MATCH_FOCUS))
			start++;
		if (start == ms->nframes)
			return -1;
	}
	b->elems = grow(b->elems, &b->elems_cap, ms->nframes - start + 1, sizeof(struct elem));
	for (uint32_t i = start; i < ms->nframes; i++) {
		if (v->hide && b->name_match[m->frames[ids[i]].name_id] & MATCH_HIDE) {
			if (n && b->elems[n - 1].kind == NODE_HIDDEN)
				b->elems[n - 1].count++;
			else
				b->elems[n++] = (struct elem){NODE_HIDDEN, MODEL_NONE, 1};
			continue;
		}
		b->elems[n++] = (struct elem){NODE_FRAME, ids[i], 0};
	}
	return (long)n;
}

/* The bottleneck table: each function once per stack, self to the leaf. */
static void funcs_count(struct builder *b, uint32_t entry, const struct entry *e, size_t n)
{
	struct calltree *t = b->t;

	for (size_t i = 0; i < n; i++) {
		const struct elem *el = &b->elems[i];
		uint32_t f = pairmap_get(&b->func_index, el->kind, elem_key(b, el));
		int leaf = i == n - 1;

		if (f == PAIRMAP_NONE) {
			f = (uint32_t)t->nfuncs++;
			size_t cap = b->funcs_cap;
			t->funcs = grow(t->funcs, &b->funcs_cap, t->nfuncs, sizeof(*t->funcs));
			if (cap != b->funcs_cap)
				b->func_stamp = xrealloc(b->func_stamp, b->funcs_cap * sizeof(uint32_t));
			memset(&t->funcs[f], 0, sizeof(t->funcs[f]));
			t->funcs[f].kind = el->kind;
			t->funcs[f].frame = el->frame;
			b->func_stamp[f] = MODEL_NONE;
			pairmap_put(&b->func_index, el->kind, elem_key(b, el), f);
		}
		struct calltree_func *fn = &t->funcs[f];
		if (b->func_stamp[f] != entry) {
			b->func_stamp[f] = entry;
			fn->total += e->weight;
			fn->samples += e->samples;
			if (el->kind == NODE_FRAME)
				line_add(&b->func_lines, f, el->frame, 0, e->weight);
		}
		if (leaf) {
			fn->self += e->weight;
			fn->self_samples += e->samples;
			if (el->kind == NODE_FRAME)
				line_add(&b->func_lines, f, el->frame, e->weight, 0);
		}
	}
}

static void stack_insert(struct builder *b, struct entry *e, size_t n)
{
	struct calltree *t = b->t;
	const struct profile *p = b->m->p;
	uint32_t node = 0;

	if (t->view.inverted)
		for (size_t i = 0; i < n / 2; i++) {
			struct elem x = b->elems[i];
			b->elems[i] = b->elems[n - 1 - i];
			b->elems[n - 1 - i] = x;
		}
	if (t->view.max_depth && n > t->view.max_depth)
		n = t->view.max_depth;
	t->nodes[0].total += e->weight;
	t->nodes[0].samples += e->samples;
	if (e->proc_ref != MODEL_NONE) {
		node = node_child(b, node, NODE_PROCESS, (uint32_t)p->procs[e->proc_ref].pid, MODEL_NONE,
				  e->proc_ref);
		t->nodes[node].total += e->weight;
		t->nodes[node].samples += e->samples;
	}
	if (e->thread_ref != MODEL_NONE) {
		node = node_child(b, node, NODE_THREAD, (uint32_t)p->threads[e->thread_ref].tid, MODEL_NONE,
				  e->thread_ref);
		t->nodes[node].total += e->weight;
		t->nodes[node].samples += e->samples;
	}
	for (size_t i = 0; i < n; i++) {
		const struct elem *el = &b->elems[i];
		node = node_child(b, node, el->kind, elem_key(b, el), el->frame, 0);
		struct calltree_node *nd = &t->nodes[node];
		/* a node's lines are only counted once it has seen two */
		if (el->kind == NODE_FRAME && !t->view.lines && (b->multi[node] || nd->frame != el->frame)) {
			if (!b->multi[node])
				line_add(&b->node_lines, node, nd->frame, 0, nd->total);
			b->multi[node] = 1;
			line_add(&b->node_lines, node, el->frame, 0, e->weight);
		}
		nd->total += e->weight;
		nd->samples += e->samples;
		if (el->kind == NODE_HIDDEN && el->count > nd->ref)
			nd->ref = el->count;
	}
	t->nodes[node].self += e->weight;
	e->leaf = node;
}

/* Picks the hottest line of each owner that has entries: by self, then
 * total, then the lowest line, so that the choice does not depend on hash
 * order. */
static void lines_pick(const struct builder *b, const struct lines *l, uint32_t *frame_of, size_t nowners)
{
	const struct idmap_slot **best = xcalloc(nowners + 1, sizeof(*best));
	const struct model_frame *frames = b->m->frames;

	for (size_t i = 0; i < l->index.cap; i++) {
		const struct idmap_slot *s = &l->index.slots[i];
		if (s->v == PAIRMAP_NONE)
			continue;
		const struct idmap_slot *c = best[s->a];
		const struct line_weight *x = &l->w[s->v], *y = c ? &l->w[c->v] : NULL;
		if (!c || x->self > y->self || (x->self == y->self && x->total > y->total) ||
		    (x->self == y->self && x->total == y->total &&
		     (frames[s->b].line < frames[c->b].line ||
		      (frames[s->b].line == frames[c->b].line && s->b < c->b))))
			best[s->a] = s;
	}
	for (size_t o = 0; o < nowners; o++)
		if (best[o])
			frame_of[o] = best[o]->b;
	free(best);
}

/* ---- ordering ---- */

static const struct calltree *sort_tree;

static int name_cmp(const struct calltree_node *x, const struct calltree_node *y)
{
	char bx[128], by[128];
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->kind == NODE_PROCESS || x->kind == NODE_THREAD)
		return x->ref < y->ref ? -1 : x->ref > y->ref;
	c = strcmp(calltree_node_name(sort_tree, x, bx, sizeof(bx)), calltree_node_name(sort_tree, y, by, sizeof(by)));
	if (c)
		return c;
	const struct model_frame *fx = calltree_node_frame(sort_tree, x), *fy = calltree_node_frame(sort_tree, y);
	if (fx && fy && fx->line != fy->line)
		return fx->line < fy->line ? -1 : 1;
	return x->frame < y->frame ? -1 : x->frame > y->frame;
}

static int child_cmp(const void *a, const void *b)
{
	const struct calltree_node *x = &sort_tree->nodes[*(const uint32_t *)a];
	const struct calltree_node *y = &sort_tree->nodes[*(const uint32_t *)b];

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return name_cmp(x, y);
}

static int func_cmp_key(const struct calltree_func *x, const struct calltree_func *y, int by_total)
{
	uint64_t kx = by_total ? x->total : x->self, ky = by_total ? y->total : y->self;
	uint64_t lx = by_total ? x->self : x->total, ly = by_total ? y->self : y->total;

	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	int c = strcmp(calltree_func_name(sort_tree, x), calltree_func_name(sort_tree, y));
	if (c)
		return c;
	return x->frame < y->frame ? -1 : x->frame > y->frame;
}

static int func_cmp_self(const void *a, const void *b)
{
	return func_cmp_key(a, b, 0);
}

static int order_cmp_self(const void *a, const void *b)
{
	return func_cmp_key(&sort_tree->funcs[*(const uint32_t *)a], &sort_tree->funcs[*(const uint32_t *)b], 0);
}

static int order_cmp_total(const void *a, const void *b)
{
	return func_cmp_key(&sort_tree->funcs[*(const uint32_t *)a], &sort_tree->funcs[*(const uint32_t *)b], 1);
}

/* Sorts every node's children and renumbers the nodes in depth-first
 * preorder, in place; returns the old-to-new index map. */
static uint32_t *tree_order(struct calltree *t)
{
	size_t n = t->nnodes;
	uint32_t *kids = xmalloc((n + 1) * sizeof(uint32_t));
	uint32_t *renum = xmalloc((n + 1) * sizeof(uint32_t));
	uint32_t *stack = xcalloc(n + 1, sizeof(uint32_t));
	size_t sp = 0, next = 0;

	/* children grouped by parent (a counting sort, stack[] counting),
	 * then ordered */
	for (size_t i = 1; i < n; i++)
		stack[t->nodes[i].parent]++;
	for (size_t i = 0; i < n; i++) {
		t->nodes[i].child0 = (uint32_t)next;
		t->nodes[i].nchildren = 0;
		next += stack[i];
	}
	for (size_t i = 1; i < n; i++) {
		struct calltree_node *pa = &t->nodes[t->nodes[i].parent];
		kids[pa->child0 + pa->nchildren++] = (uint32_t)i;
	}
	sort_tree = t;
	for (size_t i = 0; i < n; i++)
		if (t->nodes[i].nchildren > 1)
			qsort(&kids[t->nodes[i].child0], t->nodes[i].nchildren, sizeof(uint32_t), child_cmp);
	sort_tree = NULL;
	/* preorder: push children in reverse so that the first pops first */
	next = 0;
	stack[sp++] = 0;
	while (sp) {
		uint32_t i = stack[--sp];
		renum[i] = (uint32_t)next++;
		for (uint32_t c = t->nodes[i].nchildren; c-- > 0;)
			stack[sp++] = kids[t->nodes[i].child0 + c];
	}
	free(stack);
	/* a node's children stay where they are in kids[], renumbered */
	for (size_t i = 0; i + 1 < n; i++)
		kids[i] = renum[kids[i]];
	t->children = kids;
	for (size_t i = 1; i < n; i++)
		t->nodes[i].parent = renum[t->nodes[i].parent];
	/* move each node to its new index, one permutation cycle at a time */
	uint8_t *done = xcalloc(n + 1, 1);
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		struct calltree_node carry = t->nodes[i];
		uint32_t at = renum[i];
		done[i] = 1;
		while (!done[at]) {
			struct calltree_node x = t->nodes[at];
			t->nodes[at] = carry;
			carry = x;
			done[at] = 1;
			at = renum[at];
		}
		t->nodes[at] = carry;
	}
	free(done);
	return renum;
}

/* ---- the public part ---- */

struct calltree *calltree_build(const struct model *m, const struct view_opts *v, char *err, size_t errlen)
{
	const struct profile *p = m->p;
	struct calltree *t = xcalloc(1, sizeof(*t));
	struct builder b = {.m = m, .t = t};
	struct pairmap entry_index = {0};
	uint32_t *proc_ref = NULL, *thread_ref = NULL, *renum;

	t->m = m;
	t->view = *v;
	if (threads_select(t, v, err, errlen) < 0 || names_match(&b, v, err, errlen) < 0)
		goto fail;

	proc_ref = xmalloc((p->nthreads + 1) * sizeof(uint32_t));
	thread_ref = xmalloc((p->nthreads + 1) * sizeof(uint32_t));
	groups_assign(t, proc_ref, thread_ref);

	/* samples -> entries; sample_node holds entry indices until the end */
	t->sample_node = xmalloc((p->nsamples ? p->nsamples : 1) * sizeof(uint32_t));
	for (size_t i = 0; i < p->nsamples; i++) {
		const struct prof_sample *s = &p->samples[i];
		uint32_t th = s->thread;

		t->sample_node[i] = MODEL_NONE;
		if (!t->thread_selected[th])
			continue;
		uint64_t group = (uint64_t)proc_ref[th] << 32 | thread_ref[th];
		uint32_t e = pairmap_put(&entry_index, group, s->stack, (uint32_t)b.nentries);
		if (e == b.nentries) {
			b.entries = grow(b.entries, &b.entries_cap, b.nentries + 1, sizeof(*b.entries));
			b.entries[e] = (struct entry){s->stack, proc_ref[th], thread_ref[th], MODEL_NONE, 0, 0};
			b.nentries++;
		}
		b.entries[e].weight += s->weight;
		b.entries[e].samples++;
		t->weight += s->weight;
		t->samples++;
		t->sample_node[i] = e;
	}
	pairmap_free(&entry_index);

	node_new(&b, MODEL_NONE, NODE_ROOT, MODEL_NONE, 0);
	for (size_t i = 0; i < b.nentries; i++) {
		long n = stack_shape(&b, &b.entries[i]);
		if (n < 0)
			continue;
		funcs_count(&b, (uint32_t)i, &b.entries[i], (size_t)n);
		stack_insert(&b, &b.entries[i], (size_t)n);
	}

	/* hottest lines, before renumbering (owners are the build indices) */
	uint32_t *frames = xmalloc((t->nnodes > t->nfuncs ? t->nnodes : t->nfuncs) * sizeof(uint32_t) + 4);
	for (size_t i = 0; i < t->nnodes; i++)
		frames[i] = t->nodes[i].ref;
	lines_pick(&b, &b.node_lines, frames, t->nnodes);
	for (size_t i = 0; i < t->nnodes; i++)
		if (t->nodes[i].kind == NODE_FRAME)
			t->nodes[i].frame = frames[i];
	for (size_t i = 0; i < t->nfuncs; i++)
		frames[i] = t->funcs[i].frame;
	lines_pick(&b, &b.func_lines, frames, t->nfuncs);
	for (size_t i = 0; i < t->nfuncs; i++)
		t->funcs[i].frame = frames[i];
	free(frames);
	lines_free(&b.node_lines);
	lines_free(&b.func_lines);
	idmap_free(&b.child);
	free(b.multi);
	b.multi = NULL;

	renum = tree_order(t);
	for (size_t i = 0; i < p->nsamples; i++)
		if (t->sample_node[i] != MODEL_NONE) {
			uint32_t leaf = b.entries[t->sample_node[i]].leaf;
			t->sample_node[i] = leaf == MODEL_NONE ? MODEL_NONE : renum[leaf];
		}
	free(renum);
	sort_tree = t;
	if (t->nfuncs > 1)
		qsort(t->funcs, t->nfuncs, sizeof(*t->funcs), func_cmp_self);
	sort_tree = NULL;

	free(proc_ref);
	free(thread_ref);
	free(b.name_match);
	free(b.entries);
	free(b.elems);
	free(b.func_stamp);
	pairmap_free(&b.func_index);
	return t;
fail:
	free(b.name_match);
	calltree_free(t);
	return NULL;
}

void calltree_free(struct calltree *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->children);
	free(t->funcs);
	free(t->sample_node);
	free(t->thread_selected);
	free(t);
}

const struct model_frame *calltree_node_frame(const struct calltree *t, const struct calltree_node *n)
{
	return n->kind == NODE_FRAME && n->frame != MODEL_NONE ? &t->m->frames[n->frame] : NULL;
}

const char *calltree_node_name(const struct calltree *t, const struct calltree_node *n, char *buf, size_t len)
{
	const struct profile *p = t->m->p;

	switch (n->kind) {
	case NODE_ROOT: return "all";
	case NODE_PROCESS:
		snprintf(buf, len, "process %d (%s)", p->procs[n->ref].pid, base_name(p->procs[n->ref].exe));
		return buf;
	case NODE_THREAD:
		snprintf(buf, len, "thread %d (%s)", p->threads[n->ref].tid, p->threads[n->ref].name);
		return buf;
	case NODE_HIDDEN:
		snprintf(buf, len, "[%u frame%s hidden]", n->ref, n->ref == 1 ? "" : "s");
		return buf;
	default: return t->m->frames[n->frame].name;
	}
}

const char *calltree_func_name(const struct calltree *t, const struct calltree_func *f)
{
	return f->kind == NODE_HIDDEN ? "[hidden frames]" : t->m->frames[f->frame].name;
}

int calltree_node_shown(const struct calltree *t, const struct calltree_node *n, double min_percent)
{
	return min_percent <= 0 || calltree_percent(t, n->total) >= min_percent;
}

void calltree_funcs_order(const struct calltree *t, int by_total, uint32_t *order)
{
	for (size_t i = 0; i < t->nfuncs; i++)
		order[i] = (uint32_t)i;
	sort_tree = t;
	qsort(order, t->nfuncs, sizeof(uint32_t), by_total ? order_cmp_total : order_cmp_self);
	sort_tree = NULL;
}

double calltree_seconds(const struct calltree *t, uint64_t weight)
{
	return (double)weight * t->m->period_s;
}

double calltree_percent(const struct calltree *t, uint64_t weight)
{
	return t->weight ? 100.0 * (double)weight / (double)t->weight : 0;
}
