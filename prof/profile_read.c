/* profile_read.c - loads and validates a profile file. Every length, count
 * and index is checked before use: a truncated, damaged or foreign file gives
 * one error message, never a crash (tests/fuzz/fuzz_profile.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "profile.h"

#define MAX_PROCS (1u << 20)
#define MAX_FRAMES 65536

struct cursor {
	const uint8_t *p, *end;
	int bad;
};

static uint64_t cur_uv(struct cursor *c)
{
	uint64_t v = 0;

	for (int shift = 0; shift < 64; shift += 7) {
		if (c->p >= c->end) {
			c->bad = 1;
			return 0;
		}
		uint8_t b = *c->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	c->bad = 1;
	return 0;
}

static int64_t cur_sv(struct cursor *c)
{
	uint64_t u = cur_uv(c);
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static uint32_t cur_u32(struct cursor *c)
{
	uint64_t v = cur_uv(c);
	if (v > UINT32_MAX)
		c->bad = 1;
	return (uint32_t)v;
}

/* Returns a pointer into the buffer and its length. */
static const uint8_t *cur_bytes(struct cursor *c, size_t *n)
{
	uint64_t len = cur_uv(c);
	const uint8_t *p = c->p;

	if (c->bad || len > (uint64_t)(c->end - c->p)) {
		c->bad = 1;
		*n = 0;
		return NULL;
	}
	c->p += len;
	*n = (size_t)len;
	return p;
}

static char *cur_str(struct cursor *c)
{
	size_t n;
	const uint8_t *p = cur_bytes(c, &n);
	char *s;

	if (c->bad)
		return NULL;
	s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = 0;
	return s;
}

static void *grow(void *arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return arr;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	arr = realloc(arr, c * elem);
	if (!arr)
		abort();
	memset((char *)arr + *cap * elem, 0, (c - *cap) * elem);
	*cap = c;
	return arr;
}

struct reader {
	struct profile *p;
	size_t procs_cap, maps_cap, threads_cap, stacks_cap, samples_cap, funcs_cap, locs_cap,
		lf_cap;
	int ended;
	char *err;
	size_t errlen;
};

static int fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static struct prof_proc *proc_get(struct reader *r, uint32_t id)
{
	struct profile *p = r->p;

	if (id == 0 || id >= MAX_PROCS)
		return NULL;
	if (id >= p->nprocs) {
		p->procs = grow(p->procs, &r->procs_cap, id + 1, sizeof(*p->procs));
		p->nprocs = id + 1;
	}
	return &p->procs[id];
}

static int rec_meta(struct reader *r, struct cursor *c)
{
	size_t n;
	const uint8_t *s = cur_bytes(c, &n);
	json_error_t je;
	json_t *obj;

	if (c->bad)
		return -1;
	obj = json_loadb((const char *)s, n, 0, &je);
	if (!obj || !json_is_object(obj)) {
		json_decref(obj);
		return fail(r, "bad metadata");
	}
	if (!r->p->meta)
		r->p->meta = json_object();
	json_object_update(r->p->meta, obj);
	json_decref(obj);
	return 0;
}

static int rec_proc(struct reader *r, struct cursor *c)
{
	uint32_t id = cur_u32(c);
	struct prof_proc *pr = proc_get(r, id);

	if (!pr)
		return fail(r, "bad process id %u", id);
	if (pr->seen)
		return fail(r, "process %u defined twice", id);
	pr->seen = 1;
	pr->id = id;
	pr->parent = cur_u32(c);
	pr->pid = (int32_t)cur_sv(c);
	pr->ppid = (int32_t)cur_sv(c);
	pr->kind = cur_u32(c);
	pr->t_start = cur_uv(c);
	pr->exe = cur_str(c);
	pr->cmdline = cur_str(c);
	pr->status = -1;
	return 0;
}

