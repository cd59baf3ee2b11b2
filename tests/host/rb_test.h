/*
 * rb_test.h - what the ring buffer's host tests share (test_ring_buffer.c
 * for the writer, test_ring_buffer_read.c for the readers): set-up, test
 * events, the accounting check and an independent decoder of raw pages,
 * all in test_ring_buffer_common.c.
 */
#ifndef RB_TEST_H
#define RB_TEST_H

#include "ring_buffer.h"

#define PAYLOAD 32 /* bytes of the usual test event */

struct dec_event {
	unsigned type_len;
	u64 ts;
	unsigned len;
	const u8 *data;
};

struct dec_page {
	u64 time_stamp;
	unsigned long commit;
	unsigned long end; /* where decoding stopped */
	int n, pads, extends, stamps;
	struct dec_event ev[600];
};

extern unsigned long rbt_attempts[NR_CPUS];
extern u8 rbt_page[PAGE_SIZE];
extern struct dec_page rbt_dp;

void rbt_setup(unsigned ncpus, unsigned long kb);
/* What buffer_size_kb reads back after kb was written: whole pages. */
unsigned long rbt_rounded_kb(unsigned long kb);
void rbt_teardown(void);
/* An event of len bytes: its number, then bytes derived from it. */
void rbt_fill(u8 *buf, unsigned len, u32 n);
bool rbt_intact(const u8 *buf, unsigned len, u32 n);
int rbt_write_event(unsigned len, u32 n);
/* Every event tried is in the buffer, overwritten, dropped or read. */
bool rbt_accounted(unsigned cpu);
unsigned long rbt_count_by_iterator(void);
u32 rbt_le32(const u8 *p);
u64 rbt_le64(const u8 *p);
/* Decode a page: header (u64 time stamp, a long of commit), then events
 * of a 32-bit header (type_len:5, time_delta:27) and 32-bit words. */
bool rbt_decode(const u8 *pg, struct dec_page *d);
/* A nested writer (a clock hook): an 8-byte event at rbt_nested_ts. */
extern u64 rbt_nested_ts;
void rbt_nested_write(void);

#endif
