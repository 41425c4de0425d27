/* t-symbolize.c - unit test of symbolize/: resolves addresses that the test
 * programs tests/progs/sym-* report about themselves and compares them with
 * their sources' "@line:" markers. "--bench BINARY" measures throughput. */
#include <dlfcn.h>
#include <elfutils/libdwelf.h>
#include <errno.h>
#include <gelf.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "symbolize.h"

enum { FRAMES = 16, MAX_PCS = 32, MAX_MAPS = 512 };

static const char *bin_dir, *src_dir;

static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path;
}

static char *path_join(const char *dir, const char *name)
{
	static char buf[8][PATH_MAX];
	static int next;
	char *p = buf[next++ % 8];

	snprintf(p, PATH_MAX, "%s/%s", dir, name);
	return p;
}

/* Line of the "@line:TAG" marker in a test program's source, 0 if absent. */
static int marker_line(const char *src, const char *tag)
{
	char line[1024], want[128];
	FILE *f = fopen(path_join(src_dir, src), "r");
	int n = 0, found = 0;

	if (!f)
		return 0;
	snprintf(want, sizeof(want), "@line:%s */", tag);
	while (!found && fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, want))
			found = n;
	}
	fclose(f);
	return found;
}

/* What a test program printed about itself with "addrs". */
struct prog_run {
	char path[PATH_MAX]; /* realpath of the binary, as in /proc/PID/maps */
	struct {
		char label[64];
		uint64_t pc;
	} pcs[MAX_PCS];
	int npcs;
	struct {
		uint64_t start, end, offset;
		char path[PATH_MAX];
	} maps[MAX_MAPS];
	int nmaps;
};

static void prog_parse_line(struct prog_run *r, char *line)
{
	char label[64];
	uint64_t pc, start, end, offset;
	int pos = 0;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "pc %63s %" SCNx64, label, &pc) == 2 && r->npcs < MAX_PCS) {
		strcpy(r->pcs[r->npcs].label, label);
		r->pcs[r->npcs++].pc = pc;
	} else if (sscanf(line, "map %" SCNx64 "-%" SCNx64 " %*s %" SCNx64 " %*s %*s %n", &start, &end,
			  &offset, &pos) == 3 &&
		   pos > 0 && r->nmaps < MAX_MAPS) {
		r->maps[r->nmaps].start = start;
		r->maps[r->nmaps].end = end;
		r->maps[r->nmaps].offset = offset;
		snprintf(r->maps[r->nmaps++].path, PATH_MAX, "%s", line + pos);
	}
}

/* Runs BIN with "addrs"; 0 on success. */
static int prog_run(const char *bin, struct prog_run *r)
{
	char line[PATH_MAX + 256];
	int fds[2], status;
	pid_t pid;
	FILE *f;

	memset(r, 0, sizeof(*r));
	if (!realpath(bin, r->path) || pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(bin, bin, "addrs", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	while (f && fgets(line, sizeof(line), f))
		prog_parse_line(r, line);
	if (f)
		fclose(f);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return r->npcs ? 0 : -1;
}

/* File offset of the pc labelled LABEL, the way the recorder computes it
 * from the mapping: pc - start + mapping offset. */
static int prog_offset(const struct prog_run *r, const char *label, uint64_t *off)
{
	for (int i = 0; i < r->npcs; i++) {
		if (strcmp(r->pcs[i].label, label))
			continue;
		for (int j = 0; j < r->nmaps; j++) {
			if (r->pcs[i].pc >= r->maps[j].start && r->pcs[i].pc < r->maps[j].end &&
			    !strcmp(r->maps[j].path, r->path)) {
				*off = r->pcs[i].pc - r->maps[j].start + r->maps[j].offset;
				return 0;
			}
		}
	}
	return -1;
}

struct elf_facts {
	int type; /* ET_EXEC, ET_DYN */
	int has_symtab, has_debug_info;
	uint8_t build_id[64];
	size_t build_id_len;
};

static int elf_facts_read(const char *path, struct elf_facts *fx)
{
	Elf_Scn *scn = NULL;
	GElf_Ehdr ehdr;
	size_t shstrndx;
	const void *id;
	ssize_t len;
	FILE *f = fopen(path, "r");
	Elf *elf;
	int ret = -1;

	memset(fx, 0, sizeof(*fx));
	if (!f)
		return -1;
	elf_version(EV_CURRENT);
	elf = elf_begin(fileno(f), ELF_C_READ, NULL);
	if (!elf || !gelf_getehdr(elf, &ehdr) || elf_getshdrstrndx(elf, &shstrndx) != 0)
		goto out;
	fx->type = ehdr.e_type;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)))
			continue;
		fx->has_symtab |= sh.sh_type == SHT_SYMTAB;
		fx->has_debug_info |= !strcmp(name, ".debug_info") && sh.sh_type != SHT_NOBITS;
	}
	len = dwelf_elf_gnu_build_id(elf, &id);
	if (len > 0 && (size_t)len <= sizeof(fx->build_id)) {
		memcpy(fx->build_id, id, (size_t)len);
		fx->build_id_len = (size_t)len;
	}
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	fclose(f);
	return ret;
}

