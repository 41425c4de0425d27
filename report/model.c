/* model.c - resolves each recorded stack once into named frames, root first:
 * symbol records from the profile where present, module+0xoffset otherwise. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "../prof/record.h"
#include "pairmap.h"

static const char *str_keep(struct model *m, char *s)
{
	if (m->nstrings == m->strings_cap) {
		m->strings_cap = m->strings_cap ? m->strings_cap * 2 : 256;
		m->strings = xrealloc(m->strings, m->strings_cap * sizeof(char *));
	}
	m->strings[m->nstrings++] = s;
	return s;
}

static uint32_t frame_add(struct model *m, const struct model_frame *f)
{
	/* callers intern by key first; this only appends */
	if (m->nframes == m->frames_cap) {
		m->frames_cap = m->frames_cap ? m->frames_cap * 2 : 1024;
		m->frames = xrealloc(m->frames, m->frames_cap * sizeof(*m->frames));
	}
	m->frames[m->nframes] = *f;
	return (uint32_t)m->nframes++;
}

static void frame_id_push(struct model *m, uint32_t id)
{
	if (m->nframe_ids == m->frame_ids_cap) {
		m->frame_ids_cap = m->frame_ids_cap ? m->frame_ids_cap * 2 : 4096;
		m->frame_ids = xrealloc(m->frame_ids, m->frame_ids_cap * sizeof(uint32_t));
	}
	m->frame_ids[m->nframe_ids++] = id;
}

/* A growing list of frame ids. */
struct idbuf {
	uint32_t *ids;
	size_t n, cap;
};

static void idbuf_push(struct idbuf *b, uint32_t id)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->ids = xrealloc(b->ids, b->cap * sizeof(uint32_t));
	}
	b->ids[b->n++] = id;
}

static uint32_t id_intern(struct strmap *t, const char *key, size_t *count)
{
	uint32_t id = strmap_put(t, key, (uint32_t)*count);

	if (id == *count)
		(*count)++;
	return id;
}

