/* symbolize.c - the symbolizer and its modules: opens ELF files offline with
 * libdwfl (separate debuginfo found by build-id and .gnu_debuglink), checks
 * build-ids, maps file offsets to addresses and caches frames per offset. */
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "sym-internal.h"

/* Longest chain kept per address; deeper inline nesting is cut in the middle. */
enum { CHAIN_MAX = 64 };

#define CACHE_EMPTY UINT64_MAX

struct load_segment {
	uint64_t offset, filesz, vaddr;
};

struct cache_slot {
	uint64_t offset; /* CACHE_EMPTY when unused */
	uint32_t first, count;
};

struct sym_module {
	struct sym_module *next;
	char *path;
	enum sym_status status; /* a failed open is remembered too */
	uint8_t *build_id;       /* of the file on disk */
	size_t build_id_len;

	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	struct load_segment *segs;
	size_t nsegs;
	struct symtab symtab;
	struct inline_index *inlines;
	struct sym_arena arena;

	struct cache_slot *slots; /* offset -> frames[first .. first+count) */
	size_t cap, used;
	struct sym_frame *frames;
	size_t nframes, frames_cap;
};

/* NULL selects elfutils' default search path ":.debug:/usr/lib/debug". */
static char *debuginfo_path;

static const Dwfl_Callbacks offline_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

struct symbolizer *symbolizer_new(void)
{
	return calloc(1, sizeof(struct symbolizer));
}

static void module_free(struct sym_module *m)
{
	if (m->dwfl)
		dwfl_end(m->dwfl);
	symtab_free(&m->symtab);
	inline_index_free(m->inlines);
	arena_free(&m->arena);
	free(m->segs);
	free(m->slots);
	free(m->frames);
	free(m->build_id);
	free(m->path);
	free(m);
}

void symbolizer_free(struct symbolizer *s)
{
	if (!s)
		return;
	for (struct sym_module *m = s->modules, *next; m; m = next) {
		next = m->next;
		module_free(m);
	}
	perfmap_free_all(s->perfmaps);
	free(s);
}

static int module_read_segments(struct sym_module *m, Elf *elf)
{
	size_t n;

	if (elf_getphdrnum(elf, &n) != 0 || n == 0)
		return -1;
	m->segs = calloc(n, sizeof(*m->segs));
	if (!m->segs)
		return -1;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD || !ph.p_filesz)
			continue;
		m->segs[m->nsegs++] = (struct load_segment){ ph.p_offset, ph.p_filesz, ph.p_vaddr };
	}
	return m->nsegs ? 0 : -1;
}

static int module_read_build_id(struct sym_module *m)
{
	const unsigned char *bits;
	GElf_Addr vaddr;
	int len = dwfl_module_build_id(m->mod, &bits, &vaddr);

	if (len <= 0)
		return 0;
	m->build_id = malloc((size_t)len);
	if (!m->build_id)
		return -1;
	memcpy(m->build_id, bits, (size_t)len);
	m->build_id_len = (size_t)len;
	return 0;
}

static enum sym_status module_load(struct sym_module *m)
{
	GElf_Ehdr ehdr;
	Elf *elf;

	m->dwfl = dwfl_begin(&offline_callbacks);
	if (!m->dwfl)
		return SYM_MISSING;
	m->mod = dwfl_report_offline(m->dwfl, m->path, m->path, -1);
	if (dwfl_report_end(m->dwfl, NULL, NULL) != 0 || !m->mod)
		return SYM_MISSING;
	elf = dwfl_module_getelf(m->mod, &m->bias);
	if (!elf || !gelf_getehdr(elf, &ehdr) || (ehdr.e_type != ET_EXEC && ehdr.e_type != ET_DYN))
		return SYM_MISSING;
	if (module_read_segments(m, elf) < 0 || module_read_build_id(m) < 0)
		return SYM_MISSING;
	m->inlines = inline_index_new(&m->arena);
	if (!m->inlines)
		return SYM_MISSING;
	symtab_build(&m->symtab, m->mod);
	return SYM_OK;
}

