/* model.h - the report side's view of a profile, built once and shared by
 * every renderer: stacks resolved to named frames (struct model), then one
 * call tree for the selected threads and stack filters (struct calltree).
 *
 * A renderer is one report_fn (at the end) plus one row of the format table
 * in cmd/report.c, and only reads: t->nodes (preorder, nodes[0] the root,
 * children through t->children, hottest first), what a node shows
 * (calltree_node_frame, calltree_node_name), t->funcs (the bottleneck
 * table), report_summary_fill (the header's figures), and for timelines the
 * profile's samples (t->m->p->samples: time, thread, weight) with
 * t->sample_node (the node each sample ends at; follow .parent to the root).
 *
 * Ownership: a model owns its strings and arrays and borrows the profile; a
 * calltree owns its arrays and borrows the model and the view_opts strings.
 * Free the calltree, then the model, then the profile. */
#ifndef CTRACE_MODEL_H
#define CTRACE_MODEL_H

#include <stdint.h>
#include <stdio.h>

#include "../prof/profile.h"

#define MODEL_NONE UINT32_MAX

/* ---- frames ---- */

struct model_frame {
	const char *name;   /* function, or "[unknown] module+0xoff", or a [marker] */
	const char *file;   /* source file as recorded, NULL when unknown */
	uint32_t line;      /* 0 when unknown */
	int inlined;        /* inlined into the frame below it (its caller) */
	const char *module; /* basename of the mapping's path, NULL when none */
	uint32_t name_id;   /* frames with the same name share it: one function */
	uint32_t line_id;   /* frames with the same name, file and line share it */
};

struct model_stack {
	uint32_t nframes;
	uint32_t first; /* index into model.frame_ids, root first */
};

struct model {
	const struct profile *p;
	struct model_frame *frames; /* unique by name, file, line, inlined, module */
	size_t nframes, frames_cap;
	const char **names; /* by name_id */
	size_t names_cap;
	size_t nnames, nlines;
	uint32_t *frame_ids;
	size_t nframe_ids, frame_ids_cap;
	struct model_stack *stacks; /* one per profile stack, same index */
	char **strings;
	size_t nstrings, strings_cap;
	double period_s; /* CPU time one unit of sample weight stands for */
};

struct model *model_build(const struct profile *p);
void model_free(struct model *m);

/* ---- views: which samples, which stacks, which shape ---- */

enum view_group {
	VIEW_GROUP_AUTO,   /* a process level when the selection spans several processes */
	VIEW_GROUP_MERGED, /* one tree for everything selected, no synthetic nodes */
	VIEW_GROUP_SPLIT,  /* a process level and a thread level, always */
};

struct view_opts {
	const int32_t *pids; /* select these processes (any of them); none: all */
	size_t npids;
	const int32_t *tids;
	size_t ntids;
	const char *const *thread_names; /* fnmatch(3) patterns on thread names */
	size_t nthread_names;
	enum view_group group;
	/* POSIX extended regexes matched against function names; NULL: none */
	const char *focus;   /* keep stacks through a match, rooted at the outermost one */
	const char *exclude; /* drop stacks with a match */
	const char *hide;    /* collapse runs of matches into one "[N frames hidden]" node */
	int inverted;        /* leaf first: where time is spent, then its callers */
	int lines;           /* one node per source line instead of per function */
	uint32_t max_depth;  /* frame levels kept below the group levels; 0: all */
};

/* ---- the call tree ---- */

enum calltree_kind {
	NODE_ROOT,    /* nodes[0] */
	NODE_PROCESS, /* ref: a profile proc id (the first image of that pid) */
	NODE_THREAD,  /* ref: a profile thread index (the first with that tid) */
	NODE_FRAME,   /* frame: a model frame */
	NODE_HIDDEN,  /* ref: the most frames one stack collapsed into it */
};

struct calltree_node {
	uint32_t parent;            /* MODEL_NONE for the root */
	uint32_t child0, nchildren; /* children[child0 .. +nchildren], by total, then name */
	uint32_t depth;             /* the root is 0 */
	uint32_t kind;              /* enum calltree_kind */
	union {
		/* NODE_FRAME: the model frame shown. By function (without
		 * --lines) it is the function's hottest line at this node. */
		uint32_t frame;
		uint32_t ref; /* the other kinds, see enum calltree_kind */
	};
	uint64_t self, total; /* sample weight ending here / through here */
	uint64_t samples;     /* samples through here */
};