static uint32_t frame_intern(struct model *m, struct strmap *t, const char *name, const char *file,
			     uint32_t line, int inlined, const char *module)
{
	char key[8192];
	uint32_t id;

	snprintf(key, sizeof(key), "%s\x1f%s\x1f%u\x1f%d\x1f%s", name, file ? file : "", line, inlined,
		 module ? module : "");
	if ((id = strmap_get(t, key)) != UINT32_MAX)
		return id;
	strmap_put(t, key, (uint32_t)m->nframes);

	struct model_frame f = {str_keep(m, xstrdup(name)), file ? str_keep(m, xstrdup(file)) : NULL,
				line, inlined, module ? str_keep(m, xstrdup(module)) : NULL, 0, 0};
	snprintf(key, sizeof(key), "\x1e%s", name);
	size_t before = m->nnames;
	f.name_id = id_intern(t, key, &m->nnames);
	if (m->nnames != before) {
		if (m->nnames > m->names_cap) {
			m->names_cap = m->names_cap ? m->names_cap * 2 : 256;
			m->names = xrealloc(m->names, m->names_cap * sizeof(*m->names));
		}
		m->names[f.name_id] = f.name;
	}
	snprintf(key, sizeof(key), "\x1d%s\x1f%s\x1f%u", name, file ? file : "", line);
	f.line_id = id_intern(t, key, &m->nlines);
	return frame_add(m, &f);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Appends the frames (innermost first) that the address IP of stack ST
 * resolves to; LEAF: IP is the interrupted PC, not a return address. */
static void frames_resolve(struct model *m, struct strmap *t, const struct prof_stack *st, uint64_t ip,
			   int leaf, struct idbuf *out)
{
	const struct profile *p = m->p;
	uint64_t look = leaf ? ip : ip - 1;
	long mi = profile_map_find(p, st->proc_id, st->gen, look);
	char buf[512];

	if (mi < 0) {
		snprintf(buf, sizeof(buf), "[unknown] 0x%llx", (unsigned long long)ip);
		idbuf_push(out, frame_intern(m, t, buf, NULL, 0, 0, NULL));
		return;
	}
	const struct prof_map *map = &p->maps[mi];
	uint64_t off = look - map->start + map->offset;
	const char *mod = base_name(map->path);
	const struct prof_loc *loc = profile_loc_find(p, (uint32_t)mi, off);
	for (uint32_t k = 0; loc && k < loc->nframes; k++) {
		const struct prof_loc_frame *lf = &p->loc_frames[loc->first + k];
		const struct prof_func *fn = lf->func == UINT32_MAX ? NULL : &p->funcs[lf->func];
		if (fn && fn->name && *fn->name) {
			idbuf_push(out, frame_intern(m, t, fn->name, fn->file && *fn->file ? fn->file : NULL,
						     lf->line, (int)lf->inlined, mod));
		} else {
			snprintf(buf, sizeof(buf), "[unknown] %s+0x%llx", mod, (unsigned long long)off);
			idbuf_push(out, frame_intern(m, t, buf, NULL, 0, 0, mod));
		}
	}
	/* a location without frames is ctrace's own shim: left out */
	if (!loc) {
		snprintf(buf, sizeof(buf), "[unknown] %s+0x%llx", mod, (unsigned long long)off);
		idbuf_push(out, frame_intern(m, t, buf, NULL, 0, 0, mod));
	}
}

struct model *model_build(const struct profile *p)
{
	struct model *m = xcalloc(1, sizeof(*m));
	struct strmap t = {0};
	json_t *period = json_object_get(p->meta, "period_ns");
	/* addresses repeat across stacks: resolve each (process, generation,
	 * address) once; resolved[i] lists its frames in cache.ids */
	struct pairmap seen = {0};
	struct idbuf cache = {0}, tmp = {0};
	struct {
		uint32_t first, n;
	} *resolved = NULL;
	size_t nresolved = 0, resolved_cap = 0;

	m->p = p;
	m->period_s = period && json_integer_value(period) > 0 ? (double)json_integer_value(period) / 1e9
								: 1e-3;
	m->stacks = xcalloc(p->nstacks, sizeof(*m->stacks));
	for (size_t s = 0; s < p->nstacks; s++) {
		const struct prof_stack *st = &p->stacks[s];

		/* leaf first while collecting, reversed below */
		tmp.n = 0;
		for (uint32_t i = 0; i < st->nframes; i++) {
			uint64_t ip = st->frames[i];
			uint64_t look = i == 0 ? ip : ip - 1;
			uint64_t key = (uint64_t)st->proc_id << 32 | st->gen;
			uint32_t r = pairmap_get(&seen, key, look);

			if (r == PAIRMAP_NONE) {
				if (nresolved == resolved_cap) {
					resolved_cap = resolved_cap ? resolved_cap * 2 : 1024;
					resolved = xrealloc(resolved, resolved_cap * sizeof(*resolved));
				}
				r = (uint32_t)nresolved++;
				resolved[r].first = (uint32_t)cache.n;
				frames_resolve(m, &t, st, ip, i == 0, &cache);
				resolved[r].n = (uint32_t)(cache.n - resolved[r].first);
				pairmap_put(&seen, key, look, r);
			}
			for (uint32_t k = 0; k < resolved[r].n; k++)
				idbuf_push(&tmp, cache.ids[resolved[r].first + k]);
		}
		if (st->flags & SAMPLE_TRUNCATED)
			idbuf_push(&tmp, frame_intern(m, &t, "[truncated]", NULL, 0, 0, NULL));
		else if (st->flags & SAMPLE_PC_ONLY)
			idbuf_push(&tmp, frame_intern(m, &t, "[stack not unwound: a library was being unloaded]", NULL, 0, 0, NULL));
		else if (st->flags & SAMPLE_UNWIND_FAILED || !tmp.n)
			idbuf_push(&tmp, frame_intern(m, &t, "[stack not unwound]", NULL, 0, 0, NULL));
		m->stacks[s].first = (uint32_t)m->nframe_ids;
		m->stacks[s].nframes = (uint32_t)tmp.n;
		for (size_t i = tmp.n; i-- > 0;)
			frame_id_push(m, tmp.ids[i]);
	}
	free(resolved);
	free(cache.ids);
	free(tmp.ids);
	pairmap_free(&seen);
	strmap_free(&t);
	return m;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nstrings; i++)
		free(m->strings[i]);
	free(m->strings);
	free(m->names);
	free(m->frames);
	free(m->frame_ids);
	free(m->stacks);
	free(m);
}
