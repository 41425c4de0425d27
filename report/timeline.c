/* timeline.c - per-thread sample sequences in time order: a counting sort of
 * the selected samples by (pid, tid), then a sort by time of any thread
 * whose samples the file does not already hold in order; and the paths of
 * the call-tree nodes samples end at. */
#include "timeline.h"

#include <string.h>

#include "../cmd/util.h"
#include "pairmap.h"

static int time_cmp(const void *a, const void *b)
{
	const struct timeline_sample *x = a, *y = b;

	/* equal times: any order of equal samples gives the same output */
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x->weight < y->weight ? -1 : x->weight > y->weight;
}

void timeline_build(const struct calltree *t, struct timeline *tl)
{
	const struct profile *p = t->m->p;
	uint32_t *track_of = xmalloc((p->nthreads + 1) * sizeof(uint32_t));
	uint64_t *count = xcalloc(p->nthreads + 1, sizeof(uint64_t));
	struct pairmap index = {0};
	size_t n = 0;

	memset(tl, 0, sizeof(*tl));
	tl->t = t;
	tl->path_at = xmalloc((t->nnodes + 1) * sizeof(*tl->path_at));
	for (size_t i = 0; i < t->nnodes; i++)
		tl->path_at[i].first = MODEL_NONE;
	for (size_t i = 0; i < p->nsamples; i++)
		count[p->samples[i].thread] += t->thread_selected[p->samples[i].thread];
	tl->tracks = xcalloc(p->nthreads + 1, sizeof(*tl->tracks));
	for (size_t k = 0; k < p->nthreads; k++) {
		const struct prof_thread *th = &p->threads[k];
		int32_t pid = p->procs[th->proc_id].pid;

		track_of[k] = MODEL_NONE;
		if (!count[k])
			continue;
		track_of[k] = pairmap_put(&index, (uint32_t)pid, (uint32_t)th->tid, (uint32_t)tl->ntracks);
		if (track_of[k] == tl->ntracks)
			tl->tracks[tl->ntracks++] = (struct timeline_track){(uint32_t)k, pid, th->tid, 0, 0};
		tl->tracks[track_of[k]].n += (uint32_t)count[k];
	}
	for (size_t i = 0; i < tl->ntracks; i++) {
		tl->tracks[i].first = (uint32_t)n;
		n += tl->tracks[i].n;
		tl->tracks[i].n = 0;
	}
	/* in file order within each track: usually time order already */
	tl->samples = xmalloc((n ? n : 1) * sizeof(*tl->samples));
	for (size_t i = 0; i < p->nsamples; i++) {
		const struct prof_sample *s = &p->samples[i];
		if (!t->thread_selected[s->thread])
			continue;
		struct timeline_track *k = &tl->tracks[track_of[s->thread]];
		tl->samples[k->first + k->n++] =
			(struct timeline_sample){s->time, t->sample_node[i], s->weight};
	}
	for (size_t i = 0; i < tl->ntracks; i++) {
		struct timeline_sample *s = &tl->samples[tl->tracks[i].first];
		size_t j = 1;
		while (j < tl->tracks[i].n && s[j - 1].time <= s[j].time)
			j++;
		if (j < tl->tracks[i].n)
			qsort(s, tl->tracks[i].n, sizeof(*s), time_cmp);
	}
	pairmap_free(&index);
	free(track_of);
	free(count);
}

uint32_t timeline_path(struct timeline *tl, uint32_t node, uint32_t *len)
{
	const struct calltree_node *nodes = tl->t->nodes;

	if (tl->path_at[node].first == MODEL_NONE) {
		uint32_t n = nodes[node].depth + 1;
		if (tl->npaths + n > tl->paths_cap) {
			tl->paths_cap = (tl->npaths + n) * 2;
			tl->paths = xrealloc(tl->paths, tl->paths_cap * sizeof(uint32_t));
		}
		tl->path_at[node].first = (uint32_t)tl->npaths;
		tl->path_at[node].len = n;
		for (uint32_t i = node; i != MODEL_NONE; i = nodes[i].parent)
			tl->paths[tl->npaths + nodes[i].depth] = i;
		tl->npaths += n;
	}
	*len = tl->path_at[node].len;
	return tl->path_at[node].first;
}

void timeline_free(struct timeline *tl)
{
	free(tl->tracks);
	free(tl->samples);
	free(tl->path_at);
	free(tl->paths);
	memset(tl, 0, sizeof(*tl));
}

const char *timeline_process_name(const struct calltree *t, const struct timeline_track *k)
{
	const char *exe = t->m->p->procs[t->m->p->threads[k->thread].proc_id].exe;
	const char *slash = exe ? strrchr(exe, '/') : NULL;

	return slash ? slash + 1 : exe ? exe : "";
}
