/* pprof.c - the `pprof` format: profile.proto (report/profile.proto) encoded
 * by protobuf-c and gzipped by zlib, as `go tool pprof` reads it. Built from
 * the recorded stacks rather than the call tree, so that pprof gets what it
 * works with: each sampled address in its mapping (with the mapping's
 * build-id) as a Location whose Lines are the model's frames for that
 * address, inlined functions first. The view selects the samples (threads,
 * --focus, --exclude); pprof reshapes stacks itself (-focus, -hide, -lines).
 * One pprof Sample per recorded stack and thread, labelled pid, tid and
 * thread, valued in samples and CPU nanoseconds (weight x period). */
#include <protobuf-c/protobuf-c.h>
#include <string.h>
#include <zlib.h>

#include "../cmd/util.h"
#include "../prof/record.h"
#include "model.h"
#include "pairmap.h"
#include "profile.pb-c.h"

#define MARKER_FLAGS (SAMPLE_TRUNCATED | SAMPLE_PC_ONLY | SAMPLE_UNWIND_FAILED)

/* ---- strings: the profile's string table, [0] = "" ---- */

struct strtab {
	const char **s;
	size_t n, cap;
	uint32_t *slots; /* open addressing: string index + 1, 0 empty */
	size_t nslots;
	char **owned; /* the strings made here, freed with the table */
	size_t nowned;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	while (*s)
		h = (h ^ (uint8_t)*s++) * 1099511628211ULL;
	return h;
}

/* The length of the valid UTF-8 sequence at S, 0 when it is not one
 * (overlong forms, surrogates, code points past U+10FFFF, cut short). */
static size_t utf8_len(const uint8_t *s)
{
	uint8_t lo = 0x80, hi = 0xbf;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, lo = s[0] == 0xe0 ? 0xa0 : 0x80, hi = s[0] == 0xed ? 0x9f : 0xbf;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, lo = s[0] == 0xf0 ? 0x90 : 0x80, hi = s[0] == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf) /* the terminating NUL fails here */
			return 0;
	return len;
}

static int64_t str_add(struct strtab *t, const char *s, int copy)
{
	if ((t->n + 1) * 2 > t->nslots) {
		size_t nslots = t->nslots ? t->nslots * 2 : 4096;
		uint32_t *slots = xcalloc(nslots, sizeof(uint32_t));
		for (size_t i = 0; i < t->n; i++) {
			size_t j = str_hash(t->s[i]) & (nslots - 1);
			while (slots[j])
				j = (j + 1) & (nslots - 1);
			slots[j] = (uint32_t)i + 1;
		}
		free(t->slots);
		t->slots = slots;
		t->nslots = nslots;
	}
	size_t j = str_hash(s) & (t->nslots - 1);
	for (; t->slots[j]; j = (j + 1) & (t->nslots - 1))
		if (!strcmp(t->s[t->slots[j] - 1], s))
			return t->slots[j] - 1;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->s = xrealloc(t->s, t->cap * sizeof(char *));
	}
	if (copy) {
		t->owned = xrealloc(t->owned, (t->nowned + 1) * sizeof(char *));
		s = t->owned[t->nowned++] = xstrdup(s);
	}
	t->s[t->n] = s;
	t->slots[j] = (uint32_t)++t->n;
	return (int64_t)t->n - 1;
}

/* The index of S, added when new. protobuf strings are UTF-8: each byte of
 * S that is not is replaced by U+FFFD, as the JSON formats do. COPY: S is
 * the caller's to reuse (else it outlives the table). */
static int64_t str_index_as(struct strtab *t, const char *s, int copy)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0, len;

	while (u[i] && (len = utf8_len(u + i)))
		i += len;
	if (!u[i])
		return str_add(t, s, copy);
	char *fixed = xmalloc(3 * strlen(s) + 1);
	size_t n = 0;
	for (i = 0; u[i]; i += len ? len : 1) {
		len = utf8_len(u + i);
		memcpy(fixed + n, len ? s + i : "\xef\xbf\xbd", len ? len : 3);
		n += len ? len : 3;
	}
	fixed[n] = 0;
	int64_t r = str_add(t, fixed, 1);
	free(fixed);
	return r;
}

