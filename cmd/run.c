/* run.c - `ctrace run`: starts the program with libctrace.so preloaded,
 * drains the shim's rings into the profile while it runs, and exits with the
 * program's status. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <getopt.h>
#include <libelf.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../prof/perf_event.h"
#include "../prof/profile.h"
#include "../prof/ring.h"
#include "../symbolize/annotate.h"
#include "recorder.h"
#include "util.h"

#define DEFAULT_OUTPUT "ctrace.prof"
#define DEFAULT_FREQ 999
#define DEFAULT_MAX_DEPTH 512
#define DEFAULT_RING_SIZE (64u << 20)
#define RING_BYTES (256u << 10)

struct run_opts {
	const char *output;
	long freq;
	long max_depth;
	long ring_size;
	const char *engine; /* auto, timer, perf */
	int follow;
	int quiet;
	json_t *tags;
};

static const char run_usage[] =
	"usage: ctrace run [options] [--] PROGRAM [ARGS...]\n"
	"\n"
	"Runs PROGRAM, sampling the CPU time of all its threads and of the processes it\n"
	"starts, and writes a profile. Exits with PROGRAM's status (128+N if a signal\n"
	"N ended it); 2 if PROGRAM cannot be profiled (static or setuid binary).\n"
	"\n"
	"  -o, --output FILE     profile to write (default: " DEFAULT_OUTPUT ")\n"
	"  -F, --freq HZ         sampling rate per thread-CPU-second (default: 999)\n"
	"      --engine E        auto (default), timer or perf: timer signals tick at the\n"
	"                        kernel's HZ and weigh missed periods; perf (task-clock\n"
	"                        events) delivers the asked rate; auto uses perf where\n"
	"                        the kernel allows it\n"
	"      --meta KEY=VALUE  store a tag in the profile (repeatable)\n"
	"      --no-follow       do not profile child processes\n"
	"      --max-depth N     frames kept per stack (default: 512); deeper stacks are\n"
	"                        marked truncated\n"
	"      --ring-size BYTES shared memory for samples in flight (default: 64M;\n"
	"                        K, M and G suffixes); 256 KiB per thread\n"
	"  -q, --quiet           no summary\n"
	"\n"
	"Environment: CTRACE_PRELOAD=PATH uses another libctrace.so.\n";

static long parse_size(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || v <= 0 || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	return *end ? -1 : v;
}

static long parse_long(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		die(EXIT_USAGE, "%s must be a whole number from %ld to %ld, not '%s'", opt, lo, hi, s);
	return v;
}

/* ---- can the program be profiled? ---- */

/* Finds PROG the way execvp would. */
static char *program_find(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(prog, '/'))
		return access(prog, F_OK) == 0 ? xstrdup(prog) : NULL;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)n, path, n ? "/" : "", prog);
		if (access(buf, X_OK) == 0) {
			struct stat st;
			if (stat(buf, &st) == 0 && S_ISREG(st.st_mode))
				return xstrdup(buf);
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return NULL;
}

/* Returns NULL when LD_PRELOAD will work for PATH, else why not. */
static const char *program_why_unprofilable(const char *path, int depth)
{
	struct stat st;
	int fd;
	char head[256];
	ssize_t n;
	const char *why = NULL;

	if (stat(path, &st) < 0)
		return NULL; /* exec will report it */
	if (((st.st_mode & S_ISUID) && st.st_uid != geteuid()) ||
	    ((st.st_mode & S_ISGID) && st.st_gid != getegid()))
		return "it is setuid or setgid, and the loader ignores LD_PRELOAD for such programs";
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, head, sizeof(head) - 1);
	if (n > 2 && head[0] == '#' && head[1] == '!' && depth < 4) {
		/* a script: what matters is its interpreter */
		head[n] = 0;
		char *p = head + 2;
		p += strspn(p, " \t");
		p[strcspn(p, " \t\n")] = 0;
		close(fd);
		return *p ? program_why_unprofilable(p, depth + 1) : NULL;
	}
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	if (e && elf_kind(e) == ELF_K_ELF) {
		size_t phnum = 0;
		int interp = 0;
		elf_getphdrnum(e, &phnum);
		for (size_t i = 0; i < phnum; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_INTERP)
				interp = 1;
		}
		if (!interp)
			why = "it is statically linked, and only dynamically linked programs load libctrace.so";
	}
	elf_end(e);
	close(fd);
	return why;
}

