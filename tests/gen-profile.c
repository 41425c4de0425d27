/* gen-profile.c - writes synthetic, deterministic profiles for the report
 * tests: `golden` (names that need escaping, several processes and threads,
 * inlined, unknown, truncated and not-unwound stacks) and `big` (many
 * samples over many distinct stacks, to measure `ctrace report`).
 * usage: gen-profile golden OUT | gen-profile big OUT [SAMPLES [STACKS]] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../prof/profile.h"

#define EXE_START 0x400000ULL
#define LIB_START 0x7f0000000000ULL
#define LD_START 0x7f1000000000ULL
#define MAP_SIZE 0x1000000ULL

static struct profile_writer w;

static void die_gen(const char *what)
{
	fprintf(stderr, "gen-profile: %s\n", what);
	exit(1);
}

static void rec(uint8_t type, struct pbuf *b)
{
	profile_writer_record(&w, type, b);
	pbuf_free(b);
}

static void proc_write(uint32_t id, uint32_t parent, int32_t pid, int32_t ppid, uint32_t kind, const char *exe,
		       const char *cmdline)
{
	struct pbuf b = {0};
	pbuf_uv(&b, id);
	pbuf_uv(&b, parent);
	pbuf_sv(&b, pid);
	pbuf_sv(&b, ppid);
	pbuf_uv(&b, kind);
	pbuf_uv(&b, 0);
	pbuf_str(&b, exe);
	pbuf_str(&b, cmdline);
	rec(P_PROC, &b);
}

static void proc_end_write(uint32_t id, uint64_t t_end, int32_t status)
{
	struct pbuf b = {0};
	pbuf_uv(&b, id);
	pbuf_uv(&b, t_end);
	pbuf_uv(&b, t_end / 2);
	pbuf_uv(&b, t_end / 10);
	pbuf_uv(&b, 0);
	pbuf_sv(&b, status);
	rec(P_PROC_END, &b);
}

static void map_write(uint32_t id, uint32_t proc, uint64_t start, const char *path)
{
	struct pbuf b = {0};
	pbuf_uv(&b, id);
	pbuf_uv(&b, proc);
	pbuf_uv(&b, start);
	pbuf_uv(&b, start + MAP_SIZE);
	pbuf_uv(&b, 0);
	pbuf_uv(&b, 0);
	pbuf_bytes(&b, "\x01\x02\x03\x04", 4);
	pbuf_str(&b, path);
	rec(P_MAP, &b);
}

static void thread_write(uint32_t idx, uint32_t proc, int32_t tid, const char *name)
{
	struct pbuf b = {0};
	pbuf_uv(&b, idx);
	pbuf_uv(&b, proc);
	pbuf_sv(&b, tid);
	pbuf_uv(&b, 0);
	pbuf_uv(&b, 0);
	pbuf_str(&b, name);
	rec(P_THREAD, &b);
}

struct tstats {
	uint64_t samples, weight, dropped, dropped_weight, pc_only, truncated, unwind_failed;
};

static void thread_end_write(uint32_t idx, uint64_t t_end, const struct tstats *s)
{
	struct pbuf b = {0};
	pbuf_uv(&b, idx);
	pbuf_uv(&b, t_end);
	pbuf_uv(&b, s->weight * 1000000);
	pbuf_uv(&b, 1);
	pbuf_str(&b, "");
	pbuf_uv(&b, s->samples);
	pbuf_uv(&b, s->weight);
	pbuf_uv(&b, s->dropped);
	pbuf_uv(&b, s->dropped_weight);
	pbuf_uv(&b, s->pc_only);
	pbuf_uv(&b, s->truncated);
	pbuf_uv(&b, s->unwind_failed);
	pbuf_uv(&b, s->samples * 2000);
	pbuf_uv(&b, 0);
	rec(P_THREAD_END, &b);
}

/* ips: leaf first */
static void stack_write(uint32_t id, uint32_t proc, uint32_t flags, const uint64_t *ips, uint32_t n)
{
	struct pbuf b = {0};
	uint64_t prev = 0;

	pbuf_uv(&b, id);
	pbuf_uv(&b, proc);
	pbuf_uv(&b, 0);
	pbuf_uv(&b, flags);
	pbuf_uv(&b, n);
	pbuf_uv(&b, 0); /* no base stack: every frame written */
	pbuf_uv(&b, 0);
	for (uint32_t i = 0; i < n; i++) {
		pbuf_sv(&b, (int64_t)(ips[i] - prev));
		prev = ips[i];
	}
	rec(P_STACK, &b);
}

struct sample {
	uint32_t thread, stack, weight;
};

