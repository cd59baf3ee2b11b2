/*
 * test_ring_buffer_read.c - host tests for the ring buffer's readers
 * (trace/ring_buffer_read.c): the merging iterator, raw pages, peeking,
 * exact accounting while writers nest, and readers racing the writer's
 * reuse of a page. The writer's own tests are test_ring_buffer.c.
 */
#include "test.h"

#include "rb_test.h"

/* ---- readers ----------------------------------------------------- */

TEST(rb_iterator_merges_cpus_by_time_and_consumes_nothing)
{
	struct rb_iter it;
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u64 prev = 0;
	int n = 0, seen[3] = { 0 };

	rbt_setup(3, 8);
	for (u32 i = 0; i < 90; i++) {
		test_cpu_id = (i * 7) % 3;
		test_clock_ns = 10000 + i * 10;
		CHECK_EQ(rbt_write_event(PAYLOAD, i), 0);
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
	CHECK_EQ(rbt_count_by_iterator(), 90);
	for (unsigned cpu = 0; cpu < 3; cpu++)
		CHECK(rbt_accounted(cpu));
	rbt_teardown();
}

TEST(rb_read_page_after_partial_consume)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];

	rbt_setup(1, 8);
	for (u32 i = 0; i < 5; i++) {
		test_clock_ns = 7000 + i * 3;
		CHECK_EQ(rbt_write_event(PAYLOAD, i), 0);
	}
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(ring_buffer_read_page(0, rbt_page) > 0);
	CHECK(rbt_decode(rbt_page, &rbt_dp));
	CHECK_EQ(rbt_dp.time_stamp, 7003);
	CHECK_EQ(rbt_dp.n, 3);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(rbt_dp.ev[i].ts, 7000 + (i + 2) * 3);
		CHECK(rbt_intact(rbt_dp.ev[i].data, PAYLOAD, i + 2));
	}
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 0);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

/* ---- peeking ----------------------------------------------------- */

TEST(rb_peek_leaves_the_event_in_place)
{
	struct rb_entry e, p;
	u8 buf[PAYLOAD], pbuf[PAYLOAD];
	u32 id;

	rbt_setup(1, 16);
	CHECK_EQ(ring_buffer_peek(0, &p, pbuf, sizeof(pbuf)), 0);
	for (u32 i = 0; i < 400; i++) { /* over three pages */
		test_clock_ns += 7;
		CHECK_EQ(rbt_write_event(PAYLOAD, i), 0);
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
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

TEST(rb_iter_peek_cpu_looks_one_ahead_without_moving)
{
	struct rb_iter it;
	struct rb_entry e, p[2];
	u8 buf[PAYLOAD], pbuf[2][PAYLOAD];
	int have[2], n = 0;

	rbt_setup(2, 8);
	for (u32 i = 0; i < 300; i++) {
		test_cpu_id = i % 5 < 3 ? 0 : 1;
		test_clock_ns = 20000 + i * 10;
		CHECK_EQ(rbt_write_event(PAYLOAD, i), 0);
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
	CHECK_EQ(rbt_count_by_iterator(), 300);
	rbt_teardown();
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
	rbt_setup(1, 8);
	ring_buffer_set_overwrite(false);
	for (u32 i = 0; i < total; i++)
		rbt_write_event(PAYLOAD, i);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.entries, pages * PER_PAGE);
	CHECK_EQ(st.dropped_events, total - pages * PER_PAGE);
	CHECK_EQ(st.overrun, 0);
	CHECK_EQ(ring_buffer_entries_written(0), pages * PER_PAGE);
	rbt_teardown();

	/* Overwriting: every page the tail comes back to loses what was
	 * left of it; the head page had taken events consumed. */
	rbt_setup(1, 8);
	for (u32 i = 0; i < pages * PER_PAGE; i++)
		rbt_write_event(PAYLOAD, i);
	for (unsigned long i = 0; i < taken; i++)
		CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	for (u32 i = pages * PER_PAGE; i < total; i++)
		rbt_write_event(PAYLOAD, i);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.read_events, taken);
	CHECK_EQ(st.overrun, 2 * PER_PAGE - taken);
	CHECK_EQ(st.entries, total - 2 * PER_PAGE);
	CHECK_EQ(st.dropped_events, 0);
	CHECK_EQ(ring_buffer_entries_written(0), st.entries + st.overrun);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	memcpy(&id, buf, 4);
	CHECK_EQ(id, 2 * PER_PAGE);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

static unsigned long finished; /* events whose write has returned */
static int hook_checks, hook_writes;

static int write_counted(unsigned len, u32 n)
{
	int r = rbt_write_event(len, n);

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
		rbt_setup(1, 8);
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
			CHECK_EQ(st.entries, rbt_count_by_iterator());
		}
		ring_buffer_stats(0, &st);
		CHECK(hook_checks >= 1500); /* at least once in every event */
		CHECK(mode ? st.overrun > 0 : st.dropped_events > 0);
		CHECK(rbt_accounted(0));
		rbt_teardown();
	}
}

