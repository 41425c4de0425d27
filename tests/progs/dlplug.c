/* dlplug.c - runs code in libpluga.so, dlcloses it, then runs code in
 * libplugb.so (likely loaded at the same address), dlcloses it too, and
 * ends with work of its own: the samples in each library must be
 * attributed to that library. With "crash", it runs libpluga.so and dies of
 * SIGSEGV without closing it: the mapping was never reported by a dlclose or
 * an exit, and must be found all the same.
 * usage: dlplug DIR [UNITS [crash]] */
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "workload.h"

static NOINLINE void run_plugin(const char *dir, const char *name, long units, int close)
{
	char path[4096], sym[64];
	void *h;
	void (*spin)(long);

	snprintf(path, sizeof(path), "%s/lib%s.so", dir, name);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "dlopen: %s\n", dlerror());
		exit(1);
	}
	snprintf(sym, sizeof(sym), "%s_spin", name);
	spin = (void (*)(long))dlsym(h, sym);
	spin(units);
	printf("%s at %p\n", name, (void *)spin);
	fflush(stdout);
	if (close)
		dlclose(h);
}

int main(int argc, char **argv)
{
	long units = arg_long(argc, argv, 2, 300);

	if (argc < 2)
		return 2;
	if (argc > 3 && !strcmp(argv[3], "crash")) {
		run_plugin(argv[1], "pluga", units, 0);
		raise(SIGSEGV);
	}
	run_plugin(argv[1], "pluga", units, 1);
	run_plugin(argv[1], "plugb", units, 1);
	burn(units);
	return 0;
}
