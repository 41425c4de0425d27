/* ring.c - single-producer byte rings in shared memory, one per thread.
 * ring_reserve and ring_commit run inside the profiled program's signal
 * handler: only atomics and plain stores. */
#include "ring.h"

#include <string.h>

enum { REC_PAD = 0 };

size_t shm_layout_size(uint32_t nrings, uint64_t ring_bytes)
{
	size_t descs = sizeof(struct ct_shm) + (size_t)nrings * sizeof(struct ct_ring);
	descs = (descs + 4095) & ~(size_t)4095;
	return descs + (size_t)nrings * ring_bytes;
}

int ring_reserve(struct ct_shm *shm, uint32_t ring_idx, uint32_t size, struct ring_resv *out)
{
	struct ct_ring *ring = shm_ring(shm, ring_idx);
	uint64_t cap = shm->ring_bytes;
	uint64_t head = atomic_load_explicit(&ring->head, memory_order_relaxed);
	uint64_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);
	uint64_t off = head % cap;
	uint64_t contig = cap - off;
	uint64_t need;

	size = (size + CT_RING_ALIGN - 1) & ~(uint32_t)(CT_RING_ALIGN - 1);
	need = size;
	if (contig < size)
		need += contig; /* a pad record fills the end, the record starts at 0 */
	if (size > cap || head - tail + need > cap)
		return -1;
	out->ring = ring;
	out->data = shm_ring_data(shm, ring_idx);
	if (contig < size) {
		struct ct_rec_hdr *pad = (struct ct_rec_hdr *)(out->data + off);
		pad->type = REC_PAD;
		pad->size = (uint32_t)contig;
		head += contig;
		off = 0;
	}
	out->head = head;
	out->rec = out->data + off;
	return 0;
}

void ring_commit(struct ring_resv *r, uint32_t type, uint32_t used)
{
	struct ct_rec_hdr *h = (struct ct_rec_hdr *)r->rec;

	used = (used + CT_RING_ALIGN - 1) & ~(uint32_t)(CT_RING_ALIGN - 1);
	h->type = type;
	h->size = used;
	/* The release store publishes the padding and the record together. */
	atomic_store_explicit(&r->ring->head, r->head + used, memory_order_release);
}

int ring_drain(struct ct_shm *shm, uint32_t ring_idx, ring_record_fn fn, void *ctx)
{
	struct ct_ring *ring = shm_ring(shm, ring_idx);
	uint8_t *data = shm_ring_data(shm, ring_idx);
	uint64_t cap = shm->ring_bytes;
	uint64_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);
	uint64_t head = atomic_load_explicit(&ring->head, memory_order_acquire);
	int n = 0;

	if (head - tail > cap) {
		atomic_store_explicit(&ring->tail, head, memory_order_release);
		return -1;
	}
	while (tail < head) {
		uint64_t off = tail % cap;
		struct ct_rec_hdr h;

		memcpy(&h, data + off, sizeof(h));
		if (h.size < sizeof(h) || h.size % CT_RING_ALIGN || h.size > cap - off ||
		    h.size > head - tail) {
			atomic_store_explicit(&ring->tail, head, memory_order_release);
			return -1;
		}
		if (h.type != REC_PAD) {
			fn(ctx, ring, (const struct ct_rec_hdr *)(data + off));
			n++;
		}
		tail += h.size;
	}
	atomic_store_explicit(&ring->tail, tail, memory_order_release);
	return n;
}