/* ---- nested writers inside the slow path -------------------------- */

static int clock_reads_to_skip;
#define NESTED_ID 0xdead

/* At the clock read after clock_reads_to_skip others: an interrupt's
 * event at rbt_nested_ts; the writer it interrupted then reads 50 ns more. */
static void nest_later(void)
{
	if (clock_reads_to_skip-- > 0) {
		test_clock_hook = nest_later;
		return;
	}
	test_clock_ns = rbt_nested_ts;
	CHECK_EQ(rbt_write_event(PAYLOAD, NESTED_ID), 0);
	test_clock_ns = rbt_nested_ts + 50;
}

TEST(rb_nested_writer_between_look_and_reservation)
{
	const u64 t0 = 5000, t1 = t0 + (1ULL << 28), t2 = t1 + 300;

	rbt_setup(1, 8);
	test_clock_ns = t0;
	CHECK_EQ(rbt_write_event(PAYLOAD, 1), 0);
	/*
	 * The outer event needs a time extend, so it takes the slow path,
	 * which reads the page and the time base, then the clock: the
	 * interrupt's event lands right there, with its own stamp. Ours must
	 * go after it, with a time of its own (an extend from t0 would put
	 * it 2^28 ns after the interrupt's event).
	 */
	test_clock_ns = t1;
	rbt_nested_ts = t1 + 100;
	clock_reads_to_skip = 1; /* the fast path's read comes first */
	test_clock_hook = nest_later;
	CHECK_EQ(rbt_write_event(PAYLOAD, 2), 0);
	CHECK(test_clock_hook == NULL);
	test_clock_ns = t2;
	CHECK_EQ(rbt_write_event(PAYLOAD, 3), 0);
	CHECK(ring_buffer_read_page(0, rbt_page) > 0);
	CHECK(rbt_decode(rbt_page, &rbt_dp));
	CHECK_EQ(rbt_dp.n, 4);
	CHECK(rbt_intact(rbt_dp.ev[0].data, PAYLOAD, 1));
	CHECK_EQ(rbt_dp.ev[0].ts, t0);
	CHECK(rbt_intact(rbt_dp.ev[1].data, PAYLOAD, NESTED_ID));
	CHECK_EQ(rbt_dp.ev[1].ts, rbt_nested_ts);
	CHECK(rbt_intact(rbt_dp.ev[2].data, PAYLOAD, 2));
	CHECK_EQ(rbt_dp.ev[2].ts, rbt_nested_ts + 50);
	CHECK(rbt_intact(rbt_dp.ev[3].data, PAYLOAD, 3));
	CHECK_EQ(rbt_dp.ev[3].ts, t2);
	/* The place it had first became padding, read past by everyone. */
	CHECK_EQ(rbt_dp.pads, 1);
	CHECK_EQ(rbt_dp.end, rbt_dp.commit);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

/* Fill cpu 0's tail page until fewer than room bytes are left. */
static u32 fill_page_but(unsigned long room, u32 id)
{
	struct rb_stats st;

	for (;;) {
		ring_buffer_stats(0, &st);
		if (RB_DATA_SIZE - st.bytes % RB_DATA_SIZE < room)
			return id;
		CHECK_EQ(rbt_write_event(PAYLOAD, id++), 0);
	}
}

TEST(rb_nested_writer_moves_the_tail_inside_an_outer_event)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u32 id, next, want = 0;

	rbt_setup(1, 16);
	test_clock_ns = 9000;
	/* Room for one more small event, not two. */
	next = fill_page_but(2 * (4 + PAYLOAD), 0);
	rbt_nested_ts = 9000 + (1ULL << 28) + 5;
	test_clock_ns = 9000 + (1ULL << 28);
	clock_reads_to_skip = 1;
	test_clock_hook = nest_later;
	/* The outer event needs an extend, the nested one a stamp: neither
	 * fits the page now, and the nested writer moves the tail first. */
	CHECK_EQ(rbt_write_event(PAYLOAD, next), 0);
	CHECK_EQ(rbt_write_event(PAYLOAD, next + 1), 0);
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		memcpy(&id, buf, 4);
		CHECK(rbt_intact(buf, PAYLOAD, id));
		/* The interrupt's event, then ours. */
		if (want == next)
			CHECK_EQ(id, NESTED_ID);
		else
			CHECK_EQ(id, want > next ? want - 1 : want);
		if (id == NESTED_ID)
			CHECK_EQ(e.ts, rbt_nested_ts);
		if (id == next)
			CHECK_EQ(e.ts, rbt_nested_ts + 50);
		want++;
	}
	CHECK_EQ(want, next + 3);
	CHECK(rbt_accounted(0));
	rbt_teardown();
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
		CHECK_EQ(rbt_write_event(PAYLOAD, lap_id++), 0);
}

