/* pairmap.h - open-addressing hash maps for the report side's interning and
 * aggregation tables: pairmap from a pair of 64-bit keys to a 32-bit value,
 * idmap (12-byte slots, for tables as big as the call tree) from a pair of
 * 32-bit keys. Header-only; each map owns its slots, released by *_free(). */
#ifndef CTRACE_PAIRMAP_H
#define CTRACE_PAIRMAP_H

#include <stdint.h>
#include <stdlib.h>

#include "../cmd/util.h"

#define PAIRMAP_NONE UINT32_MAX

struct pairmap_slot {
	uint64_t a, b;
	uint32_t v; /* PAIRMAP_NONE: empty */
};

struct pairmap {
	struct pairmap_slot *slots;
	size_t cap, n;
};

static inline size_t pairmap_hash(uint64_t a, uint64_t b)
{
	uint64_t h = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL) * 0xbf58476d1ce4e5b9ULL;
	return (size_t)(h ^ h >> 29);
}

/* The slot for (a, b): found (v != PAIRMAP_NONE) or the empty one to fill. */
static inline struct pairmap_slot *pairmap_slot(struct pairmap *m, uint64_t a, uint64_t b)
{
	size_t j = pairmap_hash(a, b) & (m->cap - 1);

	while (m->slots[j].v != PAIRMAP_NONE && (m->slots[j].a != a || m->slots[j].b != b))
		j = (j + 1) & (m->cap - 1);
	return &m->slots[j];
}

static inline void pairmap_resize(struct pairmap *m, size_t cap)
{
	struct pairmap_slot *old = m->slots;
	size_t oldcap = m->cap;

	m->slots = xmalloc(cap * sizeof(*m->slots));
	for (size_t i = 0; i < cap; i++)
		m->slots[i].v = PAIRMAP_NONE;
	m->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].v != PAIRMAP_NONE)
			*pairmap_slot(m, old[i].a, old[i].b) = old[i];
	free(old);
}

static inline uint32_t pairmap_get(const struct pairmap *m, uint64_t a, uint64_t b)
{
	return m->cap ? pairmap_slot((struct pairmap *)m, a, b)->v : PAIRMAP_NONE;
}

/* Stores V for (a, b) unless present; returns the value now stored. */
static inline uint32_t pairmap_put(struct pairmap *m, uint64_t a, uint64_t b, uint32_t v)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		pairmap_resize(m, m->cap ? m->cap * 2 : 1024);
	struct pairmap_slot *s = pairmap_slot(m, a, b);
	if (s->v == PAIRMAP_NONE) {
		s->a = a;
		s->b = b;
		s->v = v;
		m->n++;
	}
	return s->v;
}

static inline void pairmap_free(struct pairmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

/* ---- idmap: (uint32, uint32) -> uint32 ---- */

struct idmap_slot {
	uint32_t a, b, v; /* v == PAIRMAP_NONE: empty */
};

struct idmap {
	struct idmap_slot *slots;
	size_t cap, n;
};

static inline struct idmap_slot *idmap_slot(struct idmap *m, uint32_t a, uint32_t b)
{
	size_t j = pairmap_hash(a, b) & (m->cap - 1);

	while (m->slots[j].v != PAIRMAP_NONE && (m->slots[j].a != a || m->slots[j].b != b))
		j = (j + 1) & (m->cap - 1);
	return &m->slots[j];
}

static inline void idmap_resize(struct idmap *m, size_t cap)
{
	struct idmap_slot *old = m->slots;
	size_t oldcap = m->cap;

	m->slots = xmalloc(cap * sizeof(*m->slots));
	for (size_t i = 0; i < cap; i++)
		m->slots[i].v = PAIRMAP_NONE;
	m->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].v != PAIRMAP_NONE)
			*idmap_slot(m, old[i].a, old[i].b) = old[i];
	free(old);
}

static inline uint32_t idmap_get(const struct idmap *m, uint32_t a, uint32_t b)
{
	return m->cap ? idmap_slot((struct idmap *)m, a, b)->v : PAIRMAP_NONE;
}

/* Stores V for (a, b) unless present; returns the value now stored. */
static inline uint32_t idmap_put(struct idmap *m, uint32_t a, uint32_t b, uint32_t v)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		idmap_resize(m, m->cap ? m->cap * 2 : 1024);
	struct idmap_slot *s = idmap_slot(m, a, b);
	if (s->v == PAIRMAP_NONE) {
		s->a = a;
		s->b = b;
		s->v = v;
		m->n++;
	}
	return s->v;
}

static inline void idmap_free(struct idmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

#endif
