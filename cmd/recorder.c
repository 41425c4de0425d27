/* recorder.c - converts the shim's ring records into profile records while
 * the program runs. Memory grows with the number of unique stacks, threads
 * and mappings, never with the length of the run. */
#include "recorder.h"

#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../prof/record.h"
#include "util.h"

#define SAMPLE_BATCH 8192

struct rproc {
	int seen;
	int32_t pid, ppid;
	uint32_t parent, kind;
	uint64_t t_start, t_end, cpu_user, cpu_sys;
	int ended; /* 1 exit, 2 exec */
	int32_t status;
	int written_end;
	/* executable ranges reported so far, to notice code nobody reported
	 * (a library dlopen'ed and not closed, in a program that crashes) */
	struct range { uint64_t start, end; } *ranges;
	size_t nranges, ranges_cap;
	uint32_t last_gen;
	uint64_t last_rescan_ns;
};

struct rthread {
	uint32_t proc_id;
	int32_t tid;
	uint64_t t_end, cpu_ns;
	char name[16];
	int ended;
	uint32_t flags;
};

struct stack_ent {
	uint64_t hash;
	uint32_t proc_id, gen, flags, n;
	size_t off; /* into frames */
};

/* Stacks share their root side (main, the thread start ...): a trie of
 * (parent node, address) from the root remembers, for each prefix, the
 * first stack that had it, so that a new stack is written as "that stack's
 * N root-side frames, then these". */
struct trie_node {
	uint64_t ip;
	uint32_t parent, stack;
};

struct trie {
	struct trie_node *nodes; /* [0] is the root */
	size_t n, cap;
	uint32_t *table; /* node index, 0 empty (the root is never looked up) */
	size_t table_cap;
};

struct recorder {
	struct ct_shm *shm;
	struct profile_writer *w;
	struct rproc *procs;
	size_t nprocs;
	struct rthread *threads;
	size_t nthreads, threads_cap;
	int32_t *ring_thread; /* thread index per ring, -1 none */
	struct stack_ent *stacks;
	size_t nstacks, stacks_cap;
	uint32_t *table; /* open addressing: stack index + 1, 0 empty */
	size_t table_cap;
	uint64_t *frames;
	size_t nframes, frames_cap;
	uint32_t nmaps;
	struct trie trie;
	struct pbuf batch;
	size_t batch_n;
	uint64_t batch_t0, batch_last; /* microseconds */
	uint64_t batch_flushed_ns;
	struct recorder_totals tot;
	pid_t main_pid;
	int main_status, main_status_set;
};

static uint64_t rel_time(struct recorder *r, uint64_t t)
{
	return t > r->shm->start_ns ? t - r->shm->start_ns : 0;
}

static struct rproc *proc_at(struct recorder *r, uint32_t id)
{
	if (id == 0 || id > (1u << 20))
		return NULL;
	if (id >= r->nprocs) {
		size_t n = id + 1 > r->nprocs * 2 ? id + 1 : r->nprocs * 2;
		r->procs = xrealloc(r->procs, n * sizeof(*r->procs));
		memset(r->procs + r->nprocs, 0, (n - r->nprocs) * sizeof(*r->procs));
		r->nprocs = n;
	}
	return &r->procs[id];
}

struct recorder *recorder_new(struct ct_shm *shm, struct profile_writer *w)
{
	struct recorder *r = xcalloc(1, sizeof(*r));

	r->shm = shm;
	r->w = w;
	r->ring_thread = xmalloc(shm->nrings * sizeof(int32_t));
	for (uint32_t i = 0; i < shm->nrings; i++)
		r->ring_thread[i] = -1;
	r->table_cap = 1024;
	r->table = xcalloc(r->table_cap, sizeof(uint32_t));
	return r;
}

/* ---- processes ---- */

static void proc_end_write(struct recorder *r, uint32_t id)
{
	struct rproc *p = &r->procs[id];
	struct pbuf b = {0};

	if (p->written_end)
		return;
	p->written_end = 1;
	pbuf_uv(&b, id);
	pbuf_uv(&b, p->t_end);
	pbuf_uv(&b, p->cpu_user);
	pbuf_uv(&b, p->cpu_sys);
	pbuf_uv(&b, (uint64_t)p->ended);
	pbuf_sv(&b, p->status);
	profile_writer_record(r->w, P_PROC_END, &b);
	pbuf_free(&b);
}

