/* maps.c - reports the process's executable mappings (path, range, file
 * offset, build-id) as they appear and disappear. Runs in program context,
 * under a mutex; never in the signal handler. */
#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "shim.h"

#define MAPS_MAX 4096

/* What was reported, kept so that a fork child can report the same
 * mappings again without asking the loader (dl_iterate_phdr is not safe in
 * the child of a multi-threaded fork: another thread may have held its
 * lock). NAME points into the loader's own string, valid while the object
 * is loaded. */
struct known_map {
	uint64_t start, end, offset;
	const char *name;
	uint8_t build_id[20];
	uint8_t build_id_len;
	int seen;
};

static struct known_map known[MAPS_MAX];
static int nknown;
static pthread_mutex_t maps_lock = PTHREAD_MUTEX_INITIALIZER;

static int build_id_find(const struct dl_phdr_info *info, uint8_t *out)
{
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const char *p, *end;

		if (ph->p_type != PT_NOTE)
			continue;
		p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
			const char *name = p + sizeof(*n);
			const char *desc = name + ((n->n_namesz + 3) & ~3u);

			if (desc + n->n_descsz > end)
				break;
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
			    memcmp(name, "GNU", 4) == 0 && n->n_descsz <= 20) {
				memcpy(out, desc, n->n_descsz);
				return (int)n->n_descsz;
			}
			p = desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	return 0;
}

static int known_find(uint64_t start, uint64_t end)
{
	for (int i = 0; i < nknown; i++)
		if (known[i].start == start && known[i].end == end)
			return i;
	return -1;
}

static void map_report(const struct known_map *k)
{
	char buf[sizeof(struct rec_map) + 4096];
	struct rec_map *m = (struct rec_map *)buf;
	const char *name = k->name;

	memset(m, 0, sizeof(*m));
	m->start = k->start;
	m->end = k->end;
	m->offset = k->offset;
	m->gen = atomic_load(&ct.map_gen);
	m->build_id_len = k->build_id_len;
	memcpy(m->build_id, k->build_id, sizeof(m->build_id));
	if (!name || !*name) {
		/* the main program */
		ssize_t n = readlink("/proc/self/exe", m->path, 4095);
		m->path[n > 0 ? n : 0] = 0;
	} else if (strncmp(name, "linux-vdso", 10) == 0 || strncmp(name, "linux-gate", 10) == 0) {
		strcpy(m->path, "[vdso]");
	} else {
		strncpy(m->path, name, 4095);
		m->path[4095] = 0;
	}
	event_write(REC_MAP, m, (uint32_t)(sizeof(*m) + strlen(m->path) + 1));
}

static int snapshot_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uint64_t start, end;
		int k;

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		start = info->dlpi_addr + ph->p_vaddr;
		end = start + ph->p_memsz;
		k = known_find(start, end);
		if (k >= 0) {
			known[k].seen = 1;
			continue;
		}
		struct known_map km = {.start = start, .end = end, .offset = ph->p_offset,
				       .name = info->dlpi_name, .seen = 1};
		km.build_id_len = (uint8_t)build_id_find(info, km.build_id);
		if (nknown < MAPS_MAX)
			known[nknown++] = km;
		map_report(&km);
	}
	return 0;
}

void maps_snapshot(void)
{
	pthread_mutex_lock(&maps_lock);
	for (int i = 0; i < nknown; i++)
		known[i].seen = 0;
	real.dl_iterate_phdr(snapshot_cb, NULL);
	pthread_mutex_unlock(&maps_lock);
}

/* After a dlclose: what was known and is no longer there is gone. The
 * generation goes up first, so samples taken from now on are resolved
 * without the old mapping. */
void maps_snapshot_unmaps(void)
{
	pthread_mutex_lock(&maps_lock);
	for (int i = 0; i < nknown; i++)
		known[i].seen = 0;
	real.dl_iterate_phdr(snapshot_cb, NULL);
	for (int i = 0; i < nknown;) {
		if (known[i].seen) {
			i++;
			continue;
		}
		struct rec_unmap u;
		memset(&u, 0, sizeof(u));
		u.start = known[i].start;
		u.end = known[i].end;
		u.gen = atomic_fetch_add(&ct.map_gen, 1) + 1;
		event_write(REC_UNMAP, &u, sizeof(u));
		known[i] = known[--nknown];
	}
	pthread_mutex_unlock(&maps_lock);
}

/* The child of fork has the parent's mappings, but it is a new process for
 * the profile: report them all again, from what the parent knew. */
void maps_report_after_fork(void)
{
	pthread_mutex_init(&maps_lock, NULL);
	for (int i = 0; i < nknown; i++)
		map_report(&known[i]);
}
