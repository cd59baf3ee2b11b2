/*
 * test_ring_buffer.c - host tests for trace/ring_buffer.c.
 *
 * Interrupts and NMIs are simulated by writing from inside the writer:
 * from a clock read in the middle of a reservation (test_clock_hook),
 * or between a reservation and its commit. Another CPU's writer racing a
 * reader is simulated by writing between the reader's copy and its check
 * (rb_test_copy_hook). Raw pages are checked with a decoder of our own,
 * written from the layout's description alone.
 */
#include "test.h"

#include "ring_buffer.h"

#define PAYLOAD 32 /* bytes of the usual test event */

static unsigned long attempts[NR_CPUS];

static void setup(unsigned ncpus, unsigned long kb)
{
	test_mem_setup(TEST_ARENA_PAGES);
	test_cpu_id = 0;
	test_clock_ns = 1000;
	test_clock_hook = NULL;
	ring_buffer_set_overwrite(true);
	memset(attempts, 0, sizeof(attempts));
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		if (cpu < ncpus)
			CHECK_EQ(ring_buffer_resize(cpu, kb), 0);
		ring_buffer_reset(cpu);
	}
}

/* What buffer_size_kb reads back after kb was written: whole pages. */
static unsigned long rounded_kb(unsigned long kb)
{
	unsigned long pages = (kb * 1024 + RB_DATA_SIZE - 1) / RB_DATA_SIZE;

	return MAX(pages, RB_MIN_PAGES) * RB_DATA_SIZE / 1024;
}

static void teardown(void)
{
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
		ring_buffer_free(cpu);
	test_cpu_id = 0;
	ring_buffer_set_overwrite(true);
}

/* An event of len bytes: its number, then bytes derived from it. */
static void fill(u8 *buf, unsigned len, u32 n)
{
	for (unsigned i = 0; i < len; i++)
		buf[i] = (u8)(n * 7 + i);
	if (len >= 4)
		memcpy(buf, &n, 4);
}

static bool intact(const u8 *buf, unsigned len, u32 n)
{
	u8 want[RB_MAX_EVENT];

	fill(want, len, n);
	return !memcmp(buf, want, len);
}

static int write_event(unsigned len, u32 n)
{
	u8 buf[RB_MAX_EVENT];

	fill(buf, len, n);
	attempts[test_cpu_id]++;
	return ring_buffer_write(buf, len);
}

/* Every event tried is in the buffer, overwritten, dropped or read. */
static bool accounted(unsigned cpu)
{
	struct rb_stats st;

	ring_buffer_stats(cpu, &st);
	if (attempts[cpu] ==
	    st.entries + st.overrun + st.dropped_events + st.read_events)
		return true;
	printf("  cpu%u: %lu tried, entries %lu overrun %lu dropped %lu "
	       "read %lu\n",
	       cpu, attempts[cpu], st.entries, st.overrun, st.dropped_events,
	       st.read_events);
	return false;
}

static unsigned long count_by_iterator(void)
{
	struct rb_iter it;
	struct rb_entry e;
	u8 buf[8];
	unsigned long n = 0;

	ring_buffer_iter_start(&it);
	while (ring_buffer_iter_next(&it, &e, buf, sizeof(buf)))
		n++;
	return n;
}

/* ---- an independent decoder of raw pages ------------------------- */

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static u64 le64(const u8 *p)
{
	return le32(p) | (u64)le32(p + 4) << 32;
}

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

/* Decode a page: header (u64 time stamp, a long of commit), then events
 * of a 32-bit header (type_len:5, time_delta:27) and 32-bit words. */
static bool decode(const u8 *pg, struct dec_page *d)
{
	const u8 *data = pg + 8 + sizeof(long);
	unsigned long off = 0;
	u64 ts;

	memset(d, 0, sizeof(*d));
	d->time_stamp = ts = le64(pg);
	d->commit = sizeof(long) == 8 ? le64(pg + 8) : le32(pg + 8);
	if (d->commit > PAGE_SIZE - 8 - sizeof(long))
		return false;
	while (off + 4 <= d->commit) {
		u32 h = le32(data + off);
		unsigned type = h & 31, delta = h >> 5;
		struct dec_event *e = &d->ev[d->n];

		if (type == 29) {
			d->pads++;
			if (!delta) {
				off = d->commit; /* the rest of the page */
				break;
			}
			off += 4 + le32(data + off + 4);
			continue;
		}
		if (type == 30 || type == 31) {
			u64 v = (u64)le32(data + off + 4) << 27;

			ts = type == 30 ? ts + v + delta : v | delta;
			type == 30 ? d->extends++ : d->stamps++;
			off += 8;
			continue;
		}
		ts += delta;
		e->type_len = type;
		e->ts = ts;
		if (type) {
			e->len = type * 4;
			e->data = data + off + 4;
			off += 4 + e->len;
		} else {
			e->len = le32(data + off + 4) - 4;
			e->data = data + off + 8;
			off += 8 + ((e->len + 3) & ~3u);
		}
		if (++d->n == (int)ARRAY_SIZE(d->ev))
			return false;
	}
	d->end = off;
	return off <= d->commit;
}

