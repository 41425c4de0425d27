/* jsonw.h - a streaming JSON writer with its own output buffer: output that
 * grows with the profile is written as it is produced, never built as a
 * tree in memory (LIMITS.md §5). Strings are escaped byte by byte: control
 * characters, quotes, '<', '>', '&' (so the text can sit in an HTML
 * <script>), U+2028/U+2029, and invalid UTF-8 (as U+FFFD).
 *
 * Commas are placed by the writer: call jsonw_key before each member of an
 * object, and write values. A jsonw owns its buffer; jsonw_finish frees it. */
#ifndef CTRACE_JSONW_H
#define CTRACE_JSONW_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 64

struct jsonw {
	FILE *f;
	char *buf;
	size_t len, cap;
	int failed;
	int depth;
	int after_key;
	int newline; /* a line break is due before the next item */
	uint8_t has_items[JSONW_MAX_DEPTH];
};

void jsonw_init(struct jsonw *w, FILE *f);
/* Flushes and frees the buffer; -1 if any write failed. */
int jsonw_finish(struct jsonw *w);

void jsonw_object_begin(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_string(struct jsonw *w, const char *s); /* NULL writes null */
void jsonw_u64(struct jsonw *w, uint64_t v);
void jsonw_i64(struct jsonw *w, int64_t v);
void jsonw_double(struct jsonw *w, double v); /* null when not finite */
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);
/* An object member in one call; jsonw_key_number writes null for a
 * negative V (an unknown figure). */
void jsonw_key_u64(struct jsonw *w, const char *key, uint64_t v);
void jsonw_key_number(struct jsonw *w, const char *key, double v);
void jsonw_key_string(struct jsonw *w, const char *key, const char *v);
/* A small jansson value, objects with their keys sorted. */
void jsonw_jansson(struct jsonw *w, const json_t *v);
/* A line break before the next item (after its comma) or closing bracket,
 * so that big arrays read one item per line. */
void jsonw_newline(struct jsonw *w);

/* The length of the valid UTF-8 sequence at S (N bytes left), 0 when
 * there is none: overlong forms, surrogates, stray continuation bytes. */
size_t utf8_len(const uint8_t *s, size_t n);

/* Escapes S (N bytes) as the contents of a JSON string, without quotes. */
void jsonw_escaped(struct jsonw *w, const char *s, size_t n);

#endif