/* Recorders may pad a short build-id with zeros to a fixed size (perf does,
 * to 20 bytes), so trailing zeros beyond the file's id still match. */
static int build_id_matches(const struct sym_module *m, const uint8_t *id, size_t len)
{
	if (!len)
		return 1;
	if (len < m->build_id_len || memcmp(id, m->build_id, m->build_id_len) != 0)
		return 0;
	for (size_t i = m->build_id_len; i < len; i++)
		if (id[i])
			return 0;
	return m->build_id_len > 0;
}

enum sym_status symbolizer_open(struct symbolizer *s, const char *path, const uint8_t *build_id,
				size_t build_id_len, struct sym_module **out)
{
	struct sym_module *m;

	if (out)
		*out = NULL;
	if (!build_id)
		build_id_len = 0;
	for (m = s->modules; m; m = m->next)
		if (!strcmp(m->path, path))
			break;
	if (!m) {
		m = calloc(1, sizeof(*m));
		if (!m)
			return SYM_MISSING;
		m->path = strdup(path);
		if (!m->path) {
			free(m);
			return SYM_MISSING;
		}
		m->status = module_load(m);
		if (m->status != SYM_OK && m->dwfl) {
			/* Keep only the verdict of a failed open, not its fds. */
			dwfl_end(m->dwfl);
			m->dwfl = NULL;
			m->mod = NULL;
		}
		m->next = s->modules;
		s->modules = m;
	}
	if (m->status != SYM_OK)
		return m->status;
	if (!build_id_matches(m, build_id, build_id_len))
		return SYM_BUILDID_MISMATCH;
	if (out)
		*out = m;
	return SYM_OK;
}

static int module_offset_to_addr(const struct sym_module *m, uint64_t off, Dwarf_Addr *addr)
{
	for (size_t i = 0; i < m->nsegs; i++) {
		const struct load_segment *sg = &m->segs[i];
		if (off >= sg->offset && off - sg->offset < sg->filesz) {
			*addr = sg->vaddr + (off - sg->offset) + m->bias;
			return 0;
		}
	}
	return -1;
}

/* Resolves one address into OUT (CHAIN_MAX entries); returns the count. */
static int module_resolve(struct sym_module *m, uint64_t off, struct sym_frame *out)
{
	struct inline_node *chain[CHAIN_MAX];
	struct inline_node *subprogram = NULL, *last_inline = NULL;
	struct symtab_entry *sym;
	const char *file = NULL;
	Dwarf_Addr addr;
	Dwfl_Line *line;
	int lineno = 0, n, k = 0;

	memset(out, 0, sizeof(*out));
	if (module_offset_to_addr(m, off, &addr) < 0)
		return 1;
	sym = symtab_lookup(&m->symtab, addr);
	line = dwfl_module_getsrc(m->mod, addr);
	if (line)
		file = dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL);

	n = inline_index_lookup(m->inlines, m->mod, addr, chain, CHAIN_MAX);
	if (n > 0 && !chain[n - 1]->is_inline)
		subprogram = chain[--n];
	if (n > 0)
		last_inline = chain[n - 1];
	if (n > CHAIN_MAX - 1)
		n = CHAIN_MAX - 1;

	/* The line table gives the innermost position; each caller is at the
	 * call site recorded in the inlined_subroutine it called. */
	for (int i = 0; i < n; i++, k++) {
		out[k].raw_name = chain[i]->raw;
		out[k].name = chain[i]->name;
		out[k].file = i ? chain[i - 1]->call_file : file;
		out[k].line = i ? chain[i - 1]->call_line : lineno;
		out[k].inlined = 1;
	}
	/* The symbol table names the real function even where DWARF is missing,
	 * and names the part it is in (e.g. "f [clone .cold]"). */
	if (sym) {
		out[k].raw_name = sym->raw;
		out[k].name = symtab_entry_name(sym, &m->arena);
	} else if (subprogram) {
		out[k].raw_name = subprogram->raw;
		out[k].name = subprogram->name;
	} else {
		out[k].raw_name = out[k].name = NULL;
	}
	out[k].file = last_inline ? last_inline->call_file : file;
	out[k].line = last_inline ? last_inline->call_line : lineno;
	out[k].inlined = 0;
	return k + 1;
}

