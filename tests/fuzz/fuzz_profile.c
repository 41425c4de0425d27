/* fuzz_profile.c - libFuzzer target for the profile reader: any input gives
 * either a profile or one error message, never a crash, leak or overflow.
 * `make check` runs it for a bounded number of inputs from tests/fuzz/corpus. */
#include <stdint.h>
#include <stdlib.h>

#include "../../prof/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct profile *p = profile_parse(data, size, err, sizeof(err));

	if (p) {
		/* exercise the lookups a report makes */
		for (size_t i = 0; i < p->nstacks; i++)
			for (uint32_t k = 0; k < p->stacks[i].nframes; k++)
				profile_map_find(p, p->stacks[i].proc_id, p->stacks[i].gen, p->stacks[i].frames[k]);
	} else if (!err[0]) {
		abort(); /* a refusal must say why */
	}
	profile_free(p);
	return 0;
}