static void rings_release_proc(struct recorder *r, uint32_t proc_id);

static void on_proc(struct recorder *r, const struct rec_proc *rp, size_t size)
{
	struct rproc *p = proc_at(r, rp->proc_id);
	struct pbuf b = {0};
	size_t len = size - sizeof(*rp);
	const char *exe, *args;
	size_t exe_len;
	uint32_t kind = rp->kind;

	if (!p || p->seen)
		return;
	if (rp->cmdline_len < len)
		len = rp->cmdline_len;
	/* A new image of a pid that already has a live one: the old one
	 * called exec. */
	if (kind == PROC_LAUNCH) {
		for (size_t i = 1; i < r->nprocs; i++) {
			struct rproc *o = &r->procs[i];
			if (o->seen && !o->ended && o->pid == rp->pid && i != rp->proc_id) {
				o->ended = 2;
				o->t_end = rel_time(r, rp->time_ns);
				kind = PROC_EXEC;
				rings_release_proc(r, (uint32_t)i);
			}
		}
	}
	p->seen = 1;
	p->pid = rp->pid;
	p->ppid = rp->ppid;
	p->parent = rp->parent_proc_id;
	if (!p->parent) {
		/* launch or exec: the parent is the newest image of the ppid */
		for (size_t i = r->nprocs; i-- > 1;)
			if (i != rp->proc_id && r->procs[i].seen &&
			    r->procs[i].pid == (kind == PROC_EXEC ? rp->pid : rp->ppid)) {
				p->parent = (uint32_t)i;
				break;
			}
	}
	p->kind = kind;
	p->t_start = rel_time(r, rp->time_ns);
	p->status = -1;
	exe = rp->cmdline;
	exe_len = strnlen(exe, len);
	args = exe + (exe_len < len ? exe_len + 1 : len);
	size_t args_len = len - (size_t)(args - exe);
	char *cmd = xmalloc(args_len + 1);
	for (size_t i = 0; i < args_len; i++)
		cmd[i] = args[i] ? args[i] : ' ';
	while (args_len && cmd[args_len - 1] == ' ')
		args_len--;
	cmd[args_len] = 0;
	char *exe_s = xmalloc(exe_len + 1);
	memcpy(exe_s, exe, exe_len);
	exe_s[exe_len] = 0;

	pbuf_uv(&b, rp->proc_id);
	pbuf_uv(&b, p->parent);
	pbuf_sv(&b, rp->pid);
	pbuf_sv(&b, rp->ppid);
	pbuf_uv(&b, kind);
	pbuf_uv(&b, p->t_start);
	pbuf_str(&b, exe_s);
	pbuf_str(&b, cmd);
	profile_writer_record(r->w, P_PROC, &b);
	pbuf_free(&b);
	free(cmd);
	free(exe_s);
	r->tot.procs++;
}

static void on_proc_end(struct recorder *r, uint32_t proc_id, const struct rec_proc_end *e)
{
	struct rproc *p = proc_at(r, proc_id);

	if (!p || !p->seen)
		return;
	p->t_end = rel_time(r, e->time_ns);
	p->cpu_user = e->cpu_user_ns;
	p->cpu_sys = e->cpu_sys_ns;
	if (!p->ended)
		p->ended = 1;
}

/* ---- mappings ---- */

static void range_add(struct rproc *p, uint64_t start, uint64_t end)
{
	if (p->nranges == p->ranges_cap) {
		p->ranges_cap = p->ranges_cap ? p->ranges_cap * 2 : 32;
		p->ranges = xrealloc(p->ranges, p->ranges_cap * sizeof(*p->ranges));
	}
	p->ranges[p->nranges].start = start;
	p->ranges[p->nranges++].end = end;
}

static int range_known(const struct rproc *p, uint64_t ip)
{
	for (size_t i = 0; i < p->nranges; i++)
		if (ip >= p->ranges[i].start && ip < p->ranges[i].end)
			return 1;
	return 0;
}