static u8 page[PAGE_SIZE] __attribute__((aligned(8)));
static struct dec_page dp;

/* ---- layout ------------------------------------------------------ */

TEST(rb_page_layout_read_back_by_an_independent_decoder)
{
	static const unsigned lens[] = { 0, 1, 4, 13, 112, 113, 200 };
	static const u64 gaps[] = {
		5, 0, 100, 1ULL << 27, 3, (1ULL << 27) - 1, (5ULL << 40) + 9
	};
	u64 ts[ARRAY_SIZE(lens)];

	setup(1, 8);
	for (unsigned i = 0; i < ARRAY_SIZE(lens); i++) {
		test_clock_ns += gaps[i];
		ts[i] = test_clock_ns;
		CHECK_EQ(write_event(lens[i], i), 0);
	}
	CHECK(ring_buffer_read_page(0, page) > 0);
	CHECK(decode(page, &dp));
	CHECK_EQ(dp.n, ARRAY_SIZE(lens));
	/* The first event of a fresh buffer stamps itself absolutely; the
	 * gaps of 2^27 and more need a time extend each. */
	CHECK_EQ(dp.stamps, 1);
	CHECK_EQ(dp.extends, 2);
	for (int i = 0; i < dp.n; i++) {
		unsigned want = lens[i] ? (lens[i] + 3) & ~3u : 4;

		CHECK_EQ(dp.ev[i].ts, ts[i]);
		CHECK_EQ(dp.ev[i].len, want);
		CHECK_EQ(dp.ev[i].type_len, want <= 112 ? want / 4 : 0);
		CHECK(intact(dp.ev[i].data, lens[i], i));
	}
	/* Header words as Linux writes them: 113 bytes -> type_len 0 and
	 * array[0] = 116 + 4. */
	{
		const u8 *d = page + 8 + sizeof(long);
		const u8 *big = dp.ev[5].data - 8;

		CHECK_EQ(le32(d) & 31, 31); /* the first event's time stamp */
		CHECK_EQ(le32(big) & 31, 0);
		CHECK_EQ(le32(big + 4), 120);
	}
	CHECK_EQ(ring_buffer_read_page(0, page), 0);
	teardown();
}

TEST(rb_page_header_sizes)
{
	CHECK_EQ(RB_PAGE_HDR_SIZE, 8 + sizeof(long));
	CHECK_EQ(offsetof(struct rb_data_page, commit), 8);
	CHECK_EQ(RB_DATA_SIZE, PAGE_SIZE - 8 - sizeof(long));
}

TEST(rb_full_pages_end_in_padding_and_commit_to_the_end)
{
	int pages = 0, padded = 0;
	u32 next = 0;

	setup(1, 16);
	for (u32 n = 0; n < 300; n++)
		CHECK_EQ(write_event(PAYLOAD + (n % 3) * 4, n), 0);
	while (ring_buffer_read_page(0, page)) {
		CHECK(decode(page, &dp));
		for (int i = 0; i < dp.n; i++, next++)
			CHECK(intact(dp.ev[i].data, PAYLOAD + (next % 3) * 4,
				     next));
		/* Events and padding tile the committed bytes exactly. */
		CHECK_EQ(dp.end, dp.commit);
		CHECK(dp.pads <= 1);
		padded += dp.pads;
		pages++;
	}
	CHECK(padded >= 1);
	CHECK_EQ(next, 300);
	CHECK(pages >= 3);
	CHECK(accounted(0));
	teardown();
}

/* ---- wrapping, overwrite and drop -------------------------------- */

TEST(rb_overwrite_keeps_the_newest_in_order)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;
	const u32 total = 2000;
	u32 first = 0, n = 0;

	setup(1, 12); /* 4 pages */
	for (u32 i = 0; i < total; i++) {
		test_clock_ns += 10;
		CHECK_EQ(write_event(PAYLOAD, i), 0);
	}
	ring_buffer_stats(0, &st);
	CHECK(st.overrun > 0);
	CHECK_EQ(st.dropped_events, 0);
	CHECK_EQ(st.entries, count_by_iterator());
	CHECK(accounted(0));
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		u32 id;

		memcpy(&id, buf, 4);
		if (!n)
			first = id;
		CHECK_EQ(id, first + n);
		CHECK(intact(buf, PAYLOAD, id));
		CHECK_EQ(e.ts, 1000 + 10 * (u64)(id + 1));
		n++;
	}
	CHECK_EQ(first + n, total);
	CHECK_EQ(n, st.entries);
	CHECK_EQ(st.overrun, first);
	CHECK(accounted(0));
	teardown();
}

