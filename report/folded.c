/* folded.c - Brendan Gregg's folded stacks: "root;...;leaf COUNT", COUNT in
 * periods of the asked rate (the samples' weights), identical stacks merged
 * across processes and threads. */
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "model.h"

int report_folded(const struct model *m, FILE *out)
{
	const struct profile *p = m->p;
	uint64_t *weight = xcalloc(p->nstacks, sizeof(uint64_t));

	for (size_t i = 0; i < p->nsamples; i++)
		weight[p->samples[i].stack] += p->samples[i].weight;
	/* Stacks that differ only in raw addresses print the same line: the
	 * consumer (flamegraph.pl, speedscope) adds them up. */
	for (size_t s = 0; s < p->nstacks; s++) {
		const struct model_stack *ms = &m->stacks[s];
		if (!weight[s])
			continue;
		for (uint32_t i = 0; i < ms->nframes; i++) {
			const char *name = m->frames[m->frame_ids[ms->first + i]].name;
			if (i)
				fputc(';', out);
			/* ';' and newlines would break the format */
			for (const char *c = name; *c; c++)
				fputc(*c == ';' ? ':' : (*c == '\n' ? ' ' : *c), out);
		}
		fprintf(out, " %llu\n", (unsigned long long)weight[s]);
	}
	free(weight);
	return 0;
}
