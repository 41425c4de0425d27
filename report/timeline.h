/* timeline.h - the selected samples as one sequence per thread in time
 * order, for the formats that keep time (speedscope, chrome): each with
 * its time, weight and the call-tree node it ends at. A thread is a (pid,
 * tid): an exec'ed image's thread continues its predecessor's.
 *
 * Ownership: a timeline owns its arrays, released by timeline_free(), and
 * borrows the call tree. */
#ifndef CTRACE_TIMELINE_H
#define CTRACE_TIMELINE_H

#include "model.h"

struct timeline_sample {
	uint64_t time;   /* ns since the recording started */
	uint32_t node;   /* t->sample_node: MODEL_NONE when the view left it out */
	uint32_t weight;
};

struct timeline_track {
	uint32_t thread; /* the first profile thread index with this pid and tid */
	int32_t pid, tid;
	uint32_t first, n; /* its samples: timeline.samples[first .. +n] */
};

struct timeline {
	const struct calltree *t;
	struct timeline_track *tracks; /* in the order of their first thread */
	size_t ntracks;
	struct timeline_sample *samples;
	/* per node, once asked for: its path from the root */
	struct {
		uint32_t first, len;
	} *path_at;
	uint32_t *paths;
	size_t npaths, paths_cap;
};

void timeline_build(const struct calltree *t, struct timeline *tl);
void timeline_free(struct timeline *tl);

/* The nodes from the root (nodes[0]) down to NODE, the one at depth d at
 * tl->paths[returned + d], *LEN of them: a sample's stack as an array, made
 * once per node. The offset stays valid; tl->paths moves when a path is
 * made. */
uint32_t timeline_path(struct timeline *tl, uint32_t node, uint32_t *len);

/* The basename of the executable that a track's thread ran first. */
const char *timeline_process_name(const struct calltree *t, const struct timeline_track *k);

#endif
