/* annotate.c - resolves each unique (mapping, file offset) of a profile once,
 * module by module in ascending order (the symbolizer's caches like that),
 * and rewrites the profile with P_FUNC, P_LOC and P_MAP_STATUS records. JIT
 * frames outside any mapping are named from /tmp/perf-PID.map files. */
#include "annotate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "../cmd/util.h"
#include "../prof/profile.h"
#include "symbolize.h"

#define MAX_INLINE 64

struct addr {
	uint32_t map;
	uint64_t off;
};

/* A (proc, ip) outside every mapping: maybe JIT code. */
struct jit_addr {
	uint32_t proc;
	uint64_t ip;
};

/* Open addressing over (map, offset); map UINT32_MAX marks a free slot. */
struct addr_set {
	struct addr *slots;
	size_t cap, n;
};

static size_t addr_hash(struct addr a)
{
	uint64_t h = (a.off ^ ((uint64_t)a.map << 44)) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h ^ (h >> 31));
}

/* Returns 1 when A was not in the set yet. */
static int addr_set_add(struct addr_set *s, struct addr a)
{
	if ((s->n + 1) * 2 > s->cap) {
		struct addr_set g = {xmalloc((s->cap ? s->cap * 2 : 4096) * sizeof(struct addr)),
				     s->cap ? s->cap * 2 : 4096, 0};
		for (size_t i = 0; i < g.cap; i++)
			g.slots[i].map = UINT32_MAX;
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i].map != UINT32_MAX)
				addr_set_add(&g, s->slots[i]);
		free(s->slots);
		*s = g;
	}
	size_t j = addr_hash(a) & (s->cap - 1);
	for (; s->slots[j].map != UINT32_MAX; j = (j + 1) & (s->cap - 1))
		if (s->slots[j].map == a.map && s->slots[j].off == a.off)
			return 0;
	s->slots[j] = a;
	s->n++;
	return 1;
}