TEST(rb_drop_newest_keeps_the_oldest)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;
	u32 n = 0, refused = 0;

	setup(1, 12);
	ring_buffer_set_overwrite(false);
	for (u32 i = 0; i < 2000; i++)
		refused += write_event(PAYLOAD, i) == -ENOSPC;
	ring_buffer_stats(0, &st);
	CHECK(refused > 0);
	CHECK_EQ(st.dropped_events, refused);
	CHECK_EQ(st.overrun, 0);
	CHECK(accounted(0));
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		u32 id;

		memcpy(&id, buf, 4);
		CHECK_EQ(id, n);
		n++;
	}
	CHECK_EQ(n, 2000 - refused);
	/* Room again: new events are taken. */
	CHECK_EQ(write_event(PAYLOAD, 5000), 0);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(intact(buf, PAYLOAD, 5000));
	CHECK(accounted(0));
	teardown();
}

TEST(rb_accounting_holds_through_reads_and_overruns)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;
	u32 id = 0;

	setup(1, 8);
	for (int round = 0; round < 40; round++) {
		for (int i = 0; i < 37 * (round % 5); i++)
			write_event(PAYLOAD + 4 * (i % 7), id++);
		for (int i = 0; i < round % 7; i++)
			ring_buffer_consume(0, &e, buf, sizeof(buf));
		if (round % 9 == 0)
			ring_buffer_read_page(0, page);
		ring_buffer_set_overwrite(round % 3 != 0);
		ring_buffer_stats(0, &st);
		CHECK(accounted(0));
		CHECK_EQ(st.entries, count_by_iterator());
	}
	ring_buffer_stats(0, &st);
	CHECK(st.overrun > 0 && st.dropped_events > 0 && st.read_events > 0);
	teardown();
}

/* ---- nested writers ---------------------------------------------- */

static u64 nested_ts;

static void nested_write(void)
{
	test_clock_ns = nested_ts;
	CHECK_EQ(write_event(8, 99), 0);
}

TEST(rb_writer_nested_inside_a_reservation)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];

	setup(1, 8);
	test_clock_ns = 2000;
	CHECK_EQ(write_event(PAYLOAD, 1), 0);
	/* An interrupt in the outer writer's clock read (the fast path's
	 * first step): its event goes first, whole, with its own time. */
	test_clock_ns = 3000;
	nested_ts = 3500;
	test_clock_hook = nested_write;
	CHECK_EQ(write_event(PAYLOAD, 2), 0);
	CHECK(test_clock_hook == NULL);
	test_clock_ns = 4000;
	CHECK_EQ(write_event(PAYLOAD, 3), 0);

	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(intact(buf, PAYLOAD, 1));
	CHECK_EQ(e.ts, 2000);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(intact(buf, 8, 99));
	CHECK_EQ(e.ts, 3500);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(intact(buf, PAYLOAD, 2));
	CHECK_EQ(e.ts, 3500); /* lands after the nested one: its time */
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(intact(buf, PAYLOAD, 3));
	CHECK_EQ(e.ts, 4000);
	CHECK(accounted(0));
	teardown();
}

TEST(rb_writer_nested_between_reserve_and_commit)
{
	struct rb_entry e;
	u8 buf[PAYLOAD], *outer;

	setup(1, 8);
	test_clock_ns = 2000;
	outer = ring_buffer_reserve(PAYLOAD);
	attempts[0]++;
	CHECK(outer != NULL);
	fill(outer, PAYLOAD / 2, 7); /* half written when interrupted */
	test_clock_ns = 2100;
	CHECK_EQ(write_event(PAYLOAD, 8), 0);
	test_clock_ns = 2200;
	CHECK_EQ(write_event(PAYLOAD, 9), 0);
	/* Nothing is published until the outermost writer commits. */
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 0);
	CHECK_EQ(count_by_iterator(), 0);
	fill(outer, PAYLOAD, 7);
	ring_buffer_commit();
	test_clock_ns = 2300;
	CHECK_EQ(write_event(PAYLOAD, 10), 0);
	for (u32 id = 7; id <= 10; id++) {
		CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
		CHECK(intact(buf, PAYLOAD, id));
		CHECK_EQ(e.ts, 2000 + 100 * (id - 7));
	}
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 0);
	CHECK(accounted(0));
	teardown();
}

