/* unit.c - unit tests of the code both sides share: the per-thread ring
 * (reserve, commit, wrap-around, full ring) and the profile file (every
 * record type written and read back, damage detected). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../prof/profile.h"
#include "check.h"
#include "../../prof/record.h"
#include "../../prof/ring.h"


/* ---- ring ---- */

struct drained {
	uint32_t types[256];
	uint32_t sizes[256];
	uint64_t first_word[256];
	int n;
};

static void on_rec(void *ctx, struct ct_ring *ring, const struct ct_rec_hdr *h)
{
	struct drained *d = ctx;
	(void)ring;
	if (d->n < 256) {
		d->types[d->n] = h->type;
		d->sizes[d->n] = h->size;
		memcpy(&d->first_word[d->n], h + 1, 8);
		d->n++;
	}
}

static struct ct_shm *shm_new(uint64_t ring_bytes)
{
	size_t size = shm_layout_size(1, ring_bytes);
	struct ct_shm *shm = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);

	memset(shm, 0, size);
	shm->magic = CT_SHM_MAGIC;
	shm->version = CT_SHM_VERSION;
	shm->nrings = 1;
	shm->ring_bytes = ring_bytes;
	shm->total_bytes = size;
	return shm;
}

static void test_ring(void)
{
	struct ct_shm *shm = shm_new(256);
	struct ring_resv r;
	struct drained d = {0};
	int ok = 1;

	/* fill: 3 records of 80 bytes fit in 256, the 4th does not */
	for (int i = 0; i < 4; i++) {
		int rc = ring_reserve(shm, 0, 80, &r);
		if (i < 3) {
			ok &= rc == 0;
			uint64_t v = 100 + (uint64_t)i;
			memcpy(r.rec + 8, &v, 8);
			ring_commit(&r, REC_SAMPLE, 80);
		} else {
			ok &= rc < 0;
		}
	}
	check(ok, "ring: a full ring refuses a record instead of overwriting");
	check(ring_drain(shm, 0, on_rec, &d) == 3 && d.first_word[0] == 100 && d.first_word[2] == 102,
	      "ring: records come out in order with their contents");

	/* wrap: after draining, a record that does not fit before the end is
	 * preceded by padding and starts at offset 0 */
	memset(&d, 0, sizeof(d));
	check(ring_reserve(shm, 0, 100, &r) == 0, "ring: room again after draining");
	uint64_t v = 7;
	memcpy(r.rec + 8, &v, 8);
	check(r.rec == shm_ring_data(shm, 0), "ring: a record that would straddle the end wraps to 0");
	ring_commit(&r, REC_MAP, 60); /* commit less than reserved */
	check(ring_drain(shm, 0, on_rec, &d) == 1 && d.types[0] == REC_MAP && d.sizes[0] == 64 &&
		      d.first_word[0] == 7,
	      "ring: padding is skipped and the used size (rounded to 8) published");

	/* a reservation that is never committed (the writer died) publishes
	 * nothing and does not block the reader */
	memset(&d, 0, sizeof(d));
	check(ring_reserve(shm, 0, 64, &r) == 0 && ring_drain(shm, 0, on_rec, &d) == 0,
	      "ring: an uncommitted record is invisible");

	/* garbage in the ring is detected and dropped */
	struct ct_ring *ring = shm_ring(shm, 0);
	uint64_t head = atomic_load(&ring->head);
	struct ct_rec_hdr bad = {REC_SAMPLE, 3};
	memcpy(shm_ring_data(shm, 0) + head % 256, &bad, sizeof(bad));
	atomic_store(&ring->head, head + 8);
	check(ring_drain(shm, 0, on_rec, &d) < 0 && atomic_load(&ring->tail) == head + 8,
	      "ring: a malformed record empties the ring instead of looping");
	free(shm);
}

/* ---- profile ---- */

static uint8_t *file_bytes(FILE *f, size_t *len)
{
	long n;
	uint8_t *b;

	fflush(f);
	n = ftell(f);
	b = malloc((size_t)n);
	rewind(f);
	if (fread(b, 1, (size_t)n, f) != (size_t)n)
		abort();
	*len = (size_t)n;
	return b;
}