static size_t cache_hash(uint64_t off, size_t cap)
{
	off ^= off >> 33;
	off *= 0xff51afd7ed558ccdull;
	off ^= off >> 33;
	return (size_t)off & (cap - 1);
}

static struct cache_slot *cache_find(struct sym_module *m, uint64_t off)
{
	size_t h = cache_hash(off, m->cap);

	while (m->slots[h].offset != CACHE_EMPTY && m->slots[h].offset != off)
		h = (h + 1) & (m->cap - 1);
	return &m->slots[h];
}

static int cache_grow(struct sym_module *m)
{
	size_t cap = m->cap ? 2 * m->cap : 1024;
	struct cache_slot *old = m->slots;
	size_t old_cap = m->cap;

	m->slots = malloc(cap * sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return -1;
	}
	m->cap = cap;
	for (size_t i = 0; i < cap; i++)
		m->slots[i].offset = CACHE_EMPTY;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].offset != CACHE_EMPTY)
			*cache_find(m, old[i].offset) = old[i];
	free(old);
	return 0;
}

/* Remembers FRAMES for OFF; on allocation failure the result is just not cached. */
static void cache_insert(struct sym_module *m, uint64_t off, const struct sym_frame *frames, int n)
{
	if ((m->used + 1) * 4 > m->cap * 3 && cache_grow(m) < 0)
		return;
	if (m->nframes + (size_t)n > m->frames_cap) {
		size_t cap = m->frames_cap ? 2 * m->frames_cap : 1024;
		while (cap < m->nframes + (size_t)n)
			cap *= 2;
		if (cap > UINT32_MAX)
			return;
		struct sym_frame *f = realloc(m->frames, cap * sizeof(*f));
		if (!f)
			return;
		m->frames = f;
		m->frames_cap = cap;
	}
	struct cache_slot *slot = cache_find(m, off);
	slot->offset = off;
	slot->first = (uint32_t)m->nframes;
	slot->count = (uint32_t)n;
	memcpy(m->frames + m->nframes, frames, (size_t)n * sizeof(*frames));
	m->nframes += (size_t)n;
	m->used++;
}

/* Copies N frames to OUT (room for MAX); when they do not fit, the innermost
 * ones and the real function survive. */
static int frames_copy(struct sym_frame *out, int max, const struct sym_frame *frames, int n)
{
	if (n <= max) {
		memcpy(out, frames, (size_t)n * sizeof(*frames));
		return n;
	}
	memcpy(out, frames, (size_t)(max - 1) * sizeof(*frames));
	out[max - 1] = frames[n - 1];
	return max;
}

int sym_module_lookup(struct sym_module *m, uint64_t file_offset, struct sym_frame *frames, int max)
{
	struct sym_frame tmp[CHAIN_MAX];
	int n;

	if (max <= 0)
		return 0;
	if (!m || m->status != SYM_OK || file_offset == CACHE_EMPTY) {
		memset(frames, 0, sizeof(*frames));
		return 1;
	}
	if (m->cap) {
		const struct cache_slot *slot = cache_find(m, file_offset);
		if (slot->offset == file_offset)
			return frames_copy(frames, max, m->frames + slot->first, (int)slot->count);
	}
	n = module_resolve(m, file_offset, tmp);
	cache_insert(m, file_offset, tmp, n);
	return frames_copy(frames, max, tmp, n);
}
