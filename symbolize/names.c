/* names.c - symbol names: demangling C++ and Rust (legacy and v0) through
 * libiberty, and the string arena that owns every name the symbolizer made. */
#include <libiberty/demangle.h>
#include <stdlib.h>
#include <string.h>

#include "sym-internal.h"

enum { ARENA_CHUNK = 64 * 1024 };

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	char data[];
};

char *arena_strdup(struct sym_arena *a, const char *s, size_t len)
{
	struct arena_chunk *c = a->head;

	if (!c || c->cap - c->used < len + 1) {
		size_t cap = len + 1 > ARENA_CHUNK ? len + 1 : ARENA_CHUNK;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		/* A big string gets its own chunk behind the current one, so the
		 * current chunk's free space is not wasted. */
		if (a->head && cap > ARENA_CHUNK) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	char *p = c->data + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

void arena_free(struct sym_arena *a)
{
	struct arena_chunk *c = a->head;

	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}

static char *demangle_copy(struct sym_arena *a, const char *raw, size_t len, const char *suffix)
{
	char buf[512];
	char *tmp = len < sizeof(buf) ? buf : malloc(len + 1);

	if (!tmp)
		return NULL;
	memcpy(tmp, raw, len);
	tmp[len] = '\0';
	/* The demangling style stays libiberty's default "auto", which tries
	 * Rust before GNU v3: legacy Rust symbols are valid C++ manglings too. */
	char *d = cplus_demangle(tmp, DMGL_PARAMS | DMGL_ANSI);
	if (tmp != buf)
		free(tmp);
	if (!d)
		return NULL;

	size_t dlen = strlen(d), slen = strlen(suffix);
	char *out = malloc(dlen + slen + 1);
	char *res = NULL;
	if (out) {
		memcpy(out, d, dlen);
		memcpy(out + dlen, suffix, slen + 1);
		res = arena_strdup(a, out, dlen + slen);
		free(out);
	}
	free(d);
	return res;
}

const char *name_demangle(struct sym_arena *a, const char *raw)
{
	if (!raw)
		return NULL;
	/* A symbol version ("memcpy@@GLIBC_2.14", as libc's .symtab names
	 * them) is not part of the function's name: the raw name keeps it. */
	const char *at = strchr(raw, '@');
	size_t len = at && at != raw ? (size_t)(at - raw) : strlen(raw);
	/* Cheap filter: everything libiberty would demangle here starts with
	 * _Z (C++, legacy Rust) or _R (Rust v0); C names are returned as is. */
	if (raw[0] != '_' || (raw[1] != 'Z' && raw[1] != 'R')) {
		if (len == strlen(raw))
			return raw;
		return arena_strdup(a, raw, len);
	}
	char *d = demangle_copy(a, raw, len, "");
	if (d)
		return d;
	return len == strlen(raw) ? raw : arena_strdup(a, raw, len);
}
