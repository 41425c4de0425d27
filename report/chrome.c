/* chrome.c - the `chrome` format: Trace Event Format JSON, as chrome://tracing
 * and Perfetto load it. Per thread, the sampled stacks over time as nested
 * complete ("X") slices; process_name and thread_name metadata ("M") events
 * name the tracks. Times are integer microseconds since the recording
 * started. A sample of weight W stands for the W sampling periods of CPU
 * time before it: a frame starts with the first sample it is in and ends
 * with the last of a run of consecutive samples it is in, spanning the time
 * off the CPU between them (it was on the stack then too).
 *
 * A trace grows with the samples, so it is bounded: past CHROME_MAX_SLICES
 * the shortest slices (the deepest first among equally short ones) are left
 * out, which their parents then cover. One pass over the samples counts
 * slices by duration and depth and keeps those above the cut that the
 * counts so far give (a cut that only rises); the last cut decides, and
 * the slices are sorted by thread and start to be written. */
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "jsonw.h"
#include "timeline.h"

#define CHROME_MAX_SLICES 500000
#define NBUCKETS 64 /* slices by log2 of their duration in ns */

struct slice {
	uint64_t start, end;
	uint32_t track, depth, node;
};

struct chrome {
	const struct calltree *t;
	uint64_t period_ns;
	uint32_t max_depth;
	uint32_t track;       /* the one being walked */
	uint64_t *open_start; /* by depth: where the slices being merged began */
	uint64_t *hist;       /* slices by (bucket, depth) */
	uint32_t cut_bucket, cut_depth; /* kept: a longer bucket, or this one up to this depth */
	uint64_t total, kept;
	struct slice *slices; /* above the cut when they were made */
	size_t nslices, slices_cap;
};

static uint32_t bucket_of(uint64_t dur)
{
	return dur ? 63 - (uint32_t)__builtin_clzll(dur) : 0;
}

static int slice_kept(const struct chrome *c, const struct slice *s)
{
	uint32_t b = bucket_of(s->end - s->start);

	return b > c->cut_bucket || (b == c->cut_bucket && s->depth <= c->cut_depth);
}

static void cut_choose(struct chrome *c);

static void slice_close(struct chrome *c, uint32_t node, uint32_t depth, uint64_t end)
{
	struct slice s = {c->open_start[depth], end, c->track, depth, node};

	c->hist[(size_t)bucket_of(end - s.start) * (c->max_depth + 1) + depth]++;
	c->total++;
	if (!slice_kept(c, &s))
		return;
	if (c->nslices == c->slices_cap) {
		c->slices_cap = c->slices_cap ? c->slices_cap * 2 : 4096;
		c->slices = xrealloc(c->slices, c->slices_cap * sizeof(*c->slices));
	}
	c->slices[c->nslices++] = s;
	if (c->nslices >= 2 * CHROME_MAX_SLICES)
		cut_choose(c);
}

/* How many nodes at the top of PATH stand for the root and the process
 * and thread levels: the track itself, not slices. */
static uint32_t path_groups(const struct calltree *t, const uint32_t *path, uint32_t len)
{
	uint32_t n = 0;

	while (n < len && t->nodes[path[n]].kind != NODE_FRAME && t->nodes[path[n]].kind != NODE_HIDDEN)
		n++;
	return n;
}

/* One thread's samples, in time order, into slices: between two samples,
 * the levels below the nodes their paths share close and new ones open. */
