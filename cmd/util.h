/* util.h - error reporting and small helpers shared by the subcommands.
 * Messages follow git: "ctrace: what failed: why", lowercase, no full stop. */
#ifndef CTRACE_UTIL_H
#define CTRACE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes, part of the interface (README "Exit codes"). `ctrace run`
 * otherwise exits with the program's own status. */
enum ct_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,   /* an operation failed (cannot write, regression found …) */
	EXIT_USAGE = 2,  /* bad arguments, unreadable/corrupt profile, program cannot be profiled */
};

#define CTRACE_VERSION "0.1.0"

__attribute__((noreturn, format(printf, 2, 3))) void die(int code, const char *fmt, ...);
__attribute__((format(printf, 1, 2))) int error(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warning(const char *fmt, ...);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* A string-keyed hash map to 32-bit ids. It owns copies of its keys;
 * strmap_free releases them. */
struct strmap {
	char **keys;
	uint32_t *ids;
	size_t cap, n;
};
/* The id stored for KEY, or UINT32_MAX. */
uint32_t strmap_get(const struct strmap *m, const char *key);
/* Stores ID for KEY unless it is there; returns the id stored now (m->n
 * grows when KEY was new). */
uint32_t strmap_put(struct strmap *m, const char *key, uint32_t id);
void strmap_free(struct strmap *m);

/* Closes stdout and reports a write error (full disk, closed pipe). */
int stdout_finish(void);
/* "1.23 s", "45.6 ms" */
void fmt_duration(char *buf, size_t len, double seconds);
void fmt_bytes(char *buf, size_t len, double bytes);

int cmd_run(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_symbolize(int argc, char **argv);

#endif