static int str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static const char *str_or(const char *s)
{
	return s ? s : "(null)";
}

/* Compares one frame; FILE is a basename, NULL meaning "no file expected". */
static int frame_check(const char *what, const struct sym_frame *f, const char *name, const char *file,
		       int line, int inlined)
{
	int ok = f && str_eq(f->name, name) && str_eq(base_name(f->file), file) && f->line == line &&
		 f->inlined == inlined;

	check(ok, "%s is %s at %s:%d%s", what, str_or(name), str_or(file), line, inlined ? " (inlined)" : "");
	if (!ok && f)
		printf("#   got %s at %s:%d inlined=%d\n", str_or(f->name), str_or(f->file), f->line,
		       f->inlined);
	return ok;
}

/* Looks up LABEL of run R in module M; returns the frame count, 0 on failure. */
static int lookup_label(struct sym_module *m, const struct prog_run *r, const char *label,
			struct sym_frame *frames)
{
	uint64_t off;

	if (!m || prog_offset(r, label, &off) < 0)
		return 0;
	return sym_module_lookup(m, off, frames, FRAMES);
}

static struct sym_module *module_open_checked(struct symbolizer *s, const char *bin, const struct elf_facts *fx)
{
	struct sym_module *m = NULL;
	enum sym_status st = symbolizer_open(s, bin, fx->build_id, fx->build_id_len, &m);

	check(st == SYM_OK && m, "%s opens with its build-id", base_name(bin));
	return m;
}

/* The checks every build of sym-c.c passes that still has DWARF. */
static void test_c_with_dwarf(struct symbolizer *s, const char *name)
{
	const char *bin = path_join(bin_dir, name);
	struct sym_frame f[FRAMES];
	struct elf_facts fx;
	struct prog_run r;
	struct sym_module *m;
	int n;

	if (!check(elf_facts_read(bin, &fx) == 0, "%s is an ELF file", name) ||
	    !check(prog_run(bin, &r) == 0, "%s reports its addresses", name))
		return;
	m = module_open_checked(s, bin, &fx);

	n = lookup_label(m, &r, "static_fn", f);
	check(n == 1, "%s: static function gives one frame (got %d)", name, n);
	frame_check("static function", &f[0], "static_fn", "sym-c.c", marker_line("sym-c.c", "static_fn"), 0);

	n = lookup_label(m, &r, "inl_leaf", f);
	if (check(n == 3, "%s: two nested inlines give three frames (got %d)", name, n)) {
		frame_check("innermost inlined frame", &f[0], "inl_leaf", "sym-c.c",
			    marker_line("sym-c.c", "inl_leaf"), 1);
		frame_check("middle inlined frame", &f[1], "inl_mid", "sym-c.c",
			    marker_line("sym-c.c", "inl_mid_call"), 1);
		frame_check("out-of-line caller", &f[2], "inl_outer", "sym-c.c",
			    marker_line("sym-c.c", "inl_outer_call"), 0);
	}

	n = lookup_label(m, &r, "exported_fn", f);
	check(n == 1, "%s: exported function gives one frame", name);
	frame_check("exported function", &f[0], "exported_fn", "sym-c.c", marker_line("sym-c.c", "exported_fn"),
		    0);
}