static void map_write(struct recorder *r, uint32_t proc_id, uint64_t start, uint64_t end,
		      uint64_t offset, uint32_t gen, const uint8_t *bid, size_t bid_len,
		      const char *path, size_t path_len)
{
	struct pbuf b = {0};
	struct rproc *p = proc_at(r, proc_id);

	if (p)
		range_add(p, start, end);
	pbuf_uv(&b, r->nmaps++);
	pbuf_uv(&b, proc_id);
	pbuf_uv(&b, start);
	pbuf_uv(&b, end);
	pbuf_uv(&b, offset);
	pbuf_uv(&b, gen);
	pbuf_bytes(&b, bid, bid_len);
	pbuf_bytes(&b, path, path_len);
	profile_writer_record(r->w, P_MAP, &b);
	pbuf_free(&b);
}

static void on_map(struct recorder *r, uint32_t proc_id, const struct rec_map *m, size_t size)
{
	map_write(r, proc_id, m->start, m->end, m->offset, m->gen, m->build_id,
		  m->build_id_len <= 20 ? m->build_id_len : 20, m->path,
		  strnlen(m->path, size - sizeof(*m)));
}

/* Reads the build-id of the ELF file at PATH (libelf's view of its notes). */
static size_t file_build_id(const char *path, uint8_t *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;

	if (fd < 0)
		return 0;
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	const void *id;
	ssize_t len = e ? dwelf_elf_gnu_build_id(e, &id) : -1;
	if (len > 0 && len <= 20) {
		memcpy(out, id, (size_t)len);
		n = (size_t)len;
	}
	elf_end(e);
	close(fd);
	return n;
}

/* A sample's code lies outside every mapping the shim reported: the
 * program dlopen'ed something and has not yet passed a point where the
 * shim looks (dlclose, thread start, exit). Ask /proc while the process is
 * there; at most every 50 ms per process. */
static void maps_rescan(struct recorder *r, uint32_t proc_id)
{
	struct rproc *p = proc_at(r, proc_id);
	struct timespec ts;
	char path[64], line[4096 + 128];
	FILE *f;

	if (!p || !p->seen || p->ended)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t now = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	if (now - p->last_rescan_ns < 50000000ULL)
		return;
	p->last_rescan_ns = now;
	snprintf(path, sizeof(path), "/proc/%d/maps", p->pid);
	if (!(f = fopen(path, "re")))
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end, off;
		char perms[8];
		int pos = 0;

		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %n", &start, &end, perms, &off, &pos) < 4 ||
		    !pos || perms[2] != 'x')
			continue;
		char *file = line + pos;
		file[strcspn(file, "\n")] = 0;
		if (file[0] != '/' || range_known(p, start))
			continue;
		uint8_t bid[20];
		size_t bid_len = file_build_id(file, bid);
		map_write(r, proc_id, start, end, off, p->last_gen, bid, bid_len, file, strlen(file));
	}
	fclose(f);
}

static void on_unmap(struct recorder *r, uint32_t proc_id, const struct rec_unmap *u)
{
	struct pbuf b = {0};
	struct rproc *p = proc_at(r, proc_id);

	if (p) {
		for (size_t i = 0; i < p->nranges;) {
			if (p->ranges[i].start < u->end && u->start < p->ranges[i].end)
				p->ranges[i] = p->ranges[--p->nranges];
			else
				i++;
		}
		if (u->gen > p->last_gen)
			p->last_gen = u->gen;
	}

	pbuf_uv(&b, proc_id);
	pbuf_uv(&b, u->start);
	pbuf_uv(&b, u->end);
	pbuf_uv(&b, u->gen);
	profile_writer_record(r->w, P_UNMAP, &b);
	pbuf_free(&b);
}

/* ---- threads ---- */

static uint32_t thread_new(struct recorder *r, uint32_t proc_id, int32_t tid, uint64_t t,
			   uint32_t flags, const char *name)
{
	struct pbuf b = {0};
	uint32_t idx = (uint32_t)r->nthreads;

	if (r->nthreads == r->threads_cap) {
		r->threads_cap = r->threads_cap ? r->threads_cap * 2 : 64;
		r->threads = xrealloc(r->threads, r->threads_cap * sizeof(*r->threads));
	}
	memset(&r->threads[idx], 0, sizeof(r->threads[idx]));
	r->threads[idx].proc_id = proc_id;
	r->threads[idx].tid = tid;
	r->threads[idx].flags = flags;
	snprintf(r->threads[idx].name, sizeof(r->threads[idx].name), "%s", name);
	r->nthreads++;
	pbuf_uv(&b, idx);
	pbuf_uv(&b, proc_id);
	pbuf_sv(&b, tid);
	pbuf_uv(&b, t);
	pbuf_uv(&b, flags);
	pbuf_str(&b, name);
	profile_writer_record(r->w, P_THREAD, &b);
	pbuf_free(&b);
	r->tot.threads++;
	if (flags & THREAD_SIGNALS_BLOCKED)
		r->tot.threads_signals_blocked++;
	return idx;
}

