/* shim.c - libctrace.so's life cycle: the constructor reads the CTRACE_*
 * settings and maps the launcher's ring, threads attach to a ring of their own
 * and arm their timer, the destructor reports the process's end. now_ns is
 * the only function here that runs in signal context. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim.h"

struct ct_global ct;
TLS struct ct_thread ct_self = {.ring = -1, .perf_fd = -1};
struct ct_real real;
static pthread_key_t thread_key;

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void real_resolve(void)
{
	if (real.sigaction)
		return;
	real.pthread_create = dlsym(RTLD_NEXT, "pthread_create");
	real.pthread_sigmask = dlsym(RTLD_NEXT, "pthread_sigmask");
	real.sigprocmask = dlsym(RTLD_NEXT, "sigprocmask");
	real.fork = dlsym(RTLD_NEXT, "fork");
	real.dlclose = dlsym(RTLD_NEXT, "dlclose");
	real.dl_iterate_phdr = dlsym(RTLD_NEXT, "dl_iterate_phdr");
	real.sigaction = dlsym(RTLD_NEXT, "sigaction");
}

static long env_long(const char *name, long def, long lo, long hi)
{
	const char *v = getenv(name);
	char *end;
	long x;

	if (!v || !*v)
		return def;
	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || *end || x < lo || x > hi)
		return def;
	return x;
}

static void sigprof_block(sigset_t *old)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGPROF);
	real.pthread_sigmask(SIG_BLOCK, &s, old);
}

void event_write(uint32_t type, const void *payload, uint32_t size)
{
	struct ring_resv r;
	sigset_t old;
	uint32_t total = (uint32_t)sizeof(struct ct_rec_hdr) + size;

	if (!ct.active || ct_self.ring < 0) {
		if (ct.active)
			atomic_fetch_add(&ct.shm->lost_events, 1);
		return;
	}
	sigprof_block(&old);
	/* Events are rare and matter (mappings): wait up to ~0.5 s for the
	 * launcher to make room, then give up rather than hang the program. */
	for (int tries = 0; ring_reserve(ct.shm, (uint32_t)ct_self.ring, total, &r) < 0; tries++) {
		if (tries == 500) {
			atomic_fetch_add(&ct.shm->lost_events, 1);
			real.pthread_sigmask(SIG_SETMASK, &old, NULL);
			return;
		}
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	memcpy(r.rec + sizeof(struct ct_rec_hdr), payload, size);
	ring_commit(&r, type, total);
	real.pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static int ring_claim(void)
{
	for (uint32_t i = 0; i < ct.shm->nrings; i++) {
		struct ct_ring *r = shm_ring(ct.shm, i);
		uint32_t expect = RING_FREE;

		if (atomic_load_explicit(&r->state, memory_order_relaxed) != RING_FREE)
			continue;
		/* The launcher hands a ring back only once it is empty, with
		 * head == tail; the new owner's fields are published before
		 * it becomes OWNED. */
		if (!atomic_compare_exchange_strong(&r->state, &expect, RING_CLAIMING))
			continue;
		r->proc_id = ct.proc_id;
		r->pid = ct.pid;
		r->tid = ct_self.tid;
		memset((void *)&r->st, 0, sizeof(r->st));
		atomic_store_explicit(&r->state, RING_OWNED, memory_order_release);
		return (int)i;
	}
	atomic_fetch_add(&ct.shm->threads_noring, 1);
	return -1;
}

static void thread_event(uint32_t type, uint32_t flags)
{
	struct rec_thread t;
	struct timespec cpu;

	memset(&t, 0, sizeof(t));
	t.time_ns = now_ns();
	t.tid = ct_self.tid;
	t.flags = flags;
	if (type == REC_THREAD_END && clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0)
		t.cpu_ns = (uint64_t)cpu.tv_sec * 1000000000ULL + (uint64_t)cpu.tv_nsec;
	prctl(PR_GET_NAME, t.name, 0, 0, 0);
	event_write(type, &t, sizeof(t));
}

void thread_attach(int main_thread, int signals_blocked)
{
	if (!ct.active || ct_self.armed)
		return;
	ct_self.tid = (pid_t)syscall(SYS_gettid);
	ct_self.perf_fd = -1;
	if (ct_self.ring < 0)
		ct_self.ring = ring_claim();
	ct_self.signals_blocked_at_start = signals_blocked;
	thread_event(REC_THREAD, (main_thread ? THREAD_MAIN : 0) |
					 (signals_blocked ? THREAD_SIGNALS_BLOCKED : 0));
	unwind_warm();
	engine_arm_thread();
	if (!main_thread)
		pthread_setspecific(thread_key, (void *)1);
}

void thread_detach(void)
{
	if (!ct.active || ct_self.ring < 0)
		return;
	engine_disarm_thread();
	thread_event(REC_THREAD_END, 0);
	atomic_store_explicit(&shm_ring(ct.shm, ct_self.ring)->state, RING_CLOSED,
			      memory_order_release);
	ct_self.ring = -1;
}

static void thread_key_destroy(void *v)
{
	(void)v;
	thread_detach();
}

static void proc_event(uint32_t kind, uint32_t parent)
{
	char buf[sizeof(struct rec_proc) + 8192];
	struct rec_proc *p = (struct rec_proc *)buf;
	size_t len = 0;

	memset(p, 0, sizeof(*p));
	p->time_ns = now_ns();
	p->proc_id = ct.proc_id;
	p->parent_proc_id = parent;
	p->pid = ct.pid;
	p->ppid = getppid();
	p->kind = kind;
	ssize_t n = readlink("/proc/self/exe", p->cmdline, 4095);
	len = n > 0 ? (size_t)n : 0;
	p->cmdline[len++] = 0;
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t r = read(fd, p->cmdline + len, 8192 - len - 1);
		if (r > 0)
			len += (size_t)r;
		close(fd);
	}
	p->cmdline_len = (uint32_t)len;
	event_write(REC_PROC, p, (uint32_t)(sizeof(*p) + len));
}