static void test_c_pie(struct symbolizer *s)
{
	const char *bin = path_join(bin_dir, "sym-c");
	struct sym_frame f[FRAMES], g[FRAMES];
	struct sym_module *m = NULL, *again = NULL;
	struct elf_facts fx;
	struct prog_run r;
	uint64_t off;
	int n;

	elf_facts_read(bin, &fx);
	check(fx.type == ET_DYN, "sym-c is a PIE (ET_DYN)");
	test_c_with_dwarf(s, "sym-c");
	if (prog_run(bin, &r) < 0)
		return;
	symbolizer_open(s, bin, fx.build_id, fx.build_id_len, &m);
	symbolizer_open(s, bin, NULL, 0, &again);
	check(m && again == m, "opening sym-c again returns the same module");

	n = lookup_label(m, &r, "rust_legacy", f);
	check(n == 1 && str_eq(f[0].name, "mycrate::module::legacy") &&
		      str_eq(f[0].raw_name, "_ZN7mycrate6module6legacy17h0123456789abcdefE"),
	      "legacy Rust symbol demangles to mycrate::module::legacy, raw name kept (got %s)",
	      n ? str_or(f[0].name) : "-");
	n = lookup_label(m, &r, "rust_v0", f);
	check(n == 1 && str_eq(f[0].name, "mycrate::module::v0"),
	      "Rust v0 symbol demangles to mycrate::module::v0 (got %s)", n ? str_or(f[0].name) : "-");
	n = lookup_label(m, &r, "asm_nosize", f);
	check(n == 1 && str_eq(f[0].name, "asm_nosize"),
	      "zero-size symbol covers the code up to the next symbol (got %s)", n ? str_or(f[0].name) : "-");
	n = lookup_label(m, &r, "main", f);
	check(n == 1 && str_eq(f[0].name, "main"), "main resolves (got %s)", n ? str_or(f[0].name) : "-");

	n = m ? sym_module_lookup(m, 0, f, FRAMES) : 0;
	check(n == 1 && !f[0].name && !f[0].file, "the ELF header (offset 0) gives one unknown frame");
	n = m ? sym_module_lookup(m, (uint64_t)1 << 40, f, FRAMES) : 0;
	check(n == 1 && !f[0].name, "an offset past the file gives one unknown frame");

	if (prog_offset(&r, "inl_leaf", &off) == 0 && m) {
		n = sym_module_lookup(m, off, f, FRAMES);
		int n2 = sym_module_lookup(m, off, g, FRAMES);
		check(n == n2 && n > 0 && !memcmp(f, g, (size_t)n * sizeof(f[0])),
		      "a repeated lookup returns the same frames and strings");
		n = sym_module_lookup(m, off, f, 2);
		check(n == 2 && str_eq(f[0].name, "inl_leaf") && str_eq(f[1].name, "inl_outer"),
		      "with room for 2 frames the innermost and the real function are kept");
	}
}

static void test_c_nopie(struct symbolizer *s)
{
	struct elf_facts fx;

	elf_facts_read(path_join(bin_dir, "sym-c-nopie"), &fx);
	check(fx.type == ET_EXEC, "sym-c-nopie is not a PIE (ET_EXEC)");
	test_c_with_dwarf(s, "sym-c-nopie");
}

static void test_c_debuglink(struct symbolizer *s)
{
	struct elf_facts fx;

	elf_facts_read(path_join(bin_dir, "sym-c-debuglink"), &fx);
	check(!fx.has_symtab && !fx.has_debug_info,
	      "sym-c-debuglink has neither .symtab nor .debug_info itself");
	test_c_with_dwarf(s, "sym-c-debuglink");
}

static void test_c_stripped(struct symbolizer *s)
{
	const char *bin = path_join(bin_dir, "sym-c-stripped");
	struct sym_frame f[FRAMES];
	struct sym_module *m;
	struct elf_facts fx;
	struct prog_run r;
	int n;

	elf_facts_read(bin, &fx);
	check(!fx.has_symtab && !fx.has_debug_info, "sym-c-stripped has neither .symtab nor .debug_info");
	if (!check(prog_run(bin, &r) == 0, "sym-c-stripped reports its addresses"))
		return;
	m = module_open_checked(s, bin, &fx);
	n = lookup_label(m, &r, "exported_fn", f);
	check(n == 1 && str_eq(f[0].name, "exported_fn") && !f[0].file && !f[0].line,
	      "stripped: exported function named from .dynsym, without a line (got %s %s:%d)",
	      n ? str_or(f[0].name) : "-", n ? str_or(f[0].file) : "-", n ? f[0].line : 0);
	n = lookup_label(m, &r, "inl_leaf", f);
	check(n == 1 && str_eq(f[0].name, "inl_outer"),
	      "stripped: inlined code is attributed to its exported caller (got %s)", n ? str_or(f[0].name) : "-");
	n = lookup_label(m, &r, "rust_v0", f);
	check(n == 1 && str_eq(f[0].name, "mycrate::module::v0"), "stripped: .dynsym names are demangled");
	n = lookup_label(m, &r, "static_fn", f);
	check(n == 1 && !f[0].name, "stripped: a static function is unknown, not a neighbour's name (got %s)",
	      n ? str_or(f[0].name) : "-");
}