static int rec_proc_end(struct reader *r, struct cursor *c)
{
	uint32_t id = cur_u32(c);
	struct prof_proc *pr = proc_get(r, id);

	if (!pr || !pr->seen)
		return fail(r, "end of unknown process %u", id);
	pr->t_end = cur_uv(c);
	pr->cpu_user_ns = cur_uv(c);
	pr->cpu_sys_ns = cur_uv(c);
	pr->ended = (int)cur_u32(c);
	pr->status = (int32_t)cur_sv(c);
	return 0;
}

static int rec_map(struct reader *r, struct cursor *c)
{
	struct profile *p = r->p;
	uint32_t id = cur_u32(c);
	struct prof_map *m;
	const uint8_t *bid;
	size_t n;

	if (id != p->nmaps)
		return fail(r, "mapping %u out of order", id);
	p->maps = grow(p->maps, &r->maps_cap, id + 1, sizeof(*p->maps));
	m = &p->maps[id];
	m->proc_id = cur_u32(c);
	m->start = cur_uv(c);
	m->end = cur_uv(c);
	m->offset = cur_uv(c);
	m->gen = cur_u32(c);
	m->gen_gone = UINT32_MAX;
	bid = cur_bytes(c, &n);
	if (c->bad || n > sizeof(m->build_id))
		return fail(r, "bad build-id");
	memcpy(m->build_id, bid, n);
	m->build_id_len = (uint8_t)n;
	m->path = cur_str(c);
	p->nmaps++;
	if (!c->bad && (!proc_get(r, m->proc_id) || m->end < m->start))
		return fail(r, "bad mapping %u", id);
	return 0;
}

static int rec_unmap(struct reader *r, struct cursor *c)
{
	struct profile *p = r->p;
	uint32_t proc = cur_u32(c);
	uint64_t start = cur_uv(c), end = cur_uv(c);
	uint32_t gen = cur_u32(c);

	for (size_t i = 0; i < p->nmaps; i++) {
		struct prof_map *m = &p->maps[i];
		if (m->proc_id == proc && m->start < end && start < m->end && m->gen_gone == UINT32_MAX)
			m->gen_gone = gen;
	}
	return 0;
}

static void stats_read(struct cursor *c, struct prof_stats *s)
{
	s->samples = cur_uv(c);
	s->weight = cur_uv(c);
	s->dropped = cur_uv(c);
	s->dropped_weight = cur_uv(c);
	s->pc_only = cur_uv(c);
	s->truncated = cur_uv(c);
	s->unwind_failed = cur_uv(c);
	s->handler_ns = cur_uv(c);
	s->program_signals = cur_uv(c);
}

static void name_copy(char *dst, size_t cap, char *s)
{
	if (s) {
		snprintf(dst, cap, "%s", s);
		free(s);
	}
}

static int rec_thread(struct reader *r, struct cursor *c)
{
	struct profile *p = r->p;
	uint32_t idx = cur_u32(c);
	struct prof_thread *t;

	if (idx != p->nthreads)
		return fail(r, "thread %u out of order", idx);
	p->threads = grow(p->threads, &r->threads_cap, idx + 1, sizeof(*p->threads));
	t = &p->threads[idx];
	t->proc_id = cur_u32(c);
	t->tid = (int32_t)cur_sv(c);
	t->t_start = cur_uv(c);
	t->flags = cur_u32(c);
	name_copy(t->name, sizeof(t->name), cur_str(c));
	p->nthreads++;
	if (!c->bad && !proc_get(r, t->proc_id))
		return fail(r, "thread %u of unknown process", idx);
	return 0;
}

static int rec_thread_end(struct reader *r, struct cursor *c)
{
	struct profile *p = r->p;
	uint32_t idx = cur_u32(c);
	struct prof_thread *t;

	if (idx >= p->nthreads)
		return fail(r, "end of unknown thread %u", idx);
	t = &p->threads[idx];
	t->t_end = cur_uv(c);
	t->cpu_ns = cur_uv(c);
	t->ended = (int)cur_u32(c);
	char *name = cur_str(c);
	if (name && *name)
		name_copy(t->name, sizeof(t->name), name);
	else
		free(name);
	stats_read(c, &t->st);
	return 0;
}