static void track_walk(struct chrome *c, struct timeline *tl, const struct timeline_track *k)
{
	uint64_t prev_end = 0;
	uint32_t cur = 0, cur_len = 0, cur_groups = 0; /* the previous sample's path */

	for (uint32_t i = 0; i < k->n; i++) {
		const struct timeline_sample *s = &tl->samples[k->first + i];
		uint64_t end = s->time, dur = s->weight * c->period_ns;
		uint64_t start = end > dur ? end - dur : 0;
		uint32_t at = 0, len = 0, common = 0; /* levels shared with the previous sample */

		if (start < prev_end)
			start = prev_end;
		if (s->node != MODEL_NONE)
			at = timeline_path(tl, s->node, &len);
		/* offsets: making a path may have moved tl->paths */
		const uint32_t *path = tl->paths ? tl->paths + at : NULL;
		const uint32_t *prev = tl->paths ? tl->paths + cur : NULL;
		while (common < len && common < cur_len && path[common] == prev[common])
			common++;
		for (uint32_t d = cur_len; d-- > common && d >= cur_groups;)
			slice_close(c, prev[d], d, prev_end);
		for (uint32_t d = common; d < len; d++)
			c->open_start[d] = start;
		/* a sample the view left out (no path) is a gap */
		if (cur != at || cur_len != len)
			cur_groups = path_groups(c->t, path, len);
		cur = at;
		cur_len = len;
		prev_end = end;
	}
	for (uint32_t d = cur_len; d-- > cur_groups;)
		slice_close(c, tl->paths[cur + d], d, prev_end);
}

/* The cut that keeps at most CHROME_MAX_SLICES of the slices counted so
 * far, and the slices kept below it: whole buckets from the longest slices
 * down, then depths from the top within the last one. A slice is never
 * shorter nor shallower than those nested in it, so a kept slice's parents
 * are kept too. */
static void cut_choose(struct chrome *c)
{
	uint64_t sum = 0;

	c->cut_bucket = 0;
	c->cut_depth = c->max_depth;
	for (uint32_t b = NBUCKETS; b-- > 0;) {
		const uint64_t *row = &c->hist[(size_t)b * (c->max_depth + 1)];
		uint64_t in_bucket = 0;
		for (uint32_t d = 0; d <= c->max_depth; d++)
			in_bucket += row[d];
		if (sum + in_bucket <= CHROME_MAX_SLICES) {
			sum += in_bucket;
			continue;
		}
		uint32_t d = 0;
		while (d <= c->max_depth && sum + row[d] <= CHROME_MAX_SLICES)
			sum += row[d++];
		/* none of this bucket fits: the cut is the bucket above */
		c->cut_bucket = d ? b : b + 1;
		c->cut_depth = d ? d - 1 : c->max_depth;
		break;
	}
	c->kept = sum;
	size_t n = 0;
	for (size_t i = 0; i < c->nslices; i++)
		if (slice_kept(c, &c->slices[i]))
			c->slices[n++] = c->slices[i];
	c->nslices = n;
}

static int slice_cmp(const void *a, const void *b)
{
	const struct slice *x = a, *y = b;

	if (x->track != y->track)
		return x->track < y->track ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end; /* an empty slice, then its sibling */
}

static void slice_name(const struct calltree *t, uint32_t node, char *buf, size_t len, struct jsonw *w)
{
	const struct calltree_node *n = &t->nodes[node];
	const struct model_frame *f = calltree_node_frame(t, n);
	const char *name = calltree_node_name(t, n, buf, len);

	if (t->view.lines && f && f->file) {
		const char *base = strrchr(f->file, '/');
		snprintf(buf, len, "%s %s:%u", name, base ? base + 1 : f->file, f->line);
		name = buf;
	}
	jsonw_string(w, name);
}

static void id_write(struct jsonw *w, int32_t id)
{
	if (id >= 0)
		jsonw_u64(w, (uint64_t)id); /* the common case, without printf */
	else
		jsonw_i64(w, id);
}

static void event_begin(struct jsonw *w, const char *ph, int32_t pid, int32_t tid)
{
	jsonw_newline(w);
	jsonw_object_begin(w);
	jsonw_key(w, "ph");
	jsonw_string(w, ph);
	jsonw_key(w, "pid");
	id_write(w, pid);
	jsonw_key(w, "tid");
	id_write(w, tid);
}