static void test_cxx(struct symbolizer *s)
{
	const char *bin = path_join(bin_dir, "sym-cxx");
	struct sym_frame f[FRAMES];
	struct sym_module *m;
	struct elf_facts fx;
	struct prog_run r;
	int n;

	if (!check(elf_facts_read(bin, &fx) == 0 && prog_run(bin, &r) == 0, "sym-cxx reports its addresses"))
		return;
	m = module_open_checked(s, bin, &fx);
	n = lookup_label(m, &r, "tmpl_bar", f);
	check(n == 1, "template member function gives one frame (got %d)", n);
	frame_check("template member function", &f[0], "ns::Foo<int>::bar(int)", "sym-cxx.cc",
		    marker_line("sym-cxx.cc", "tmpl_bar"), 0);
	check(n >= 1 && str_eq(f[0].raw_name, "_ZN2ns3FooIiE3barEi"), "its raw name is the mangled one (got %s)",
	      n ? str_or(f[0].raw_name) : "-");
	n = lookup_label(m, &r, "tmpl_inl", f);
	if (check(n == 2, "inlined function template gives two frames (got %d)", n)) {
		frame_check("inlined template", &f[0], "int ns::twice<int>(int)", "sym-cxx.cc",
			    marker_line("sym-cxx.cc", "tmpl_inl"), 1);
		frame_check("its caller", &f[1], "ns::Foo<int>::bar(int)", "sym-cxx.cc",
			    marker_line("sym-cxx.cc", "tmpl_inl_call"), 0);
	}
}

static void test_open_failures(struct symbolizer *s)
{
	struct elf_facts a, b;
	struct sym_module *m = (struct sym_module *)&m;
	enum sym_status st;

	elf_facts_read(path_join(bin_dir, "sym-c"), &a);
	elf_facts_read(path_join(bin_dir, "sym-c-v2"), &b);
	check(a.build_id_len && b.build_id_len &&
		      (a.build_id_len != b.build_id_len || memcmp(a.build_id, b.build_id, a.build_id_len)),
	      "sym-c and sym-c-v2 have different build-ids");
	st = symbolizer_open(s, path_join(bin_dir, "sym-c-v2"), a.build_id, a.build_id_len, &m);
	check(st == SYM_BUILDID_MISMATCH && !m, "another build's build-id gives SYM_BUILDID_MISMATCH");
	st = symbolizer_open(s, path_join(bin_dir, "sym-c-v2"), b.build_id, b.build_id_len, &m);
	check(st == SYM_OK && m, "its own build-id opens sym-c-v2");
	st = symbolizer_open(s, path_join(bin_dir, "no-such-file"), NULL, 0, &m);
	check(st == SYM_MISSING && !m, "a missing file gives SYM_MISSING");
	st = symbolizer_open(s, path_join(src_dir, "sym-c.c"), NULL, 0, &m);
	check(st == SYM_MISSING && !m, "a file that is not ELF gives SYM_MISSING");
	check(sym_module_lookup(NULL, 0x1000, (struct sym_frame[1]){ { 0 } }, 1) == 1,
	      "a NULL module gives one unknown frame");
}

static void test_perfmap(struct symbolizer *s)
{
	char path[] = "/tmp/t-symbolize-perfmap-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct sym_perfmap *p;

	if (!check(f != NULL, "perf map: temporary file created"))
		return;
	/* Unsorted, with and without 0x, a name with spaces, a stub of size 0,
	 * code re-emitted at one address and a line that is not an entry. */
	fputs("7f0000002000 20 LazyCompile:*foo bar.js:12\n"
	      "0x7f0000001000 0x100 jit_a\n"
	      "not a symbol line\n"
	      "7f0000003000 0 stub\n"
	      "7f0000004000 40 old_code\n"
	      "7f0000004000 40 new_code\r\n",
	      f);
	fclose(f);
	p = sym_perfmap_load(s, path);
	unlink(path);
	if (!check(p != NULL, "perf map loads"))
		return;
	check(str_eq(sym_perfmap_lookup(p, 0x7f0000001000), "jit_a"), "perf map: first byte of an entry");
	check(str_eq(sym_perfmap_lookup(p, 0x7f00000010ff), "jit_a"), "perf map: last byte of an entry");
	check(!sym_perfmap_lookup(p, 0x7f0000001100), "perf map: the byte after an entry is unknown");
	check(!sym_perfmap_lookup(p, 0x7f0000000fff), "perf map: the byte before an entry is unknown");
	check(str_eq(sym_perfmap_lookup(p, 0x7f0000002010), "LazyCompile:*foo bar.js:12"),
	      "perf map: names keep their spaces");
	check(str_eq(sym_perfmap_lookup(p, 0x7f0000003000), "stub"), "perf map: size 0 still names its start");
	check(str_eq(sym_perfmap_lookup(p, 0x7f0000004010), "new_code"), "perf map: the newer entry wins");
	check(!sym_perfmap_load(s, "/nonexistent/perf-1.map"), "perf map: a missing file gives NULL");
}

