/* perfmap.c - JIT symbols from /tmp/perf-PID.map files, the text format that
 * JITs (V8, LuaJIT, the JVM via perf-map-agent) write for perf: one
 * "START SIZE name" line per code blob, hex numbers, names with spaces. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sym-internal.h"

/* How far back a lookup looks for an overlapping older blob. */
enum { PERFMAP_OVERLAP_SCAN = 16 };

struct perfmap_entry {
	uint64_t start, end;
	const char *name;
	size_t order; /* line number: a later line describes newer code */
};

struct sym_perfmap {
	struct sym_perfmap *next;
	char *path;
	struct perfmap_entry *v;
	size_t n;
	struct sym_arena arena;
};

static int perfmap_entry_cmp(const void *pa, const void *pb)
{
	const struct perfmap_entry *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Parses one line into E; 0 on success, -1 for a malformed line. */
static int perfmap_parse_line(char *line, struct perfmap_entry *e, struct sym_arena *a)
{
	char *p = line, *end;
	size_t len;

	errno = 0;
	e->start = strtoull(p, &end, 16);
	if (end == p || errno || (*end != ' ' && *end != '\t'))
		return -1;
	p = end;
	uint64_t size = strtoull(p, &end, 16);
	if (end == p || errno || (*end != ' ' && *end != '\t'))
		return -1;
	p = end + strspn(end, " \t");
	len = strcspn(p, "\r\n");
	if (!len)
		return -1;
	/* Some JITs write size 0 for stubs; give them one byte so the start
	 * address still resolves. */
	e->end = e->start + (size ? size : 1);
	if (e->end < e->start)
		e->end = UINT64_MAX;
	e->name = arena_strdup(a, p, len);
	return e->name ? 0 : -1;
}

static int perfmap_read(struct sym_perfmap *p, FILE *f)
{
	char *line = NULL;
	size_t line_cap = 0, cap = 0, order = 0;

	while (getline(&line, &line_cap, f) >= 0) {
		struct perfmap_entry e;

		if (perfmap_parse_line(line, &e, &p->arena) < 0)
			continue;
		e.order = order++;
		if (p->n == cap) {
			size_t ncap = cap ? 2 * cap : 256;
			struct perfmap_entry *v = realloc(p->v, ncap * sizeof(*v));
			if (!v) {
				free(line);
				return -1;
			}
			p->v = v;
			cap = ncap;
		}
		p->v[p->n++] = e;
	}
	free(line);
	if (!p->n)
		return 0;
	qsort(p->v, p->n, sizeof(*p->v), perfmap_entry_cmp);

	/* Code re-emitted at the same address replaces the older entry. */
	size_t out = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (out && p->v[out - 1].start == p->v[i].start)
			out--;
		p->v[out++] = p->v[i];
	}
	p->n = out;
	return 0;
}

struct sym_perfmap *sym_perfmap_load(struct symbolizer *s, const char *path)
{
	struct sym_perfmap *p;
	FILE *f;

	for (p = s->perfmaps; p; p = p->next)
		if (!strcmp(p->path, path))
			return p;
	f = fopen(path, "r");
	if (!f)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p || !(p->path = strdup(path)) || perfmap_read(p, f) < 0) {
		fclose(f);
		if (p) {
			free(p->path);
			free(p->v);
			arena_free(&p->arena);
			free(p);
		}
		return NULL;
	}
	fclose(f);
	p->next = s->perfmaps;
	s->perfmaps = p;
	return p;
}

const char *sym_perfmap_lookup(struct sym_perfmap *p, uint64_t addr)
{
	const struct perfmap_entry *best = NULL;
	size_t lo = 0, hi;

	if (!p)
		return NULL;
	hi = p->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Blobs may overlap when a JIT reuses memory: the newest one wins. */
	for (size_t i = lo, k = 0; i > 0 && k < PERFMAP_OVERLAP_SCAN; i--, k++) {
		const struct perfmap_entry *e = &p->v[i - 1];
		if (addr < e->end && (!best || e->order > best->order))
			best = e;
	}
	return best ? best->name : NULL;
}

void perfmap_free_all(struct sym_perfmap *p)
{
	while (p) {
		struct sym_perfmap *next = p->next;
		free(p->path);
		free(p->v);
		arena_free(&p->arena);
		free(p);
		p = next;
	}
}