TEST(rb_nested_writers_cannot_overwrite_an_uncommitted_event)
{
	struct rb_entry e;
	u8 buf[PAYLOAD], *outer;
	struct rb_stats st;
	u32 n = 0;

	setup(1, 8); /* 3 pages */
	outer = ring_buffer_reserve(PAYLOAD);
	attempts[0]++;
	CHECK(outer != NULL);
	for (u32 i = 0; i < 1000; i++)
		write_event(PAYLOAD, 100 + i);
	ring_buffer_stats(0, &st);
	CHECK(st.commit_overrun > 0);
	CHECK_EQ(st.dropped_events, st.commit_overrun);
	fill(outer, PAYLOAD, 1);
	ring_buffer_commit();
	CHECK(accounted(0));
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(intact(buf, PAYLOAD, 1));
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		u32 id;

		memcpy(&id, buf, 4);
		CHECK(intact(buf, PAYLOAD, id));
		CHECK_EQ(id, 100 + n);
		n++;
	}
	CHECK(n > 0);
	CHECK(accounted(0));
	teardown();
}

/* ---- time -------------------------------------------------------- */

TEST(rb_time_extends_for_long_gaps)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u64 t[4] = { 5000, 5000 + (1ULL << 27), 5000 + (3ULL << 33) + 1,
		     5000 + (3ULL << 33) + 2 };

	setup(1, 8);
	for (int i = 0; i < 4; i++) {
		test_clock_ns = t[i];
		CHECK_EQ(write_event(PAYLOAD, i), 0);
	}
	CHECK(ring_buffer_read_page(0, page) > 0);
	CHECK(decode(page, &dp));
	CHECK_EQ(dp.extends, 2);
	CHECK_EQ(dp.n, 4);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(dp.ev[i].ts, t[i]);
	/* A clock that steps back gives delta 0, never a huge time. */
	test_clock_ns = 100;
	CHECK_EQ(write_event(PAYLOAD, 4), 0);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK_EQ(e.ts, t[3]);
	teardown();
}

/* ---- resize, reset, bad input ------------------------------------ */

TEST(rb_resize_keeps_the_newest_events)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;
	u32 last = 0, id;

	setup(1, 40);
	CHECK_EQ(ring_buffer_size_kb(0), rounded_kb(40));
	for (u32 i = 0; i < 800; i++)
		CHECK_EQ(write_event(PAYLOAD, i), 0);
	CHECK_EQ(ring_buffer_resize(0, 8), 0);
	CHECK_EQ(ring_buffer_size_kb(0), rounded_kb(8));
	ring_buffer_stats(0, &st);
	CHECK(st.overrun > 0);
	CHECK(accounted(0));
	/* Growing keeps everything, and writing goes on where it was. */
	CHECK_EQ(ring_buffer_resize(0, 100), 0);
	CHECK(accounted(0));
	CHECK_EQ(write_event(PAYLOAD, 800), 0);
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		memcpy(&id, buf, 4);
		CHECK(intact(buf, PAYLOAD, id));
		CHECK_EQ(id, last ? last + 1 : id);
		last = id;
	}
	CHECK_EQ(last, 800);
	CHECK(accounted(0));
	teardown();
}

TEST(rb_resize_bad_input_changes_nothing)
{
	setup(1, 8);
	CHECK_EQ(ring_buffer_resize(0, 0), -EINVAL);
	CHECK_EQ(ring_buffer_resize(NR_CPUS, 8), -EINVAL);
	CHECK_EQ(ring_buffer_resize(0, ~0UL), -EINVAL);
	CHECK_EQ(ring_buffer_resize(0, 200000), -ENOMEM); /* > the arena */
	CHECK_EQ(ring_buffer_size_kb(0), rounded_kb(8));
	CHECK_EQ(write_event(PAYLOAD, 1), 0);
	CHECK_EQ(count_by_iterator(), 1);
	teardown();
}

TEST(rb_without_pages_writers_drop_and_count)
{
	struct rb_stats st;

	setup(1, 8);
	ring_buffer_free(0);
	CHECK_EQ(write_event(PAYLOAD, 1), -ENOSPC);
	CHECK_EQ(write_event(RB_MAX_EVENT + 1, 1), -ENOSPC);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.dropped_events, 2);
	CHECK(accounted(0));
	CHECK_EQ(ring_buffer_resize(0, 8), 0);
	CHECK_EQ(write_event(RB_MAX_EVENT + 1, 1), -ENOSPC);
	CHECK_EQ(write_event(RB_MAX_EVENT, 2), 0);
	CHECK(accounted(0));
	teardown();
}

