/* record.h - the records the shim writes into its thread's ring. Fixed
 * layouts, native byte order: both ends run on the same machine. The profile
 * file has its own, portable encoding (profile.h). */
#ifndef CTRACE_RECORD_H
#define CTRACE_RECORD_H

#include <stdint.h>

enum ct_rec_type {
	/* 0 is the ring's padding */
	REC_SAMPLE = 1,
	REC_PROC = 2,       /* a process image starts (launch, fork child, exec) */
	REC_PROC_END = 3,   /* a process image ends normally (exit, exec) */
	REC_MAP = 4,        /* an executable mapping is known */
	REC_UNMAP = 5,      /* a mapping went away (dlclose) */
	REC_THREAD = 6,     /* a thread starts being sampled */
	REC_THREAD_END = 7, /* a thread ends; carries its final name and CPU time */
	REC_THREAD_NAME = 8,
};

/* Sample flags, also stored with each stack in the profile. */
enum ct_sample_flag {
	SAMPLE_TRUNCATED = 1,     /* deeper than max-depth: the outermost frames are cut */
	SAMPLE_PC_ONLY = 2,       /* only the PC: a dlclose or fork held the unwinder back */
	SAMPLE_UNWIND_FAILED = 4, /* the unwinder gave nothing past the interrupted PC */
};

struct rec_sample {
	uint64_t time_ns; /* CLOCK_MONOTONIC */
	uint32_t weight;  /* periods of the asked rate this sample stands for */
	uint32_t gen;     /* the process's mapping generation (see REC_UNMAP) */
	uint16_t flags;
	uint16_t nframes;
	uint32_t pad;
	uint64_t ips[]; /* leaf first; ips[0] is the interrupted PC, others return addresses */
};

enum ct_proc_kind { PROC_LAUNCH = 0, PROC_FORK = 1, PROC_EXEC = 2 };

struct rec_proc {
	uint64_t time_ns;
	uint32_t proc_id; /* unique per process image, from ct_shm.next_proc_id */
	uint32_t parent_proc_id; /* 0 when unknown */
	int32_t pid;
	int32_t ppid;
	uint32_t kind;
	uint32_t cmdline_len;
	char cmdline[]; /* exe path NUL argv[0] NUL argv[1] ... (cmdline_len bytes) */
};

struct rec_proc_end {
	uint64_t time_ns;
	uint64_t cpu_user_ns;
	uint64_t cpu_sys_ns;
	uint32_t reason; /* 0 exit, 1 exec */
	int32_t status;  /* exit status when known, else -1 */
};

struct rec_map {
	uint64_t start, end, offset;
	uint32_t gen; /* generation when the mapping was seen */
	uint8_t build_id_len;
	uint8_t build_id[20];
	uint8_t pad[3];
	char path[]; /* NUL-terminated */
};

/* A dlclose took away [start, end): samples with gen >= this gen no longer
 * see it. */
struct rec_unmap {
	uint64_t start, end;
	uint32_t gen;
	uint32_t pad;
};

struct rec_thread {
	uint64_t time_ns;
	uint64_t cpu_ns; /* thread CPU time (REC_THREAD_END), else 0 */
	int32_t tid;
	uint32_t flags;  /* THREAD_* */
	char name[16];
};

enum { THREAD_MAIN = 1, THREAD_SIGNALS_BLOCKED = 2 };

#endif