static FILE *sample_profile(void)
{
	FILE *f = tmpfile();
	struct profile_writer w;
	struct pbuf b = {0};

	profile_writer_open(&w, f);
	json_t *m = json_pack("{s:s,s:i}", "host", "h<&>\"ü", "period_ns", 1001001);
	profile_writer_meta(&w, m);
	json_decref(m);
	/* process 1 */
	pbuf_uv(&b, 1); pbuf_uv(&b, 0); pbuf_sv(&b, 4242); pbuf_sv(&b, 1); pbuf_uv(&b, 0);
	pbuf_uv(&b, 5); pbuf_str(&b, "/bin/app"); pbuf_str(&b, "app -x");
	profile_writer_record(&w, P_PROC, &b);
	b.len = 0;
	/* map 0 and a second library at the same place after an unmap */
	for (int i = 0; i < 2; i++) {
		uint8_t bid[20] = {0xab, 0xcd};
		pbuf_uv(&b, (uint64_t)i); pbuf_uv(&b, 1); pbuf_uv(&b, 0x1000); pbuf_uv(&b, 0x2000);
		pbuf_uv(&b, 0x400); pbuf_uv(&b, (uint64_t)i); pbuf_bytes(&b, bid, 20);
		pbuf_str(&b, i ? "/lib/b.so" : "/lib/a.so");
		profile_writer_record(&w, P_MAP, &b);
		b.len = 0;
		if (i == 0) {
			pbuf_uv(&b, 1); pbuf_uv(&b, 0x1000); pbuf_uv(&b, 0x2000); pbuf_uv(&b, 1);
			profile_writer_record(&w, P_UNMAP, &b);
			b.len = 0;
		}
	}
	pbuf_uv(&b, 0); pbuf_uv(&b, 1); pbuf_sv(&b, 4242); pbuf_uv(&b, 7); pbuf_uv(&b, 1); pbuf_str(&b, "main");
	profile_writer_record(&w, P_THREAD, &b);
	b.len = 0;
	/* stacks: gen 0 (a.so) and gen 1 (b.so), frames 0x1010 <- 0x1800;
	 * the second one written as its own leaf plus the first's root frame */
	pbuf_uv(&b, 0); pbuf_uv(&b, 1); pbuf_uv(&b, 0); pbuf_uv(&b, 0);
	pbuf_uv(&b, 2); pbuf_uv(&b, 0); pbuf_uv(&b, 0); pbuf_sv(&b, 0x1010); pbuf_sv(&b, 0x800 - 0x10);
	profile_writer_record(&w, P_STACK, &b);
	b.len = 0;
	pbuf_uv(&b, 1); pbuf_uv(&b, 1); pbuf_uv(&b, 1); pbuf_uv(&b, 0);
	pbuf_uv(&b, 2); pbuf_uv(&b, 1); pbuf_uv(&b, 1); pbuf_sv(&b, 0x1010);
	profile_writer_record(&w, P_STACK, &b);
	b.len = 0;
	pbuf_uv(&b, 3); pbuf_uv(&b, 1000);
	pbuf_uv(&b, 0); pbuf_uv(&b, 0); pbuf_sv(&b, 0); pbuf_uv(&b, 4);
	pbuf_uv(&b, 0); pbuf_uv(&b, 1); pbuf_sv(&b, 500); pbuf_uv(&b, 1);
	pbuf_uv(&b, 0); pbuf_uv(&b, 1); pbuf_sv(&b, -200); pbuf_uv(&b, 2);
	profile_writer_record(&w, P_SAMPLES, &b);
	b.len = 0;
	pbuf_uv(&b, 0); pbuf_str(&b, "ns::f<int>(int)"); pbuf_str(&b, "_ZN2ns1fIiEEvi"); pbuf_str(&b, "f.cc");
	profile_writer_record(&w, P_FUNC, &b);
	b.len = 0;
	pbuf_uv(&b, 1); pbuf_uv(&b, 0x410); pbuf_uv(&b, 1); pbuf_uv(&b, 1); pbuf_uv(&b, 42); pbuf_uv(&b, 0);
	profile_writer_record(&w, P_LOC, &b);
	b.len = 0;
	pbuf_free(&b);
	profile_writer_end(&w, 3, 2);
	profile_writer_finish(&w);
	return f;
}