static int rec_stack(struct reader *r, struct cursor *c)
{
	struct profile *p = r->p;
	uint32_t id = cur_u32(c);
	struct prof_stack *s;
	uint64_t prev = 0;

	if (id != p->nstacks)
		return fail(r, "stack %u out of order", id);
	p->stacks = grow(p->stacks, &r->stacks_cap, id + 1, sizeof(*p->stacks));
	s = &p->stacks[id];
	s->proc_id = cur_u32(c);
	s->gen = cur_u32(c);
	s->flags = cur_u32(c);
	s->nframes = cur_u32(c);
	uint32_t base = cur_u32(c);
	uint32_t shared = cur_u32(c);
	uint32_t own = s->nframes - shared;
	if (c->bad || s->nframes > MAX_FRAMES || shared > s->nframes || own > (size_t)(c->end - c->p) ||
	    (base == 0) != (shared == 0) || base > id || (base && shared > p->stacks[base - 1].nframes))
		return fail(r, "bad stack %u", id);
	if (p->arena_len + s->nframes > p->arena_cap) {
		size_t cap = p->arena_cap ? p->arena_cap * 2 : 4096;
		while (cap < p->arena_len + s->nframes)
			cap *= 2;
		p->frame_arena = realloc(p->frame_arena, cap * sizeof(uint64_t));
		if (!p->frame_arena)
			abort();
		p->arena_cap = cap;
	}
	/* frames are kept as arena offsets until the end: the arena moves */
	size_t at = p->arena_len;
	s->frames = (uint64_t *)(uintptr_t)at;
	for (uint32_t i = 0; i < own; i++) {
		prev += (uint64_t)cur_sv(c);
		p->frame_arena[p->arena_len++] = prev;
	}
	/* the root side: the last SHARED frames of the base stack */
	if (shared) {
		const struct prof_stack *b = &p->stacks[base - 1];
		size_t from = (uintptr_t)b->frames + b->nframes - shared;
		memcpy(p->frame_arena + p->arena_len, p->frame_arena + from, shared * sizeof(uint64_t));
		p->arena_len += shared;
	}
	p->nstacks++;
	if (!c->bad && !proc_get(r, s->proc_id))
		return fail(r, "stack %u of unknown process", id);
	return 0;
}

static int rec_samples(struct reader *r, struct cursor *c)
{
	struct profile *p = r->p;
	uint64_t n = cur_uv(c);
	uint64_t t = cur_uv(c); /* microseconds */

	/* each sample takes at least 4 bytes */
	if (c->bad || n > (uint64_t)(c->end - c->p) / 4)
		return fail(r, "bad sample count");
	p->samples = grow(p->samples, &r->samples_cap, p->nsamples + n, sizeof(*p->samples));
	for (uint64_t i = 0; i < n; i++) {
		struct prof_sample *s = &p->samples[p->nsamples];
		s->thread = cur_u32(c);
		s->stack = cur_u32(c);
		t += (uint64_t)cur_sv(c);
		s->time = t * 1000;
		s->weight = cur_u32(c);
		if (c->bad)
			return -1;
		if (s->thread >= p->nthreads || s->stack >= p->nstacks)
			return fail(r, "sample refers to unknown thread or stack");
		p->nsamples++;
	}
	return 0;
}

static int rec_func(struct reader *r, struct cursor *c)
{
	struct profile *p = r->p;
	uint32_t id = cur_u32(c);
	struct prof_func *f;

	if (id != p->nfuncs)
		return fail(r, "function %u out of order", id);
	p->funcs = grow(p->funcs, &r->funcs_cap, id + 1, sizeof(*p->funcs));
	f = &p->funcs[id];
	f->name = cur_str(c);
	f->raw_name = cur_str(c);
	f->file = cur_str(c);
	p->nfuncs++;
	return 0;
}

