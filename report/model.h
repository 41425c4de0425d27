/* model.h - the report side's view of a profile: every stack resolved once to
 * named frames (symbols stored in the profile, else module+offset), shared by
 * all renderers. Ownership: a model owns its strings and arrays and borrows
 * the profile, which must outlive it. */
#ifndef CTRACE_MODEL_H
#define CTRACE_MODEL_H

#include <stdint.h>
#include <stdio.h>

#include "../prof/profile.h"

struct model_frame {
	const char *name;   /* function, or "module+0xoff", or a [marker] */
	const char *file;   /* NULL when unknown */
	uint32_t line;
	int inlined;
	const char *module; /* basename of the mapping's path, NULL when none */
	uint32_t name_id;   /* frames with the same name share it */
};

struct model_stack {
	uint32_t nframes;
	uint32_t first; /* index into model.frame_ids, root first */
};

struct model {
	const struct profile *p;
	struct model_frame *frames; /* unique frames */
	size_t nframes, frames_cap;
	uint32_t *frame_ids;
	size_t nframe_ids, frame_ids_cap;
	struct model_stack *stacks; /* per profile stack */
	char **strings;
	size_t nstrings, strings_cap;
	double period_s; /* CPU time one unit of weight stands for */
};

struct model *model_build(const struct profile *p);
void model_free(struct model *m);

int report_folded(const struct model *m, FILE *out);

#endif
