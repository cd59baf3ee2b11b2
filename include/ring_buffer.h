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
 *                               events (8 bytes on x86_64, 4 on SH-4);
 *                               on a page being written it may exceed
 *                               the data (readers take at most that)
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
 *
 * The writer's common case (an event of at most 112 bytes on the page it
 * is writing, not nested, within 2^27 ns of the one before) is inline
 * below; everything else goes out of line, to trace/ring_buffer.c, whose
 * header comment explains why the fast path is safe.
 */
#ifndef RING_BUFFER_H
#define RING_BUFFER_H

#include "arch.h"
#include "asm/slowcall.h"
#include "compiler.h"
#include "local.h"
#include "mm.h"
#include "percpu.h"
#include "smp.h"
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
#define RB_HDR 4 /* bytes of an event header */
#define RB_SMALL_MAX (RB_TYPE_DATA_MAX * RB_ALIGN) /* longest type_len data */
#define RB_TYPE_PADDING 29
#define RB_TYPE_TIME_EXTEND 30
#define RB_TYPE_TIME_STAMP 31
#define RB_TYPE_BITS 5
#define RB_TS_BITS 27
#define RB_TS_MASK ((1ULL << RB_TS_BITS) - 1)
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
/* Free cpu's buffer and zero its statistics (its events are gone); its
 * writers then drop (and count) everything. */
void ring_buffer_free(unsigned cpu);
/* Empty cpu's buffer and zero its statistics. */
void ring_buffer_reset(unsigned cpu);

/*
 * Full buffer: overwrite the oldest page (its unread events count as
 * overrun), the default, or refuse new events (counted as dropped).
 */
void ring_buffer_set_overwrite(bool on);
/* Whether cpu's buffer takes events at all (tracing_cpumask); an event
 * turned away is not a drop. */
void ring_buffer_record_cpu(unsigned cpu, bool on);
/* Return once no writer is inside cpu's buffer; after
 * ring_buffer_record_cpu(cpu, false), none comes in afterwards. */
void ring_buffer_wait_writers(unsigned cpu);
bool ring_buffer_overwrite(void);

/* ---- the writer's fast path (internal; use the functions) ---------- */

/* cpu's writer, in its struct cpu. */
static __always_inline struct rb_writer *rb_writer_of(unsigned cpu)
{
	return &per_cpu(cpus, cpu).rb;
}

/* The slow paths find this CPU's writer themselves: the fast path then
 * needs no register for it. */
__slowpath void *rb_reserve_slow(unsigned len, unsigned long s);
__slowpath void *rb_reserve_redo(unsigned len, struct rb_page *t,
				 unsigned long old, unsigned long n);
__slowpath void rb_leave(void);
__slowpath void rb_commit_again(void);

/*
 * A writer comes in: nest + 1, returning what it was, with a full barrier
 * before the read of disabled (for a resizer on another CPU). On x86 one
 * locked xadd is both. Elsewhere local_fetch_add() (an IMASK-15 section
 * on SH-4) with smp_mb(), which is nothing on SH-4: it has one CPU.
 */
static __always_inline unsigned long rb_nest_enter(struct rb_writer *w)
{
#if defined(__x86_64__)
	/* In asm: around gcc's builtin the fast path recomputed w. */
	unsigned long s = 1;

	__asm__ __volatile__("lock xaddq %0, %1"
			     : "+r"(s), "+m"(w->nest)
			     :
			     : "memory", "cc");
	return s;
#else
	/* One step that an interrupt cannot split: one landing between a
	 * load and a store could set RB_NEST_MOVED, which the store would
	 * then wipe out. */
	unsigned long s = local_fetch_add(&w->nest, 1);

	smp_mb();
	return s;
#endif
}

/* The fast path, for the time ts, on w, this CPU's writer. */
static __always_inline void *rb_reserve(u64 ts, struct rb_writer *w,
					unsigned len)
{
	u64 delta;
	unsigned long s, n = ALIGN_UP(len, RB_ALIGN) + RB_HDR, expect, old;
	struct rb_page *t;
	u32 *ev;

	hide_var(w); /* one register for it, not its address worked out again */
	s = rb_nest_enter(w);
	if (unlikely(s | w->disabled) || unlikely(len - 1 >= RB_SMALL_MAX))
		return (void *)slowcall2(rb_reserve_slow, len, s);
	t = w->tail;
	expect = READ_ONCE(t->write);
	delta = ts - w->last_ts;
	if (unlikely(delta > RB_TS_MASK) || unlikely(expect > RB_DATA_SIZE - n))
		return (void *)slowcall2(rb_reserve_slow, len, 0);
	w->last_ts = ts;
	old = local_fetch_add(&t->write, n);
	if (unlikely(old != expect))
		return (void *)slowcall4(rb_reserve_redo, len, t, old, n);
	local_inc(&t->entries);
	ev = (u32 *)(t->page->data + old);
	*ev = (u32)delta << RB_TYPE_BITS | (u32)(n - RB_HDR) / RB_ALIGN;
	return ev + 1;
}