/* Separate debuginfo found by build-id under /usr/lib/debug (libc6-dbg). */
static void test_libc_debuginfo(struct symbolizer *s)
{
	/* libc's own qsort, not a sanitizer's interceptor of the same name. */
	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	uintptr_t pc = libc ? (uintptr_t)dlsym(libc, "qsort") + 1 : 0;
	char line[PATH_MAX + 128], path[PATH_MAX] = "", debug[PATH_MAX];
	uint64_t start, end, offset = 0, file_off = 0;
	struct sym_frame f[FRAMES];
	struct sym_module *m = NULL;
	struct elf_facts fx;
	FILE *maps = fopen("/proc/self/maps", "r");
	int pos, n;

	while (maps && fgets(line, sizeof(line), maps)) {
		line[strcspn(line, "\n")] = '\0';
		pos = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64 " %*s %*s %n", &start, &end, &offset, &pos) ==
			    3 &&
		    pos && pc >= start && pc < end) {
			snprintf(path, sizeof(path), "%s", line + pos);
			file_off = pc - start + offset;
		}
	}
	if (maps)
		fclose(maps);
	if (libc)
		dlclose(libc);
	if (!*path || elf_facts_read(path, &fx) < 0 || fx.build_id_len < 2) {
		check(0, "libc: qsort found in a mapped file with a build-id");
		return;
	}
	pos = snprintf(debug, sizeof(debug), "/usr/lib/debug/.build-id/%02x/", fx.build_id[0]);
	for (size_t i = 1; i < fx.build_id_len; i++)
		pos += snprintf(debug + pos, sizeof(debug) - (size_t)pos, "%02x", fx.build_id[i]);
	snprintf(debug + pos, sizeof(debug) - (size_t)pos, ".debug");
	if (access(debug, R_OK) != 0) {
		check(0, "libc: debuginfo installed at %s (make deps installs libc6-dbg)", debug);
		return;
	}
	if (!check(symbolizer_open(s, path, fx.build_id, fx.build_id_len, &m) == SYM_OK, "libc opens"))
		return;
	n = sym_module_lookup(m, file_off, f, FRAMES);
	check(n >= 1 && f[n - 1].name && strstr(f[n - 1].name, "qsort") && f[0].file && f[0].line > 0,
	      "libc: qsort with file:line from build-id debuginfo (got %s at %s:%d)",
	      n ? str_or(f[n - 1].name) : "-", n ? str_or(f[0].file) : "-", n ? f[0].line : 0);
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void offsets_shuffle(uint64_t *v, size_t n)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;

	for (size_t i = n; i > 1; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		size_t j = (size_t)(x % i);
		uint64_t t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

struct bench_pass {
	double seconds;
	size_t named, lined, inlined, frames;
};

static struct bench_pass bench_pass_run(struct sym_module *m, const uint64_t *offs, size_t n)
{
	struct bench_pass b = { 0 };
	struct sym_frame f[FRAMES];
	double t0 = cpu_now();

	for (size_t i = 0; i < n; i++) {
		int k = sym_module_lookup(m, offs[i], f, FRAMES);
		b.frames += (size_t)k;
		b.named += f[k - 1].name != NULL;
		b.lined += f[0].line > 0;
		b.inlined += k > 1;
	}
	b.seconds = cpu_now() - t0;
	return b;
}

static void bench_pass_print(const char *what, const struct bench_pass *b, size_t n)
{
	printf("%-34s %8zu addrs %8.3f s %10.0f addrs/s  named %4.1f%%  with line %4.1f%%  inlined %4.1f%%  "
	       "%.2f frames/addr\n",
	       what, n, b->seconds, (double)n / b->seconds, 100.0 * (double)b->named / (double)n,
	       100.0 * (double)b->lined / (double)n, 100.0 * (double)b->inlined / (double)n,
	       (double)b->frames / (double)n);
}

static int offset_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return a < b ? -1 : a > b;
}

