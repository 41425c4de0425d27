/* handler.c - the SIGPROF handler: tells our timer signals from the program's,
 * unwinds the interrupted stack with libunwind and writes one sample into the
 * thread's ring. Everything in this file runs in signal context: no locks, no
 * allocation, no stdio, errno preserved. */
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "shim.h"

/* Frames of our own handler and the signal trampoline above the interrupted
 * one; unw_backtrace is asked for this many more than max_depth. */
#define HANDLER_FRAMES_MAX 16

static int signal_is_ours(const siginfo_t *si)
{
	if (si->si_code == SI_TIMER)
		return si->si_value.sival_int == TIMER_MAGIC;
	if (ct_self.perf_fd >= 0 && (si->si_code == POLL_IN || si->si_code == POLL_HUP))
		return si->si_fd == ct_self.perf_fd;
	return 0;
}

/* No unwinding now: a dlclose is unmapping code (ours, or the loader's own
 * after a failed dlopen), and libunwind could read unwind tables as they
 * disappear; or a fork is copying the process, and a child must not inherit
 * libunwind's lock taken. */
static int unwind_held(void)
{
	if (atomic_load(&ct.unwind_held))
		return 1;
	for (struct r_debug *r = &_r_debug; r;) {
		if (r->r_state == RT_DELETE)
			return 1;
		if (r->r_version < 2)
			break;
		r = (struct r_debug *)((struct r_debug_extended *)r)->r_next;
	}
	return 0;
}

static void program_signal(int sig, siginfo_t *si, void *uc)
{
	struct sigaction *a = &ct.prog_act;

	if (ct_self.prog_blocked) {
		/* held back as the program asked; raised again when it unblocks */
		ct_self.prog_pending = 1;
		return;
	}
	if (ct_self.ring >= 0)
		atomic_fetch_add_explicit(&shm_ring(ct.shm, ct_self.ring)->st.program_signals, 1,
					  memory_order_relaxed);
	if (!ct.prog_act_set || a->sa_handler == SIG_DFL) {
		/* SIGPROF's default action ends the process: let the kernel do it */
		struct sigaction dfl;
		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		real.sigaction(sig, &dfl, NULL);
		syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
		return;
	}
	if (a->sa_handler == SIG_IGN)
		return;
	/* run it as the kernel would have: with its sa_mask blocked */
	sigset_t old;
	real.pthread_sigmask(SIG_BLOCK, &a->sa_mask, &old);
	if (a->sa_flags & SA_SIGINFO)
		a->sa_sigaction(sig, si, uc);
	else
		a->sa_handler(sig);
	if (a->sa_flags & SA_RESETHAND)
		a->sa_handler = SIG_DFL;
	real.pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void sample_take(siginfo_t *si, ucontext_t *uc)
{
	struct ct_thread *t = &ct_self;
	uint64_t t0 = now_ns();
	uint32_t weight = 1;
	struct ring_resv r;

	if (si->si_code == SI_TIMER && si->si_overrun > 0)
		weight += (uint32_t)si->si_overrun;
	if (t->ring < 0) {
		atomic_fetch_add_explicit(&ct.shm->noring_samples, 1, memory_order_relaxed);
		atomic_fetch_add_explicit(&ct.shm->noring_weight, weight, memory_order_relaxed);
		return;
	}
	struct ct_ring_stats *st = &shm_ring(ct.shm, t->ring)->st;
	uint32_t cap = ct.max_depth + HANDLER_FRAMES_MAX + 1;
	uint32_t size = sizeof(struct ct_rec_hdr) + sizeof(struct rec_sample) + cap * 8;

	if (ring_reserve(ct.shm, (uint32_t)t->ring, size, &r) < 0) {
		atomic_fetch_add_explicit(&st->dropped, 1, memory_order_relaxed);
		atomic_fetch_add_explicit(&st->dropped_weight, weight, memory_order_relaxed);
		return;
	}
	struct rec_sample *s = (struct rec_sample *)(r.rec + sizeof(struct ct_rec_hdr));
	uint64_t pc = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
	uint16_t flags = 0;
	int n = 0;

	/* Announce the walk before looking at unwind_held (unwinders_hold
	 * does the converse): nothing is unmapped or forked under an unwinder. */
	atomic_fetch_add(&ct.walkers, 1);
	if (unwind_held() || !ct.unw_backtrace) {
		atomic_fetch_sub(&ct.walkers, 1);
		s->ips[0] = pc;
		n = 1;
		flags |= SAMPLE_PC_ONLY;
		atomic_fetch_add_explicit(&st->pc_only, 1, memory_order_relaxed);
	} else {
		t->in_handler = 1;
		int got = ct.unw_backtrace((void **)s->ips, (int)cap);
		t->in_handler = 0;
		atomic_fetch_sub(&ct.walkers, 1);
		int i = 0;

		while (i < got && i < HANDLER_FRAMES_MAX + 1 && s->ips[i] != pc)
			i++;
		if (i >= got || s->ips[i] != pc) {
			s->ips[0] = pc;
			n = 1;
			flags |= SAMPLE_UNWIND_FAILED;
			atomic_fetch_add_explicit(&st->unwind_failed, 1, memory_order_relaxed);
		} else {
			n = got - i;
			if (got == (int)cap || n > (int)ct.max_depth) {
				flags |= SAMPLE_TRUNCATED;
				atomic_fetch_add_explicit(&st->truncated, 1, memory_order_relaxed);
				if (n > (int)ct.max_depth)
					n = (int)ct.max_depth;
			}
			memmove(s->ips, s->ips + i, (size_t)n * 8);
		}
	}
	s->time_ns = t0;
	s->weight = weight;
	s->gen = atomic_load_explicit(&ct.map_gen, memory_order_acquire);
	s->flags = flags;
	s->nframes = (uint16_t)n;
	s->pad = 0;
	ring_commit(&r, REC_SAMPLE,
		    (uint32_t)(sizeof(struct ct_rec_hdr) + sizeof(struct rec_sample) + (size_t)n * 8));
	atomic_fetch_add_explicit(&st->samples, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&st->weight, weight, memory_order_relaxed);
	atomic_fetch_add_explicit(&st->handler_ns, now_ns() - t0, memory_order_relaxed);
}

static void handler(int sig, siginfo_t *si, void *ucv)
{
	int saved_errno = errno;

	if (ct.active && signal_is_ours(si)) {
		sample_take(si, ucv);
		engine_rearm_perf();
	} else {
		program_signal(sig, si, ucv);
	}
	errno = saved_errno;
}

void handler_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	real.sigaction(SIGPROF, &sa, NULL);
}