static int64_t str_index(struct strtab *t, const char *s)
{
	return str_index_as(t, s, 0);
}

static int64_t str_index_copy(struct strtab *t, const char *s)
{
	return str_index_as(t, s, 1);
}

static void strtab_free(struct strtab *t)
{
	for (size_t i = 0; i < t->nowned; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->s);
	free(t->slots);
}

/* ---- the tables, gathered before any message is made ---- */

struct pp_func {
	int64_t name, system_name, file;
};

struct pp_line {
	uint32_t func; /* index into funcs */
	uint32_t line;
};

struct pp_loc {
	uint32_t map; /* profile mapping index, MODEL_NONE for none */
	uint64_t address;
	uint32_t first, n; /* into lines */
};

struct pp_sample {
	uint32_t stack, thread;
	uint64_t count, weight;
};

/* what a mapping's locations hold, for its has_* flags */
enum { MAP_USED = 1, MAP_FILES = 2, MAP_LINES = 4, MAP_INLINE = 8 };

struct pprof {
	const struct calltree *t;
	const struct profile *p;
	struct strtab str;
	struct pp_func *funcs;
	size_t nfuncs, funcs_cap;
	struct pairmap func_index; /* (name, file) -> funcs */
	struct pp_line *lines;
	size_t nlines, lines_cap;
	struct pp_loc *locs;
	size_t nlocs, locs_cap;
	struct pairmap loc_index; /* (mapping or process, address) -> locs */
	/* per profile stack, once a selected sample uses it: its location
	 * ids, leaf first, at stack_locs[stack_first[s] .. +stack_len[s]] */
	uint32_t *stack_first, *stack_len;
	uint64_t *stack_locs;
	size_t nstack_locs, stack_locs_cap;
	struct pp_sample *samples;
	size_t nsamples, samples_cap;
	uint8_t *map_flags; /* per profile mapping */
};

static void *grow(void *arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return arr;
	*cap = need * 2 > 256 ? need * 2 : 256;
	return xrealloc(arr, *cap * elem);
}

static uint32_t func_get(struct pprof *pp, const struct model_frame *fr, const char *system_name)
{
	int64_t name = str_index(&pp->str, fr->name), file = fr->file ? str_index(&pp->str, fr->file) : 0;
	uint32_t f = pairmap_put(&pp->func_index, (uint64_t)name, (uint64_t)file, (uint32_t)pp->nfuncs);

	if (f == pp->nfuncs) {
		pp->funcs = grow(pp->funcs, &pp->funcs_cap, pp->nfuncs + 1, sizeof(*pp->funcs));
		/* pprof demangles and shortens the names of functions whose
		 * system name equals their name; ours are final: a system name
		 * only when it differs (a mangled one) */
		int64_t sys = 0;
		if (system_name && strcmp(system_name, fr->name))
			sys = str_index(&pp->str, system_name);
		pp->funcs[pp->nfuncs++] = (struct pp_func){name, sys, file};
	}
	return f;
}

/* The location of ADDRESS in profile mapping MAP (MODEL_NONE: none) under
 * KEY; its lines are the model frames FRAMES[0], FRAMES[-1], ...
 * FRAMES[1 - n] (innermost first), LOC the symbol records they came from. */
static uint64_t loc_get(struct pprof *pp, uint64_t key_a, uint64_t key_b, uint32_t map, uint64_t address,
			const uint32_t *frames, uint32_t n, const struct prof_loc *loc)
{
	const struct profile *p = pp->p;
	uint32_t l = pairmap_put(&pp->loc_index, key_a, key_b, (uint32_t)pp->nlocs);

	if (l < pp->nlocs)
		return (uint64_t)l + 1;
	pp->locs = grow(pp->locs, &pp->locs_cap, pp->nlocs + 1, sizeof(*pp->locs));
	pp->locs[pp->nlocs++] = (struct pp_loc){map, address, (uint32_t)pp->nlines, n};
	pp->lines = grow(pp->lines, &pp->lines_cap, pp->nlines + n, sizeof(*pp->lines));
	for (uint32_t k = 0; k < n; k++) {
		const struct model_frame *fr = &pp->t->m->frames[*(frames - k)];
		const struct prof_loc_frame *lf = loc ? &p->loc_frames[loc->first + k] : NULL;
		const char *raw = lf && lf->func != UINT32_MAX ? p->funcs[lf->func].raw_name : NULL;

		pp->lines[pp->nlines++] = (struct pp_line){func_get(pp, fr, raw), fr->line};
		if (map != MODEL_NONE)
			pp->map_flags[map] |= MAP_USED | (fr->file ? MAP_FILES : 0) |
					      (fr->line ? MAP_LINES : 0) | (n > 1 ? MAP_INLINE : 0);
	}
	return (uint64_t)l + 1;
}

