/* sym-c.c - C test program for t-symbolize: a static function, two nested
 * always_inline functions, exported functions with aliases, Rust-mangled
 * symbol names and a zero-size assembly symbol. "sym-c addrs" prints the code
 * addresses to check. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum probe_id { P_STATIC, P_INL, P_EXPORTED, P_RUST_LEGACY, P_RUST_V0, P_COUNT };

static const char *const probe_names[P_COUNT] = {
	[P_STATIC] = "static_fn",
	[P_INL] = "inl_leaf",
	[P_EXPORTED] = "exported_fn",
	[P_RUST_LEGACY] = "rust_legacy",
	[P_RUST_V0] = "rust_v0",
};

static void *probe_ret[P_COUNT];
volatile int sink;

/* noipa everywhere: no clones (".isra", ".constprop"), no tail calls, so every
 * probe's return address sits in the function and line the source says. */
__attribute__((noipa)) static void probe(enum probe_id id)
{
	probe_ret[id] = __builtin_return_address(0);
}

__attribute__((noipa)) static int static_fn(int x)
{
	probe(P_STATIC); /* @line:static_fn */
	return x + sink;
}

static inline __attribute__((always_inline)) int inl_leaf(int x)
{
	probe(P_INL); /* @line:inl_leaf */
	return x * 3 + sink;
}

static inline __attribute__((always_inline)) int inl_mid(int x)
{
	int r = inl_leaf(x + 1); /* @line:inl_mid_call */
	return r + sink;
}

__attribute__((noipa)) int inl_outer(int x)
{
	int r = inl_mid(x); /* @line:inl_outer_call */
	return r - sink;
}

__attribute__((noipa)) int exported_fn(int x)
{
	probe(P_EXPORTED); /* @line:exported_fn */
	return x ^ sink;
}

/* Aliases at the same address: the plain global name should be the one shown. */
extern int __exported_fn_internal(int x) __attribute__((alias("exported_fn")));
extern int exported_fn_weak(int x) __attribute__((weak, alias("exported_fn")));

/* C functions carrying Rust symbol names check that the demangler is asked
 * for Rust (legacy and v0) as well as for C++. */
void rust_legacy(void) __asm__("_ZN7mycrate6module6legacy17h0123456789abcdefE");
__attribute__((noipa)) void rust_legacy(void)
{
	probe(P_RUST_LEGACY);
	sink++;
}

void rust_v0(void) __asm__("_RNvNtCs1234_7mycrate6module2v0");
__attribute__((noipa)) void rust_v0(void)
{
	probe(P_RUST_V0);
	sink++;
}

/* Hand-written code without .size: its symbol has size 0. */
__asm__(".text\n"
	".globl asm_nosize\n"
	".type asm_nosize, @function\n"
	"asm_nosize:\n"
	"\t.fill 64, 1, 0x90\n"
	"\tret\n");
void asm_nosize(void);

#ifdef SYM_VARIANT
/* A second build with other contents, hence another build-id. */
__attribute__((noipa)) int variant_fn(int x)
{
	return x * SYM_VARIANT + sink;
}
#endif

static void maps_print(void)
{
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		printf("map %s", line);
	fclose(f);
}

int main(int argc, char **argv)
{
	int acc = static_fn(1) + inl_outer(2) + exported_fn(3);

	rust_legacy();
	rust_v0();
	asm_nosize();
#ifdef SYM_VARIANT
	acc += variant_fn(4);
#endif
	if (argc < 2 || strcmp(argv[1], "addrs") != 0)
		return acc == 12345;
	/* Return addresses minus one, as a profiler looks them up: the call
	 * instruction, whose line is the probe's line. */
	for (int i = 0; i < P_COUNT; i++)
		printf("pc %s %#jx\n", probe_names[i], (uintmax_t)((uintptr_t)probe_ret[i] - 1));
	printf("pc asm_nosize %#jx\n", (uintmax_t)((uintptr_t)asm_nosize + 32));
	printf("pc main %#jx\n", (uintmax_t)(uintptr_t)main);
	maps_print();
	return 0;
}
