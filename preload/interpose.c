/* interpose.c - the program's calls the shim must see: thread creation (arm
 * a timer per thread), fork (the child re-attaches), dlclose and
 * dl_iterate_phdr (mapping events; no unwinding while the loader holds its
 * lock), and SIGPROF's disposition and mask (ours stays installed and
 * unblocked, the program's handler is chained and its blocking emulated).
 * None of these run in signal context. */
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim.h"

/* Keeps signal handlers out of the unwinder (they take only the PC) and
 * waits for those inside to leave; see handler.c. */
static void unwinders_hold(void)
{
	atomic_fetch_add(&ct.unwind_held, 1);
	while (atomic_load(&ct.walkers))
		sched_yield(); /* a handler unwinds for a few microseconds */
}

static void unwinders_release(void)
{
	atomic_fetch_sub(&ct.unwind_held, 1);
}

struct thread_start {
	void *(*fn)(void *);
	void *arg;
	int prog_blocked;
};

static void *thread_trampoline(void *p)
{
	struct thread_start a = *(struct thread_start *)p;
	sigset_t s;

	free(p);
	/* Threads created with all signals blocked (liblzma's workers, or
	 * pthread_attr_setsigmask_np) still get our signal; the program's
	 * view of its mask is kept in prog_blocked. */
	sigemptyset(&s);
	sigaddset(&s, SIGPROF);
	real.pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	ct_self.prog_blocked = a.prog_blocked;
	thread_attach(0, a.prog_blocked);
	return a.fn(a.arg);
}

CT_EXPORT int pthread_create(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	struct thread_start *a;
	int rc;

	real_resolve();
	if (!ct.active)
		return real.pthread_create(th, attr, fn, arg);
	a = malloc(sizeof(*a));
	if (!a)
		return real.pthread_create(th, attr, fn, arg);
	a->fn = fn;
	a->arg = arg;
	a->prog_blocked = ct_self.prog_blocked;
	if (attr) {
		sigset_t m;
		if (pthread_attr_getsigmask_np(attr, &m) == 0)
			a->prog_blocked = sigismember(&m, SIGPROF) == 1;
	}
	rc = real.pthread_create(th, attr, thread_trampoline, a);
	if (rc != 0)
		free(a);
	return rc;
}

CT_EXPORT pid_t fork(void)
{
	pid_t pid;

	real_resolve();
	if (!ct.active)
		return real.fork();
	/* No thread may be inside libunwind (holding its global lock) when
	 * the address space is copied: the child would inherit it locked. */
	unwinders_hold();
	pid = real.fork();
	unwinders_release();
	if (pid == 0)
		process_after_fork();
	return pid;
}

CT_EXPORT int dlclose(void *handle)
{
	int rc;

	real_resolve();
	if (!ct.active)
		return real.dlclose(handle);
	/* report a library opened since the last look before it can go away */
	maps_snapshot();
	unwinders_hold();
	rc = real.dlclose(handle);
	unwinders_release();
	maps_snapshot_unmaps();
	return rc;
}

CT_EXPORT int dl_iterate_phdr(int (*cb)(struct dl_phdr_info *, size_t, void *), void *data)
{
	int rc;

	real_resolve();
	if (ct_self.in_handler)
		return phdr_iterate_unlocked(cb, data);
	rc = real.dl_iterate_phdr(cb, data);
	return rc;
}

/* ---- SIGPROF disposition ---- */

CT_EXPORT int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct sigaction prev;

	real_resolve();
	if (sig != SIGPROF || !ct.active)
		return real.sigaction(sig, act, old);
	if (ct.prog_act_set) {
		prev = ct.prog_act;
	} else {
		memset(&prev, 0, sizeof(prev));
		prev.sa_handler = SIG_DFL;
	}
	if (act) {
		ct.prog_act = *act;
		ct.prog_act_set = 1;
	}
	if (old)
		*old = prev;
	return 0;
}

CT_EXPORT sighandler_t signal(int sig, sighandler_t h)
{
	struct sigaction act, old;

	real_resolve();
	if (sig != SIGPROF || !ct.active) {
		static sighandler_t (*real_signal)(int, sighandler_t);
		if (!real_signal)
			real_signal = (sighandler_t(*)(int, sighandler_t))dlsym(RTLD_NEXT, "signal");
		return real_signal(sig, h);
	}
	memset(&act, 0, sizeof(act));
	act.sa_handler = h;
	act.sa_flags = SA_RESTART; /* glibc's signal() has BSD semantics */
	sigemptyset(&act.sa_mask);
	sigaction(sig, &act, &old);
	return old.sa_handler;
}

/* ---- SIGPROF in signal masks ---- */

static int mask_change(int (*fn)(int, const sigset_t *, sigset_t *), int how, const sigset_t *set,
		       sigset_t *old)
{
	int was = ct_self.prog_blocked;
	sigset_t copy;
	int rc;

	if (!ct.active)
		return fn(how, set, old);
	if (set) {
		int has = sigismember(set, SIGPROF) == 1;
		copy = *set;
		if (how == SIG_BLOCK && has) {
			ct_self.prog_blocked = 1;
			sigdelset(&copy, SIGPROF);
		} else if (how == SIG_UNBLOCK && has) {
			ct_self.prog_blocked = 0;
		} else if (how == SIG_SETMASK) {
			ct_self.prog_blocked = has;
			sigdelset(&copy, SIGPROF);
		}
		set = &copy;
	}
	rc = fn(how, set, old);
	if (rc != 0) {
		ct_self.prog_blocked = was;
		return rc;
	}
	if (old) {
		if (was)
			sigaddset(old, SIGPROF);
		else
			sigdelset(old, SIGPROF);
	}
	if (was && !ct_self.prog_blocked && ct_self.prog_pending) {
		/* the program's own SIGPROF, held back while it was "blocked" */
		ct_self.prog_pending = 0;
		syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGPROF);
	}
	return rc;
}

CT_EXPORT int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	real_resolve();
	return mask_change(real.pthread_sigmask, how, set, old);
}

CT_EXPORT int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	real_resolve();
	return mask_change(real.sigprocmask, how, set, old);
}
