/* unwind.c - loads libunwind privately. Linked normally, libunwind.so.8 would
 * put its _Unwind_* functions ahead of libgcc_s in the program's global scope
 * and C++ exceptions would run on it (LIMITS.md §2); dlopen(RTLD_LOCAL) keeps
 * it out of sight. Nothing here runs in signal context. */
#include <dlfcn.h>

#include "shim.h"

int unwind_load(void)
{
	void *h = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return -1;
	ct.unw_backtrace = (int (*)(void **, int))dlsym(h, "unw_backtrace");
	return ct.unw_backtrace ? 0 : -1;
}

/* libunwind's first use in a thread takes a mutex and fills its caches; do it
 * here rather than in the first signal handler. Counted as a walker like a
 * handler's unwind: a fork must not copy the process while libunwind's lock
 * is held here either (interpose.c). */
void unwind_warm(void)
{
	void *buf[64];

	atomic_fetch_add(&ct.walkers, 1);
	if (ct.unw_backtrace && !atomic_load(&ct.unwind_held))
		ct.unw_backtrace(buf, 64);
	atomic_fetch_sub(&ct.walkers, 1);
}