static void samples_write(const struct sample *s, size_t n, uint64_t *time)
{
	struct pbuf b = {0};

	pbuf_uv(&b, n);
	pbuf_uv(&b, *time / 1000); /* microseconds */
	for (size_t i = 0; i < n; i++) {
		pbuf_uv(&b, s[i].thread);
		pbuf_uv(&b, s[i].stack);
		pbuf_sv(&b, 1000);
		pbuf_uv(&b, s[i].weight);
		*time += 1000000;
	}
	rec(P_SAMPLES, &b);
}

static void func_write(uint32_t id, const char *name, const char *file)
{
	struct pbuf b = {0};
	pbuf_uv(&b, id);
	pbuf_str(&b, name);
	pbuf_str(&b, name);
	pbuf_str(&b, file);
	rec(P_FUNC, &b);
}

struct locframe {
	uint32_t func, line, inlined;
};

static void loc_write(uint32_t map, uint64_t off, const struct locframe *f, uint32_t n)
{
	struct pbuf b = {0};
	pbuf_uv(&b, map);
	pbuf_uv(&b, off);
	pbuf_uv(&b, n);
	for (uint32_t i = 0; i < n; i++) {
		pbuf_uv(&b, (uint64_t)f[i].func + 1);
		pbuf_uv(&b, f[i].line);
		pbuf_uv(&b, f[i].inlined);
	}
	rec(P_LOC, &b);
}

static void meta_write(const char *cmd, uint64_t duration_ns, uint64_t cpu_ns, double delivered, uint64_t dropped,
		       uint64_t dropped_weight, uint64_t samples, uint64_t weight)
{
	json_t *m = json_pack("{s:[s,s],s:s,s:I,s:I,s:i,s:i,s:f,s:s,s:s,s:{s:s,s:s},s:{s:I,s:I,s:I,s:I}}", "command",
			      cmd, "--arg", "cwd", "/src", "duration_ns", (json_int_t)duration_ns, "cpu_ns",
			      (json_int_t)cpu_ns, "rate_hz", 1000, "period_ns", 1000000, "delivered_hz", delivered,
			      "engine", "timer", "engine_used", "timer", "tags", "note", "a<b>&\"c\" caf\xc3\xa9 \xe2\x80\xa8",
			      "ctl", "x\x01y", "recording", "dropped", (json_int_t)dropped, "dropped_weight",
			      (json_int_t)dropped_weight, "samples", (json_int_t)samples, "weight", (json_int_t)weight);
	if (!m)
		die_gen("cannot build metadata");
	profile_writer_meta(&w, m);
	json_decref(m);
}

/* ---- golden: a small profile every report format is checked against ---- */

enum {
	F_START, F_MAIN, F_COMPUTE, F_VECTOR, F_OPERATOR, F_CAFE, F_BAD, F_CTL, F_PIPE, F_INLINE, F_LIBA, F_LIBB,
	F_SEMI, F_RECURSE, F_NEWLINE, F_CHILD, F_EXEC, F_U2028, F_HTML, F_NOFILE, F_WORKER, F_TINYA, F_TINYB,
	NFUNCS
};

static const struct {
	const char *name, *file;
	int lib;
} golden_funcs[NFUNCS] = {
	[F_START] = {"_start", "", 0},
	[F_MAIN] = {"main", "/src/main.c", 0},
	[F_COMPUTE] = {"compute", "/src/compute.c", 0},
	[F_VECTOR] = {"std::vector<int, std::allocator<int> >::push_back(int const&)",
		      "/usr/include/c++/12/bits/stl_vector.h", 0},
	[F_OPERATOR] = {"operator<<(std::ostream&, \"quoted\" & 'single')", "/src/ops.cc", 0},
	[F_CAFE] = {"caf\xc3\xa9_na\xc3\xafve_\xe2\x82\xac_\xf0\x9f\x94\xa5", "/src/utf8.c", 0},
	[F_BAD] = {"bad\xff\xfe_utf8_\xc3(_\xed\xa0\x80_\xc0\xaf", "/src/bad.c", 0},
	[F_CTL] = {"ctl\x01\x1f\ttab\x7f", "/src/ctl.c", 0},
	[F_PIPE] = {"pipe|back`tick*star_under\\", "/src/md.c", 0},
	[F_INLINE] = {"inline_helper", "/src/compute.c", 0},
	[F_LIBA] = {"lib_internal_a", "/lib/weird.c", 1},
	[F_LIBB] = {"lib_internal_b", "/lib/weird.c", 1},
	[F_SEMI] = {"semi;colon", "/src/semi.c", 0},
	[F_RECURSE] = {"recurse", "/src/rec.c", 0},
	[F_NEWLINE] = {"new\nline", "/src/nl.c", 0},
	[F_CHILD] = {"child_main", "/src/child.c", 0},
	[F_EXEC] = {"exec_main", "/src/other.c", 0},
	[F_U2028] = {"sep\xe2\x80\xa8" "2028", "/src/sep.c", 0},
	[F_HTML] = {"html</script><b>", "/src/html.c", 0},
	[F_NOFILE] = {"no_file_func", "", 0},
	[F_WORKER] = {"worker_start", "/src/worker.c", 0},
	[F_TINYA] = {"tiny_a", "/src/tiny.c", 0},
	[F_TINYB] = {"tiny_b", "/src/tiny.c", 0},
};