static int32_t ring_thread_get(struct recorder *r, uint32_t ring_idx)
{
	struct ct_ring *ring = shm_ring(r->shm, ring_idx);

	if (r->ring_thread[ring_idx] < 0) {
		char name[16] = "";
		char path[64];
		FILE *f;

		/* no thread record seen (it was lost): name it from /proc */
		snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", ring->pid, ring->tid);
		if ((f = fopen(path, "re"))) {
			if (fgets(name, sizeof(name), f))
				name[strcspn(name, "\n")] = 0;
			fclose(f);
		}
		r->ring_thread[ring_idx] =
			(int32_t)thread_new(r, ring->proc_id, ring->tid, 0, 0, name);
	}
	return r->ring_thread[ring_idx];
}

static void on_thread(struct recorder *r, uint32_t ring_idx, const struct rec_thread *t)
{
	char name[17];
	struct ct_ring *ring = shm_ring(r->shm, ring_idx);

	memcpy(name, t->name, 16);
	name[16] = 0;
	if (r->ring_thread[ring_idx] >= 0)
		return;
	r->ring_thread[ring_idx] =
		(int32_t)thread_new(r, ring->proc_id, t->tid, rel_time(r, t->time_ns), t->flags, name);
}

static void on_thread_end(struct recorder *r, uint32_t ring_idx, const struct rec_thread *t)
{
	struct rthread *th = &r->threads[ring_thread_get(r, ring_idx)];

	th->t_end = rel_time(r, t->time_ns);
	th->cpu_ns = t->cpu_ns;
	memcpy(th->name, t->name, 15);
	th->name[15] = 0;
	th->ended = 1;
}

/* ---- stacks and samples ---- */

static uint64_t stack_hash(uint32_t proc_id, uint32_t gen, uint32_t flags, const uint64_t *f,
			   uint32_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)proc_id << 32 | gen) ^ ((uint64_t)flags << 48);

	for (uint32_t i = 0; i < n; i++) {
		h ^= f[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 33;
	}
	return h ^ n;
}

static void table_grow(struct recorder *r)
{
	size_t cap = r->table_cap * 2;
	uint32_t *t = xcalloc(cap, sizeof(uint32_t));

	for (size_t i = 0; i < r->nstacks; i++) {
		size_t j = r->stacks[i].hash & (cap - 1);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = (uint32_t)i + 1;
	}
	free(r->table);
	r->table = t;
	r->table_cap = cap;
}

