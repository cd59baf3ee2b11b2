/*
 * rb_writer.h - what a CPU's ring-buffer writers keep (ring_buffer.h is
 * the buffer's interface). It lives in the CPU's struct cpu (smp.h), so
 * that a tracer's fast path, which holds that struct in a register
 * already, reaches its buffer with no address of its own to work out.
 */
#ifndef RB_WRITER_H
#define RB_WRITER_H

#include "types.h"

struct rb_data_page;

/* One page of a CPU's ring, as its writer sees it. */
struct rb_page {
	struct rb_data_page *page;
	unsigned long write; /* reservation offset into page->data */
	unsigned long entries; /* events reserved on this page */
	unsigned long seq; /* page number since the buffer began; changed
			    * before the page is reused */
};

/* last_ts when no base is known: the next outermost event stamps anew.
 * Far beyond any clock reading, so that the delta to it never fits. */
#define RB_TS_NONE (1ULL << 63)

#define RB_NEST_MASK 0xffUL
/* In nest: the tail moved since the outermost writer came in, so that
 * its commit has more than the tail page to publish. */
#define RB_NEST_MOVED 0x100UL

/* What a CPU's writers keep, in one cache line of its own. */
struct rb_writer {
	unsigned long nest; /* writers inside, on this CPU (RB_NEST_MASK),
			     * and RB_NEST_MOVED */
	unsigned long disabled; /* resizers at work, +1 without pages
				 * (writers then drop and count), and
				 * RB_WRITER_OFF: one word for the fast
				 * path to test */
	struct rb_page *tail; /* the page being written */
	struct rb_page *commit_page; /* oldest page not wholly published */
	u64 last_ts; /* the last outermost event's time, or RB_TS_NONE */
	unsigned long committed; /* events committed */
} __aligned(64);

/* In disabled: ring_buffer_record_cpu(cpu, false); writers are turned
 * away, not counted. */
#define RB_WRITER_OFF (1UL << (8 * sizeof(long) - 1))

/* A CPU's writer before its buffer has pages: writers drop and count. */
#define RB_WRITER_INIT                               \
	{                                            \
		.disabled = 1, .last_ts = RB_TS_NONE \
	}

#endif
