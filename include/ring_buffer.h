/*
 * ring_buffer.h - the per-CPU trace ring buffer.
 *
 * Each CPU has its own buffer: a ring of pages that only that CPU writes,
 * without a lock, while any CPU may read. The pages are kept in the
 * binary layout Linux's ring buffer uses, so that they can be handed to
 * trace-cmd as they are:
 *
 *   page:   u64 time_stamp      at 0: the time the first event's delta
 *                               counts from
 *           long commit         at 8: bytes of data[] holding complete
 *                               events (8 bytes on x86_64, 4 on SH-4)
 *           data[]              at 8 + sizeof(long): the events
 *
 *   event:  u32 header          bits 0-4 type_len, bits 5-31 time_delta
 *           u32 array[]
 *
 * All little-endian, every event 4-byte aligned. type_len says what the
 * event is:
 *   1..28  data of type_len * 4 bytes, from array[0];
 *   0      data of array[0] - 4 bytes (rounded up to 4), from array[1];
 *          used for data longer than 28 words;
 *   29     padding: with time_delta 0 it fills the rest of the page,
 *          otherwise it is 4 + array[0] bytes long;
 *   30     time extend, 8 bytes: add (array[0] << 27) + time_delta to the
 *          time, for a gap that does not fit 27 bits;
 *   31     time stamp, 8 bytes: the time is (array[0] << 27) | time_delta.
 * An event's time is the previous event's (or the page's time_stamp)
 * plus its time_delta; padding does not move the time. Times are
 * arch_clock_ns() nanoseconds.
 *
 * Writers: ring_buffer_reserve(), fill in the data, ring_buffer_commit(),
 * on one CPU with preemption off; interrupts and NMIs may nest writers of
 * their own anywhere in between. Readers see committed events only.
 */
#ifndef RING_BUFFER_H
#define RING_BUFFER_H

#include "arch.h"
#include "compiler.h"
#include "mm.h"
#include "spinlock.h"
#include "types.h"

struct rb_data_page {
	u64 time_stamp;
	unsigned long commit;
	u8 data[] __aligned(4);
};

#define RB_PAGE_HDR_SIZE offsetof(struct rb_data_page, data)
#define RB_DATA_SIZE (PAGE_SIZE - RB_PAGE_HDR_SIZE)

#define RB_TYPE_DATA_MAX 28
#define RB_TYPE_PADDING 29
#define RB_TYPE_TIME_EXTEND 30
#define RB_TYPE_TIME_STAMP 31
#define RB_TYPE_BITS 5
#define RB_TS_BITS 27
#define RB_ALIGN 4
/* Longest data an event can carry (room for its header and a stamp). */
#define RB_MAX_EVENT (RB_DATA_SIZE - 4 * RB_ALIGN)
/* At least this many pages per CPU, as in Linux. */
#define RB_MIN_PAGES 2

/* One event as a reader gets it. */
struct rb_entry {
	u64 ts;
	unsigned cpu;
	unsigned len; /* bytes of data (which may be more than was copied) */
};

/* Linux's per_cpu/cpuN/stats fields. */
struct rb_stats {
	unsigned long entries; /* in the buffer, not yet consumed */
	unsigned long overrun; /* overwritten before they were read */
	unsigned long commit_overrun; /* refused: the writer caught up with
				       * its own uncommitted event */
	unsigned long bytes; /* of data pages holding unread events */
	unsigned long dropped_events; /* refused (also commit overruns) */
	unsigned long read_events; /* consumed */
	u64 oldest_event_ts; /* 0 when empty */
	u64 now_ts;
};

/* A reader's place in one CPU's buffer. */
struct rb_cursor {
	unsigned long seq; /* page number, counting since the buffer began */
	unsigned long idx; /* that page's slot in the ring */
	unsigned long off; /* next event in the page's data */
	unsigned long gen; /* the layout it refers to (resizes change it) */
	u64 ts; /* time of the event before off */
};

/* The non-consuming iterator over every CPU's buffer. */
struct rb_iter {
	struct rb_cursor cur[NR_CPUS];
};

/*
 * Give cpu's buffer size_kb KiB of data (rounded up to whole pages, at
 * least RB_MIN_PAGES), keeping the newest events that fit; a buffer that
 * had none is created empty. While tracing runs. -EINVAL for a bad cpu
 * or size, -ENOMEM (nothing changed) when memory is short.
 */
int ring_buffer_resize(unsigned cpu, unsigned long size_kb);
/* KiB of data the buffer holds when full (buffer_size_kb); 0: none. */
unsigned long ring_buffer_size_kb(unsigned cpu);
/* Free cpu's buffer; its writers then drop (and count) everything. */
void ring_buffer_free(unsigned cpu);
/* Empty cpu's buffer and zero its statistics. */
void ring_buffer_reset(unsigned cpu);

/*
 * Full buffer: overwrite the oldest page (its unread events count as
 * overrun), the default, or refuse new events (counted as dropped).
 */
void ring_buffer_set_overwrite(bool on);
bool ring_buffer_overwrite(void);

/*
 * Reserve len bytes of event data on this CPU's buffer, stamped now;
 * NULL when the event is refused (counted). Every reservation that
 * succeeds must be committed, on the same CPU, innermost first.
 */
void *ring_buffer_reserve(unsigned len);
void ring_buffer_commit(void);
/* Reserve, copy, commit. 0, or -ENOSPC when refused. */
int ring_buffer_write(const void *data, unsigned len);

/*
 * Take cpu's oldest event: its time and length into e, its data (at most
 * size bytes) into buf. 1 when there was one, 0 when none.
 */
int ring_buffer_consume(unsigned cpu, struct rb_entry *e, void *buf,
			size_t size);

/*
 * Walk every CPU's unconsumed events in time order without consuming
 * them; events the writers overwrite meanwhile are skipped.
 */
void ring_buffer_iter_start(struct rb_iter *it);
int ring_buffer_iter_next(struct rb_iter *it, struct rb_entry *e, void *buf,
			  size_t size);

/*
 * Take cpu's oldest unconsumed events, as many as its oldest page holds,
 * as a page in the layout above (PAGE_SIZE bytes at page, the rest of it
 * zeroed). Returns the page's commit (bytes of events), 0 when none.
 */
unsigned long ring_buffer_read_page(unsigned cpu, void *page);

void ring_buffer_stats(unsigned cpu, struct rb_stats *st);

#endif
