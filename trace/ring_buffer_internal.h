/*
 * ring_buffer_internal.h - what the ring buffer's three files share: the
 * per-CPU state beside the writer's (struct rb_writer, ring_buffer.h),
 * the head word, and the event decoder.
 *
 *   ring_buffer.c       the writer's slow paths and publishing
 *   ring_buffer_read.c  consuming, peeking, iterating, raw pages
 *   ring_buffer_size.c  resizing, resetting, freeing, statistics
 */
#ifndef RING_BUFFER_INTERNAL_H
#define RING_BUFFER_INTERNAL_H

#include "ring_buffer.h"

#define RB_STAMP 8 /* bytes of a time stamp or time extend */
#define RB_TYPE_MASK ((1u << RB_TYPE_BITS) - 1)

/* head: the head page's sequence number above RB_CNT_BITS bits of how
 * many of its events were consumed. */
#define RB_CNT_BITS 12
#define RB_CNT_MASK ((1UL << RB_CNT_BITS) - 1)
/* Ring sizes stay far below what the head's sequence bits tell apart. */
#define RB_MAX_PAGES (1UL << 16)

/* A CPU's buffer, beyond what its writers keep in struct rb_writer. */
struct rb_cpu {
	/* The writer's slow paths' (its CPU only, except while quiesced). */
	unsigned long moving; /* a writer is moving the tail */
	unsigned long overrun, commit_overrun;
	unsigned long dropped; /* atomic: a reset zeroes it from afar */
	/* Shared. */
	unsigned long head;
	struct rb_page *pages;
	unsigned long nr_pages;
	unsigned long gen; /* layout generation: resizes change it */
	/* The readers', under lock. */
	struct spinlock lock;
	struct rb_cursor rd;
	unsigned long read;
} __aligned(64);

DECLARE_PER_CPU(struct rb_cpu, rb_cpu);
extern bool rb_overwrite;

static inline notrace struct rb_cpu *rb_cpu_of(struct rb_writer *w)
{
	return &per_cpu(rb_cpu, container_of(w, struct cpu, rb) - cpus);
}

static inline notrace struct rb_page *rb_next(struct rb_cpu *cb,
					      struct rb_page *p)
{
	return p + 1 == cb->pages + cb->nr_pages ? cb->pages : p + 1;
}

static inline notrace unsigned long rb_head_of(unsigned long seq)
{
	return seq << RB_CNT_BITS;
}

/* The bytes of data[] a reader may decode: commit, at most the data. */
static inline notrace unsigned long rb_commit_of(struct rb_page *p)
{
	unsigned long c = __atomic_load_n(&p->page->commit, __ATOMIC_ACQUIRE);

	return MIN(c, RB_DATA_SIZE);
}

/*
 * Between a reader's copy and its check that the page was not reused:
 * the host tests run a writer there, as another CPU would.
 */
#ifdef HOST_TEST
extern void (*rb_test_copy_hook)(void);
#define rb_after_copy()                      \
	do {                                 \
		if (rb_test_copy_hook)       \
			rb_test_copy_hook(); \
	} while (0)
#else
#define rb_after_copy() \
	do {            \
	} while (0)
#endif

/* One event header at data[off], decoded; its time applied to *ts. */
enum { RB_EV_DATA, RB_EV_SKIP, RB_EV_END, RB_EV_BAD };
struct rb_ev {
	unsigned long next; /* offset after it */
	unsigned long data; /* offset of its data */
	unsigned len;
};
int rb_decode(const u8 *data, unsigned long off, unsigned long end, u64 *ts,
	      struct rb_ev *ev);

/* The head word, with the consuming reader's cursor moved up to it
 * (under cb->lock). */
unsigned long rb_sync_reader(struct rb_cpu *cb);
/* The time of the consuming reader's next event, 0 if none (under lock). */
u64 rb_oldest_ts(struct rb_cpu *cb);

#endif
