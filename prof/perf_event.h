/* perf_event.h - the perf_event the shim's perf engine opens per thread, in
 * one place so that the launcher's "is it allowed here?" probe asks the
 * kernel for exactly the same thing. */
#ifndef CTRACE_PERF_EVENT_H
#define CTRACE_PERF_EVENT_H

#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Opens a task-clock event for the calling thread that overflows every
 * PERIOD_NS of its CPU time, disabled. User space only: that is what
 * perf_event_paranoid 2 (Debian's default) allows without privileges. */
static inline int perf_task_clock_open(unsigned long long period_ns)
{
	struct perf_event_attr pe;

	memset(&pe, 0, sizeof(pe));
	pe.type = PERF_TYPE_SOFTWARE;
	pe.size = sizeof(pe);
	pe.config = PERF_COUNT_SW_TASK_CLOCK;
	pe.sample_period = period_ns;
	pe.disabled = 1;
	pe.exclude_kernel = 1;
	pe.exclude_hv = 1;
	pe.wakeup_events = 1;
	return (int)syscall(SYS_perf_event_open, &pe, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

#endif