static int rec_loc(struct reader *r, struct cursor *c)
{
	struct profile *p = r->p;
	struct prof_loc *l;

	p->locs = grow(p->locs, &r->locs_cap, p->nlocs + 1, sizeof(*p->locs));
	l = &p->locs[p->nlocs];
	l->map = cur_u32(c);
	l->offset = cur_uv(c);
	l->nframes = cur_u32(c);
	l->first = (uint32_t)p->nloc_frames;
	if (c->bad || l->map >= p->nmaps || l->nframes > 1024 ||
	    l->nframes > (size_t)(c->end - c->p))
		return fail(r, "bad location");
	p->loc_frames = grow(p->loc_frames, &r->lf_cap, p->nloc_frames + l->nframes,
			     sizeof(*p->loc_frames));
	for (uint32_t i = 0; i < l->nframes; i++) {
		struct prof_loc_frame *f = &p->loc_frames[p->nloc_frames++];
		uint64_t func = cur_uv(c);
		f->func = func == 0 ? UINT32_MAX : (uint32_t)(func - 1);
		f->line = cur_u32(c);
		f->inlined = cur_u32(c);
		if (!c->bad && func && func - 1 >= p->nfuncs)
			return fail(r, "location refers to unknown function");
	}
	p->nlocs++;
	return 0;
}

static int rec_map_status(struct reader *r, struct cursor *c)
{
	uint32_t id = cur_u32(c);
	uint32_t st = cur_u32(c);

	if (c->bad || id >= r->p->nmaps || st > MAP_BUILDID_MISMATCH)
		return fail(r, "bad mapping status");
	r->p->maps[id].status = (uint8_t)st;
	return 0;
}

static int rec_end(struct reader *r, struct cursor *c)
{
	uint64_t nsamples = cur_uv(c), nstacks = cur_uv(c);

	if (!c->bad && (nsamples != r->p->nsamples || nstacks != r->p->nstacks))
		return fail(r, "sample or stack count does not match");
	r->ended = 1;
	return 0;
}

static int record_parse(struct reader *r, uint8_t type, struct cursor *c)
{
	switch (type) {
	case P_META: return rec_meta(r, c);
	case P_PROC: return rec_proc(r, c);
	case P_PROC_END: return rec_proc_end(r, c);
	case P_MAP: return rec_map(r, c);
	case P_UNMAP: return rec_unmap(r, c);
	case P_THREAD: return rec_thread(r, c);
	case P_THREAD_END: return rec_thread_end(r, c);
	case P_STACK: return rec_stack(r, c);
	case P_SAMPLES: return rec_samples(r, c);
	case P_FUNC: return rec_func(r, c);
	case P_LOC: return rec_loc(r, c);
	case P_MAP_STATUS: return rec_map_status(r, c);
	case P_END: return rec_end(r, c);
	default: return 0; /* a newer minor version's record: skip it */
	}
}

static const struct profile *sort_ctx;