/* A call site: function F at LINE. Its address is unique per (F, LINE);
 * INLINE_SITE resolves to inline_helper inlined into compute. */
#define SITE(f, line) ((uint64_t)(f) << 8 | (line))
#define INLINE_SITE SITE(F_COMPUTE, 99)
#define UNKNOWN_SITE SITE(F_MAIN, 200) /* in the map, no symbols */
#define OUTSIDE 0x10ULL                /* in no map */

static uint64_t site_ip(uint64_t site, int leaf)
{
	uint64_t base = site == OUTSIDE ? 0 : golden_funcs[site >> 8].lib ? LIB_START : EXE_START;
	return base + (site == OUTSIDE ? site : 0x1000 + site) + (leaf ? 0 : 1);
}

struct gstack {
	uint32_t proc, thread, flags, nsamples, weight;
	uint64_t sites[8]; /* root first, 0 ends */
};

static const struct gstack golden_stacks[] = {
	{1, 0, 0, 400, 1, {SITE(F_START, 1), SITE(F_MAIN, 10), INLINE_SITE}},
	{1, 0, 0, 75, 2, {SITE(F_START, 1), SITE(F_MAIN, 11), SITE(F_VECTOR, 100)}},
	{1, 0, 0, 50, 1, {SITE(F_START, 1), SITE(F_MAIN, 12), SITE(F_OPERATOR, 7), SITE(F_HTML, 1)}},
	{1, 0, 0, 60, 1,
	 {SITE(F_START, 1), SITE(F_MAIN, 13), SITE(F_LIBA, 40), SITE(F_LIBB, 41), SITE(F_COMPUTE, 22)}},
	{1, 0, 0, 20, 1, {SITE(F_START, 1), SITE(F_MAIN, 13), SITE(F_LIBA, 40), SITE(F_LIBB, 42)}},
	{1, 1, 0, 100, 1,
	 {SITE(F_WORKER, 2), SITE(F_RECURSE, 3), SITE(F_RECURSE, 4), SITE(F_RECURSE, 4), SITE(F_RECURSE, 5)}},
	{1, 1, 0, 80, 1, {SITE(F_WORKER, 2), SITE(F_CAFE, 8), SITE(F_BAD, 9)}},
	{1, 2, 0, 40, 1, {SITE(F_WORKER, 2), SITE(F_CTL, 1), SITE(F_PIPE, 2)}},
	{1, 2, 0, 30, 1, {SITE(F_WORKER, 3), SITE(F_SEMI, 1), SITE(F_NEWLINE, 2)}},
	{1, 2, 0, 20, 1, {SITE(F_WORKER, 3), UNKNOWN_SITE, OUTSIDE}},
	{1, 2, 0, 15, 1, {SITE(F_WORKER, 3), SITE(F_U2028, 1), SITE(F_NOFILE, 0)}},
	{1, 1, 1, 10, 1, {SITE(F_RECURSE, 4), SITE(F_RECURSE, 5)}},  /* truncated */
	{1, 0, 2, 3, 1, {UNKNOWN_SITE}},                              /* in the loader */
	{1, 0, 4, 2, 1, {SITE(F_MAIN, 10)}},                          /* unwind failed */
	{1, 0, 0, 2, 1, {SITE(F_START, 1), SITE(F_MAIN, 15), SITE(F_TINYA, 1)}},
	{1, 0, 0, 1, 1, {SITE(F_START, 1), SITE(F_MAIN, 15), SITE(F_TINYB, 1)}},
	{2, 3, 0, 120, 1, {SITE(F_START, 1), SITE(F_MAIN, 10), SITE(F_CHILD, 3)}},
	{3, 4, 0, 30, 1, {SITE(F_START, 1), SITE(F_EXEC, 4)}},
};

