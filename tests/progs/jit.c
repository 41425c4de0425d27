/* jit.c - "JIT" code: copies a counting loop into an executable anonymous
 * mapping, names it in /tmp/perf-PID.map as perf's JIT convention says, and
 * runs it. There is no ELF behind it: only the perf map can name it. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workload.h"

/* mov rcx, rdi; 1: dec rcx; jnz 1b; ret */
static const unsigned char loop_code[] = {0x48, 0x89, 0xf9, 0x48, 0xff, 0xc9, 0x75, 0xfb, 0xc3};

int main(int argc, char **argv)
{
	long units = arg_long(argc, argv, 1, 300);
	unsigned char *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char path[64];
	FILE *f;

	if (code == MAP_FAILED)
		return 1;
	memcpy(code, loop_code, sizeof(loop_code));
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", getpid());
	f = fopen(path, "w");
	if (!f)
		return 1;
	fprintf(f, "%lx %zx jit_spin_loop\n", (unsigned long)code, sizeof(loop_code));
	fclose(f);
	void (*fn)(long) = (void (*)(long))code;
	for (long i = 0; i < units; i++)
		fn(1000000);
	printf("jit done\n");
	/* the map stays: ctrace reads it after the program exits */
	return 0;
}