TEST(rb_reset_empties_and_zeroes)
{
	struct rb_stats st;

	setup(1, 8);
	for (u32 i = 0; i < 500; i++)
		write_event(PAYLOAD, i);
	ring_buffer_reset(0);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.entries + st.overrun + st.dropped_events + st.read_events,
		 0);
	CHECK_EQ(count_by_iterator(), 0);
	CHECK_EQ(write_event(PAYLOAD, 1), 0);
	CHECK_EQ(count_by_iterator(), 1);
	teardown();
}

/* ---- readers ----------------------------------------------------- */

TEST(rb_iterator_merges_cpus_by_time_and_consumes_nothing)
{
	struct rb_iter it;
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u64 prev = 0;
	int n = 0, seen[3] = { 0 };

	setup(3, 8);
	for (u32 i = 0; i < 90; i++) {
		test_cpu_id = (i * 7) % 3;
		test_clock_ns = 10000 + i * 10;
		CHECK_EQ(write_event(PAYLOAD, i), 0);
	}
	ring_buffer_iter_start(&it);
	while (ring_buffer_iter_next(&it, &e, buf, sizeof(buf))) {
		u32 id;

		memcpy(&id, buf, 4);
		CHECK_EQ(id, (u32)n);
		CHECK(e.ts > prev);
		CHECK_EQ(e.cpu, (id * 7) % 3);
		prev = e.ts;
		seen[e.cpu]++;
		n++;
	}
	CHECK_EQ(n, 90);
	CHECK_EQ(seen[0] + seen[1] + seen[2], 90);
	CHECK_EQ(count_by_iterator(), 90);
	for (unsigned cpu = 0; cpu < 3; cpu++)
		CHECK(accounted(cpu));
	teardown();
}

TEST(rb_read_page_after_partial_consume)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];

	setup(1, 8);
	for (u32 i = 0; i < 5; i++) {
		test_clock_ns = 7000 + i * 3;
		CHECK_EQ(write_event(PAYLOAD, i), 0);
	}
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(ring_buffer_read_page(0, page) > 0);
	CHECK(decode(page, &dp));
	CHECK_EQ(dp.time_stamp, 7003);
	CHECK_EQ(dp.n, 3);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(dp.ev[i].ts, 7000 + (i + 2) * 3);
		CHECK(intact(dp.ev[i].data, PAYLOAD, i + 2));
	}
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 0);
	CHECK(accounted(0));
	teardown();
}

/* ---- peeking ----------------------------------------------------- */

TEST(rb_peek_leaves_the_event_in_place)
{
	struct rb_entry e, p;
	u8 buf[PAYLOAD], pbuf[PAYLOAD];
	u32 id;

	setup(1, 16);
	CHECK_EQ(ring_buffer_peek(0, &p, pbuf, sizeof(pbuf)), 0);
	for (u32 i = 0; i < 400; i++) { /* over three pages */
		test_clock_ns += 7;
		CHECK_EQ(write_event(PAYLOAD, i), 0);
	}
	for (u32 i = 0; i < 400; i++) {
		CHECK_EQ(ring_buffer_peek(0, &p, pbuf, sizeof(pbuf)), 1);
		CHECK_EQ(ring_buffer_peek(0, &p, pbuf, sizeof(pbuf)), 1);
		CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
		memcpy(&id, buf, 4);
		CHECK_EQ(id, i);
		CHECK(!memcmp(buf, pbuf, sizeof(buf)));
		CHECK_EQ(p.ts, e.ts);
		CHECK_EQ(p.len, e.len);
		CHECK_EQ(p.cpu, 0);
	}
	CHECK_EQ(ring_buffer_peek(0, &p, pbuf, sizeof(pbuf)), 0);
	CHECK_EQ(ring_buffer_peek(NR_CPUS, &p, pbuf, sizeof(pbuf)), 0);
	CHECK(accounted(0));
	teardown();
}

TEST(rb_iter_peek_cpu_looks_one_ahead_without_moving)
{
	struct rb_iter it;
	struct rb_entry e, p[2];
	u8 buf[PAYLOAD], pbuf[2][PAYLOAD];
	int have[2], n = 0;

	setup(2, 8);
	for (u32 i = 0; i < 300; i++) {
		test_cpu_id = i % 5 < 3 ? 0 : 1;
		test_clock_ns = 20000 + i * 10;
		CHECK_EQ(write_event(PAYLOAD, i), 0);
	}
	ring_buffer_iter_start(&it);
	for (;;) {
		for (unsigned cpu = 0; cpu < 2; cpu++)
			have[cpu] = ring_buffer_iter_peek_cpu(
				&it, cpu, &p[cpu], pbuf[cpu], PAYLOAD);
		if (!ring_buffer_iter_next(&it, &e, buf, sizeof(buf)))
			break;
		/* What iter_next gave is what peeking at its CPU showed. */
		CHECK(have[e.cpu]);
		CHECK_EQ(p[e.cpu].ts, e.ts);
		CHECK(!memcmp(pbuf[e.cpu], buf, sizeof(buf)));
		n++;
	}
	CHECK_EQ(n, 300);
	CHECK_EQ(ring_buffer_iter_peek_cpu(&it, 0, &e, buf, PAYLOAD), 0);
	CHECK_EQ(ring_buffer_iter_peek_cpu(&it, 2, &e, buf, PAYLOAD), 0);
	/* Nothing was consumed. */
	CHECK_EQ(count_by_iterator(), 300);
	teardown();
}