static void metadata_write(struct jsonw *w, const struct calltree *t, const struct timeline *tl)
{
	for (size_t i = 0; i < tl->ntracks; i++) {
		const struct timeline_track *k = &tl->tracks[i];
		int named = 0;
		for (size_t j = 0; j < i && !named; j++)
			named = tl->tracks[j].pid == k->pid;
		if (!named) {
			event_begin(w, "M", k->pid, k->pid);
			jsonw_key(w, "name");
			jsonw_string(w, "process_name");
			jsonw_key(w, "args");
			jsonw_object_begin(w);
			jsonw_key(w, "name");
			jsonw_string(w, timeline_process_name(t, k));
			jsonw_object_end(w);
			jsonw_object_end(w);
		}
		event_begin(w, "M", k->pid, k->tid);
		jsonw_key(w, "name");
		jsonw_string(w, "thread_name");
		jsonw_key(w, "args");
		jsonw_object_begin(w);
		jsonw_key(w, "name");
		jsonw_string(w, t->m->p->threads[k->thread].name);
		jsonw_object_end(w);
		jsonw_object_end(w);
	}
}

static void slices_write(struct jsonw *w, struct chrome *c, const struct timeline *tl)
{
	char buf[4200];

	if (c->nslices > 1)
		qsort(c->slices, c->nslices, sizeof(*c->slices), slice_cmp);
	for (size_t i = 0; i < c->nslices; i++) {
		const struct slice *s = &c->slices[i];
		const struct timeline_track *k = &tl->tracks[s->track];
		/* both ends rounded down: nested slices stay nested */
		event_begin(w, "X", k->pid, k->tid);
		jsonw_key(w, "ts");
		jsonw_u64(w, s->start / 1000);
		jsonw_key(w, "dur");
		jsonw_u64(w, s->end / 1000 - s->start / 1000);
		jsonw_key(w, "name");
		slice_name(c->t, s->node, buf, sizeof(buf), w);
		jsonw_object_end(w);
	}
}

int report_chrome(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	struct chrome c = {.t = t, .period_ns = (uint64_t)(t->m->period_s * 1e9 + 0.5)};
	struct report_summary sum;
	struct timeline tl;
	struct jsonw w;

	(void)o;
	for (size_t i = 0; i < t->nnodes; i++)
		if (t->nodes[i].depth > c.max_depth)
			c.max_depth = t->nodes[i].depth;
	c.open_start = xmalloc((c.max_depth + 1) * sizeof(uint64_t));
	c.hist = xcalloc((size_t)NBUCKETS * (c.max_depth + 1), sizeof(uint64_t));
	timeline_build(t, &tl);
	report_summary_fill(t, &sum);
	c.cut_depth = c.max_depth; /* everything kept until there is too much */
	for (c.track = 0; c.track < tl.ntracks; c.track++)
		track_walk(&c, &tl, &tl.tracks[c.track]);
	cut_choose(&c);
	if (c.kept < c.total)
		warning("the trace leaves out %llu of %llu slices, the shortest, to stay loadable; --tid, "
			"--focus or --max-depth show fewer in full",
			(unsigned long long)(c.total - c.kept), (unsigned long long)c.total);

	jsonw_init(&w, out);
	jsonw_object_begin(&w);
	jsonw_key(&w, "displayTimeUnit");
	jsonw_string(&w, "ms");
	jsonw_newline(&w);
	jsonw_key(&w, "otherData");
	jsonw_object_begin(&w);
	jsonw_key(&w, "exporter");
	jsonw_string(&w, "ctrace " CTRACE_VERSION);
	jsonw_key(&w, "program");
	jsonw_string(&w, sum.program);
	jsonw_key(&w, "period_ns");
	jsonw_u64(&w, c.period_ns);
	jsonw_key(&w, "slices");
	jsonw_u64(&w, c.kept);
	jsonw_key(&w, "slices_left_out");
	jsonw_u64(&w, c.total - c.kept);
	jsonw_object_end(&w);
	jsonw_newline(&w);
	jsonw_key(&w, "traceEvents");
	jsonw_array_begin(&w);
	metadata_write(&w, t, &tl);
	slices_write(&w, &c, &tl);
	jsonw_newline(&w);
	jsonw_array_end(&w);
	jsonw_newline(&w);
	jsonw_object_end(&w);
	jsonw_newline(&w);
	free(c.open_start);
	free(c.hist);
	free(c.slices);
	timeline_free(&tl);
	return jsonw_finish(&w);
}
