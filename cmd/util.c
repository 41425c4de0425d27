/* util.c - error reporting and allocation helpers for the ctrace command. */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void message(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("ctrace: ", fmt, ap);
	va_end(ap);
	exit(code);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("ctrace: ", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("ctrace: warning: ", fmt, ap);
	va_end(ap);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		die(EXIT_FAIL, "out of memory");
	return d;
}

int stdout_finish(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		return error("cannot write output: %s", strerror(errno ? errno : EIO));
	return 0;
}

void fmt_duration(char *buf, size_t len, double s)
{
	if (s >= 100)
		snprintf(buf, len, "%.0f s", s);
	else if (s >= 1)
		snprintf(buf, len, "%.2f s", s);
	else if (s >= 0.001)
		snprintf(buf, len, "%.1f ms", s * 1e3);
	else
		snprintf(buf, len, "%.0f us", s * 1e6);
}

void fmt_bytes(char *buf, size_t len, double b)
{
	if (b >= 1 << 20)
		snprintf(buf, len, "%.1f MB", b / (1 << 20));
	else if (b >= 1 << 10)
		snprintf(buf, len, "%.1f KB", b / (1 << 10));
	else
		snprintf(buf, len, "%.0f B", b);
}

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	while (*s)
		h = (h ^ (uint8_t)*s++) * 1099511628211ULL;
	return h;
}

static size_t strmap_slot(const struct strmap *m, const char *key)
{
	size_t j = str_hash(key) & (m->cap - 1);

	while (m->keys[j] && strcmp(m->keys[j], key))
		j = (j + 1) & (m->cap - 1);
	return j;
}

uint32_t strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return UINT32_MAX;
	size_t j = strmap_slot(m, key);
	return m->keys[j] ? m->ids[j] : UINT32_MAX;
}

uint32_t strmap_put(struct strmap *m, const char *key, uint32_t id)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct strmap g = {xcalloc(m->cap ? m->cap * 2 : 1024, sizeof(char *)),
				   xcalloc(m->cap ? m->cap * 2 : 1024, sizeof(uint32_t)),
				   m->cap ? m->cap * 2 : 1024, m->n};
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			size_t j = strmap_slot(&g, m->keys[i]);
			g.keys[j] = m->keys[i];
			g.ids[j] = m->ids[i];
		}
		free(m->keys);
		free(m->ids);
		*m = g;
	}
	size_t j = strmap_slot(m, key);
	if (!m->keys[j]) {
		m->keys[j] = xstrdup(key);
		m->ids[j] = id;
		m->n++;
	}
	return m->ids[j];
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->ids);
	memset(m, 0, sizeof(*m));
}