/* ---- setup ---- */

static char *shim_path(void)
{
	const char *env = getenv("CTRACE_PRELOAD");
	char self[PATH_MAX], buf[PATH_MAX + 64];
	ssize_t n;
	static const char *rel[] = {"/libctrace.so", "/../lib/ctrace/libctrace.so"};

	if (env && *env) {
		if (access(env, R_OK) < 0)
			die(EXIT_USAGE, "cannot use CTRACE_PRELOAD '%s': %s", env, strerror(errno));
		return realpath(env, NULL);
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		die(EXIT_FAIL, "cannot find my own executable: %s", strerror(errno));
	self[n] = 0;
	*strrchr(self, '/') = 0;
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", self, rel[i]);
		if (access(buf, R_OK) == 0)
			return realpath(buf, NULL);
	}
	die(EXIT_FAIL, "cannot find libctrace.so next to '%s' or in '%s/../lib/ctrace' (set CTRACE_PRELOAD)",
	    self, self);
}

static int perf_allowed(long freq)
{
	int fd = perf_task_clock_open(1000000000ULL / (unsigned long long)freq);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static struct ct_shm *shm_create(long ring_size, int *fd_out)
{
	uint32_t nrings = (uint32_t)(ring_size / RING_BYTES);
	size_t size;
	struct ct_shm *shm;
	int fd;

	if (nrings < 1)
		nrings = 1;
	size = shm_layout_size(nrings, RING_BYTES);
	/* No MFD_CLOEXEC: the program and its exec children inherit it. */
	fd = memfd_create("ctrace-ring", 0);
	if (fd < 0 || ftruncate(fd, (off_t)size) < 0)
		die(EXIT_FAIL, "cannot create the shared ring: %s", strerror(errno));
	shm = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (shm == MAP_FAILED)
		die(EXIT_FAIL, "cannot map the shared ring: %s", strerror(errno));
	shm->magic = CT_SHM_MAGIC;
	shm->version = CT_SHM_VERSION;
	shm->nrings = nrings;
	shm->ring_bytes = RING_BYTES;
	shm->total_bytes = size;
	shm->start_ns = mono_ns();
	atomic_store(&shm->next_proc_id, 1);
	*fd_out = fd;
	return shm;
}

static void env_set_num(const char *name, long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", v);
	setenv(name, buf, 1);
}

static json_t *meta_start(const struct run_opts *o, char **argv, const char *engine)
{
	json_t *m = json_object(), *cmd = json_array();
	struct utsname u;
	char host[256] = "", cwd[PATH_MAX] = "", when[64];
	struct timespec now;
	struct tm tm;

	for (char **a = argv; *a; a++)
		json_array_append_new(cmd, json_string(*a));
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gethostname(host, sizeof(host) - 1);
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = 0;
	uname(&u);
	json_object_set_new(m, "ctrace_version", json_string(CTRACE_VERSION));
	json_object_set_new(m, "command", cmd);
	json_object_set_new(m, "cwd", json_string(cwd));
	json_object_set_new(m, "start_time", json_string(when));
	json_object_set_new(m, "start_unix_ns", json_integer((json_int_t)now.tv_sec * 1000000000 + now.tv_nsec));
	json_object_set_new(m, "host", json_string(host));
	json_object_set_new(m, "kernel", json_sprintf("%s %s", u.sysname, u.release));
	json_object_set_new(m, "arch", json_string(u.machine));
	json_object_set_new(m, "rate_hz", json_integer(o->freq));
	json_object_set_new(m, "period_ns", json_integer(1000000000 / o->freq));
	json_object_set_new(m, "engine", json_string(engine));
	json_object_set_new(m, "max_depth", json_integer(o->max_depth));
	json_object_set_new(m, "follow_children", json_boolean(o->follow));
	json_object_set_new(m, "tags", json_incref(o->tags));
	return m;
}

/* ---- the program ---- */

static sigset_t orig_mask;

static pid_t program_start(const char *path, char **argv, int *exec_errno)
{
	int pfd[2];
	pid_t pid;
	int err = 0;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		die(EXIT_FAIL, "cannot create a pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die(EXIT_FAIL, "cannot fork: %s", strerror(errno));
	if (pid == 0) {
		close(pfd[0]);
		sigprocmask(SIG_SETMASK, &orig_mask, NULL);
		execv(path, argv);
		err = errno;
		if (write(pfd[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(pfd[1]);
	if (read(pfd[0], &err, sizeof(err)) == sizeof(err))
		*exec_errno = err;
	close(pfd[0]);
	return pid;
}

static void summary(const struct run_opts *o, const struct recorder_totals *t, double wall,
		    double cpu, const char *engine_used, const char *out, off_t size, int status,
		    const struct annotate_stats *sym)
{
	char d[32], c[32], b[32], sw[32];
	double period = 1.0 / (double)o->freq;
	double sampled = (double)t->weight * period;

	fmt_duration(d, sizeof(d), wall);
	fmt_duration(c, sizeof(c), cpu);
	fmt_duration(sw, sizeof(sw), sampled);
	fmt_bytes(b, sizeof(b), (double)size);
	fprintf(stderr, "ctrace: ran %s, %s CPU; ", d, c);
	if (WIFSIGNALED(status))
		fprintf(stderr, "killed by signal %d (%s)\n", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		fprintf(stderr, "exit status %d\n", WEXITSTATUS(status));
	fprintf(stderr, "ctrace: %llu samples standing for %s CPU", (unsigned long long)t->samples, sw);
	if (cpu > 0)
		fprintf(stderr, " (%.0f%% of it)", 100.0 * sampled / cpu);
	fprintf(stderr, "; %llu dropped", (unsigned long long)(t->dropped + t->noring_samples));
	if (t->pc_only + t->unwind_failed + t->truncated)
		fprintf(stderr, ", %llu without full stack",
			(unsigned long long)(t->pc_only + t->unwind_failed + t->truncated));
	fputc('\n', stderr);
	fprintf(stderr, "ctrace: %llu process%s, %llu thread%s; rate asked %ld Hz, delivered %.0f Hz per CPU-second (%s engine)\n",
		(unsigned long long)t->procs, t->procs == 1 ? "" : "es",
		(unsigned long long)t->threads, t->threads == 1 ? "" : "s", o->freq,
		cpu > 0 ? (double)t->samples / cpu : 0.0, engine_used);
	if (t->threads_noring)
		fprintf(stderr, "ctrace: warning: %llu threads found no free ring (raise --ring-size)\n",
			(unsigned long long)t->threads_noring);
	if (t->lost_events)
		fprintf(stderr, "ctrace: warning: %llu events lost\n", (unsigned long long)t->lost_events);
	fprintf(stderr, "ctrace: symbolized %zu addresses in %zu modules in %.0f ms: %zu named, %zu with source lines\n",
		sym->addresses, sym->modules, sym->seconds * 1e3, sym->named, sym->with_lines);
	fprintf(stderr, "ctrace: wrote %s (%s); see it with: ctrace report %s\n", out, b, out);
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"freq", required_argument, NULL, 'F'},
		{"engine", required_argument, NULL, 'e'},
		{"meta", required_argument, NULL, 'm'},
		{"no-follow", no_argument, NULL, 'n'},
		{"max-depth", required_argument, NULL, 'd'},
		{"ring-size", required_argument, NULL, 'r'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct run_opts o = {DEFAULT_OUTPUT, DEFAULT_FREQ, DEFAULT_MAX_DEPTH, DEFAULT_RING_SIZE,
			     "auto", 1, 0, json_object()};
	int c;

	while ((c = getopt_long(argc, argv, "+o:F:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.output = optarg; break;
		case 'F': o.freq = parse_long("-F", optarg, 1, 100000); break;
		case 'e':
			if (strcmp(optarg, "auto") && strcmp(optarg, "timer") && strcmp(optarg, "perf"))
				die(EXIT_USAGE, "--engine must be auto, timer or perf, not '%s'", optarg);
			o.engine = optarg;
			break;
		case 'm': {
			char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg)
				die(EXIT_USAGE, "--meta takes KEY=VALUE, not '%s'", optarg);
			*eq = 0;
			json_object_set_new(o.tags, optarg, json_string(eq + 1));
			break;
		}
		case 'n': o.follow = 0; break;
		case 'd': o.max_depth = parse_long("--max-depth", optarg, 1, 4096); break;
		case 'r':
			o.ring_size = parse_size(optarg);
			if (o.ring_size < (long)RING_BYTES || o.ring_size > (4L << 30))
				die(EXIT_USAGE, "--ring-size must be from 256K to 4G, not '%s'", optarg);
			break;
		case 'q': o.quiet = 1; break;
		case 'h': fputs(run_usage, stdout); return stdout_finish() ? EXIT_FAIL : EXIT_OK;
		default: fputs(run_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(run_usage, stderr);
		return EXIT_USAGE;
	}
	char **prog_argv = argv + optind;
	char *path = program_find(prog_argv[0]);
	if (!path)
		die(127, "cannot run '%s': No such file or directory", prog_argv[0]);
	const char *why = program_why_unprofilable(path, 0);
	if (why)
		die(EXIT_USAGE, "cannot profile '%s': %s", prog_argv[0], why);

	const char *engine = o.engine;
	if (!strcmp(engine, "auto"))
		engine = perf_allowed(o.freq) ? "perf" : "timer";
	else if (!strcmp(engine, "perf") && !perf_allowed(o.freq))
		die(EXIT_USAGE, "the perf engine is not allowed here (perf_event_open failed: %s); use --engine=timer",
		    strerror(errno));

	/* the profile: written next to its final name, renamed when complete */
	char *tmp = xmalloc(strlen(o.output) + 16);
	sprintf(tmp, "%s.partial", o.output);
	FILE *f = fopen(tmp, "wbe");
	if (!f)
		die(EXIT_FAIL, "cannot write '%s': %s", tmp, strerror(errno));
	struct profile_writer w;
	profile_writer_open(&w, f);
	json_t *meta = meta_start(&o, prog_argv, engine);
	profile_writer_meta(&w, meta);
	json_decref(meta);

	int shm_fd;
	struct ct_shm *shm = shm_create(o.ring_size, &shm_fd);
	char *shim = shim_path();
	const char *old_preload = getenv("LD_PRELOAD");
	char *preload = xmalloc(strlen(shim) + (old_preload ? strlen(old_preload) : 0) + 2);
	sprintf(preload, "%s%s%s", shim, old_preload && *old_preload ? ":" : "",
		old_preload ? old_preload : "");
	setenv("LD_PRELOAD", preload, 1);
	env_set_num("CTRACE_RING_FD", shm_fd);
	env_set_num("CTRACE_FREQ", o.freq);
	env_set_num("CTRACE_MAX_DEPTH", o.max_depth);
	env_set_num("CTRACE_FOLLOW", o.follow);
	setenv("CTRACE_ENGINE", engine, 1);

	/* Orphaned grandchildren come to us, so that every followed process
	 * is waited for. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigprocmask(SIG_BLOCK, &mask, &orig_mask);
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		die(EXIT_FAIL, "cannot create a signalfd: %s", strerror(errno));

	struct recorder *rec = recorder_new(shm, &w);
	uint64_t t0 = mono_ns();
	int exec_errno = 0;
	pid_t child = program_start(path, prog_argv, &exec_errno);
	close(shm_fd);
	if (exec_errno) {
		waitpid(child, NULL, 0);
		fclose(f);
		unlink(tmp);
		die(exec_errno == ENOENT ? 127 : 126, "cannot run '%s': %s", prog_argv[0],
		    strerror(exec_errno));
	}

	int status = 0, child_done = 0;
	uint64_t last_reap = 0;
	for (;;) {
		struct pollfd pfd = {sfd, POLLIN, 0};
		struct signalfd_siginfo si;

		poll(&pfd, 1, 10);
		while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGCHLD)
				continue;
			/* a signal meant for us goes to the program; one from
			 * the terminal reached the program already */
			if (si.ssi_code != SI_KERNEL && !child_done)
				kill(child, (int)si.ssi_signo);
		}
		recorder_drain(rec);
		int any_left = 0;
		for (;;) {
			int st;
			pid_t p = waitpid(-1, &st, WNOHANG);
			if (p > 0) {
				if (p == child) {
					status = st;
					child_done = 1;
				}
				continue;
			}
			any_left = p == 0;
			break;
		}
		uint64_t now = mono_ns();
		if (!any_left)
			break;
		if (now - last_reap > 100000000ULL) {
			recorder_reap(rec, 0);
			last_reap = now;
		}
	}
	double wall = (double)(mono_ns() - t0) / 1e9;
	recorder_drain(rec);
	recorder_reap(rec, 1);
	recorder_set_status(rec, child, status);
	recorder_finish(rec);

	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	struct recorder_totals tot;
	recorder_totals(rec, &tot);
	uint32_t used = atomic_load(&shm->engines_used);
	const char *engine_used = used == 3 ? "perf+timer" : used == 2 ? "perf" : used == 1 ? "timer" : engine;

	json_t *end = json_object();
	json_object_set_new(end, "duration_ns", json_integer((json_int_t)(wall * 1e9)));
	json_object_set_new(end, "cpu_ns", json_integer((json_int_t)(cpu * 1e9)));
	json_object_set_new(end, "engine_used", json_string(engine_used));
	json_object_set_new(end, "delivered_hz", json_real(cpu > 0 ? (double)tot.samples / cpu : 0));
	if (WIFSIGNALED(status)) {
		json_object_set_new(end, "exit_signal", json_integer(WTERMSIG(status)));
		json_object_set_new(end, "core_dumped", json_boolean(WCOREDUMP(status)));
	} else {
		json_object_set_new(end, "exit_code", json_integer(WEXITSTATUS(status)));
	}
	json_t *st = json_object();
	json_object_set_new(st, "samples", json_integer((json_int_t)tot.samples));
	json_object_set_new(st, "weight", json_integer((json_int_t)tot.weight));
	json_object_set_new(st, "dropped", json_integer((json_int_t)(tot.dropped + tot.noring_samples)));
	json_object_set_new(st, "dropped_weight", json_integer((json_int_t)(tot.dropped_weight + tot.noring_weight)));
	json_object_set_new(st, "lost_events", json_integer((json_int_t)tot.lost_events));
	json_object_set_new(st, "threads_without_ring", json_integer((json_int_t)tot.threads_noring));
	json_object_set_new(st, "timer_arm_failures", json_integer((json_int_t)tot.arm_failures));
	json_object_set_new(end, "recording", st);
	profile_writer_meta(&w, end);
	json_decref(end);
	profile_writer_end(&w, tot.samples_written, tot.stacks);
	int werr = profile_writer_finish(&w);
	if (fclose(f) != 0)
		werr = -1;
	if (werr) {
		error("cannot write '%s': %s", tmp, strerror(errno));
		unlink(tmp);
		return EXIT_FAIL;
	}

	/* Symbolize now, while the binaries are surely the ones that ran.
	 * No network: a debuginfod lookup per library would dwarf the run. */
	struct annotate_stats sym;
	char err[600];
	char *tmp2 = xmalloc(strlen(o.output) + 16);
	sprintf(tmp2, "%s.sym.partial", o.output);
	unsetenv("DEBUGINFOD_URLS");
	if (annotate_file(tmp, tmp2, o.quiet, &sym, err, sizeof(err)) < 0) {
		/* the recording itself is good: keep it, unnamed */
		warning("cannot symbolize: %s", err);
		unlink(tmp2);
		if (rename(tmp, o.output) < 0) {
			error("cannot write '%s': %s", o.output, strerror(errno));
			return EXIT_FAIL;
		}
	} else if (rename(tmp2, o.output) < 0) {
		error("cannot write '%s': %s", o.output, strerror(errno));
		unlink(tmp2);
		unlink(tmp);
		return EXIT_FAIL;
	} else {
		unlink(tmp);
	}
	free(tmp2);
	if (!o.quiet) {
		struct stat sb;
		stat(o.output, &sb);
		summary(&o, &tot, wall, cpu, engine_used, o.output, sb.st_size, status, &sym);
	}
	recorder_free(rec);
	json_decref(o.tags);
	free(tmp);
	free(preload);
	free(shim);
	free(path);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
