/* engine.c - arms the per-thread sampling signal: a CPU-time POSIX timer
 * (ticks at the kernel's HZ, missed periods come back in si_overrun) or a
 * perf_event task-clock event (the asked rate, one hrtimer interrupt per
 * sample). engine_rearm_perf runs in signal context. */
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../prof/perf_event.h"
#include "shim.h"

static int timer_arm(void)
{
	struct sigevent sev;
	struct itimerspec its;
	timer_t id;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGPROF;
	sev.sigev_value.sival_int = TIMER_MAGIC;
	sev._sigev_un._tid = ct_self.tid;
	if (timer_create(CLOCK_THREAD_CPUTIME_ID, &sev, &id) < 0)
		return -1;
	memset(&its, 0, sizeof(its));
	its.it_interval.tv_sec = (time_t)(ct.period_ns / 1000000000ULL);
	its.it_interval.tv_nsec = (long)(ct.period_ns % 1000000000ULL);
	its.it_value = its.it_interval;
	if (timer_settime(id, 0, &its, NULL) < 0) {
		timer_delete(id);
		return -1;
	}
	ct_self.timer = id;
	return 0;
}

static int perf_arm(void)
{
	struct f_owner_ex owner;
	int fd = perf_task_clock_open(ct.period_ns);

	if (fd < 0)
		return -1;
	owner.type = F_OWNER_TID;
	owner.pid = ct_self.tid;
	if (fcntl(fd, F_SETOWN_EX, &owner) < 0 || fcntl(fd, F_SETSIG, SIGPROF) < 0 ||
	    fcntl(fd, F_SETFL, O_ASYNC | O_NONBLOCK) < 0 ||
	    ioctl(fd, PERF_EVENT_IOC_REFRESH, 1) < 0) {
		close(fd);
		return -1;
	}
	ct_self.perf_fd = fd;
	return 0;
}

/* The event disables itself after each overflow (that is what makes the
 * kernel send the signal without a mapped buffer); enable it for one more. */
void engine_rearm_perf(void)
{
	if (ct_self.perf_fd >= 0)
		ioctl(ct_self.perf_fd, PERF_EVENT_IOC_REFRESH, 1);
}

int engine_arm_thread(void)
{
	int rc;

	if (ct_self.armed)
		return 0;
	ct_self.perf_fd = -1;
	rc = ct.engine == ENGINE_PERF ? perf_arm() : -1;
	if (rc == 0)
		atomic_fetch_or_explicit(&ct.shm->engines_used, 1u << ENGINE_PERF, memory_order_relaxed);
	else if ((rc = timer_arm()) == 0) /* also the fallback when perf cannot arm */
		atomic_fetch_or_explicit(&ct.shm->engines_used, 1u << ENGINE_TIMER, memory_order_relaxed);
	if (rc < 0) {
		atomic_fetch_add_explicit(&ct.shm->arm_failures, 1, memory_order_relaxed);
		return -1;
	}
	ct_self.armed = 1;
	return 0;
}

void engine_disarm_thread(void)
{
	if (!ct_self.armed)
		return;
	if (ct_self.perf_fd >= 0) {
		int fd = ct_self.perf_fd;
		ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
		ct_self.perf_fd = -1;
		close(fd);
	} else {
		timer_delete(ct_self.timer);
	}
	ct_self.armed = 0;
}