static void test_profile_roundtrip(void)
{
	FILE *f = sample_profile();
	size_t len;
	uint8_t *buf = file_bytes(f, &len);
	char err[256];
	struct profile *p = profile_parse(buf, len, err, sizeof(err));

	check(p != NULL, "profile: a written profile reads back (%s)", p ? "" : err);
	if (!p)
		return;
	check(!strcmp(json_string_value(json_object_get(p->meta, "host")), "h<&>\"ü"),
	      "profile: metadata strings survive");
	check(p->nprocs == 2 && p->procs[1].pid == 4242 && !strcmp(p->procs[1].cmdline, "app -x"),
	      "profile: process record");
	check(p->nmaps == 2 && p->maps[0].gen_gone == 1 && p->maps[1].gen_gone == UINT32_MAX &&
		      p->maps[0].build_id_len == 20 && p->maps[0].build_id[1] == 0xcd,
	      "profile: mappings, build-ids and unmap generations");
	check(p->nstacks == 2 && p->stacks[0].nframes == 2 && p->stacks[0].frames[0] == 0x1010 &&
		      p->stacks[0].frames[1] == 0x1800,
	      "profile: stack frames are delta-decoded");
	check(p->stacks[1].nframes == 2 && p->stacks[1].frames[0] == 0x1010 && p->stacks[1].frames[1] == 0x1800,
	      "profile: a stack takes its root-side frames from its base stack");
	check(p->nsamples == 3 && p->samples[0].time == 1000000 && p->samples[1].time == 1500000 &&
		      p->samples[2].time == 1300000 && p->samples[2].weight == 2,
	      "profile: sample times (microseconds in the file) and weights");
	check(profile_map_find(p, 1, 0, 0x1010) == 0 && profile_map_find(p, 1, 1, 0x1010) == 1 &&
		      profile_map_find(p, 1, 5, 0x3000) == -1,
	      "profile: an address resolves to the mapping of its generation");
	check(p->nlocs == 1 && p->locs[0].map == 1 && p->loc_frames[0].line == 42 &&
		      !strcmp(p->funcs[0].name, "ns::f<int>(int)"),
	      "profile: symbol records");
	profile_free(p);

	/* every single-byte change and every truncation is caught, but for
	 * the minor version and reserved bytes of the header (10-15), which
	 * readers ignore by design */
	int caught = 0, total = 0;
	for (size_t i = 0; i < len; i++) {
		uint8_t *c = malloc(len);
		memcpy(c, buf, len);
		c[i] ^= 0x5a;
		struct profile *q = NULL;
		if (i < 10 || i > 15) {
			q = profile_parse(c, len, err, sizeof(err));
			total++;
			if (!q && err[0])
				caught++;
			profile_free(q);
		}
		q = profile_parse(buf, i, err, sizeof(err));
		total++;
		if (!q && err[0])
			caught++;
		profile_free(q);
		free(c);
	}
	check(caught == total, "profile: %d of %d damaged or truncated copies refused", caught, total);
	free(buf);
	fclose(f);
}

static void test_varint_limits(void)
{
	struct pbuf b = {0};
	uint64_t vals[] = {0, 1, 127, 128, 16383, 16384, UINT32_MAX, UINT64_MAX};
	int64_t svals[] = {0, -1, 1, INT64_MIN, INT64_MAX};

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		pbuf_uv(&b, vals[i]);
	for (size_t i = 0; i < sizeof(svals) / sizeof(svals[0]); i++)
		pbuf_sv(&b, svals[i]);
	/* decode with the stack record reader: wrap them as frames */
	FILE *f = tmpfile();
	struct profile_writer w;
	struct pbuf r = {0};
	profile_writer_open(&w, f);
	pbuf_uv(&r, 1); pbuf_uv(&r, 0); pbuf_sv(&r, 1); pbuf_sv(&r, 0); pbuf_uv(&r, 0); pbuf_uv(&r, 0);
	pbuf_str(&r, ""); pbuf_str(&r, "");
	profile_writer_record(&w, P_PROC, &r);
	r.len = 0;
	pbuf_uv(&r, 0); pbuf_uv(&r, 1); pbuf_uv(&r, 0); pbuf_uv(&r, 0); pbuf_uv(&r, 3);
	pbuf_uv(&r, 0); pbuf_uv(&r, 0);
	pbuf_sv(&r, -5); pbuf_sv(&r, 5 + (int64_t)UINT32_MAX); pbuf_sv(&r, INT64_MIN);
	profile_writer_record(&w, P_STACK, &r);
	profile_writer_end(&w, 0, 1);
	profile_writer_finish(&w);
	size_t len;
	uint8_t *buf = file_bytes(f, &len);
	char err[256];
	struct profile *p = profile_parse(buf, len, err, sizeof(err));
	check(p && p->stacks[0].frames[0] == (uint64_t)-5 &&
		      p->stacks[0].frames[1] == (uint64_t)UINT32_MAX &&
		      p->stacks[0].frames[2] == (uint64_t)UINT32_MAX + (uint64_t)INT64_MIN,
	      "profile: signed deltas wrap like the addresses they encode");
	profile_free(p);
	free(buf);
	fclose(f);
	pbuf_free(&b);
	pbuf_free(&r);
}

int main(void)
{
	test_ring();
	test_profile_roundtrip();
	test_varint_limits();
	return check_summary();
}