static int map_cmp(const void *a, const void *b)
{
	const struct prof_map *x = &sort_ctx->maps[*(const uint32_t *)a];
	const struct prof_map *y = &sort_ctx->maps[*(const uint32_t *)b];

	if (x->proc_id != y->proc_id)
		return x->proc_id < y->proc_id ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static void maps_index(struct profile *p)
{
	p->maps_sorted = malloc((p->nmaps ? p->nmaps : 1) * sizeof(uint32_t));
	if (!p->maps_sorted)
		abort();
	for (size_t i = 0; i < p->nmaps; i++)
		p->maps_sorted[i] = (uint32_t)i;
	sort_ctx = p;
	qsort(p->maps_sorted, p->nmaps, sizeof(uint32_t), map_cmp);
	sort_ctx = NULL;
}

struct profile *profile_parse(const uint8_t *buf, size_t len, char *err, size_t errlen)
{
	struct reader r = {.err = err, .errlen = errlen};
	struct cursor c = {buf, buf + len, 0};

	err[0] = 0;
	if (len < 16 || memcmp(buf, PROF_MAGIC, PROF_MAGIC_LEN) != 0) {
		snprintf(err, errlen, "not a ctrace profile");
		return NULL;
	}
	/* bytes 8-9: major version (little-endian), 10-11 minor, 12-15 reserved */
	if (buf[8] != PROF_VERSION_MAJOR || buf[9] != 0) {
		snprintf(err, errlen, "profile format version %u is not supported (this ctrace reads %u)",
			 buf[8] | buf[9] << 8, PROF_VERSION_MAJOR);
		return NULL;
	}
	r.p = calloc(1, sizeof(*r.p));
	if (!r.p)
		abort();
	c.p += 16;
	while (c.p < c.end && !r.ended) {
		size_t at = (size_t)(c.p - buf);
		uint8_t type = *c.p++;
		uint64_t n = cur_uv(&c);
		uLong crc;

		if (c.bad || (uint64_t)(c.end - c.p) < 4 || n > (uint64_t)(c.end - c.p) - 4) {
			fail(&r, "truncated at byte %zu", at);
			goto bad;
		}
		crc = crc32(0L, &type, 1);
		crc = crc32(crc, c.p, (uInt)n);
		const uint8_t *q = c.p + n;
		uint32_t want = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
				(uint32_t)q[3] << 24;
		if (want != (uint32_t)crc) {
			fail(&r, "damaged record at byte %zu (checksum mismatch)", at);
			goto bad;
		}
		struct cursor rc = {c.p, q, 0};
		if (record_parse(&r, type, &rc) < 0 || rc.bad) {
			if (!err[0])
				fail(&r, "malformed record at byte %zu", at);
			goto bad;
		}
		c.p = q + 4;
	}
	if (!r.ended) {
		fail(&r, "truncated: no end record (was the recording interrupted?)");
		goto bad;
	}
	for (size_t i = 0; i < r.p->nstacks; i++)
		r.p->stacks[i].frames = r.p->frame_arena + (uintptr_t)r.p->stacks[i].frames;
	if (!r.p->meta)
		r.p->meta = json_object();
	maps_index(r.p);
	r.p->raw = malloc(len);
	if (!r.p->raw)
		abort();
	memcpy(r.p->raw, buf, len);
	r.p->raw_len = len;
	return r.p;
bad:
	/* frames still hold arena offsets: do not let profile_free touch them */
	profile_free(r.p);
	return NULL;
}

/* A finished profile is gzip'ed as a whole (the recording's .partial file
 * is not). Inflates BUF into a new buffer; a file that inflates to more
 * than 256 times its size or 16 GiB is refused rather than trusted. */
static uint8_t *gunzip(const uint8_t *buf, size_t len, size_t *out_len, char *err, size_t errlen)
{
	z_stream z;
	size_t cap = len * 4 + 4096, limit = len * 256 + (1 << 20);
	uint8_t *out = malloc(cap);
	int zr;

	if (limit > ((size_t)16 << 30))
		limit = (size_t)16 << 30;
	memset(&z, 0, sizeof(z));
	if (!out || inflateInit2(&z, 15 + 16) != Z_OK)
		abort();
	z.next_in = (Bytef *)buf;
	z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	*out_len = 0;
	for (;;) {
		if (*out_len == cap) {
			if (cap >= limit) {
				snprintf(err, errlen, "damaged: inflates to more than %zu bytes", limit);
				goto bad;
			}
			cap = cap * 2 > limit ? limit : cap * 2;
			out = realloc(out, cap);
			if (!out)
				abort();
		}
		z.next_out = out + *out_len;
		z.avail_out = (uInt)(cap - *out_len > UINT32_MAX ? UINT32_MAX : cap - *out_len);
		uInt before = z.avail_out;
		zr = inflate(&z, Z_NO_FLUSH);
		*out_len += before - z.avail_out;
		if (zr == Z_STREAM_END)
			break;
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			snprintf(err, errlen, "damaged compressed data (%s)", z.msg ? z.msg : "zlib error");
			goto bad;
		}
		if (zr == Z_BUF_ERROR && z.avail_in == 0) {
			snprintf(err, errlen, "truncated compressed data");
			goto bad;
		}
	}
	inflateEnd(&z);
	return out;
bad:
	inflateEnd(&z);
	free(out);
	return NULL;
}

