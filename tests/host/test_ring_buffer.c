/*
 * test_ring_buffer.c - host tests for trace/ring_buffer.c.
 *
 * Interrupts and NMIs are simulated by writing from inside the writer:
 * from the clock read in the middle of a reservation (test_clock_hook),
 * or between a reservation and its commit. Raw pages are checked with a
 * decoder of our own, written from the layout's description alone.
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
	/* An interrupt after the outer writer read the write index, before
	 * it reserved: its event goes first, whole, with its own time. */
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