static int addr_cmp(const void *a, const void *b)
{
	const struct addr *x = a, *y = b;
	if (x->map != y->map)
		return x->map < y->map ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int jit_cmp(const void *a, const void *b)
{
	const struct jit_addr *x = a, *y = b;
	if (x->proc != y->proc)
		return x->proc < y->proc ? -1 : 1;
	return x->ip < y->ip ? -1 : x->ip > y->ip;
}

/* Functions are interned by (name, raw name, file). */
struct func_tab {
	struct strmap map; /* "name\x1fraw\x1ffile" -> function id */
	struct ptr_slot *pslots;
	size_t pcap;
	struct pbuf out; /* P_FUNC records, encoded as they are created */
	struct profile_writer *w;
};

/* The symbolizer hands out the same pointers for the same function, so a
 * cache keyed by the pointers answers most lookups without building the
 * string key. */
struct ptr_slot {
	const char *name, *raw, *file;
	uint32_t id;
};

static uint32_t func_intern_str(struct func_tab *t, const char *name, const char *raw, const char *file);

static uint32_t func_intern(struct func_tab *t, const char *name, const char *raw, const char *file)
{
	uint64_t h = ((uint64_t)(uintptr_t)name * 31 + (uint64_t)(uintptr_t)raw) * 31 + (uint64_t)(uintptr_t)file;
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	if (!t->pcap) {
		t->pcap = 4096;
		t->pslots = xcalloc(t->pcap, sizeof(*t->pslots));
	}
	size_t j = h & (t->pcap - 1);
	for (size_t probes = 0; t->pslots[j].name && probes < 8; probes++, j = (j + 1) & (t->pcap - 1))
		if (t->pslots[j].name == name && t->pslots[j].raw == raw && t->pslots[j].file == file)
			return t->pslots[j].id;
	uint32_t id = func_intern_str(t, name, raw, file);
	j = h & (t->pcap - 1); /* a full neighbourhood: overwrite its first slot */
	for (size_t probes = 0; t->pslots[j].name && probes < 8; probes++)
		j = (j + 1) & (t->pcap - 1);
	if (t->pslots[j].name)
		j = h & (t->pcap - 1);
	t->pslots[j] = (struct ptr_slot){name, raw, file, id};
	return id;
}

static uint32_t func_intern_str(struct func_tab *t, const char *name, const char *raw, const char *file)
{
	size_t kl = strlen(name) + strlen(raw ? raw : "") + strlen(file ? file : "") + 3;
	char *key = xmalloc(kl);
	uint32_t next = (uint32_t)t->map.n;

	snprintf(key, kl, "%s\x1f%s\x1f%s", name, raw ? raw : "", file ? file : "");
	uint32_t id = strmap_put(&t->map, key, next);
	free(key);
	if (id != next)
		return id;

	struct pbuf b = {0};
	pbuf_uv(&b, id);
	pbuf_str(&b, name);
	pbuf_str(&b, raw);
	pbuf_str(&b, file);
	profile_writer_record(t->w, P_FUNC, &b);
	pbuf_free(&b);
	return id;
}

static void func_tab_free(struct func_tab *t)
{
	strmap_free(&t->map);
	free(t->pslots);
}

/* A module that cannot be read again (deleted, or rebuilt since the run)
 * keeps the names an earlier symbolization stored for it. Returns how many
 * addresses kept a name. */
static size_t locs_keep(const struct profile *p, uint32_t map, struct func_tab *ft,
			struct profile_writer *w, struct pbuf *loc, struct annotate_stats *st)
{
	size_t kept = 0;

	for (size_t i = 0; i < p->nlocs; i++) {
		const struct prof_loc *l = &p->locs[i];
		uint32_t fn[MAX_INLINE];

		if (l->map != map || l->nframes > MAX_INLINE)
			continue;
		for (uint32_t k = 0; k < l->nframes; k++) {
			const struct prof_loc_frame *f = &p->loc_frames[l->first + k];
			const struct prof_func *pf = f->func == UINT32_MAX ? NULL : &p->funcs[f->func];
			fn[k] = func_intern(ft, pf && pf->name ? pf->name : "[unknown]", pf ? pf->raw_name : NULL,
					    pf ? pf->file : NULL);
		}
		loc->len = 0;
		pbuf_uv(loc, map);
		pbuf_uv(loc, l->offset);
		pbuf_uv(loc, l->nframes);
		for (uint32_t k = 0; k < l->nframes; k++) {
			pbuf_uv(loc, (uint64_t)fn[k] + 1);
			pbuf_uv(loc, p->loc_frames[l->first + k].line);
			pbuf_uv(loc, p->loc_frames[l->first + k].inlined);
		}
		profile_writer_record(w, P_LOC, loc);
		kept++;
		st->named++;
		if (l->nframes && p->loc_frames[l->first].line)
			st->with_lines++;
	}
	return kept;
}

/* Writes BUF gzip-compressed (RFC 1952, zlib) to PATH. */
static int gzip_write(const char *path, const uint8_t *buf, size_t len)
{
	z_stream z;
	uint8_t out[1 << 16];
	FILE *f = fopen(path, "wbe");
	int rc = 0, zr;

	if (!f)
		return -1;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		fclose(f);
		errno = ENOMEM;
		return -1;
	}
	z.next_in = (Bytef *)buf;
	do {
		/* zlib takes at most UINT_MAX bytes per call */
		size_t chunk = len > (1u << 30) ? (1u << 30) : len;
		z.avail_in = (uInt)chunk;
		len -= chunk;
		do {
			z.next_out = out;
			z.avail_out = sizeof(out);
			zr = deflate(&z, len ? Z_NO_FLUSH : Z_FINISH);
			size_t n = sizeof(out) - z.avail_out;
			if (n && fwrite(out, 1, n, f) != n)
				rc = -1;
		} while (z.avail_out == 0);
	} while (len);
	deflateEnd(&z);
	if (zr != Z_STREAM_END)
		rc = -1;
	if (fflush(f) || ferror(f))
		rc = -1;
	if (fclose(f))
		rc = -1;
	return rc;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int is_perfmap(const char *path)
{
	return !strncmp(path, "/tmp/perf-", 10);
}

int annotate_file(const char *in, const char *out, int quiet, struct annotate_stats *st, char *err,
		  size_t errlen)
{
	struct profile *p = profile_read(in, err, errlen);
	double t0 = now_s(), last_progress = t0;
	int show_progress = !quiet && isatty(2);

	memset(st, 0, sizeof(*st));
	if (!p)
		return -1;

	/* every unique address, as (map, offset) or as a JIT candidate; the
	 * same frames recur in many stacks, so duplicates are dropped as they
	 * come rather than sorted away later */
	struct addr *addrs = NULL;
	struct jit_addr *jits = NULL;
	size_t naddrs = 0, njits = 0, acap = 0, jcap = 0;
	struct addr_set set = {0};
	for (size_t s = 0; s < p->nstacks; s++) {
		const struct prof_stack *stk = &p->stacks[s];
		for (uint32_t i = 0; i < stk->nframes; i++) {
			uint64_t look = i == 0 ? stk->frames[i] : stk->frames[i] - 1;
			long m = profile_map_find(p, stk->proc_id, stk->gen, look);
			if (m >= 0 && !is_perfmap(p->maps[m].path)) {
				struct addr a = {(uint32_t)m, look - p->maps[m].start + p->maps[m].offset};
				if (!addr_set_add(&set, a))
					continue;
				if (naddrs == acap) {
					acap = acap ? acap * 2 : 4096;
					addrs = xrealloc(addrs, acap * sizeof(*addrs));
				}
				addrs[naddrs++] = a;
			} else if (m < 0) {
				if (njits == jcap) {
					jcap = jcap ? jcap * 2 : 256;
					jits = xrealloc(jits, jcap * sizeof(*jits));
				}
				jits[njits].proc = stk->proc_id;
				jits[njits++].ip = look;
			}
		}
	}
	free(set.slots);
	if (naddrs)
		qsort(addrs, naddrs, sizeof(*addrs), addr_cmp);
	size_t u = 0;
	if (njits)
		qsort(jits, njits, sizeof(*jits), jit_cmp);
	for (size_t i = 0; i < njits; i++)
		if (!u || jit_cmp(&jits[u - 1], &jits[i]))
			jits[u++] = jits[i];
	njits = u;

	/* the finished profile is written to memory, then gzip'ed to OUT */
	char *mem = NULL;
	size_t mem_len = 0;
	FILE *f = open_memstream(&mem, &mem_len);
	if (!f)
		die(EXIT_FAIL, "out of memory");
	struct profile_writer w;
	memset(&w, 0, sizeof(w));
	w.f = f;
	static const uint8_t skip[] = {P_FUNC, P_LOC, P_MAP_STATUS, P_END, 0};
	profile_copy_records(p, &w, skip);

	struct symbolizer *sym = symbolizer_new();
	struct func_tab ft = {.w = &w};
	struct pbuf loc = {0};
	uint8_t *status = xcalloc(p->nmaps + 1, 1);
	struct sym_frame frames[MAX_INLINE];

	for (size_t i = 0; i < naddrs;) {
		uint32_t mi = addrs[i].map;
		const struct prof_map *map = &p->maps[mi];
		struct sym_module *mod = NULL;
		size_t j = i;

		while (j < naddrs && addrs[j].map == mi)
			j++;
		st->addresses += j - i;
		st->modules++;
		enum sym_status ss = SYM_MISSING;
		if (map->path[0] == '/')
			ss = symbolizer_open(sym, map->path, map->build_id, map->build_id_len, &mod);
		status[mi] = ss == SYM_OK ? MAP_OK : ss == SYM_BUILDID_MISMATCH ? MAP_BUILDID_MISMATCH : MAP_MISSING;
		size_t kept = 0;
		if (ss != SYM_OK)
			kept = locs_keep(p, mi, &ft, &w, &loc, st);
		if (ss == SYM_BUILDID_MISMATCH) {
			st->modules_mismatch++;
			if (!quiet)
				warning("'%s' changed since the run (build-id differs): %s", map->path,
					kept ? "its frames keep the names found before" : "its frames stay unnamed");
		} else if (ss != SYM_OK) {
			st->modules_missing++;
			if (!quiet && map->path[0] == '/')
				warning("cannot read '%s': %s", map->path,
					kept ? "its frames keep the names found before" : "its frames stay unnamed");
		}
		/* ctrace's own shim on a thread's stack (its thread start
		 * trampoline): a location with no frames, left out of reports */
		const char *base = strrchr(map->path, '/');
		if (mod && base && !strcmp(base + 1, "libctrace.so")) {
			for (size_t k = i; k < j; k++) {
				loc.len = 0;
				pbuf_uv(&loc, mi);
				pbuf_uv(&loc, addrs[k].off);
				pbuf_uv(&loc, 0);
				profile_writer_record(&w, P_LOC, &loc);
			}
			mod = NULL;
		}
		for (size_t k = i; mod && k < j; k++) {
			int n = sym_module_lookup(mod, addrs[k].off, frames, MAX_INLINE);
			uint32_t fn[MAX_INLINE];

			if (n < 1 || !frames[n - 1].name)
				continue;
			st->named++;
			if (frames[0].line)
				st->with_lines++;
			for (int q = 0; q < n; q++)
				fn[q] = func_intern(&ft, frames[q].name ? frames[q].name : "[unknown]",
						    frames[q].raw_name, frames[q].file);
			loc.len = 0;
			pbuf_uv(&loc, mi);
			pbuf_uv(&loc, addrs[k].off);
			pbuf_uv(&loc, (uint64_t)n);
			for (int q = 0; q < n; q++) {
				pbuf_uv(&loc, (uint64_t)fn[q] + 1);
				pbuf_uv(&loc, (uint64_t)(frames[q].line > 0 ? frames[q].line : 0));
				pbuf_uv(&loc, (uint64_t)frames[q].inlined);
			}
			profile_writer_record(&w, P_LOC, &loc);
			if (show_progress && (k & 1023) == 0 && now_s() - last_progress > 0.5 && now_s() - t0 > 1) {
				last_progress = now_s();
				fprintf(stderr, "\rctrace: symbolizing %zu/%zu addresses", k, naddrs);
			}
		}
		i = j;
	}
	if (show_progress && now_s() - t0 > 1)
		fprintf(stderr, "\r\033[K");

	/* JIT code: one mapping per process with a perf map, added after the
	 * file's own so that P_LOC stays in (map, offset) order; its "file
	 * offset" is the address itself. */
	uint32_t nmaps = (uint32_t)p->nmaps;
	for (size_t i = 0; i < njits;) {
		uint32_t proc = jits[i].proc;
		struct sym_perfmap *pm = NULL;
		char path[64];
		size_t j = i;

		while (j < njits && jits[j].proc == proc)
			j++;
		st->addresses += j - i;
		if (proc < p->nprocs && p->procs[proc].seen) {
			snprintf(path, sizeof(path), "/tmp/perf-%d.map", p->procs[proc].pid);
			pm = sym_perfmap_load(sym, path);
		}
		if (pm) {
			uint32_t map_id = nmaps++;
			struct pbuf b = {0};
			pbuf_uv(&b, map_id);
			pbuf_uv(&b, proc);
			pbuf_uv(&b, jits[i].ip);
			pbuf_uv(&b, jits[j - 1].ip + 1);
			pbuf_uv(&b, jits[i].ip);
			pbuf_uv(&b, 0);
			pbuf_bytes(&b, NULL, 0);
			pbuf_str(&b, path);
			profile_writer_record(&w, P_MAP, &b);
			pbuf_free(&b);
			for (size_t k = i; k < j; k++) {
				const char *name = sym_perfmap_lookup(pm, jits[k].ip);
				if (!name)
					continue;
				st->named++;
				uint32_t fn = func_intern(&ft, name, name, NULL);
				loc.len = 0;
				pbuf_uv(&loc, map_id);
				pbuf_uv(&loc, jits[k].ip);
				pbuf_uv(&loc, 1);
				pbuf_uv(&loc, (uint64_t)fn + 1);
				pbuf_uv(&loc, 0);
				pbuf_uv(&loc, 0);
				profile_writer_record(&w, P_LOC, &loc);
			}
		}
		i = j;
	}

	for (size_t i = 0; i < p->nmaps; i++) {
		if (!status[i])
			continue;
		struct pbuf b = {0};
		pbuf_uv(&b, i);
		pbuf_uv(&b, status[i]);
		profile_writer_record(&w, P_MAP_STATUS, &b);
		pbuf_free(&b);
	}
	st->seconds = now_s() - t0;
	json_t *meta = json_pack("{s:{s:I,s:I,s:I,s:I,s:I,s:I,s:f}}", "symbols", "addresses",
				 (json_int_t)st->addresses, "named", (json_int_t)st->named,
				 "with_lines", (json_int_t)st->with_lines, "modules",
				 (json_int_t)st->modules, "modules_missing",
				 (json_int_t)st->modules_missing, "modules_changed",
				 (json_int_t)st->modules_mismatch, "seconds", st->seconds);
	profile_writer_meta(&w, meta);
	json_decref(meta);
	profile_writer_end(&w, p->nsamples, p->nstacks);
	int rc = profile_writer_finish(&w);
	if (fclose(f) != 0 || rc)
		die(EXIT_FAIL, "out of memory");
	if (gzip_write(out, (const uint8_t *)mem, mem_len) < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", out, strerror(errno ? errno : EIO));
		rc = -1;
	}
	free(mem);
	pbuf_free(&loc);
	func_tab_free(&ft);
	free(status);
	symbolizer_free(sym);
	free(addrs);
	free(jits);
	profile_free(p);
	return rc;
}