#define NGSTACKS (sizeof(golden_stacks) / sizeof(golden_stacks[0]))

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void golden(void)
{
	struct tstats st[5] = {{0}};
	uint64_t total_samples = 0, total_weight = 0, time = 0;

	for (size_t s = 0; s < NGSTACKS; s++) {
		const struct gstack *g = &golden_stacks[s];
		struct tstats *t = &st[g->thread];
		t->samples += g->nsamples;
		t->weight += (uint64_t)g->nsamples * g->weight;
		t->pc_only += g->flags & 2 ? g->nsamples : 0;
		t->truncated += g->flags & 1 ? g->nsamples : 0;
		t->unwind_failed += g->flags & 4 ? g->nsamples : 0;
		total_samples += g->nsamples;
		total_weight += (uint64_t)g->nsamples * g->weight;
	}
	st[0].dropped = 3;
	st[0].dropped_weight = 12;
	meta_write("golden", 2000000000, 1500000000, 250.0, 3, 12, total_samples, total_weight);
	proc_write(1, 0, 100, 1, 0, "/bin/golden", "golden --arg");
	proc_write(2, 1, 101, 100, 1, "/bin/golden", "golden --arg");
	proc_write(3, 2, 101, 100, 2, "/bin/other", "other \"x\"");
	map_write(0, 1, EXE_START, "/bin/golden");
	map_write(1, 1, LIB_START, "/lib/libweird.so");
	map_write(2, 2, EXE_START, "/bin/golden");
	map_write(3, 2, LIB_START, "/lib/libweird.so");
	map_write(4, 3, EXE_START, "/bin/other");
	map_write(5, 1, LD_START, "/lib64/ld-linux-x86-64.so.2");
	thread_write(0, 1, 100, "golden");
	thread_write(1, 1, 102, "worker-a");
	thread_write(2, 1, 103, "worker-b");
	thread_write(3, 2, 101, "child");
	thread_write(4, 3, 101, "other");

	for (size_t s = 0; s < NGSTACKS; s++) {
		const struct gstack *g = &golden_stacks[s];
		uint64_t ips[8];
		uint32_t n = 0;
		while (n < 8 && g->sites[n])
			n++;
		for (uint32_t i = 0; i < n; i++) /* leaf first */
			ips[i] = site_ip(g->sites[n - 1 - i], i == 0);
		if (g->flags & 2)
			ips[0] = LD_START + 0x1234;
		stack_write((uint32_t)s, g->proc, g->flags, ips, n);
	}
	/* samples interleaved round-robin over the stacks, in time order */
	struct sample batch[64];
	uint32_t left[NGSTACKS];
	size_t nb = 0;
	for (size_t s = 0; s < NGSTACKS; s++)
		left[s] = golden_stacks[s].nsamples;
	for (int more = 1; more;) {
		more = 0;
		for (size_t s = 0; s < NGSTACKS; s++) {
			if (!left[s])
				continue;
			left[s]--;
			more = 1;
			batch[nb++] = (struct sample){golden_stacks[s].thread, (uint32_t)s, golden_stacks[s].weight};
			if (nb == 64) {
				samples_write(batch, nb, &time);
				nb = 0;
			}
		}
	}
	if (nb)
		samples_write(batch, nb, &time);
	for (uint32_t t = 0; t < 5; t++)
		thread_end_write(t, time, &st[t]);
	proc_end_write(1, time, 0);
	proc_end_write(2, time, 0);
	proc_end_write(3, time, 9); /* killed by SIGKILL */

	for (uint32_t f = 0; f < NFUNCS; f++)
		func_write(f, golden_funcs[f].name, golden_funcs[f].file);
	/* locations, sorted by (map, offset): every site of every stack */
	uint64_t sites[NGSTACKS * 8];
	size_t nsites = 0;
	for (size_t s = 0; s < NGSTACKS; s++)
		for (int i = 0; i < 8 && golden_stacks[s].sites[i]; i++)
			if (golden_stacks[s].sites[i] != OUTSIDE && golden_stacks[s].sites[i] != UNKNOWN_SITE)
				sites[nsites++] = golden_stacks[s].sites[i];
	qsort(sites, nsites, sizeof(uint64_t), u64_cmp);
	for (uint32_t proc = 1; proc <= 3; proc++) {
		/* maps of this process: exe, then lib */
		uint32_t exe_map = proc == 1 ? 0 : proc == 2 ? 2 : 4, lib_map = proc == 1 ? 1 : 3;
		for (int lib = 0; lib < 2; lib++) {
			if (lib && proc == 3)
				continue;
			for (size_t i = 0; i < nsites; i++) {
				uint64_t site = sites[i];
				if ((i && sites[i - 1] == site) || golden_funcs[site >> 8].lib != lib)
					continue;
				struct locframe fr[2] = {{(uint32_t)(site >> 8), (uint32_t)(site & 0xff), 0}};
				uint32_t n = 1;
				if (site == INLINE_SITE) {
					fr[0] = (struct locframe){F_INLINE, 5, 1};
					fr[1] = (struct locframe){F_COMPUTE, 21, 0};
					n = 2;
				}
				loc_write(lib ? lib_map : exe_map, 0x1000 + site, fr, n);
			}
		}
	}
	profile_writer_end(&w, total_samples, NGSTACKS);
}