static struct sym_module *bench_open(struct symbolizer *s, const char *bin)
{
	struct sym_module *m = NULL;
	double t0 = cpu_now();

	if (symbolizer_open(s, bin, NULL, 0, &m) != SYM_OK) {
		fprintf(stderr, "t-symbolize: cannot open '%s'\n", bin);
		return NULL;
	}
	printf("%-34s %.1f ms\n", "setup (symbolizer_open):", (cpu_now() - t0) * 1e3);
	return m;
}

/* Throughput for COUNT unique offsets spread evenly over BIN's executable
 * segment. The first pass over a module pays for loading line tables and
 * inline indexes. Random order is the worst case for memory locality;
 * ascending order is what a caller that sorts its offsets gets. */
static int bench(const char *bin, size_t count)
{
	struct symbolizer *s = symbolizer_new(), *s2 = symbolizer_new();
	uint64_t seg_off = 0, seg_size = 0, *set[3];
	struct sym_module *m;
	struct bench_pass p;
	size_t nphdr;
	FILE *f = fopen(bin, "r");
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = f ? elf_begin(fileno(f), ELF_C_READ, NULL) : NULL;
	if (elf && elf_getphdrnum(elf, &nphdr) == 0) {
		for (size_t i = 0; i < nphdr; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD && (ph.p_flags & PF_X) &&
			    ph.p_filesz > seg_size) {
				seg_off = ph.p_offset;
				seg_size = ph.p_filesz;
			}
		}
	}
	if (elf)
		elf_end(elf);
	if (f)
		fclose(f);
	if (count > seg_size / 3)
		count = (size_t)(seg_size / 3);
	if (!count || !s || !s2) {
		fprintf(stderr, "t-symbolize: no executable segment in '%s'\n", bin);
		return 2;
	}
	printf("%s: executable segment %.1f MiB\n", bin, (double)seg_size / 1048576.0);

	/* Three disjoint sets of offsets, so that no pass hits the cache. */
	uint64_t stride = seg_size / count;
	for (int k = 0; k < 3; k++) {
		set[k] = malloc(count * sizeof(*set[k]));
		if (!set[k])
			return 2;
		for (size_t i = 0; i < count; i++)
			set[k][i] = seg_off + i * stride + (uint64_t)k * stride / 3;
	}
	offsets_shuffle(set[0], count);
	offsets_shuffle(set[1], count);

	if (!(m = bench_open(s, bin)))
		return 2;
	p = bench_pass_run(m, set[0], count);
	bench_pass_print("unique, random order, cold:", &p, count);
	p = bench_pass_run(m, set[1], count);
	bench_pass_print("unique, random order, warm:", &p, count);
	p = bench_pass_run(m, set[2], count);
	bench_pass_print("unique, ascending order, warm:", &p, count);
	p = bench_pass_run(m, set[0], count);
	printf("%-34s %8zu addrs %8.3f s %10.1f ns/lookup\n", "repeated (cache hits):", count, p.seconds,
	       p.seconds * 1e9 / (double)count);

	printf("fresh symbolizer:\n");
	if (!(m = bench_open(s2, bin)))
		return 2;
	qsort(set[0], count, sizeof(*set[0]), offset_cmp);
	p = bench_pass_run(m, set[0], count);
	bench_pass_print("unique, ascending order, cold:", &p, count);

	for (int k = 0; k < 3; k++)
		free(set[k]);
	symbolizer_free(s);
	symbolizer_free(s2);
	return 0;
}

int main(int argc, char **argv)
{
	struct symbolizer *s;

	if (argc >= 3 && !strcmp(argv[1], "--bench"))
		return bench(argv[2], argc > 3 ? strtoul(argv[3], NULL, 0) : 200000);
	if (argc != 3) {
		fprintf(stderr, "usage: t-symbolize BINDIR SRCDIR\n"
				"       t-symbolize --bench BINARY [COUNT]\n");
		return 2;
	}
	bin_dir = argv[1];
	src_dir = argv[2];
	s = symbolizer_new();
	if (!s)
		return 1;
	test_c_pie(s);
	test_c_nopie(s);
	test_c_stripped(s);
	test_c_debuglink(s);
	test_cxx(s);
	test_open_failures(s);
	test_perfmap(s);
	test_libc_debuginfo(s);
	symbolizer_free(s);
	return check_summary();
}
