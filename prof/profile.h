/* profile.h - the profile file (docs/FORMAT.md): a header, then typed,
 * length-prefixed, CRC-checked records with varint fields. The writer
 * streams records as the run goes; the reader loads a whole file into a
 * struct profile and rejects anything malformed with one message.
 *
 * Ownership: a struct profile owns all its arrays and strings, released by
 * profile_free(). A profile_writer owns its FILE. */
#ifndef CTRACE_PROFILE_H
#define CTRACE_PROFILE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROF_MAGIC "\x89" "CTR\r\n\x1a\n"
#define PROF_MAGIC_LEN 8
#define PROF_VERSION_MAJOR 1
#define PROF_VERSION_MINOR 0

struct profile_writer;

enum prof_rec {
	P_META = 1,
	P_PROC = 2,
	P_PROC_END = 3,
	P_MAP = 4,
	P_UNMAP = 5,
	P_THREAD = 6,
	P_THREAD_END = 7,
	P_STACK = 8,
	P_SAMPLES = 9,
	P_FUNC = 10,
	P_LOC = 11,
	P_MAP_STATUS = 12,
	P_END = 127,
};

/* Why a sample could not be unwound, and other per-thread recording figures. */
struct prof_stats {
	uint64_t samples, weight, dropped, dropped_weight, pc_only, truncated, unwind_failed,
		handler_ns, program_signals;
};

struct prof_proc {
	uint32_t id, parent;
	int32_t pid, ppid;
	uint32_t kind; /* enum ct_proc_kind */
	uint64_t t_start, t_end;
	uint64_t cpu_user_ns, cpu_sys_ns;
	int32_t status; /* wait status when known, else -1 */
	int ended;      /* 0 running/killed, 1 exit, 2 exec */
	char *exe;
	char *cmdline; /* argv joined by spaces */
	int seen;
};

enum map_status { MAP_UNRESOLVED = 0, MAP_OK = 1, MAP_MISSING = 2, MAP_BUILDID_MISMATCH = 3 };

struct prof_map {
	uint32_t proc_id;
	uint64_t start, end, offset;
	uint32_t gen, gen_gone; /* valid for samples with gen < gen_gone */
	uint8_t build_id[20];
	uint8_t build_id_len;
	uint8_t status; /* enum map_status */
	char *path;
};

struct prof_thread {
	uint32_t proc_id;
	int32_t tid;
	uint32_t flags;
	uint64_t t_start, t_end, cpu_ns;
	char name[32];
	int ended;
	struct prof_stats st;
};

struct prof_stack {
	uint32_t proc_id, gen, flags, nframes;
	uint64_t *frames; /* leaf first */
};

struct prof_sample {
	uint32_t thread, stack;
	uint64_t time; /* ns since the recording started */
	uint32_t weight;
};

struct prof_func {
	char *name, *raw_name, *file;
};

/* The frames an address resolved to (innermost first). */
struct prof_loc {
	uint32_t map;
	uint64_t offset; /* the file offset looked up (ip - 1 for return addresses) */
	uint32_t nframes;
	uint32_t first; /* index into profile.loc_frames */
};

struct prof_loc_frame {
	uint32_t func; /* index into funcs, UINT32_MAX when unknown */
	uint32_t line;
	uint32_t inlined;
};

struct profile {
	json_t *meta; /* merged P_META objects */
	struct prof_proc *procs; /* indexed by proc id */
	size_t nprocs;
	struct prof_map *maps;
	size_t nmaps;
	struct prof_thread *threads;
	size_t nthreads;
	struct prof_stack *stacks;
	size_t nstacks;
	struct prof_sample *samples;
	size_t nsamples;
	struct prof_func *funcs;
	size_t nfuncs;
	struct prof_loc *locs;
	size_t nlocs;
	struct prof_loc_frame *loc_frames;
	size_t nloc_frames;
	uint64_t *frame_arena;
	size_t arena_len, arena_cap;
	uint32_t *maps_sorted; /* map indices by (proc_id, start), for profile_map_find */
	/* the file's bytes, kept for profile_copy_records */
	uint8_t *raw;
	size_t raw_len;
};

/* Reads PATH. On failure returns NULL and writes one line (no newline) into
 * ERR. */
struct profile *profile_read(const char *path, char *err, size_t errlen);
struct profile *profile_parse(const uint8_t *buf, size_t len, char *err, size_t errlen);
void profile_free(struct profile *p);

/* Writes every record of P's file except those of the types in SKIP (a
 * 0-terminated list) to W, byte for byte. */
void profile_copy_records(const struct profile *p, struct profile_writer *w, const uint8_t *skip);

/* The symbols stored for (MAP, file offset OFF), or NULL. */
const struct prof_loc *profile_loc_find(const struct profile *p, uint32_t map, uint64_t off);

/* Finds the mapping that held IP for a stack of process PROC_ID at
 * generation GEN; -1 when none. */
long profile_map_find(const struct profile *p, uint32_t proc_id, uint32_t gen, uint64_t ip);

/* ---- writing ---- */

struct profile_writer {
	FILE *f;
	uint8_t *buf;
	size_t len, cap;
	int failed;
};

struct pbuf {
	uint8_t *b;
	size_t len, cap;
};

void pbuf_uv(struct pbuf *b, uint64_t v);
void pbuf_sv(struct pbuf *b, int64_t v);
void pbuf_bytes(struct pbuf *b, const void *p, size_t n); /* length-prefixed */
void pbuf_str(struct pbuf *b, const char *s);            /* length-prefixed, "" for NULL */
void pbuf_raw(struct pbuf *b, const void *p, size_t n);  /* no prefix */
void pbuf_free(struct pbuf *b);

int profile_writer_open(struct profile_writer *w, FILE *f);
void profile_writer_record(struct profile_writer *w, uint8_t type, const struct pbuf *payload);
void profile_writer_raw(struct profile_writer *w, const void *bytes, size_t n);
void profile_writer_meta(struct profile_writer *w, json_t *obj);
/* The last record: counts that let a reader tell a complete file. */
void profile_writer_end(struct profile_writer *w, uint64_t nsamples, uint64_t nstacks);
/* Flushes; returns -1 if anything failed to be written. */
int profile_writer_finish(struct profile_writer *w);

#endif