/* Stack S's locations, leaf first, walking the recorded addresses and the
 * model's frames for them side by side: the model resolved each address to
 * its symbol records' frames (one "[unknown]" frame without records, none
 * for ctrace's own shim) and put one marker frame at the root of a stack
 * that was cut or not unwound. */
static void stack_locations(struct pprof *pp, uint32_t s)
{
	const struct profile *p = pp->p;
	const struct prof_stack *st = &p->stacks[s];
	const struct model_stack *ms = &pp->t->m->stacks[s];
	const uint32_t *ids = &pp->t->m->frame_ids[ms->first];
	uint32_t left = ms->nframes; /* model frames not yet taken, from the leaf */

	pp->stack_first[s] = (uint32_t)pp->nstack_locs;
	pp->stack_locs = grow(pp->stack_locs, &pp->stack_locs_cap, pp->nstack_locs + st->nframes + 1,
			      sizeof(uint64_t));
	for (uint32_t i = 0; i < st->nframes; i++) {
		uint64_t ip = st->frames[i], look = i ? ip - 1 : ip;
		long mi = profile_map_find(p, st->proc_id, st->gen, look);
		const struct prof_loc *loc = NULL;
		uint32_t n = 1;
		uint64_t id;

		if (mi >= 0) {
			const struct prof_map *map = &p->maps[mi];
			if ((loc = profile_loc_find(p, (uint32_t)mi, look - map->start + map->offset)))
				n = loc->nframes;
		}
		if (!n)
			continue;
		if (n > left)
			abort(); /* the model resolved this stack differently: a bug */
		if (mi >= 0) {
			id = loc_get(pp, (uint64_t)mi, look, (uint32_t)mi, look, &ids[left - 1], n, loc);
		} else { /* named after the address itself, which differs for a leaf */
			uint64_t key = 1ULL << 63 | (uint64_t)st->proc_id << 1 | (i == 0);
			id = loc_get(pp, key, ip, MODEL_NONE, look, &ids[left - 1], n, NULL);
		}
		pp->stack_locs[pp->nstack_locs++] = id;
		left -= n;
	}
	if (left) { /* the marker */
		if (left != 1 || !(st->flags & MARKER_FLAGS || pp->nstack_locs == pp->stack_first[s]))
			abort();
		pp->stack_locs[pp->nstack_locs++] =
			loc_get(pp, UINT64_MAX, ids[0], MODEL_NONE, 0, ids, 1, NULL);
	}
	pp->stack_len[s] = (uint32_t)(pp->nstack_locs - pp->stack_first[s]);
}

static void samples_gather(struct pprof *pp)
{
	const struct profile *p = pp->p;
	struct pairmap index = {0};

	pp->stack_first = xmalloc((p->nstacks + 1) * sizeof(uint32_t));
	pp->stack_len = xmalloc((p->nstacks + 1) * sizeof(uint32_t));
	for (size_t s = 0; s < p->nstacks; s++)
		pp->stack_first[s] = MODEL_NONE;
	for (size_t i = 0; i < p->nsamples; i++) {
		const struct prof_sample *s = &p->samples[i];
		if (pp->t->sample_node[i] == MODEL_NONE)
			continue;
		if (pp->stack_first[s->stack] == MODEL_NONE)
			stack_locations(pp, s->stack);
		uint32_t k = pairmap_put(&index, s->stack, s->thread, (uint32_t)pp->nsamples);
		if (k == pp->nsamples) {
			pp->samples = grow(pp->samples, &pp->samples_cap, pp->nsamples + 1,
					   sizeof(*pp->samples));
			pp->samples[pp->nsamples++] = (struct pp_sample){s->stack, s->thread, 0, 0};
		}
		pp->samples[k].count++;
		pp->samples[k].weight += s->weight;
	}
	pairmap_free(&index);
}