/* ---- big: 1M samples over 10k stacks by default ---- */

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static void big(uint64_t nsamples, uint32_t nstacks)
{
	enum { NF = 2000, LINES = 4, NTHREADS = 8, MAXD = 48 };
	char name[128], file[64];

	meta_write("big", nsamples * 1000000 / NTHREADS, nsamples * 1000000, 999.0, 0, 0, nsamples, nsamples);
	proc_write(1, 0, 1000, 1, 0, "/bin/big", "big");
	map_write(0, 1, EXE_START, "/bin/big");
	for (uint32_t t = 0; t < NTHREADS; t++) {
		snprintf(name, sizeof(name), "worker-%u", t);
		thread_write(t, 1, (int32_t)(1000 + t), name);
	}
	/* stacks: a shared trunk, then a random walk over the functions */
	for (uint32_t s = 0; s < nstacks; s++) {
		uint64_t ips[MAXD];
		uint32_t depth = 4 + rnd(MAXD - 4);
		for (uint32_t d = 0; d < depth; d++) {
			uint32_t f = d < 3 ? d : 3 + rnd(NF - 3);
			uint64_t site = (uint64_t)f << 8 | rnd(LINES);
			ips[depth - 1 - d] = EXE_START + 0x1000 + site + (d == depth - 1 ? 0 : 1);
		}
		stack_write(s, 1, 0, ips, depth);
	}
	/* samples: skewed towards low stack ids, as real profiles are */
	enum { BATCH = 4096 };
	struct sample *batch = malloc(BATCH * sizeof(*batch));
	uint64_t time = 0;
	size_t nb = 0;
	struct tstats st[NTHREADS] = {{0}};
	for (uint64_t i = 0; i < nsamples; i++) {
		uint32_t r = rnd(nstacks);
		uint32_t s = rnd(2) ? r : rnd(r + 1);
		uint32_t t = rnd(NTHREADS);
		batch[nb++] = (struct sample){t, s, 1};
		st[t].samples++;
		st[t].weight++;
		if (nb == BATCH) {
			samples_write(batch, nb, &time);
			nb = 0;
		}
	}
	if (nb)
		samples_write(batch, nb, &time);
	free(batch);
	for (uint32_t t = 0; t < NTHREADS; t++)
		thread_end_write(t, time, &st[t]);
	proc_end_write(1, time, 0);
	for (uint32_t f = 0; f < NF; f++) {
		snprintf(name, sizeof(name), "ns%u::Class%u<int>::function_%u(long, char const*)", f % 7, f % 97, f);
		snprintf(file, sizeof(file), "/src/module%u/file%u.cc", f % 13, f % 101);
		func_write(f, name, file);
	}
	for (uint32_t f = 0; f < NF; f++)
		for (uint32_t l = 0; l < LINES; l++) {
			struct locframe fr[2] = {{f, 10 + l, 0}};
			uint32_t n = 1;
			if (f % 5 == 0 && f + 1 < NF) { /* every fifth has an inlined callee */
				fr[0] = (struct locframe){f + 1, 100 + l, 1};
				fr[1] = (struct locframe){f, 10 + l, 0};
				n = 2;
			}
			loc_write(0, 0x1000 + ((uint64_t)f << 8 | l), fr, n);
		}
	profile_writer_end(&w, nsamples, nstacks);
}

int main(int argc, char **argv)
{
	FILE *f;

	if (argc < 3 || (strcmp(argv[1], "golden") && strcmp(argv[1], "big"))) {
		fprintf(stderr, "usage: gen-profile golden OUT | gen-profile big OUT [SAMPLES [STACKS]]\n");
		return 2;
	}
	if (!(f = fopen(argv[2], "wb")))
		die_gen("cannot open the output");
	if (profile_writer_open(&w, f) < 0)
		die_gen("cannot write");
	if (!strcmp(argv[1], "golden"))
		golden();
	else
		big(argc > 3 ? strtoull(argv[3], NULL, 10) : 1000000,
		    argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 10) : 10000);
	if (profile_writer_finish(&w) < 0 || fclose(f))
		die_gen("cannot write");
	return 0;
}
