/* folded.c - Brendan Gregg's folded stacks: "root;...;leaf COUNT", COUNT in
 * periods of the asked rate (the samples' weights). Stacks that name the
 * same frames are merged, across processes and threads. */
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "model.h"

static const struct model *sort_model;

static int stack_cmp(const void *a, const void *b)
{
	const struct model_stack *x = &sort_model->stacks[*(const uint32_t *)a];
	const struct model_stack *y = &sort_model->stacks[*(const uint32_t *)b];
	uint32_t n = x->nframes < y->nframes ? x->nframes : y->nframes;

	for (uint32_t i = 0; i < n; i++) {
		uint32_t a = sort_model->frames[sort_model->frame_ids[x->first + i]].name_id;
		uint32_t b = sort_model->frames[sort_model->frame_ids[y->first + i]].name_id;
		if (a != b)
			return a < b ? -1 : 1;
	}
	return x->nframes < y->nframes ? -1 : x->nframes > y->nframes;
}

static void frame_print(FILE *out, const char *name)
{
	/* ';' and newlines would break the format */
	for (const char *c = name; *c; c++)
		fputc(*c == ';' ? ':' : (*c == '\n' ? ' ' : *c), out);
}

int report_folded(const struct model *m, FILE *out)
{
	const struct profile *p = m->p;
	uint64_t *weight = xcalloc(p->nstacks, sizeof(uint64_t));
	uint32_t *order = xmalloc((p->nstacks ? p->nstacks : 1) * sizeof(uint32_t));
	size_t n = 0;

	for (size_t i = 0; i < p->nsamples; i++)
		weight[p->samples[i].stack] += p->samples[i].weight;
	for (size_t s = 0; s < p->nstacks; s++)
		if (weight[s])
			order[n++] = (uint32_t)s;
	sort_model = m;
	qsort(order, n, sizeof(uint32_t), stack_cmp);
	sort_model = NULL;
	for (size_t i = 0; i < n;) {
		const struct model_stack *ms = &m->stacks[order[i]];
		uint64_t w = 0;
		size_t j = i;

		sort_model = m;
		while (j < n && stack_cmp(&order[i], &order[j]) == 0)
			w += weight[order[j++]];
		sort_model = NULL;
		for (uint32_t k = 0; k < ms->nframes; k++) {
			if (k)
				fputc(';', out);
			frame_print(out, m->frames[m->frame_ids[ms->first + k]].name);
		}
		fprintf(out, " %llu\n", (unsigned long long)w);
		i = j;
	}
	free(order);
	free(weight);
	return 0;
}
