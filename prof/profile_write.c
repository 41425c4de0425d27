/* profile_write.c - encodes profile records: varints, length prefixes and a
 * CRC-32 (zlib) per record, so that a reader can tell a damaged file from a
 * good one. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "profile.h"

static void pbuf_grow(struct pbuf *b, size_t n)
{
	if (b->len + n <= b->cap)
		return;
	size_t cap = b->cap ? b->cap * 2 : 256;
	while (cap < b->len + n)
		cap *= 2;
	b->b = realloc(b->b, cap);
	if (!b->b)
		abort();
	b->cap = cap;
}

void pbuf_uv(struct pbuf *b, uint64_t v)
{
	pbuf_grow(b, 10);
	while (v >= 0x80) {
		b->b[b->len++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	b->b[b->len++] = (uint8_t)v;
}

void pbuf_sv(struct pbuf *b, int64_t v)
{
	pbuf_uv(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void pbuf_raw(struct pbuf *b, const void *p, size_t n)
{
	pbuf_grow(b, n);
	if (n)
		memcpy(b->b + b->len, p, n);
	b->len += n;
}

void pbuf_bytes(struct pbuf *b, const void *p, size_t n)
{
	pbuf_uv(b, n);
	pbuf_grow(b, n);
	if (n)
		memcpy(b->b + b->len, p, n);
	b->len += n;
}

void pbuf_str(struct pbuf *b, const char *s)
{
	pbuf_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

void pbuf_free(struct pbuf *b)
{
	free(b->b);
	memset(b, 0, sizeof(*b));
}

int profile_writer_open(struct profile_writer *w, FILE *f)
{
	uint8_t hdr[16] = {0};

	memset(w, 0, sizeof(*w));
	w->f = f;
	memcpy(hdr, PROF_MAGIC, PROF_MAGIC_LEN);
	hdr[8] = PROF_VERSION_MAJOR;
	hdr[10] = PROF_VERSION_MINOR;
	if (fwrite(hdr, 1, sizeof(hdr), f) != sizeof(hdr))
		w->failed = 1;
	return w->failed ? -1 : 0;
}

/* record = type (1 byte) | payload length (varint) | payload | crc32 (LE) of
 * type and payload */
void profile_writer_record(struct profile_writer *w, uint8_t type, const struct pbuf *payload)
{
	struct pbuf head = {0};
	uint8_t crc[4];
	uLong c;

	pbuf_grow(&head, 1);
	head.b[head.len++] = type;
	pbuf_uv(&head, payload->len);
	c = crc32(0L, &type, 1);
	c = crc32(c, payload->b, (uInt)payload->len);
	for (int i = 0; i < 4; i++)
		crc[i] = (uint8_t)(c >> (8 * i));
	if (fwrite(head.b, 1, head.len, w->f) != head.len ||
	    (payload->len && fwrite(payload->b, 1, payload->len, w->f) != payload->len) ||
	    fwrite(crc, 1, 4, w->f) != 4)
		w->failed = 1;
	pbuf_free(&head);
}

void profile_writer_raw(struct profile_writer *w, const void *bytes, size_t n)
{
	if (n && fwrite(bytes, 1, n, w->f) != n)
		w->failed = 1;
}

void profile_writer_meta(struct profile_writer *w, json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	struct pbuf b = {0};

	if (!s) {
		w->failed = 1;
		return;
	}
	pbuf_bytes(&b, s, strlen(s));
	profile_writer_record(w, P_META, &b);
	pbuf_free(&b);
	free(s);
}

void profile_writer_end(struct profile_writer *w, uint64_t nsamples, uint64_t nstacks)
{
	struct pbuf b = {0};

	pbuf_uv(&b, nsamples);
	pbuf_uv(&b, nstacks);
	profile_writer_record(w, P_END, &b);
	pbuf_free(&b);
}

int profile_writer_finish(struct profile_writer *w)
{
	if (fflush(w->f) != 0 || ferror(w->f))
		w->failed = 1;
	return w->failed ? -1 : 0;
}
