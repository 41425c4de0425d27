/* annotate.h - symbolizes a whole profile: every unique address of every
 * recorded stack, once, stored in the profile as function and location
 * records so that reports need neither the binaries nor this machine. */
#ifndef CTRACE_ANNOTATE_H
#define CTRACE_ANNOTATE_H

#include <stddef.h>

struct annotate_stats {
	size_t addresses, named, with_lines;
	size_t modules, modules_missing, modules_mismatch;
	double seconds;
};

/* Reads IN (a complete profile) and writes OUT with fresh symbol records;
 * IN and OUT may not be the same file. Shows progress on stderr when it is a
 * terminal and the work takes more than a second. Returns 0, or -1 with one
 * line in ERR. Mismatched and missing modules are reported on stderr unless
 * QUIET. */
int annotate_file(const char *in, const char *out, int quiet, struct annotate_stats *st, char *err,
		  size_t errlen);

#endif
