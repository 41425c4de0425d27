/* shim.h - state shared by the files of libctrace.so, the shim preloaded into
 * the profiled program. Functions marked [signal] run inside the SIGPROF
 * handler and must stay async-signal-safe; everything else runs in ordinary
 * program context (constructor, interposed calls, thread start and exit). */
#ifndef CTRACE_SHIM_H
#define CTRACE_SHIM_H

#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "../prof/record.h"
#include "../prof/ring.h"

#define TLS __attribute__((tls_model("initial-exec"))) __thread
/* the shim is built with -fvisibility=hidden: only what it interposes is seen */
#define CT_EXPORT __attribute__((visibility("default")))
#define TIMER_MAGIC 0x43545243 /* si_value of our own timer signals */
#define MAX_DEPTH_LIMIT 4096

enum ct_engine { ENGINE_TIMER = 0, ENGINE_PERF = 1 };

/* Per-thread state. Lives in static TLS (initial-exec), so the handler can
 * reach it without locks or allocation. */
struct ct_thread {
	int ring;              /* index of our ring, -1 when none */
	pid_t tid;
	int armed;             /* a timer or perf event delivers to this thread */
	timer_t timer;
	int perf_fd;           /* -1 when the perf engine is not used */
	volatile sig_atomic_t in_handler; /* unwinding in our handler (phdr.c) */
	volatile sig_atomic_t prog_blocked; /* the program believes SIGPROF is blocked */
	volatile sig_atomic_t prog_pending; /* a program SIGPROF arrived while "blocked" */
	int signals_blocked_at_start; /* the thread started with SIGPROF blocked */
};

struct ct_global {
	struct ct_shm *shm;
	int active;            /* recording in this process */
	uint32_t proc_id;
	pid_t pid;
	int engine;
	uint32_t hz;
	uint64_t period_ns;
	uint32_t max_depth;
	int follow;
	_Atomic uint32_t map_gen;
	/* a dlclose or fork in progress keeps handlers out of the unwinder;
	 * walkers counts handlers inside it (handler.c, interpose.c) */
	_Atomic int unwind_held;
	_Atomic int walkers;
	int (*unw_backtrace)(void **buf, int n);
	/* the program's own SIGPROF disposition (we keep ours installed) */
	struct sigaction prog_act;
	int prog_act_set;
};

extern struct ct_global ct;
extern TLS struct ct_thread ct_self;

/* real functions behind our interposed ones */
struct ct_real {
	int (*pthread_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
	int (*pthread_sigmask)(int, const sigset_t *, sigset_t *);
	int (*sigprocmask)(int, const sigset_t *, sigset_t *);
	int (*sigaction)(int, const struct sigaction *, struct sigaction *);
	pid_t (*fork)(void);
	int (*dlclose)(void *);
	int (*dl_iterate_phdr)(int (*)(struct dl_phdr_info *, size_t, void *), void *);
};
extern struct ct_real real;
void real_resolve(void);

/* shim.c */
uint64_t now_ns(void); /* [signal] CLOCK_MONOTONIC through the vDSO */
void thread_attach(int main_thread, int signals_blocked);
void thread_detach(void);
void process_after_fork(void);
/* Writes a non-sample record into this thread's ring, with our signal
 * blocked. Waits a little for room; counts the event as lost if none. */
void event_write(uint32_t type, const void *payload, uint32_t size);

/* engine.c */
int engine_arm_thread(void);
void engine_disarm_thread(void);
void engine_rearm_perf(void); /* [signal] */

/* handler.c */
void handler_install(void);

/* maps.c */
void maps_snapshot(void);        /* report new executable mappings */
void maps_snapshot_unmaps(void); /* report mappings that went away */
void maps_report_after_fork(void); /* in a fork child, without the loader */

/* phdr.c */
void phdr_init(void);
int phdr_iterate_unlocked(int (*cb)(struct dl_phdr_info *, size_t, void *), void *data); /* [signal] */

/* unwind.c */
int unwind_load(void);
void unwind_warm(void);

#endif