static uint64_t trie_hash(uint32_t parent, uint64_t ip)
{
	uint64_t h = (ip ^ ((uint64_t)parent << 40) ^ parent) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static uint32_t trie_find(const struct trie *t, uint32_t parent, uint64_t ip)
{
	if (!t->table_cap)
		return 0;
	for (size_t j = trie_hash(parent, ip) & (t->table_cap - 1); t->table[j]; j = (j + 1) & (t->table_cap - 1)) {
		const struct trie_node *nd = &t->nodes[t->table[j]];
		if (nd->parent == parent && nd->ip == ip)
			return t->table[j];
	}
	return 0;
}

static void trie_slot(struct trie *t, uint32_t idx)
{
	const struct trie_node *nd = &t->nodes[idx];
	size_t j = trie_hash(nd->parent, nd->ip) & (t->table_cap - 1);

	while (t->table[j])
		j = (j + 1) & (t->table_cap - 1);
	t->table[j] = idx;
}

static uint32_t trie_add(struct trie *t, uint32_t parent, uint64_t ip, uint32_t stack)
{
	if (!t->n) {
		t->cap = 1024;
		t->nodes = xcalloc(t->cap, sizeof(*t->nodes));
		t->n = 1; /* the root */
	}
	if (t->n == t->cap) {
		t->cap *= 2;
		t->nodes = xrealloc(t->nodes, t->cap * sizeof(*t->nodes));
	}
	if ((t->n + 1) * 2 > t->table_cap) {
		free(t->table);
		t->table_cap = t->table_cap ? t->table_cap * 2 : 2048;
		t->table = xcalloc(t->table_cap, sizeof(uint32_t));
		for (uint32_t i = 1; i < t->n; i++)
			trie_slot(t, i);
	}
	uint32_t idx = (uint32_t)t->n++;
	t->nodes[idx].ip = ip;
	t->nodes[idx].parent = parent;
	t->nodes[idx].stack = stack;
	trie_slot(t, idx);
	return idx;
}

static uint32_t stack_intern(struct recorder *r, uint32_t proc_id, const struct rec_sample *s,
			     uint32_t n)
{
	uint64_t h = stack_hash(proc_id, s->gen, s->flags, s->ips, n);
	size_t j = h & (r->table_cap - 1);

	while (r->table[j]) {
		struct stack_ent *e = &r->stacks[r->table[j] - 1];
		if (e->hash == h && e->proc_id == proc_id && e->gen == s->gen &&
		    e->flags == s->flags && e->n == n &&
		    !memcmp(r->frames + e->off, s->ips, n * sizeof(uint64_t)))
			return r->table[j] - 1;
		j = (j + 1) & (r->table_cap - 1);
	}
	if (r->nstacks == r->stacks_cap) {
		r->stacks_cap = r->stacks_cap ? r->stacks_cap * 2 : 1024;
		r->stacks = xrealloc(r->stacks, r->stacks_cap * sizeof(*r->stacks));
	}
	if (r->nframes + n > r->frames_cap) {
		while (r->nframes + n > r->frames_cap)
			r->frames_cap = r->frames_cap ? r->frames_cap * 2 : 16384;
		r->frames = xrealloc(r->frames, r->frames_cap * sizeof(uint64_t));
	}
	uint32_t id = (uint32_t)r->nstacks++;
	struct stack_ent *e = &r->stacks[id];
	struct rproc *pr = proc_at(r, proc_id);
	for (uint32_t i = 0; pr && i < n; i++)
		if (!range_known(pr, i ? s->ips[i] - 1 : s->ips[i])) {
			maps_rescan(r, proc_id);
			break;
		}
	e->hash = h;
	e->proc_id = proc_id;
	e->gen = s->gen;
	e->flags = s->flags;
	e->n = n;
	e->off = r->nframes;
	memcpy(r->frames + r->nframes, s->ips, n * sizeof(uint64_t));
	r->nframes += n;
	r->table[j] = id + 1;
	if (r->nstacks * 2 > r->table_cap)
		table_grow(r);

	/* the longest root-side run of frames some earlier stack had */
	uint32_t node = 0, shared = 0, base = 0;
	int k = (int)n - 1;
	for (uint32_t child; k >= 0 && (child = trie_find(&r->trie, node, s->ips[k])); k--) {
		node = child;
		shared++;
		base = r->trie.nodes[child].stack;
	}
	for (int q = k; q >= 0; q--)
		node = trie_add(&r->trie, node, s->ips[q], id);

	struct pbuf b = {0};
	uint64_t prev = 0;
	pbuf_uv(&b, id);
	pbuf_uv(&b, proc_id);
	pbuf_uv(&b, s->gen);
	pbuf_uv(&b, s->flags);
	pbuf_uv(&b, n);
	pbuf_uv(&b, shared ? (uint64_t)base + 1 : 0);
	pbuf_uv(&b, shared);
	for (uint32_t i = 0; i < n - shared; i++) {
		pbuf_sv(&b, (int64_t)(s->ips[i] - prev));
		prev = s->ips[i];
	}
	profile_writer_record(r->w, P_STACK, &b);
	pbuf_free(&b);
	r->tot.stacks++;
	return id;
}

static void batch_flush(struct recorder *r)
{
	struct pbuf b = {0};

	if (!r->batch_n)
		return;
	pbuf_uv(&b, r->batch_n);
	pbuf_uv(&b, r->batch_t0);
	pbuf_raw(&b, r->batch.b, r->batch.len);
	profile_writer_record(r->w, P_SAMPLES, &b);
	pbuf_free(&b);
	r->batch.len = 0;
	r->batch_n = 0;
}

static void on_sample(struct recorder *r, uint32_t ring_idx, const struct rec_sample *s, size_t size)
{
	struct ct_ring *ring = shm_ring(r->shm, ring_idx);
	uint32_t n = s->nframes;
	uint64_t t = rel_time(r, s->time_ns) / 1000; /* the file keeps microseconds */

	if (n == 0 || sizeof(*s) + (size_t)n * 8 > size)
		return;
	uint32_t thread = (uint32_t)ring_thread_get(r, ring_idx);
	uint32_t stack = stack_intern(r, ring->proc_id, s, n);

	if (r->batch_n == 0) {
		r->batch_t0 = t;
		r->batch_last = t;
	}
	pbuf_uv(&r->batch, thread);
	pbuf_uv(&r->batch, stack);
	pbuf_sv(&r->batch, (int64_t)(t - r->batch_last));
	pbuf_uv(&r->batch, s->weight);
	r->batch_last = t;
	r->batch_n++;
	r->tot.samples_written++;
	if (r->batch_n >= SAMPLE_BATCH)
		batch_flush(r);
}

static void on_record(void *ctx, struct ct_ring *ring, const struct ct_rec_hdr *h)
{
	struct recorder *r = ctx;
	uint32_t ring_idx = (uint32_t)(ring - shm_ring(r->shm, 0));
	const void *pl = h + 1;
	size_t size = h->size - sizeof(*h);

	switch (h->type) {
	case REC_SAMPLE:
		if (size >= sizeof(struct rec_sample))
			on_sample(r, ring_idx, pl, size);
		break;
	case REC_PROC:
		if (size >= sizeof(struct rec_proc))
			on_proc(r, pl, size);
		break;
	case REC_PROC_END:
		if (size >= sizeof(struct rec_proc_end))
			on_proc_end(r, ring->proc_id, pl);
		break;
	case REC_MAP:
		if (size > sizeof(struct rec_map))
			on_map(r, ring->proc_id, pl, size);
		break;
	case REC_UNMAP:
		if (size >= sizeof(struct rec_unmap))
			on_unmap(r, ring->proc_id, pl);
		break;
	case REC_THREAD:
		if (size >= sizeof(struct rec_thread))
			on_thread(r, ring_idx, pl);
		break;
	case REC_THREAD_END:
		if (size >= sizeof(struct rec_thread))
			on_thread_end(r, ring_idx, pl);
		break;
	default:
		break;
	}
}

size_t recorder_drain(struct recorder *r)
{
	size_t total = 0;

	for (uint32_t i = 0; i < r->shm->nrings; i++) {
		uint32_t st = atomic_load_explicit(&shm_ring(r->shm, i)->state, memory_order_acquire);
		if (st == RING_OWNED || st == RING_CLOSED) {
			int n = ring_drain(r->shm, i, on_record, r);
			if (n < 0)
				atomic_fetch_add(&r->shm->lost_events, 1);
			else
				total += (size_t)n;
		}
	}
	/* Samples are written in batches: a record per second at most, so
	 * that a slow rate does not pay a record header for every sample. */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t now = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	if (now - r->batch_flushed_ns >= 1000000000ULL) {
		batch_flush(r);
		r->batch_flushed_ns = now;
	}
	return total;
}

/* ---- handing rings back ---- */

static void thread_end_write(struct recorder *r, uint32_t idx, const struct ct_ring *ring)
{
	struct rthread *t = &r->threads[idx];
	struct pbuf b = {0};
	struct ct_ring_stats st;

	st.samples = atomic_load(&ring->st.samples);
	st.weight = atomic_load(&ring->st.weight);
	st.dropped = atomic_load(&ring->st.dropped);
	st.dropped_weight = atomic_load(&ring->st.dropped_weight);
	st.pc_only = atomic_load(&ring->st.pc_only);
	st.truncated = atomic_load(&ring->st.truncated);
	st.unwind_failed = atomic_load(&ring->st.unwind_failed);
	st.handler_ns = atomic_load(&ring->st.handler_ns);
	st.program_signals = atomic_load(&ring->st.program_signals);
	r->tot.samples += st.samples;
	r->tot.weight += st.weight;
	r->tot.dropped += st.dropped;
	r->tot.dropped_weight += st.dropped_weight;
	r->tot.pc_only += st.pc_only;
	r->tot.truncated += st.truncated;
	r->tot.unwind_failed += st.unwind_failed;
	r->tot.handler_ns += st.handler_ns;

	pbuf_uv(&b, idx);
	pbuf_uv(&b, t->t_end);
	pbuf_uv(&b, t->cpu_ns);
	pbuf_uv(&b, (uint64_t)t->ended);
	pbuf_str(&b, t->name);
	pbuf_uv(&b, st.samples);
	pbuf_uv(&b, st.weight);
	pbuf_uv(&b, st.dropped);
	pbuf_uv(&b, st.dropped_weight);
	pbuf_uv(&b, st.pc_only);
	pbuf_uv(&b, st.truncated);
	pbuf_uv(&b, st.unwind_failed);
	pbuf_uv(&b, st.handler_ns);
	pbuf_uv(&b, st.program_signals);
	profile_writer_record(r->w, P_THREAD_END, &b);
	pbuf_free(&b);
}

/* The ring's producer is gone: take what is left, account for it, and make
 * it free for another thread. */
static void ring_release(struct recorder *r, uint32_t i)
{
	struct ct_ring *ring = shm_ring(r->shm, i);

	if (ring_drain(r->shm, i, on_record, r) < 0)
		atomic_fetch_add(&r->shm->lost_events, 1);
	batch_flush(r);
	if (r->ring_thread[i] >= 0 || atomic_load(&ring->st.samples) || atomic_load(&ring->st.dropped))
		thread_end_write(r, (uint32_t)ring_thread_get(r, i), ring);
	r->ring_thread[i] = -1;
	atomic_store_explicit(&ring->state, RING_FREE, memory_order_release);
}

static void rings_release_proc(struct recorder *r, uint32_t proc_id)
{
	for (uint32_t i = 0; i < r->shm->nrings; i++) {
		struct ct_ring *ring = shm_ring(r->shm, i);
		uint32_t st = atomic_load(&ring->state);
		if ((st == RING_OWNED || st == RING_CLOSED) && ring->proc_id == proc_id)
			ring_release(r, i);
	}
}

static int task_alive(pid_t pid, pid_t tid)
{
	if (syscall(SYS_tgkill, pid, tid, 0) == 0 || errno != ESRCH) {
		/* a zombie still answers; its samples are final all the same */
		char path[64], buf[512];
		FILE *f;
		int alive = 1;

		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
		if ((f = fopen(path, "re"))) {
			if (fgets(buf, sizeof(buf), f)) {
				char *p = strrchr(buf, ')');
				if (p && (p[2] == 'Z' || p[2] == 'X'))
					alive = 0;
			}
			fclose(f);
		}
		return alive;
	}
	return 0;
}

void recorder_reap(struct recorder *r, int final)
{
	for (uint32_t i = 0; i < r->shm->nrings; i++) {
		struct ct_ring *ring = shm_ring(r->shm, i);
		uint32_t st = atomic_load_explicit(&ring->state, memory_order_acquire);

		if (st == RING_CLOSED || (st == RING_OWNED && (final || !task_alive(ring->pid, ring->tid))))
			ring_release(r, i);
	}
}

void recorder_set_status(struct recorder *r, pid_t pid, int wait_status)
{
	r->main_pid = pid;
	r->main_status = wait_status;
	r->main_status_set = 1;
}

void recorder_finish(struct recorder *r)
{
	batch_flush(r);
	for (size_t i = 1; i < r->nprocs; i++) {
		struct rproc *p = &r->procs[i];
		if (!p->seen)
			continue;
		/* the newest image of the launched pid carries its wait status */
		if (r->main_status_set && p->pid == r->main_pid && p->ended != 2) {
			p->status = r->main_status;
			if (WIFSIGNALED(r->main_status))
				p->ended = 0;
		}
		proc_end_write(r, (uint32_t)i);
	}
	r->tot.lost_events = atomic_load(&r->shm->lost_events);
	r->tot.noring_samples = atomic_load(&r->shm->noring_samples);
	r->tot.noring_weight = atomic_load(&r->shm->noring_weight);
	r->tot.threads_noring = atomic_load(&r->shm->threads_noring);
	r->tot.arm_failures = atomic_load(&r->shm->arm_failures);
}

void recorder_totals(const struct recorder *r, struct recorder_totals *t)
{
	*t = r->tot;
}

void recorder_free(struct recorder *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nprocs; i++)
		free(r->procs[i].ranges);
	free(r->procs);
	free(r->threads);
	free(r->ring_thread);
	free(r->stacks);
	free(r->table);
	free(r->frames);
	free(r->trie.nodes);
	free(r->trie.table);
	pbuf_free(&r->batch);
	free(r);
}
