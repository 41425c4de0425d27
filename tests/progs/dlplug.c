/* dlplug.c - runs code in libpluga.so, dlcloses it, then runs code in
 * libplugb.so (likely loaded at the same address), dlcloses it too, and
 * ends with work of its own: the samples in each library must be
 * attributed to that library. usage: dlplug DIR [UNITS] */
#include <dlfcn.h>
#include <stdio.h>

#include "workload.h"

static NOINLINE void run_plugin(const char *dir, const char *name, long units)
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
	dlclose(h);
}

int main(int argc, char **argv)
{
	long units = arg_long(argc, argv, 2, 300);

	if (argc < 2)
		return 2;
	run_plugin(argv[1], "pluga", units);
	run_plugin(argv[1], "plugb", units);
	burn(units);
	return 0;
}