/* ---- exact accounting -------------------------------------------- */

/* Events of PAYLOAD bytes that fit a page: the header and the data. */
#define PER_PAGE (RB_DATA_SIZE / (4 + PAYLOAD))

TEST(rb_overwrite_and_drop_count_exactly)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;
	const unsigned long pages = 3, total = 500, taken = 10;
	u32 id;

	/* 8 KiB is 3 pages; the first event's stamp still leaves
	 * PER_PAGE events on the first page. */
	CHECK_EQ((8 * 1024 + RB_DATA_SIZE - 1) / RB_DATA_SIZE, pages);
	CHECK_EQ((RB_DATA_SIZE - 8) / (4 + PAYLOAD), PER_PAGE);
	setup(1, 8);
	ring_buffer_set_overwrite(false);
	for (u32 i = 0; i < total; i++)
		write_event(PAYLOAD, i);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.entries, pages * PER_PAGE);
	CHECK_EQ(st.dropped_events, total - pages * PER_PAGE);
	CHECK_EQ(st.overrun, 0);
	CHECK_EQ(ring_buffer_entries_written(0), pages * PER_PAGE);
	teardown();

	/* Overwriting: every page the tail comes back to loses what was
	 * left of it; the head page had taken events consumed. */
	setup(1, 8);
	for (u32 i = 0; i < pages * PER_PAGE; i++)
		write_event(PAYLOAD, i);
	for (unsigned long i = 0; i < taken; i++)
		CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	for (u32 i = pages * PER_PAGE; i < total; i++)
		write_event(PAYLOAD, i);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.read_events, taken);
	CHECK_EQ(st.overrun, 2 * PER_PAGE - taken);
	CHECK_EQ(st.entries, total - 2 * PER_PAGE);
	CHECK_EQ(st.dropped_events, 0);
	CHECK_EQ(ring_buffer_entries_written(0), st.entries + st.overrun);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	memcpy(&id, buf, 4);
	CHECK_EQ(id, 2 * PER_PAGE);
	CHECK(accounted(0));
	teardown();
}

static unsigned long finished; /* events whose write has returned */
static int hook_checks, hook_writes;

static int write_counted(unsigned len, u32 n)
{
	int r = write_event(len, n);

	finished++;
	return r;
}

/*
 * Run at every clock read inside the writer: a reader on another CPU
 * looks (the statistics must count exactly the events that finished),
 * then an interrupt writes an event of its own.
 */
static void look_and_nest(void)
{
	struct rb_stats st;

	ring_buffer_stats(0, &st);
	hook_checks++;
	CHECK_EQ(st.entries + st.overrun + st.dropped_events + st.read_events,
		 finished);
	if (hook_writes-- > 0)
		write_counted(PAYLOAD, 1000000 + hook_writes);
	test_clock_hook = look_and_nest;
}

TEST(rb_accounting_exact_inside_nested_writers)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;

	for (int mode = 0; mode < 2; mode++) {
		setup(1, 8);
		finished = 0;
		hook_checks = 0;
		ring_buffer_set_overwrite(mode);
		for (u32 i = 0; i < 1500; i++) {
			/* Gaps that need a time extend take the slow path. */
			test_clock_ns += i % 3 ? 9 : 1ULL << 28;
			hook_writes = 1 + i % 3;
			test_clock_hook = look_and_nest;
			write_counted(PAYLOAD + 4 * (i % 4), i);
			test_clock_hook = NULL;
			if (i % 50 == 7)
				ring_buffer_consume(0, &e, buf, sizeof(buf));
			ring_buffer_stats(0, &st);
			CHECK_EQ(st.entries, count_by_iterator());
		}
		ring_buffer_stats(0, &st);
		CHECK(hook_checks >= 1500); /* at least once in every event */
		CHECK(mode ? st.overrun > 0 : st.dropped_events > 0);
		CHECK(accounted(0));
		teardown();
	}
}

/* ---- nested writers inside the slow path -------------------------- */

static int clock_reads_to_skip;
#define NESTED_ID 0xdead