static void proc_end_event(uint32_t reason)
{
	struct rec_proc_end e;
	struct rusage ru;

	memset(&e, 0, sizeof(e));
	e.time_ns = now_ns();
	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		e.cpu_user_ns = (uint64_t)ru.ru_utime.tv_sec * 1000000000ULL +
				(uint64_t)ru.ru_utime.tv_usec * 1000ULL;
		e.cpu_sys_ns = (uint64_t)ru.ru_stime.tv_sec * 1000000000ULL +
			       (uint64_t)ru.ru_stime.tv_usec * 1000ULL;
	}
	e.reason = reason;
	e.status = -1;
	event_write(REC_PROC_END, &e, sizeof(e));
}

void process_after_fork(void)
{
	uint32_t parent = ct.proc_id;

	if (!ct.active)
		return;
	/* Only this thread exists in the child; the TLS still names the
	 * parent's ring and timer, which belong to the parent. */
	if (ct_self.perf_fd >= 0)
		close(ct_self.perf_fd);
	ct_self.perf_fd = -1;
	ct_self.armed = 0;
	ct_self.ring = -1;
	/* a handler of another parent thread may have been counted in */
	atomic_store(&ct.walkers, 0);
	if (!ct.follow) {
		ct.active = 0;
		return;
	}
	ct.pid = getpid();
	ct.proc_id = atomic_fetch_add(&ct.shm->next_proc_id, 1);
	ct_self.tid = (pid_t)syscall(SYS_gettid);
	ct_self.ring = ring_claim();
	proc_event(PROC_FORK, parent);
	maps_report_after_fork();
	thread_attach(1, 0);
}

/* --no-follow: children start without us. Removes only our own entry from
 * LD_PRELOAD; anything else the user preloads stays. */
static void preload_env_drop(void)
{
	const char *v = getenv("LD_PRELOAD");
	Dl_info info;
	char out[4096];
	size_t o = 0;

	if (!v || !dladdr((void *)preload_env_drop, &info) || !info.dli_fname)
		return;
	const char *self = strrchr(info.dli_fname, '/');
	self = self ? self + 1 : info.dli_fname;
	while (*v) {
		size_t n = strcspn(v, ": ");
		const char *base = memrchr(v, '/', n);
		base = base ? base + 1 : v;
		int ours = (size_t)(v + n - base) == strlen(self) && !strncmp(base, self, strlen(self));
		if (!ours && n && o + n + 2 < sizeof(out)) {
			if (o)
				out[o++] = ':';
			memcpy(out + o, v, n);
			o += n;
		}
		v += n;
		v += strspn(v, ": ");
	}
	out[o] = 0;
	if (o)
		setenv("LD_PRELOAD", out, 1);
	else
		unsetenv("LD_PRELOAD");
}

__attribute__((constructor)) static void shim_init(void)
{
	const char *fdv = getenv("CTRACE_RING_FD");
	struct ct_shm *shm;
	struct stat st;
	int fd;

	real_resolve();
	if (!fdv)
		return;
	fd = (int)env_long("CTRACE_RING_FD", -1, 0, 1 << 20);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(struct ct_shm))
		return;
	shm = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (shm == MAP_FAILED)
		return;
	if (shm->magic != CT_SHM_MAGIC || shm->version != CT_SHM_VERSION ||
	    shm->total_bytes != (uint64_t)st.st_size ||
	    shm_layout_size(shm->nrings, shm->ring_bytes) > shm->total_bytes) {
		munmap(shm, (size_t)st.st_size);
		return;
	}
	ct.shm = shm;
	ct.hz = (uint32_t)env_long("CTRACE_FREQ", 999, 1, 100000);
	ct.period_ns = 1000000000ULL / ct.hz;
	ct.max_depth = (uint32_t)env_long("CTRACE_MAX_DEPTH", 512, 1, MAX_DEPTH_LIMIT);
	ct.engine = strcmp(getenv("CTRACE_ENGINE") ? getenv("CTRACE_ENGINE") : "", "perf") == 0
			    ? ENGINE_PERF
			    : ENGINE_TIMER;
	ct.follow = env_long("CTRACE_FOLLOW", 1, 0, 1) != 0;
	ct.pid = getpid();
	ct.proc_id = atomic_fetch_add(&shm->next_proc_id, 1);
	if (!ct.follow)
		preload_env_drop();
	if (unwind_load() < 0)
		ct.unw_backtrace = NULL; /* samples then hold only the PC */
	phdr_init();
	pthread_key_create(&thread_key, thread_key_destroy);
	ct.active = 1;
	ct_self.tid = (pid_t)syscall(SYS_gettid);
	ct_self.ring = ring_claim();
	proc_event(PROC_LAUNCH, 0);
	maps_snapshot();
	handler_install();
	thread_attach(1, 0);
}

__attribute__((destructor)) static void shim_fini(void)
{
	if (!ct.active || ct.pid != getpid())
		return;
	/* the timers stay armed: other destructors' CPU time counts too */
	maps_snapshot();
	if (ct_self.ring >= 0) {
		proc_end_event(0);
		thread_event(REC_THREAD_END, 0);
	}
}