struct profile *profile_read(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	struct profile *p;

	if (!f) {
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	char inner[512];
	if (len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b) {
		size_t n;
		uint8_t *plain = gunzip(buf, len, &n, inner, sizeof(inner));
		free(buf);
		if (!plain) {
			snprintf(err, errlen, "'%s': %s", path, inner);
			return NULL;
		}
		buf = plain;
		len = n;
	}
	p = profile_parse(buf, len, inner, sizeof(inner));
	free(buf);
	if (!p)
		snprintf(err, errlen, "'%s': %s", path, inner);
	return p;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	json_decref(p->meta);
	for (size_t i = 0; i < p->nprocs; i++) {
		free(p->procs[i].exe);
		free(p->procs[i].cmdline);
	}
	for (size_t i = 0; i < p->nmaps; i++)
		free(p->maps[i].path);
	for (size_t i = 0; i < p->nfuncs; i++) {
		free(p->funcs[i].name);
		free(p->funcs[i].raw_name);
		free(p->funcs[i].file);
	}
	free(p->procs);
	free(p->maps);
	free(p->threads);
	free(p->stacks);
	free(p->samples);
	free(p->funcs);
	free(p->locs);
	free(p->loc_frames);
	free(p->frame_arena);
	free(p->maps_sorted);
	free(p->raw);
	free(p);
}

void profile_copy_records(const struct profile *p, struct profile_writer *w, const uint8_t *skip)
{
	struct cursor c = {p->raw + 16, p->raw + p->raw_len, 0};

	/* the header */
	profile_writer_raw(w, p->raw, 16);
	while (c.p < c.end) {
		const uint8_t *start = c.p;
		uint8_t type = *c.p++;
		uint64_t n = cur_uv(&c);
		int keep = 1;

		c.p += n + 4; /* validated by profile_parse */
		for (const uint8_t *s = skip; *s; s++)
			if (*s == type)
				keep = 0;
		if (keep)
			profile_writer_raw(w, start, (size_t)(c.p - start));
		if (type == P_END)
			break;
	}
}

/* LOC records are written sorted by (map, offset). */
const struct prof_loc *profile_loc_find(const struct profile *p, uint32_t map, uint64_t off)
{
	size_t lo = 0, hi = p->nlocs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct prof_loc *l = &p->locs[mid];
		if (l->map < map || (l->map == map && l->offset < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nlocs && p->locs[lo].map == map && p->locs[lo].offset == off)
		return &p->locs[lo];
	return NULL;
}

long profile_map_find(const struct profile *p, uint32_t proc_id, uint32_t gen, uint64_t ip)
{
	size_t lo = 0, hi = p->nmaps;
	long best = -1;

	/* first entry after (proc_id, ip) */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct prof_map *m = &p->maps[p->maps_sorted[mid]];
		if (m->proc_id < proc_id || (m->proc_id == proc_id && m->start <= ip))
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Code mappings of one process only overlap when a library was
	 * unloaded and another loaded in its place; those share a start, so
	 * a few misses in a row end the search. */
	for (size_t i = lo, misses = 0; i-- > 0 && misses < 16;) {
		const struct prof_map *m = &p->maps[p->maps_sorted[i]];
		if (m->proc_id != proc_id)
			break;
		if (ip >= m->end || m->gen_gone <= gen) {
			misses++;
			continue;
		}
		if (best < 0 || m->gen_gone < p->maps[best].gen_gone)
			best = (long)p->maps_sorted[i];
	}
	return best;
}