/* One row of the bottleneck table: a function (or a source line with
 * --lines) over the whole selection, counted once per stack however often
 * recursion repeats it. Computed before --max-depth cuts the tree. */
struct calltree_func {
	uint32_t kind;  /* NODE_FRAME or NODE_HIDDEN */
	uint32_t frame; /* its hottest line (by self time, else total) */
	uint64_t self, total;
	uint64_t samples, self_samples;
};

struct calltree {
	const struct model *m;
	struct view_opts view;
	/* Depth-first preorder: a parent comes before its children, and
	 * children in the order they are listed. */
	struct calltree_node *nodes;
	size_t nnodes;
	uint32_t *children;
	struct calltree_func *funcs; /* by self, then total, then name */
	size_t nfuncs;
	/* Per profile sample: the node its stack ends at (a leaf of its path,
	 * after the view's filters), MODEL_NONE when filtered out. With the
	 * samples' own time and thread this gives timelines. */
	uint32_t *sample_node;
	uint8_t *thread_selected; /* per profile thread */
	/* The selected threads' samples before focus/exclude: the 100% of
	 * every percentage. What the filters kept is nodes[0]. */
	uint64_t weight, samples;
	size_t nthreads_used, nprocs_used; /* with samples in the selection */
};

/* Builds the tree of M under V. On error (a bad regex, a pid or tid that is
 * not in the profile) returns NULL and writes one line into ERR. */
struct calltree *calltree_build(const struct model *m, const struct view_opts *v, char *err,
				size_t errlen);
void calltree_free(struct calltree *t);

/* The frame a node shows, NULL for synthetic nodes. */
const struct model_frame *calltree_node_frame(const struct calltree *t, const struct calltree_node *n);
/* A node's name: its function, "process 12 (prog)", "thread 13 (name)",
 * "[3 frames hidden]", "all". Returns S's or BUF's characters. */
const char *calltree_node_name(const struct calltree *t, const struct calltree_node *n, char *buf,
			       size_t len);
const char *calltree_func_name(const struct calltree *t, const struct calltree_func *f);
/* Whether a node holds at least MIN_PERCENT of the selection. */
int calltree_node_shown(const struct calltree *t, const struct calltree_node *n, double min_percent);
/* Fills ORDER (nfuncs entries) with function indices by total, else self. */
void calltree_funcs_order(const struct calltree *t, int by_total, uint32_t *order);
double calltree_seconds(const struct calltree *t, uint64_t weight);
double calltree_percent(const struct calltree *t, uint64_t weight);

/* ---- the recording, as report headers show it ---- */

struct report_summary {
	char program[1024]; /* the command line run */
	double duration_s;  /* wall time, < 0 when unknown */
	double cpu_s;       /* CPU time of the run, < 0 when unknown */
	double rate_hz, delivered_hz; /* asked, delivered per CPU-second; < 0 unknown */
	const char *engine; /* "" when unknown */
	/* the selected threads */
	uint64_t samples, weight, dropped, dropped_weight, pc_only, unwind_failed, truncated;
	size_t nprocs, nthreads;
};

void report_summary_fill(const struct calltree *t, struct report_summary *s);
/* The summary as the "summary" member of a JSON object (json and html). */
struct jsonw;
void report_summary_json(struct jsonw *w, const struct report_summary *s);

/* ---- renderers ---- */

struct report_opts {
	int color;          /* ANSI colors (text, top) */
	int sort_total;     /* bottleneck tables by total time instead of self */
	long top_n;         /* rows in bottleneck tables; 0: all */
	double min_percent; /* tree nodes below this share are not shown */
};

/* Each writes one format to OUT and returns 0, or -1 when writing failed. */
typedef int (*report_fn)(const struct calltree *t, const struct report_opts *o, FILE *out);

int report_text(const struct calltree *t, const struct report_opts *o, FILE *out);
int report_top(const struct calltree *t, const struct report_opts *o, FILE *out);
int report_folded(const struct calltree *t, const struct report_opts *o, FILE *out);
int report_json(const struct calltree *t, const struct report_opts *o, FILE *out);
int report_markdown(const struct calltree *t, const struct report_opts *o, FILE *out);
int report_html(const struct calltree *t, const struct report_opts *o, FILE *out);
int report_svg(const struct calltree *t, const struct report_opts *o, FILE *out);
int report_speedscope(const struct calltree *t, const struct report_opts *o, FILE *out);
int report_pprof(const struct calltree *t, const struct report_opts *o, FILE *out);
int report_chrome(const struct calltree *t, const struct report_opts *o, FILE *out);

#endif