/* ---- output: protobuf-c packs into a buffer that gzips to the file ---- */

#define GZ_CHUNK (1u << 16)

struct gzout {
	ProtobufCBuffer base; /* first: protobuf-c calls back with its address */
	FILE *f;
	z_stream z;
	uint8_t *in, *out;
	size_t nin;
	int failed;
};

static void gz_deflate(struct gzout *g, int flush)
{
	int rc;

	g->z.next_in = g->in;
	g->z.avail_in = (uInt)g->nin;
	do {
		g->z.next_out = g->out;
		g->z.avail_out = GZ_CHUNK;
		rc = deflate(&g->z, flush);
		size_t n = GZ_CHUNK - g->z.avail_out;
		if (rc == Z_STREAM_ERROR || (n && fwrite(g->out, 1, n, g->f) != n))
			g->failed = 1;
	} while (!g->failed && (g->z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END)));
	g->nin = 0;
}

static void gz_append(ProtobufCBuffer *b, size_t len, const uint8_t *data)
{
	struct gzout *g = (struct gzout *)b;

	while (len) {
		size_t n = GZ_CHUNK - g->nin < len ? GZ_CHUNK - g->nin : len;
		memcpy(g->in + g->nin, data, n);
		g->nin += n;
		data += n;
		len -= n;
		if (g->nin == GZ_CHUNK)
			gz_deflate(g, Z_NO_FLUSH);
	}
}

