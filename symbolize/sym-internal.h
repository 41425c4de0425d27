/* sym-internal.h - pieces shared by the files of symbolize/: the string arena
 * and demangler (names.c), the sorted FUNC table (symtab.c), the lazy per-CU
 * inline index (inline.c) and perf map loading (perfmap.c). Not a public API. */
#ifndef CTRACE_SYM_INTERNAL_H
#define CTRACE_SYM_INTERNAL_H

#include <elfutils/libdwfl.h>
#include <stddef.h>
#include <stdint.h>

#include "symbolize.h"

/* Bump allocator for strings the symbolizer creates itself (demangled names,
 * perf map names); freed as a whole. Strings that live in libdw's or libelf's
 * mapped data are returned as they are: the Dwfl outlives every lookup. */
struct sym_arena {
	struct arena_chunk *head;
};

char *arena_strdup(struct sym_arena *a, const char *s, size_t len);
void arena_free(struct sym_arena *a);

/* Readable form of RAW (C++, Rust legacy and v0 via libiberty); RAW itself
 * when it is not mangled or demangling fails. NULL for NULL. */
const char *name_demangle(struct sym_arena *a, const char *raw);

struct symtab_entry {
	uint64_t start, end; /* module addresses, [start, end) */
	const char *raw;
	const char *name; /* demangled lazily, see symtab_entry_name() */
};

struct symtab {
	struct symtab_entry *v;
	size_t n;
};

void symtab_build(struct symtab *t, Dwfl_Module *mod);
struct symtab_entry *symtab_lookup(struct symtab *t, uint64_t addr);
const char *symtab_entry_name(struct symtab_entry *e, struct sym_arena *a);
void symtab_free(struct symtab *t);

/* One DW_TAG_subprogram or DW_TAG_inlined_subroutine that has code. Names and
 * call sites are read from the DIE the first time a lookup needs them. */
struct inline_node {
	Dwarf_Die die;
	const char *raw;
	const char *name;
	const char *call_file; /* where this inlined instance was called from */
	int call_line;
	int parent; /* nearest enclosing node in the same CU, -1 at the top */
	unsigned is_inline : 1;
	unsigned resolved : 1;
};

struct inline_index;

struct inline_index *inline_index_new(struct sym_arena *a);
void inline_index_free(struct inline_index *ix);
/* Fills CHAIN with the nodes containing module address ADDR, innermost first,
 * up to and including the first out-of-line subprogram. Returns the count. */
int inline_index_lookup(struct inline_index *ix, Dwfl_Module *mod, Dwarf_Addr addr,
			struct inline_node **chain, int max);

struct symbolizer {
	struct sym_module *modules;
	struct sym_perfmap *perfmaps;
};

void perfmap_free_all(struct sym_perfmap *p);

#endif
