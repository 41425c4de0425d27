/* symbolize.h - addresses in recorded mappings -> functions, source lines and
 * inline chains, with elfutils libdwfl. Runs in the launcher after the program
 * exits (and in `ctrace symbolize`), never inside the profiled program.
 *
 * Ownership: a symbolizer owns every module it opened and every string it
 * returns; strings stay valid until symbolizer_free(). */
#ifndef CTRACE_SYMBOLIZE_H
#define CTRACE_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

struct symbolizer;
struct sym_module;
struct sym_perfmap;

/* One frame of a resolved address. A single address can yield several frames
 * when functions were inlined: frames[0] is the innermost (the inlined callee
 * that contains the address), the last one is the real (out-of-line)
 * function. */
struct sym_frame {
	const char *name;     /* demangled function name; NULL when unknown */
	const char *raw_name; /* symbol as in the ELF/DWARF (mangled); NULL when unknown */
	const char *file;     /* source file (as recorded in DWARF); NULL when unknown */
	int line;             /* source line; 0 when unknown. For an inlined frame's caller,
	                         this is the call site's line. */
	int inlined;          /* 1 when this frame was inlined into the next one */
};

enum sym_status {
	SYM_OK = 0,
	SYM_MISSING = 1,          /* file not found / not readable / not ELF */
	SYM_BUILDID_MISMATCH = 2, /* file on disk has another build-id than recorded */
};

struct symbolizer *symbolizer_new(void);
void symbolizer_free(struct symbolizer *s);

/* Opens the ELF file at PATH once (later calls with the same path and build-id
 * return the same module). BUILD_ID may be NULL (len 0) when none was
 * recorded. On SYM_MISSING or SYM_BUILDID_MISMATCH *out is NULL. */
enum sym_status symbolizer_open(struct symbolizer *s, const char *path, const uint8_t *build_id,
				size_t build_id_len, struct sym_module **out);

/* Resolves FILE_OFFSET, an offset into the module's file (ip - mapping start +
 * mapping file offset). Callers pass ip - 1 for return addresses. Writes up to
 * MAX frames (innermost first) and returns how many (>= 1: an address with no
 * symbol gives one frame with name NULL). When the frames do not fit, the
 * innermost MAX - 1 and the real function are kept. Results are cached per
 * offset. Resolving many offsets in ascending order is 3-4 times faster than
 * in random order: the line tables and indexes are then read sequentially. */
int sym_module_lookup(struct sym_module *m, uint64_t file_offset, struct sym_frame *frames, int max);

/* JIT symbols from a /tmp/perf-PID.map file ("START SIZE name" per line, hex).
 * Returns NULL when the file does not exist. */
struct sym_perfmap *sym_perfmap_load(struct symbolizer *s, const char *path);
/* Name of the JIT symbol containing ADDR (absolute address), or NULL. */
const char *sym_perfmap_lookup(struct sym_perfmap *p, uint64_t addr);

#endif
