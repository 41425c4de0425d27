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
 * here rather than in the first signal handler. */
void unwind_warm(void)
{
	void *buf[64];

	if (ct.unw_backtrace)
		ct.unw_backtrace(buf, 64);
}