/* The oldest event's id, as consume finds it (it is taken). */
static u32 oldest_id(void)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u32 id = ~0u;

	if (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		memcpy(&id, buf, 4);
		CHECK(rbt_intact(buf, PAYLOAD, id));
	}
	return id;
}

TEST(rb_peek_racing_a_page_reuse_gives_the_new_oldest)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u32 id;

	rbt_setup(1, 8);
	for (lap_id = 0; lap_id < 100;)
		CHECK_EQ(rbt_write_event(PAYLOAD, lap_id++), 0);
	/* While peek copies event 0, the writer reuses its page. */
	lap_events = 3 * PER_PAGE;
	rb_test_copy_hook = lap_the_ring;
	CHECK_EQ(ring_buffer_peek(0, &e, buf, sizeof(buf)), 1);
	CHECK(rb_test_copy_hook == NULL);
	memcpy(&id, buf, 4);
	CHECK(rbt_intact(buf, PAYLOAD, id));
	CHECK(id > 0);
	CHECK_EQ(oldest_id(), id);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

TEST(rb_consume_and_read_page_racing_a_page_reuse)
{
	struct rb_stats st;
	u32 id;

	for (int raw = 0; raw < 2; raw++) {
		rbt_setup(1, 8);
		for (lap_id = 0; lap_id < 100;)
			CHECK_EQ(rbt_write_event(PAYLOAD, lap_id++), 0);
		lap_events = 3 * PER_PAGE;
		rb_test_copy_hook = lap_the_ring;
		if (raw) {
			CHECK(ring_buffer_read_page(0, rbt_page) > 0);
			CHECK(rbt_decode(rbt_page, &rbt_dp));
			memcpy(&id, rbt_dp.ev[0].data, 4);
			for (int i = 0; i < rbt_dp.n; i++)
				CHECK(rbt_intact(rbt_dp.ev[i].data, PAYLOAD,
						 id + i));
			ring_buffer_stats(0, &st);
			CHECK_EQ(st.read_events, rbt_dp.n);
		} else {
			id = oldest_id();
		}
		CHECK(rb_test_copy_hook == NULL);
		/* Taken once, whole, from what survived the lap. */
		CHECK(id > 0 && id != ~0u);
		CHECK_EQ(oldest_id(), id + (raw ? rbt_dp.n : 1));
		CHECK(rbt_accounted(0));
		rbt_teardown();
	}
}

TEST(rb_iterator_racing_a_page_reuse_skips_to_the_new_oldest)
{
	struct rb_iter it;
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u32 id, prev;
	int n = 0;

	rbt_setup(1, 8);
	for (lap_id = 0; lap_id < 100;)
		CHECK_EQ(rbt_write_event(PAYLOAD, lap_id++), 0);
	ring_buffer_iter_start(&it);
	CHECK_EQ(ring_buffer_iter_next(&it, &e, buf, sizeof(buf)), 1);
	memcpy(&prev, buf, 4);
	CHECK_EQ(prev, 0);
	lap_events = 3 * PER_PAGE;
	rb_test_copy_hook = lap_the_ring;
	while (ring_buffer_iter_next(&it, &e, buf, sizeof(buf))) {
		memcpy(&id, buf, 4);
		CHECK(rbt_intact(buf, PAYLOAD, id));
		CHECK(id > prev); /* onwards only, nothing twice */
		/* Its page was reused: the iterator went on at the head. */
		if (!n++)
			CHECK(id >= PER_PAGE);
		prev = id;
	}
	CHECK_EQ(prev, lap_id - 1);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

TEST(rb_free_takes_the_events_and_their_counts)
{
	struct rb_stats st;

	rbt_setup(1, 8);
	for (u32 i = 0; i < 50; i++)
		rbt_write_event(PAYLOAD, i);
	ring_buffer_free(0);
	CHECK_EQ(ring_buffer_resize(0, 8), 0);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.entries + st.overrun + st.dropped_events + st.read_events,
		 0);
	CHECK_EQ(ring_buffer_entries_written(0), 0);
	CHECK_EQ(rbt_count_by_iterator(), 0);
	rbt_teardown();
}

TEST(rb_reserve_on_writes_the_cpu_it_is_given)
{
	struct rb_entry e;
	u8 buf[PAYLOAD], *p;

	rbt_setup(2, 8);
	test_cpu_id = 1;
	test_clock_ns = 4242;
	p = ring_buffer_reserve_on(&per_cpu(cpus, 1), PAYLOAD);
	CHECK(p != NULL);
	rbt_fill(p, PAYLOAD, 5);
	ring_buffer_commit_on(&per_cpu(cpus, 1));
	rbt_attempts[1]++;
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 0);
	CHECK_EQ(ring_buffer_consume(1, &e, buf, sizeof(buf)), 1);
	CHECK(rbt_intact(buf, PAYLOAD, 5));
	CHECK_EQ(e.ts, 4242);
	CHECK(rbt_accounted(1));
	rbt_teardown();
}