/*
 * Reserve len bytes of event data on this CPU's buffer, stamped now;
 * NULL when the event is refused (counted). Every reservation that
 * succeeds must be committed, on the same CPU, innermost first. The _on
 * forms are the same for a caller that has this CPU's struct cpu at hand
 * (c must be this_cpu()): they save looking it up.
 */
static __always_inline void *ring_buffer_reserve(unsigned len)
{
	/* The clock first: nothing then lives across the call. */
	u64 ts = arch_clock_ns();

	return rb_reserve(ts, rb_writer_of(arch_cpu_id()), len);
}

static __always_inline void *ring_buffer_reserve_on(struct cpu *c, unsigned len)
{
	return rb_reserve(arch_clock_ns(), &c->rb, len);
}

/* The same, stamped ts, a time the caller read from arch_clock_ns() just
 * before (should an event come in between, the slow path stamps afresh). */
static __always_inline void *ring_buffer_reserve_at(struct cpu *c, u64 ts,
						    unsigned len)
{
	return rb_reserve(ts, &c->rb, len);
}

/*
 * The host tests run a nested writer at each step of the fast commit, as
 * an interrupt landing there would.
 */
#ifdef HOST_TEST
extern void (*rb_test_commit_hook)(int step);
#define rb_commit_step(n)                       \
	do {                                    \
		if (rb_test_commit_hook)        \
			rb_test_commit_hook(n); \
	} while (0)
#else
#define rb_commit_step(n) \
	do {              \
	} while (0)
#endif

static __always_inline void ring_buffer_commit_on(struct cpu *c)
{
	struct rb_writer *w = &c->rb;
	unsigned long s, v;
	struct rb_page *t;

	local_inc(&w->committed);
	/*
	 * The tail and its write index before nest: a nested writer that
	 * moves the tail before nest is read leaves RB_NEST_MOVED in it, one
	 * that moves it later changes t->write, which the last check sees.
	 * The other way round, a move between the two reads would have us
	 * publish the new tail only, and leave the page before it unread.
	 */
	t = READ_ONCE(w->tail);
	rb_commit_step(0);
	v = READ_ONCE(t->write);
	rb_commit_step(1);
	s = READ_ONCE(w->nest);
	if (unlikely(s != 1)) {
		slowcall0(rb_leave); /* nested, or the tail moved */
		return;
	}
	rb_commit_step(2);
	__atomic_store_n(&t->page->commit, v, __ATOMIC_RELEASE);
	rb_commit_step(3);
	__atomic_store_n(&w->nest, 0, __ATOMIC_RELEASE);
	rb_commit_step(4);
	barrier(); /* t->write is read afresh */
	if (unlikely(READ_ONCE(t->write) != v))
		slowcall0(rb_commit_again);
}

static __always_inline void ring_buffer_commit(void)
{
	ring_buffer_commit_on(this_cpu());
}

/* Reserve, copy, commit. 0, or -ENOSPC when refused. */
int ring_buffer_write(const void *data, unsigned len);

/*
 * Take cpu's oldest event: its time and length into e, its data (at most
 * size bytes) into buf. 1 when there was one, 0 when none.
 */
int ring_buffer_consume(unsigned cpu, struct rb_entry *e, void *buf,
			size_t size);

/*
 * cpu's oldest unconsumed event, as ring_buffer_consume() gives it, left
 * in place: the next consume (or peek) gives the same event, unless the
 * writer overwrote it meanwhile. 1 when there was one, 0 when none.
 */
int ring_buffer_peek(unsigned cpu, struct rb_entry *e, void *buf, size_t size);

/*
 * Walk every CPU's unconsumed events in time order without consuming
 * them; events the writers overwrite meanwhile are skipped.
 */
void ring_buffer_iter_start(struct rb_iter *it);
int ring_buffer_iter_next(struct rb_iter *it, struct rb_entry *e, void *buf,
			  size_t size);
/*
 * The event ring_buffer_iter_next() would give next from cpu, without
 * moving the iterator (function_graph looks one ahead on a CPU). 1 when
 * there is one, 0 when cpu has none left.
 */
int ring_buffer_iter_peek_cpu(const struct rb_iter *it, unsigned cpu,
			      struct rb_entry *e, void *buf, size_t size);

/*
 * Take cpu's oldest unconsumed events, as many as its oldest page holds,
 * as a page in the layout above (PAGE_SIZE bytes at page, the rest of it
 * zeroed). Returns the page's commit (bytes of events), 0 when none.
 */
unsigned long ring_buffer_read_page(unsigned cpu, void *page);

/*
 * cpu's statistics, all of one moment: every event written is in the
 * buffer, overrun, dropped or read (written = entries + overrun +
 * dropped_events + read_events).
 */
void ring_buffer_stats(unsigned cpu, struct rb_stats *st);
/* entries + overrun of cpu's statistics, one moment's: what Linux's
 * trace header calls entries-written (read events are not in it). */
unsigned long ring_buffer_entries_written(unsigned cpu);

#endif