static int gz_write(const Perftools__Profiles__Profile *msg, FILE *f)
{
	struct gzout g = {.base = {gz_append}, .f = f};

	/* 15 + 16: a gzip header and trailer around the deflate stream */
	if (deflateInit2(&g.z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	g.in = xmalloc(GZ_CHUNK);
	g.out = xmalloc(GZ_CHUNK);
	perftools__profiles__profile__pack_to_buffer(msg, &g.base);
	gz_deflate(&g, Z_FINISH);
	deflateEnd(&g.z);
	free(g.in);
	free(g.out);
	return g.failed || fflush(f) || ferror(f) ? -1 : 0;
}

/* ---- the messages, pointing into the tables ---- */

static void hex(char *buf, const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = digits[b[i] >> 4];
		buf[2 * i + 1] = digits[b[i] & 15];
	}
	buf[2 * n] = 0;
}

/* Mapping ids: the used mappings in the profile's order, the first
 * process's executable first (pprof names the profile after it). */
static uint64_t *mappings_number(const struct pprof *pp, size_t *n)
{
	const struct profile *p = pp->p;
	uint64_t *id = xcalloc(p->nmaps + 1, sizeof(uint64_t));
	long exe_map = -1;

	for (size_t i = 0; i < p->nmaps && exe_map < 0; i++) {
		const char *exe = p->procs[p->maps[i].proc_id].exe;
		if (pp->map_flags[i] & MAP_USED && exe && p->maps[i].path && !strcmp(exe, p->maps[i].path))
			exe_map = (long)i;
	}
	*n = 0;
	if (exe_map >= 0)
		id[exe_map] = ++*n;
	for (size_t i = 0; i < p->nmaps; i++)
		if (pp->map_flags[i] & MAP_USED && (long)i != exe_map)
			id[i] = ++*n;
	return id;
}

static void meta_int(const struct profile *p, const char *key, int64_t *v)
{
	json_t *x = json_object_get(p->meta, key);

	if (json_is_integer(x) && json_integer_value(x) > 0)
		*v = json_integer_value(x);
}

static int profile_write(struct pprof *pp, FILE *out)
{
	const struct profile *p = pp->p;
	Perftools__Profiles__Profile msg = PERFTOOLS__PROFILES__PROFILE__INIT;
	Perftools__Profiles__ValueType types[2], *type_ptrs[2];
	struct report_summary sum;
	int64_t period_ns = (int64_t)(pp->t->m->period_s * 1e9 + 0.5), comment;
	char buf[1200];
	size_t nmaps, nthreads = p->nthreads;

	/* messages hold string indices; only msg points into the table, at the end */
	int64_t samples = str_index(&pp->str, "samples"), count = str_index(&pp->str, "count");
	int64_t cpu = str_index(&pp->str, "cpu"), ns = str_index(&pp->str, "nanoseconds");
	int64_t pid = str_index(&pp->str, "pid"), tid = str_index(&pp->str, "tid");
	int64_t thread = str_index(&pp->str, "thread");
	report_summary_fill(pp->t, &sum);
	snprintf(buf, sizeof(buf), "ctrace %s: %s", CTRACE_VERSION, sum.program);
	comment = str_index_copy(&pp->str, buf);
	uint64_t *map_id = mappings_number(pp, &nmaps);
	Perftools__Profiles__Mapping *maps = xcalloc(nmaps + 1, sizeof(*maps));
	Perftools__Profiles__Mapping **map_ptrs = xcalloc(nmaps + 1, sizeof(*map_ptrs));
	for (size_t i = 0; i < p->nmaps; i++) {
		const struct prof_map *m = &p->maps[i];
		if (!map_id[i])
			continue;
		Perftools__Profiles__Mapping *x = &maps[map_id[i] - 1];
		perftools__profiles__mapping__init(x);
		map_ptrs[map_id[i] - 1] = x;
		x->id = map_id[i];
		x->memory_start = m->start;
		x->memory_limit = m->end;
		x->file_offset = m->offset;
		x->filename = m->path ? str_index(&pp->str, m->path) : 0;
		hex(buf, m->build_id, m->build_id_len);
		x->build_id = *buf ? str_index_copy(&pp->str, buf) : 0;
		x->has_functions = 1; /* every location has its lines: no symbolizing again */
		x->has_filenames = !!(pp->map_flags[i] & MAP_FILES);
		x->has_line_numbers = !!(pp->map_flags[i] & MAP_LINES);
		x->has_inline_frames = !!(pp->map_flags[i] & MAP_INLINE);
	}
	Perftools__Profiles__Label *labels = xcalloc(3 * nthreads + 1, sizeof(*labels));
	Perftools__Profiles__Label **label_ptrs = xcalloc(3 * nthreads + 1, sizeof(*label_ptrs));
	for (size_t k = 0; k < nthreads; k++) {
		Perftools__Profiles__Label *l = &labels[3 * k];
		for (int j = 0; j < 3; j++) {
			perftools__profiles__label__init(&l[j]);
			label_ptrs[3 * k + j] = &l[j];
		}
		l[0].key = pid;
		l[0].num = p->procs[p->threads[k].proc_id].pid;
		l[1].key = tid;
		l[1].num = p->threads[k].tid;
		l[2].key = thread;
		l[2].str = str_index(&pp->str, p->threads[k].name);
	}

	Perftools__Profiles__Function *funcs = xcalloc(pp->nfuncs + 1, sizeof(*funcs));
	Perftools__Profiles__Function **func_ptrs = xcalloc(pp->nfuncs + 1, sizeof(*func_ptrs));
	for (size_t i = 0; i < pp->nfuncs; i++) {
		perftools__profiles__function__init(&funcs[i]);
		func_ptrs[i] = &funcs[i];
		funcs[i].id = i + 1;
		funcs[i].name = pp->funcs[i].name;
		funcs[i].system_name = pp->funcs[i].system_name;
		funcs[i].filename = pp->funcs[i].file;
	}
	Perftools__Profiles__Line *lines = xcalloc(pp->nlines + 1, sizeof(*lines));
	Perftools__Profiles__Line **line_ptrs = xcalloc(pp->nlines + 1, sizeof(*line_ptrs));
	for (size_t i = 0; i < pp->nlines; i++) {
		perftools__profiles__line__init(&lines[i]);
		line_ptrs[i] = &lines[i];
		lines[i].function_id = pp->lines[i].func + 1;
		lines[i].line = pp->lines[i].line;
	}
	Perftools__Profiles__Location *locs = xcalloc(pp->nlocs + 1, sizeof(*locs));
	Perftools__Profiles__Location **loc_ptrs = xcalloc(pp->nlocs + 1, sizeof(*loc_ptrs));
	for (size_t i = 0; i < pp->nlocs; i++) {
		perftools__profiles__location__init(&locs[i]);
		loc_ptrs[i] = &locs[i];
		locs[i].id = i + 1;
		locs[i].mapping_id = pp->locs[i].map == MODEL_NONE ? 0 : map_id[pp->locs[i].map];
		locs[i].address = pp->locs[i].address;
		locs[i].n_line = pp->locs[i].n;
		locs[i].line = &line_ptrs[pp->locs[i].first];
	}
	Perftools__Profiles__Sample *smp = xcalloc(pp->nsamples + 1, sizeof(*smp));
	Perftools__Profiles__Sample **smp_ptrs = xcalloc(pp->nsamples + 1, sizeof(*smp_ptrs));
	int64_t *values = xcalloc(2 * pp->nsamples + 1, sizeof(int64_t));
	for (size_t i = 0; i < pp->nsamples; i++) {
		const struct pp_sample *s = &pp->samples[i];
		perftools__profiles__sample__init(&smp[i]);
		smp_ptrs[i] = &smp[i];
		smp[i].n_location_id = pp->stack_len[s->stack];
		smp[i].location_id = &pp->stack_locs[pp->stack_first[s->stack]];
		values[2 * i] = (int64_t)s->count;
		values[2 * i + 1] = (int64_t)s->weight * period_ns;
		smp[i].n_value = 2;
		smp[i].value = &values[2 * i];
		smp[i].n_label = 3;
		smp[i].label = &label_ptrs[3 * s->thread];
	}

	for (int j = 0; j < 2; j++)
		perftools__profiles__value_type__init(&types[j]);
	types[0].type = samples;
	types[0].unit = count;
	types[1].type = cpu;
	types[1].unit = ns;
	type_ptrs[0] = &types[0];
	type_ptrs[1] = &types[1];
	msg.n_sample_type = 2;
	msg.sample_type = type_ptrs;
	msg.n_sample = pp->nsamples;
	msg.sample = smp_ptrs;
	msg.n_mapping = nmaps;
	msg.mapping = map_ptrs;
	msg.n_location = pp->nlocs;
	msg.location = loc_ptrs;
	msg.n_function = pp->nfuncs;
	msg.function = func_ptrs;
	msg.n_string_table = pp->str.n;
	msg.string_table = (char **)pp->str.s;
	meta_int(p, "start_unix_ns", &msg.time_nanos);
	meta_int(p, "duration_ns", &msg.duration_nanos);
	msg.period_type = &types[1];
	msg.period = period_ns;
	msg.n_comment = 1;
	msg.comment = &comment;
	msg.default_sample_type = cpu;

	int rc = gz_write(&msg, out);
	free(map_id);
	free(maps);
	free(map_ptrs);
	free(labels);
	free(label_ptrs);
	free(funcs);
	free(func_ptrs);
	free(lines);
	free(line_ptrs);
	free(locs);
	free(loc_ptrs);
	free(smp);
	free(smp_ptrs);
	free(values);
	return rc;
}

int report_pprof(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	struct pprof pp = {.t = t, .p = t->m->p};
	const struct view_opts *v = &t->view;

	(void)o;
	if (v->hide || v->inverted || v->lines || v->max_depth)
		warning("--hide, --inverted, --lines and --max-depth do not change pprof's whole stacks; "
			"pprof has its own (-hide, -lines ...)");
	pp.map_flags = xcalloc(pp.p->nmaps + 1, 1);
	str_index(&pp.str, "");
	samples_gather(&pp);
	int rc = profile_write(&pp, out);
	strtab_free(&pp.str);
	free(pp.funcs);
	pairmap_free(&pp.func_index);
	free(pp.lines);
	free(pp.locs);
	pairmap_free(&pp.loc_index);
	free(pp.stack_first);
	free(pp.stack_len);
	free(pp.stack_locs);
	free(pp.samples);
	free(pp.map_flags);
	return rc;
}
