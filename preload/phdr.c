/* phdr.c - dl_iterate_phdr without the loader's lock, for libunwind inside
 * our signal handler. With the lock, a handler waiting for it in one thread
 * and a thread interrupted inside dlopen while holding it deadlock over
 * libunwind's own mutex (LIMITS.md §2, reproduced by tests/progs/dlloop.c).
 * Runs in signal context: reads the loader's list of objects, which dlopen
 * only appends to once an object is complete; objects are only removed under
 * our dlclose wrapper, which waits until no handler is unwinding. */
#include <elf.h>
#include <link.h>
#include <stddef.h>
#include <string.h>
#include <sys/auxv.h>

#include "shim.h"

static ElfW(Addr) main_phdr, vdso_ehdr;
static ElfW(Half) main_phnum;

void phdr_init(void)
{
	main_phdr = (ElfW(Addr))getauxval(AT_PHDR);
	main_phnum = (ElfW(Half))getauxval(AT_PHNUM);
	vdso_ehdr = (ElfW(Addr))getauxval(AT_SYSINFO_EHDR);
}

static int ehdr_ok(const ElfW(Ehdr) *e)
{
	return e && memcmp(e->e_ident, ELFMAG, SELFMAG) == 0 && e->e_phentsize == sizeof(ElfW(Phdr)) &&
	       e->e_phnum > 0 && e->e_phnum < 1024;
}

int phdr_iterate_unlocked(int (*cb)(struct dl_phdr_info *, size_t, void *), void *data)
{
	int rc = 0;

	for (struct link_map *l = _r_debug.r_map; l && rc == 0; l = l->l_next) {
		struct dl_phdr_info info;

		memset(&info, 0, sizeof(info));
		info.dlpi_addr = l->l_addr;
		info.dlpi_name = l->l_name;
		if (l == _r_debug.r_map || !l->l_name || !l->l_name[0]) {
			/* the main program */
			info.dlpi_phdr = (const ElfW(Phdr) *)main_phdr;
			info.dlpi_phnum = main_phnum;
		} else {
			const ElfW(Ehdr) *e = (const ElfW(Ehdr) *)l->l_addr;
			if (!strncmp(l->l_name, "linux-vdso", 10) || !strncmp(l->l_name, "linux-gate", 10))
				e = (const ElfW(Ehdr) *)vdso_ehdr;
			if (!ehdr_ok(e))
				continue;
			info.dlpi_phdr = (const ElfW(Phdr) *)((const char *)e + e->e_phoff);
			info.dlpi_phnum = e->e_phnum;
		}
		if (!info.dlpi_phdr)
			continue;
		/* The size says there are no dlpi_adds/dlpi_subs counters. */
		rc = cb(&info, offsetof(struct dl_phdr_info, dlpi_adds), data);
	}
	return rc;
}
