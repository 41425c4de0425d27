/* jsonw.c - the streaming JSON writer: a 1 MiB buffer flushed with fwrite,
 * separators placed from a per-level "has items" flag, and string escaping
 * that validates UTF-8 as it copies. */
#include "jsonw.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"

#define JSONW_BUF (1u << 20)

void jsonw_init(struct jsonw *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->cap = JSONW_BUF;
	w->buf = xmalloc(w->cap);
}

static void jsonw_flush(struct jsonw *w)
{
	if (w->len && fwrite(w->buf, 1, w->len, w->f) != w->len)
		w->failed = 1;
	w->len = 0;
}

static inline void jsonw_put(struct jsonw *w, const char *s, size_t n)
{
	if (w->len + n > w->cap) {
		jsonw_flush(w);
		if (n > w->cap) {
			if (fwrite(s, 1, n, w->f) != n)
				w->failed = 1;
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static inline void jsonw_putc(struct jsonw *w, char c)
{
	if (w->len == w->cap)
		jsonw_flush(w);
	w->buf[w->len++] = c;
}

int jsonw_finish(struct jsonw *w)
{
	if (w->newline)
		jsonw_putc(w, '\n');
	jsonw_flush(w);
	free(w->buf);
	w->buf = NULL;
	if (fflush(w->f) != 0 || ferror(w->f))
		w->failed = 1;
	return w->failed ? -1 : 0;
}

/* Before a value: a comma unless it is the first item or follows a key. */
static void jsonw_sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (w->has_items[w->depth - 1])
			jsonw_putc(w, ',');
		w->has_items[w->depth - 1] = 1;
	}
	if (w->newline) {
		jsonw_putc(w, '\n');
		w->newline = 0;
	}
}

static void jsonw_open(struct jsonw *w, char c)
{
	jsonw_sep(w);
	jsonw_putc(w, c);
	if (w->depth >= JSONW_MAX_DEPTH)
		abort(); /* the report's documents are shallow by design */
	w->has_items[w->depth++] = 0;
}

static void jsonw_close(struct jsonw *w, char c)
{
	if (w->newline) {
		jsonw_putc(w, '\n');
		w->newline = 0;
	}
	w->depth--;
	jsonw_putc(w, c);
}

void jsonw_object_begin(struct jsonw *w) { jsonw_open(w, '{'); }
void jsonw_object_end(struct jsonw *w) { jsonw_close(w, '}'); }
void jsonw_array_begin(struct jsonw *w) { jsonw_open(w, '['); }
void jsonw_array_end(struct jsonw *w) { jsonw_close(w, ']'); }

void jsonw_newline(struct jsonw *w)
{
	w->newline = 1;
}

/* Length of the valid UTF-8 sequence at S (at most N bytes), 0 if invalid.
 * Rejects overlong forms, surrogates and code points above U+10FFFF. */
size_t utf8_len(const uint8_t *s, size_t n)
{
	uint8_t c = s[0];
	size_t len;
	uint8_t lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

void jsonw_escaped(struct jsonw *w, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *s = (const uint8_t *)str;
	size_t run = 0; /* bytes at s[i - run .. i) to copy as they are */

	for (size_t i = 0; i < n;) {
		uint8_t c = s[i];
		char esc[8];
		size_t elen = 0;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
			i++;
			run++;
			continue;
		}
		if (c >= 0x80) {
			size_t len = utf8_len(s + i, n - i);
			/* U+2028 and U+2029 end lines in JavaScript */
			if (len == 3 && c == 0xe2 && s[i + 1] == 0x80 && (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
				memcpy(esc, s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
				elen = 6;
				len = 3;
			} else if (len) {
				i += len;
				run += len;
				continue;
			} else {
				memcpy(esc, "\\ufffd", 6);
				elen = 6;
				len = 1;
			}
			jsonw_put(w, (const char *)s + i - run, run);
			run = 0;
			jsonw_put(w, esc, elen);
			i += len;
			continue;
		}
		switch (c) {
		case '"': memcpy(esc, "\\\"", 2); elen = 2; break;
		case '\\': memcpy(esc, "\\\\", 2); elen = 2; break;
		case '\n': memcpy(esc, "\\n", 2); elen = 2; break;
		case '\t': memcpy(esc, "\\t", 2); elen = 2; break;
		case '\r': memcpy(esc, "\\r", 2); elen = 2; break;
		case '\b': memcpy(esc, "\\b", 2); elen = 2; break;
		case '\f': memcpy(esc, "\\f", 2); elen = 2; break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			elen = 6;
		}
		jsonw_put(w, (const char *)s + i - run, run);
		run = 0;
		jsonw_put(w, esc, elen);
		i++;
	}
	jsonw_put(w, (const char *)s + n - run, run);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_sep(w);
	jsonw_putc(w, '"');
	jsonw_escaped(w, key, strlen(key));
	jsonw_put(w, "\":", 2);
	w->after_key = 1;
}

void jsonw_string(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	jsonw_sep(w);
	jsonw_putc(w, '"');
	jsonw_escaped(w, s, strlen(s));
	jsonw_putc(w, '"');
}

void jsonw_u64(struct jsonw *w, uint64_t v)
{
	char b[24];
	size_t i = sizeof(b);

	jsonw_sep(w);
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	jsonw_put(w, b + i, sizeof(b) - i);
}

void jsonw_i64(struct jsonw *w, int64_t v)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%" PRId64, v);

	jsonw_sep(w);
	jsonw_put(w, b, (size_t)n);
}

void jsonw_double(struct jsonw *w, double v)
{
	char b[40];
	int n;

	if (!isfinite(v)) {
		jsonw_null(w);
		return;
	}
	n = snprintf(b, sizeof(b), "%.17g", v);
	/* keep it a number JSON readers take as real, as jansson writes them */
	if (!strpbrk(b, ".eE") && n + 2 < (int)sizeof(b)) {
		b[n++] = '.';
		b[n++] = '0';
	}
	jsonw_sep(w);
	jsonw_put(w, b, (size_t)n);
}

void jsonw_bool(struct jsonw *w, int v)
{
	jsonw_sep(w);
	jsonw_put(w, v ? "true" : "false", v ? 4 : 5);
}

void jsonw_null(struct jsonw *w)
{
	jsonw_sep(w);
	jsonw_put(w, "null", 4);
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void jsonw_jansson(struct jsonw *w, const json_t *v)
{
	if ((json_is_object(v) || json_is_array(v)) && w->depth >= JSONW_MAX_DEPTH) {
		jsonw_null(w); /* metadata nested this deep is not worth a crash */
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		size_t n = json_object_size(v), i = 0;
		const char **keys = xmalloc((n ? n : 1) * sizeof(char *));
		const char *k;
		json_t *x;

		json_object_foreach((json_t *)v, k, x) keys[i++] = k;
		qsort(keys, n, sizeof(char *), key_cmp);
		jsonw_object_begin(w);
		for (i = 0; i < n; i++) {
			jsonw_key(w, keys[i]);
			jsonw_jansson(w, json_object_get(v, keys[i]));
		}
		jsonw_object_end(w);
		free(keys);
		break;
	}
	case JSON_ARRAY:
		jsonw_array_begin(w);
		for (size_t i = 0; i < json_array_size(v); i++)
			jsonw_jansson(w, json_array_get(v, i));
		jsonw_array_end(w);
		break;
	case JSON_STRING:
		jsonw_sep(w);
		jsonw_putc(w, '"');
		jsonw_escaped(w, json_string_value(v), json_string_length(v));
		jsonw_putc(w, '"');
		break;
	case JSON_INTEGER: jsonw_i64(w, json_integer_value(v)); break;
	case JSON_REAL: jsonw_double(w, json_real_value(v)); break;
	case JSON_TRUE: jsonw_bool(w, 1); break;
	case JSON_FALSE: jsonw_bool(w, 0); break;
	default: jsonw_null(w); break;
	}
}

void jsonw_key_u64(struct jsonw *w, const char *key, uint64_t v)
{
	jsonw_key(w, key);
	jsonw_u64(w, v);
}

void jsonw_key_number(struct jsonw *w, const char *key, double v)
{
	jsonw_key(w, key);
	if (v < 0)
		jsonw_null(w);
	else
		jsonw_double(w, v);
}

void jsonw_key_string(struct jsonw *w, const char *key, const char *v)
{
	jsonw_key(w, key);
	jsonw_string(w, v);
}