/* At the clock read after clock_reads_to_skip others: an interrupt's
 * event at nested_ts; the writer it interrupted then reads 50 ns more. */
static void nest_later(void)
{
	if (clock_reads_to_skip-- > 0) {
		test_clock_hook = nest_later;
		return;
	}
	test_clock_ns = nested_ts;
	CHECK_EQ(write_event(PAYLOAD, NESTED_ID), 0);
	test_clock_ns = nested_ts + 50;
}

TEST(rb_nested_writer_between_look_and_reservation)
{
	const u64 t0 = 5000, t1 = t0 + (1ULL << 28), t2 = t1 + 300;

	setup(1, 8);
	test_clock_ns = t0;
	CHECK_EQ(write_event(PAYLOAD, 1), 0);
	/*
	 * The outer event needs a time extend, so it takes the slow path,
	 * which reads the page and the time base, then the clock: the
	 * interrupt's event lands right there, with its own stamp. Ours must
	 * go after it, with a time of its own (an extend from t0 would put
	 * it 2^28 ns after the interrupt's event).
	 */
	test_clock_ns = t1;
	nested_ts = t1 + 100;
	clock_reads_to_skip = 1; /* the fast path's read comes first */
	test_clock_hook = nest_later;
	CHECK_EQ(write_event(PAYLOAD, 2), 0);
	CHECK(test_clock_hook == NULL);
	test_clock_ns = t2;
	CHECK_EQ(write_event(PAYLOAD, 3), 0);
	CHECK(ring_buffer_read_page(0, page) > 0);
	CHECK(decode(page, &dp));
	CHECK_EQ(dp.n, 4);
	CHECK(intact(dp.ev[0].data, PAYLOAD, 1));
	CHECK_EQ(dp.ev[0].ts, t0);
	CHECK(intact(dp.ev[1].data, PAYLOAD, NESTED_ID));
	CHECK_EQ(dp.ev[1].ts, nested_ts);
	CHECK(intact(dp.ev[2].data, PAYLOAD, 2));
	CHECK_EQ(dp.ev[2].ts, nested_ts + 50);
	CHECK(intact(dp.ev[3].data, PAYLOAD, 3));
	CHECK_EQ(dp.ev[3].ts, t2);
	/* The place it had first became padding, read past by everyone. */
	CHECK_EQ(dp.pads, 1);
	CHECK_EQ(dp.end, dp.commit);
	CHECK(accounted(0));
	teardown();
}

/* Fill cpu 0's tail page until fewer than room bytes are left. */
static u32 fill_page_but(unsigned long room, u32 id)
{
	struct rb_stats st;

	for (;;) {
		ring_buffer_stats(0, &st);
		if (RB_DATA_SIZE - st.bytes % RB_DATA_SIZE < room)
			return id;
		CHECK_EQ(write_event(PAYLOAD, id++), 0);
	}
}

TEST(rb_nested_writer_moves_the_tail_inside_an_outer_event)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u32 id, next, want = 0;

	setup(1, 16);
	test_clock_ns = 9000;
	/* Room for one more small event, not two. */
	next = fill_page_but(2 * (4 + PAYLOAD), 0);
	nested_ts = 9000 + (1ULL << 28) + 5;
	test_clock_ns = 9000 + (1ULL << 28);
	clock_reads_to_skip = 1;
	test_clock_hook = nest_later;
	/* The outer event needs an extend, the nested one a stamp: neither
	 * fits the page now, and the nested writer moves the tail first. */
	CHECK_EQ(write_event(PAYLOAD, next), 0);
	CHECK_EQ(write_event(PAYLOAD, next + 1), 0);
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		memcpy(&id, buf, 4);
		CHECK(intact(buf, PAYLOAD, id));
		/* The interrupt's event, then ours. */
		if (want == next)
			CHECK_EQ(id, NESTED_ID);
		else
			CHECK_EQ(id, want > next ? want - 1 : want);
		if (id == NESTED_ID)
			CHECK_EQ(e.ts, nested_ts);
		if (id == next)
			CHECK_EQ(e.ts, nested_ts + 50);
		want++;
	}
	CHECK_EQ(want, next + 3);
	CHECK(accounted(0));
	teardown();
}

/* ---- readers racing the writer's reuse of a page ------------------ */

void (*rb_test_copy_hook)(void);
static unsigned long lap_events;
static u32 lap_id;

/* Between a reader's copy and its check: the writer laps the ring. */
static void lap_the_ring(void)
{
	rb_test_copy_hook = NULL;
	for (unsigned long i = 0; i < lap_events; i++)
		CHECK_EQ(write_event(PAYLOAD, lap_id++), 0);
}

