/* recorder.h - the launcher's side of the ring: turns the shim's records into
 * profile records as they arrive (stacks deduplicated, samples batched), and
 * hands rings back once their thread or process is gone.
 *
 * Ownership: the recorder owns its tables; the caller owns the shm mapping
 * and the profile writer, which must outlive the recorder. */
#ifndef CTRACE_RECORDER_H
#define CTRACE_RECORDER_H

#include <stdint.h>
#include <sys/types.h>

#include "../prof/profile.h"
#include "../prof/ring.h"

struct recorder;

struct recorder *recorder_new(struct ct_shm *shm, struct profile_writer *w);
/* Drains every ring once. Returns the number of records read. */
size_t recorder_drain(struct recorder *r);
/* Hands back rings whose thread or process has ended (checks liveness; call
 * every ~100 ms), or all rings when FINAL. */
void recorder_reap(struct recorder *r, int final);
/* The launched program's pid and wait status, for its process record. */
void recorder_set_status(struct recorder *r, pid_t pid, int wait_status);
/* Writes process ends and samples still buffered. */
void recorder_finish(struct recorder *r);

struct recorder_totals {
	uint64_t samples, weight, dropped, dropped_weight, pc_only, truncated, unwind_failed,
		handler_ns, stacks, procs, threads, lost_events, noring_samples, noring_weight,
		threads_noring, arm_failures, threads_signals_blocked,
		samples_written; /* sample records in the file (weight may differ) */
};
void recorder_totals(const struct recorder *r, struct recorder_totals *t);
void recorder_free(struct recorder *r);

#endif
