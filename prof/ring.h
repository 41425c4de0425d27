/* ring.h - the shared-memory area between the shim (producers) and the
 * launcher (consumer): a control block, and one single-producer ring per
 * sampled thread. ring_reserve/ring_commit/ring_write_event are async-signal-
 * safe (no locks, no allocation, no errno changes); everything else is not. */
#ifndef CTRACE_RING_H
#define CTRACE_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define CT_SHM_MAGIC 0x31474e5245525443ULL /* "CTRERNG1" */
#define CT_SHM_VERSION 1
#define CT_RING_ALIGN 8

enum ct_ring_state { RING_FREE = 0, RING_OWNED = 1, RING_CLOSED = 2, RING_CLAIMING = 3 };

/* Counters a thread's producer keeps about itself; the consumer only reads
 * them (relaxed atomics: a single writer, a racy reader is fine). */
struct ct_ring_stats {
	_Atomic uint64_t samples;       /* samples written */
	_Atomic uint64_t weight;        /* their weight in periods */
	_Atomic uint64_t dropped;       /* samples lost because the ring was full */
	_Atomic uint64_t dropped_weight;
	_Atomic uint64_t pc_only;       /* only the PC: a dlclose or fork held the unwinder back */
	_Atomic uint64_t truncated;     /* deeper than --max-depth */
	_Atomic uint64_t unwind_failed; /* libunwind gave nothing past the signal frame */
	_Atomic uint64_t handler_ns;    /* time spent in our signal handler */
	_Atomic uint64_t program_signals; /* SIGPROFs passed to the program's handler */
};

/* One thread's ring. head is advanced only by the producer, tail only by the
 * consumer; both count bytes since the ring was claimed (never wrap). */
struct ct_ring {
	_Atomic uint32_t state;
	uint32_t proc_id;
	int32_t pid;
	int32_t tid;
	_Atomic uint64_t head;
	_Atomic uint64_t tail;
	struct ct_ring_stats st;
	uint64_t pad[3];
};

/* The control block at offset 0 of the shared area. The launcher fills in the
 * geometry and settings before the program starts; the shim never changes
 * them. */
struct ct_shm {
	uint64_t magic;
	uint32_t version;
	uint32_t nrings;
	uint64_t ring_bytes; /* data bytes per ring, a multiple of CT_RING_ALIGN */
	uint64_t total_bytes;
	uint64_t start_ns;   /* CLOCK_MONOTONIC when the launcher started */
	_Atomic uint32_t next_proc_id;
	_Atomic uint32_t engines_used; /* bit 1<<engine for each engine that armed */
	_Atomic uint64_t noring_samples;  /* samples of threads that found no free ring */
	_Atomic uint64_t noring_weight;
	_Atomic uint64_t lost_events;     /* non-sample events dropped (ring full) */
	_Atomic uint64_t threads_noring;
	_Atomic uint64_t arm_failures;    /* threads whose timer could not be armed */
	uint64_t pad[5];
};

/* A record in a ring: header then payload, size a multiple of 8. */
struct ct_rec_hdr {
	uint32_t type;
	uint32_t size; /* bytes, header included */
};

/* Layout helpers. */
static inline struct ct_ring *shm_ring(struct ct_shm *shm, uint32_t i)
{
	return (struct ct_ring *)((char *)shm + sizeof(*shm)) + i;
}
static inline uint8_t *shm_ring_data(struct ct_shm *shm, uint32_t i)
{
	size_t descs = sizeof(*shm) + (size_t)shm->nrings * sizeof(struct ct_ring);
	descs = (descs + 4095) & ~(size_t)4095;
	return (uint8_t *)shm + descs + (size_t)i * shm->ring_bytes;
}
size_t shm_layout_size(uint32_t nrings, uint64_t ring_bytes);

/* Producer side. A reservation holds room for SIZE bytes; commit publishes
 * the first USED bytes of it (USED <= SIZE). Between the two nothing else may
 * write to the same ring: the producer is a single thread, and our own signal
 * is blocked around every write made outside the signal handler. */
struct ring_resv {
	struct ct_ring *ring;
	uint8_t *data;
	uint64_t head; /* where the record starts (after any padding) */
	uint8_t *rec;
};
int ring_reserve(struct ct_shm *shm, uint32_t ring_idx, uint32_t size, struct ring_resv *out);
void ring_commit(struct ring_resv *r, uint32_t type, uint32_t used);

/* Consumer side: calls FN for each published record, then frees the space.
 * Returns the number of records, or -1 when the ring holds garbage (then the
 * ring is emptied). */
typedef void (*ring_record_fn)(void *ctx, struct ct_ring *ring, const struct ct_rec_hdr *h);
int ring_drain(struct ct_shm *shm, uint32_t ring_idx, ring_record_fn fn, void *ctx);

#endif