/* The oldest event's id, as consume finds it (it is taken). */
static u32 oldest_id(void)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u32 id = ~0u;

	if (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		memcpy(&id, buf, 4);
		CHECK(intact(buf, PAYLOAD, id));
	}
	return id;
}

TEST(rb_peek_racing_a_page_reuse_gives_the_new_oldest)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u32 id;

	setup(1, 8);
	for (lap_id = 0; lap_id < 100;)
		CHECK_EQ(write_event(PAYLOAD, lap_id++), 0);
	/* While peek copies event 0, the writer reuses its page. */
	lap_events = 3 * PER_PAGE;
	rb_test_copy_hook = lap_the_ring;
	CHECK_EQ(ring_buffer_peek(0, &e, buf, sizeof(buf)), 1);
	CHECK(rb_test_copy_hook == NULL);
	memcpy(&id, buf, 4);
	CHECK(intact(buf, PAYLOAD, id));
	CHECK(id > 0);
	CHECK_EQ(oldest_id(), id);
	CHECK(accounted(0));
	teardown();
}

TEST(rb_consume_and_read_page_racing_a_page_reuse)
{
	struct rb_stats st;
	u32 id;

	for (int raw = 0; raw < 2; raw++) {
		setup(1, 8);
		for (lap_id = 0; lap_id < 100;)
			CHECK_EQ(write_event(PAYLOAD, lap_id++), 0);
		lap_events = 3 * PER_PAGE;
		rb_test_copy_hook = lap_the_ring;
		if (raw) {
			CHECK(ring_buffer_read_page(0, page) > 0);
			CHECK(decode(page, &dp));
			memcpy(&id, dp.ev[0].data, 4);
			for (int i = 0; i < dp.n; i++)
				CHECK(intact(dp.ev[i].data, PAYLOAD, id + i));
			ring_buffer_stats(0, &st);
			CHECK_EQ(st.read_events, dp.n);
		} else {
			id = oldest_id();
		}
		CHECK(rb_test_copy_hook == NULL);
		/* Taken once, whole, from what survived the lap. */
		CHECK(id > 0 && id != ~0u);
		CHECK_EQ(oldest_id(), id + (raw ? dp.n : 1));
		CHECK(accounted(0));
		teardown();
	}
}

TEST(rb_iterator_racing_a_page_reuse_skips_to_the_new_oldest)
{
	struct rb_iter it;
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u32 id, prev;
	int n = 0;

	setup(1, 8);
	for (lap_id = 0; lap_id < 100;)
		CHECK_EQ(write_event(PAYLOAD, lap_id++), 0);
	ring_buffer_iter_start(&it);
	CHECK_EQ(ring_buffer_iter_next(&it, &e, buf, sizeof(buf)), 1);
	memcpy(&prev, buf, 4);
	CHECK_EQ(prev, 0);
	lap_events = 3 * PER_PAGE;
	rb_test_copy_hook = lap_the_ring;
	while (ring_buffer_iter_next(&it, &e, buf, sizeof(buf))) {
		memcpy(&id, buf, 4);
		CHECK(intact(buf, PAYLOAD, id));
		CHECK(id > prev); /* onwards only, nothing twice */
		/* Its page was reused: the iterator went on at the head. */
		if (!n++)
			CHECK(id >= PER_PAGE);
		prev = id;
	}
	CHECK_EQ(prev, lap_id - 1);
	CHECK(accounted(0));
	teardown();
}

TEST(rb_free_takes_the_events_and_their_counts)
{
	struct rb_stats st;

	setup(1, 8);
	for (u32 i = 0; i < 50; i++)
		write_event(PAYLOAD, i);
	ring_buffer_free(0);
	CHECK_EQ(ring_buffer_resize(0, 8), 0);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.entries + st.overrun + st.dropped_events + st.read_events,
		 0);
	CHECK_EQ(ring_buffer_entries_written(0), 0);
	CHECK_EQ(count_by_iterator(), 0);
	teardown();
}

TEST(rb_reserve_on_writes_the_cpu_it_is_given)
{
	struct rb_entry e;
	u8 buf[PAYLOAD], *p;

	setup(2, 8);
	test_cpu_id = 1;
	test_clock_ns = 4242;
	p = ring_buffer_reserve_on(1, PAYLOAD);
	CHECK(p != NULL);
	fill(p, PAYLOAD, 5);
	ring_buffer_commit_on(1);
	attempts[1]++;
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 0);
	CHECK_EQ(ring_buffer_consume(1, &e, buf, sizeof(buf)), 1);
	CHECK(intact(buf, PAYLOAD, 5));
	CHECK_EQ(e.ts, 4242);
	CHECK(accounted(1));
	teardown();
}
