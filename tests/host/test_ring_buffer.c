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

#include "rb_test.h"

/* ---- layout ------------------------------------------------------ */

TEST(rb_page_layout_read_back_by_an_independent_decoder)
{
	static const unsigned lens[] = { 0, 1, 4, 13, 112, 113, 200 };
	static const u64 gaps[] = {
		5, 0, 100, 1ULL << 27, 3, (1ULL << 27) - 1, (5ULL << 40) + 9
	};
	u64 ts[ARRAY_SIZE(lens)];

	rbt_setup(1, 8);
	for (unsigned i = 0; i < ARRAY_SIZE(lens); i++) {
		test_clock_ns += gaps[i];
		ts[i] = test_clock_ns;
		CHECK_EQ(rbt_write_event(lens[i], i), 0);
	}
	CHECK(ring_buffer_read_page(0, rbt_page) > 0);
	CHECK(rbt_decode(rbt_page, &rbt_dp));
	CHECK_EQ(rbt_dp.n, ARRAY_SIZE(lens));
	/* The first event of a fresh buffer stamps itself absolutely; the
	 * gaps of 2^27 and more need a time extend each. */
	CHECK_EQ(rbt_dp.stamps, 1);
	CHECK_EQ(rbt_dp.extends, 2);
	for (int i = 0; i < rbt_dp.n; i++) {
		unsigned want = lens[i] ? (lens[i] + 3) & ~3u : 4;

		CHECK_EQ(rbt_dp.ev[i].ts, ts[i]);
		CHECK_EQ(rbt_dp.ev[i].len, want);
		CHECK_EQ(rbt_dp.ev[i].type_len, want <= 112 ? want / 4 : 0);
		CHECK(rbt_intact(rbt_dp.ev[i].data, lens[i], i));
	}
	/* Header words as Linux writes them: 113 bytes -> type_len 0 and
	 * array[0] = 116 + 4. */
	{
		const u8 *d = rbt_page + 8 + sizeof(long);
		const u8 *big = rbt_dp.ev[5].data - 8;

		CHECK_EQ(rbt_le32(d) & 31,
			 31); /* the first event's time stamp */
		CHECK_EQ(rbt_le32(big) & 31, 0);
		CHECK_EQ(rbt_le32(big + 4), 120);
	}
	CHECK_EQ(ring_buffer_read_page(0, rbt_page), 0);
	rbt_teardown();
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

	rbt_setup(1, 16);
	for (u32 n = 0; n < 300; n++)
		CHECK_EQ(rbt_write_event(PAYLOAD + (n % 3) * 4, n), 0);
	while (ring_buffer_read_page(0, rbt_page)) {
		CHECK(rbt_decode(rbt_page, &rbt_dp));
		for (int i = 0; i < rbt_dp.n; i++, next++)
			CHECK(rbt_intact(rbt_dp.ev[i].data,
					 PAYLOAD + (next % 3) * 4, next));
		/* Events and padding tile the committed bytes exactly. */
		CHECK_EQ(rbt_dp.end, rbt_dp.commit);
		CHECK(rbt_dp.pads <= 1);
		padded += rbt_dp.pads;
		pages++;
	}
	CHECK(padded >= 1);
	CHECK_EQ(next, 300);
	CHECK(pages >= 3);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

/* ---- wrapping, overwrite and drop -------------------------------- */

TEST(rb_overwrite_keeps_the_newest_in_order)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;
	const u32 total = 2000;
	u32 first = 0, n = 0;

	rbt_setup(1, 12); /* 4 pages */
	for (u32 i = 0; i < total; i++) {
		test_clock_ns += 10;
		CHECK_EQ(rbt_write_event(PAYLOAD, i), 0);
	}
	ring_buffer_stats(0, &st);
	CHECK(st.overrun > 0);
	CHECK_EQ(st.dropped_events, 0);
	CHECK_EQ(st.entries, rbt_count_by_iterator());
	CHECK(rbt_accounted(0));
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		u32 id;

		memcpy(&id, buf, 4);
		if (!n)
			first = id;
		CHECK_EQ(id, first + n);
		CHECK(rbt_intact(buf, PAYLOAD, id));
		CHECK_EQ(e.ts, 1000 + 10 * (u64)(id + 1));
		n++;
	}
	CHECK_EQ(first + n, total);
	CHECK_EQ(n, st.entries);
	CHECK_EQ(st.overrun, first);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

TEST(rb_drop_newest_keeps_the_oldest)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;
	u32 n = 0, refused = 0;

	rbt_setup(1, 12);
	ring_buffer_set_overwrite(false);
	for (u32 i = 0; i < 2000; i++)
		refused += rbt_write_event(PAYLOAD, i) == -ENOSPC;
	ring_buffer_stats(0, &st);
	CHECK(refused > 0);
	CHECK_EQ(st.dropped_events, refused);
	CHECK_EQ(st.overrun, 0);
	CHECK(rbt_accounted(0));
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		u32 id;

		memcpy(&id, buf, 4);
		CHECK_EQ(id, n);
		n++;
	}
	CHECK_EQ(n, 2000 - refused);
	/* Room again: new events are taken. */
	CHECK_EQ(rbt_write_event(PAYLOAD, 5000), 0);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(rbt_intact(buf, PAYLOAD, 5000));
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

TEST(rb_accounting_holds_through_reads_and_overruns)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;
	u32 id = 0;

	rbt_setup(1, 8);
	for (int round = 0; round < 40; round++) {
		for (int i = 0; i < 37 * (round % 5); i++)
			rbt_write_event(PAYLOAD + 4 * (i % 7), id++);
		for (int i = 0; i < round % 7; i++)
			ring_buffer_consume(0, &e, buf, sizeof(buf));
		if (round % 9 == 0)
			ring_buffer_read_page(0, rbt_page);
		ring_buffer_set_overwrite(round % 3 != 0);
		ring_buffer_stats(0, &st);
		CHECK(rbt_accounted(0));
		CHECK_EQ(st.entries, rbt_count_by_iterator());
	}
	ring_buffer_stats(0, &st);
	CHECK(st.overrun > 0 && st.dropped_events > 0 && st.read_events > 0);
	rbt_teardown();
}

/* ---- nested writers ---------------------------------------------- */

TEST(rb_writer_nested_inside_a_reservation)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];

	rbt_setup(1, 8);
	test_clock_ns = 2000;
	CHECK_EQ(rbt_write_event(PAYLOAD, 1), 0);
	/* An interrupt in the outer writer's clock read (the fast path's
	 * first step): its event goes first, whole, with its own time. */
	test_clock_ns = 3000;
	rbt_nested_ts = 3500;
	test_clock_hook = rbt_nested_write;
	CHECK_EQ(rbt_write_event(PAYLOAD, 2), 0);
	CHECK(test_clock_hook == NULL);
	test_clock_ns = 4000;
	CHECK_EQ(rbt_write_event(PAYLOAD, 3), 0);

	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(rbt_intact(buf, PAYLOAD, 1));
	CHECK_EQ(e.ts, 2000);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(rbt_intact(buf, 8, 99));
	CHECK_EQ(e.ts, 3500);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(rbt_intact(buf, PAYLOAD, 2));
	CHECK_EQ(e.ts, 3500); /* lands after the nested one: its time */
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(rbt_intact(buf, PAYLOAD, 3));
	CHECK_EQ(e.ts, 4000);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

TEST(rb_writer_nested_between_reserve_and_commit)
{
	struct rb_entry e;
	u8 buf[PAYLOAD], *outer;

	rbt_setup(1, 8);
	test_clock_ns = 2000;
	outer = ring_buffer_reserve(PAYLOAD);
	rbt_attempts[0]++;
	CHECK(outer != NULL);
	rbt_fill(outer, PAYLOAD / 2, 7); /* half written when interrupted */
	test_clock_ns = 2100;
	CHECK_EQ(rbt_write_event(PAYLOAD, 8), 0);
	test_clock_ns = 2200;
	CHECK_EQ(rbt_write_event(PAYLOAD, 9), 0);
	/* Nothing is published until the outermost writer commits. */
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 0);
	CHECK_EQ(rbt_count_by_iterator(), 0);
	rbt_fill(outer, PAYLOAD, 7);
	ring_buffer_commit();
	test_clock_ns = 2300;
	CHECK_EQ(rbt_write_event(PAYLOAD, 10), 0);
	for (u32 id = 7; id <= 10; id++) {
		CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
		CHECK(rbt_intact(buf, PAYLOAD, id));
		CHECK_EQ(e.ts, 2000 + 100 * (id - 7));
	}
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 0);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

/*
 * An interrupt at any step of the outermost commit whose event moves the
 * tail to the next page: afterwards, with nothing more written, every
 * event is readable, the outer one and the page before the new tail
 * included.
 */
void (*rb_test_commit_hook)(int step);
static int commit_step_wanted;

static void nested_at_commit_step(int step)
{
	if (step != commit_step_wanted)
		return;
	rb_test_commit_hook = NULL;
	rbt_nested_write();
}

TEST(rb_tail_moved_by_an_interrupt_in_the_commit_is_published)
{
	for (int step = 0; step <= 4; step++) {
		struct rb_writer *w;
		unsigned long room, filler;
		u8 buf[PAYLOAD], *outer;
		struct rb_entry e;
		u32 id = 0;

		rbt_setup(1, 16);
		w = rb_writer_of(0);
		test_clock_ns = 1000;
		/* Leave room for the outer event and 4 bytes: the nested
		 * 8-byte one does not fit after it. */
		while (RB_DATA_SIZE - w->tail->write >=
		       3 * (PAYLOAD + RB_HDR) + 4)
			CHECK_EQ(rbt_write_event(PAYLOAD, id++), 0);
		room = RB_DATA_SIZE - w->tail->write;
		filler = room - (PAYLOAD + RB_HDR) - 4;
		CHECK(filler >= RB_HDR + 4 && filler - RB_HDR <= RB_SMALL_MAX);
		CHECK_EQ(rbt_write_event(filler - RB_HDR, id++), 0);
		outer = ring_buffer_reserve(PAYLOAD);
		rbt_attempts[0]++;
		CHECK(outer != NULL);
		rbt_fill(outer, PAYLOAD, id++);
		rbt_nested_ts = 2000;
		commit_step_wanted = step;
		rb_test_commit_hook = nested_at_commit_step;
		ring_buffer_commit();
		CHECK(rb_test_commit_hook == NULL);
		CHECK_EQ(rbt_count_by_iterator(), id + 1);
		for (u32 i = 0; i < id; i++) {
			CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)),
				 1);
			CHECK_EQ(rbt_le32(buf), i);
		}
		CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
		CHECK(rbt_intact(buf, 8, 99));
		CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 0);
		CHECK(rbt_accounted(0));
		rbt_teardown();
	}
}

TEST(rb_nested_writers_cannot_overwrite_an_uncommitted_event)
{
	struct rb_entry e;
	u8 buf[PAYLOAD], *outer;
	struct rb_stats st;
	u32 n = 0;

	rbt_setup(1, 8); /* 3 pages */
	outer = ring_buffer_reserve(PAYLOAD);
	rbt_attempts[0]++;
	CHECK(outer != NULL);
	for (u32 i = 0; i < 1000; i++)
		rbt_write_event(PAYLOAD, 100 + i);
	ring_buffer_stats(0, &st);
	CHECK(st.commit_overrun > 0);
	CHECK_EQ(st.dropped_events, st.commit_overrun);
	rbt_fill(outer, PAYLOAD, 1);
	ring_buffer_commit();
	CHECK(rbt_accounted(0));
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK(rbt_intact(buf, PAYLOAD, 1));
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		u32 id;

		memcpy(&id, buf, 4);
		CHECK(rbt_intact(buf, PAYLOAD, id));
		CHECK_EQ(id, 100 + n);
		n++;
	}
	CHECK(n > 0);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

/* ---- time -------------------------------------------------------- */

TEST(rb_time_extends_for_long_gaps)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	u64 t[4] = { 5000, 5000 + (1ULL << 27), 5000 + (3ULL << 33) + 1,
		     5000 + (3ULL << 33) + 2 };

	rbt_setup(1, 8);
	for (int i = 0; i < 4; i++) {
		test_clock_ns = t[i];
		CHECK_EQ(rbt_write_event(PAYLOAD, i), 0);
	}
	CHECK(ring_buffer_read_page(0, rbt_page) > 0);
	CHECK(rbt_decode(rbt_page, &rbt_dp));
	CHECK_EQ(rbt_dp.extends, 2);
	CHECK_EQ(rbt_dp.n, 4);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(rbt_dp.ev[i].ts, t[i]);
	/* A clock that steps back gives delta 0, never a huge time. */
	test_clock_ns = 100;
	CHECK_EQ(rbt_write_event(PAYLOAD, 4), 0);
	CHECK_EQ(ring_buffer_consume(0, &e, buf, sizeof(buf)), 1);
	CHECK_EQ(e.ts, t[3]);
	rbt_teardown();
}

/* ---- resize, reset, bad input ------------------------------------ */

TEST(rb_resize_keeps_the_newest_events)
{
	struct rb_entry e;
	u8 buf[PAYLOAD];
	struct rb_stats st;
	u32 last = 0, id;

	rbt_setup(1, 40);
	CHECK_EQ(ring_buffer_size_kb(0), rbt_rounded_kb(40));
	for (u32 i = 0; i < 800; i++)
		CHECK_EQ(rbt_write_event(PAYLOAD, i), 0);
	CHECK_EQ(ring_buffer_resize(0, 8), 0);
	CHECK_EQ(ring_buffer_size_kb(0), rbt_rounded_kb(8));
	ring_buffer_stats(0, &st);
	CHECK(st.overrun > 0);
	CHECK(rbt_accounted(0));
	/* Growing keeps everything, and writing goes on where it was. */
	CHECK_EQ(ring_buffer_resize(0, 100), 0);
	CHECK(rbt_accounted(0));
	CHECK_EQ(rbt_write_event(PAYLOAD, 800), 0);
	while (ring_buffer_consume(0, &e, buf, sizeof(buf))) {
		memcpy(&id, buf, 4);
		CHECK(rbt_intact(buf, PAYLOAD, id));
		CHECK_EQ(id, last ? last + 1 : id);
		last = id;
	}
	CHECK_EQ(last, 800);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

TEST(rb_resize_bad_input_changes_nothing)
{
	rbt_setup(1, 8);
	CHECK_EQ(ring_buffer_resize(0, 0), -EINVAL);
	CHECK_EQ(ring_buffer_resize(NR_CPUS, 8), -EINVAL);
	CHECK_EQ(ring_buffer_resize(0, ~0UL), -EINVAL);
	CHECK_EQ(ring_buffer_resize(0, 200000), -ENOMEM); /* > the arena */
	CHECK_EQ(ring_buffer_size_kb(0), rbt_rounded_kb(8));
	CHECK_EQ(rbt_write_event(PAYLOAD, 1), 0);
	CHECK_EQ(rbt_count_by_iterator(), 1);
	rbt_teardown();
}

TEST(rb_without_pages_writers_drop_and_count)
{
	struct rb_stats st;

	rbt_setup(1, 8);
	ring_buffer_free(0);
	CHECK_EQ(rbt_write_event(PAYLOAD, 1), -ENOSPC);
	CHECK_EQ(rbt_write_event(RB_MAX_EVENT + 1, 1), -ENOSPC);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.dropped_events, 2);
	CHECK(rbt_accounted(0));
	CHECK_EQ(ring_buffer_resize(0, 8), 0);
	CHECK_EQ(rbt_write_event(RB_MAX_EVENT + 1, 1), -ENOSPC);
	CHECK_EQ(rbt_write_event(RB_MAX_EVENT, 2), 0);
	CHECK(rbt_accounted(0));
	rbt_teardown();
}

TEST(rb_reset_empties_and_zeroes)
{
	struct rb_stats st;

	rbt_setup(1, 8);
	for (u32 i = 0; i < 500; i++)
		rbt_write_event(PAYLOAD, i);
	ring_buffer_reset(0);
	ring_buffer_stats(0, &st);
	CHECK_EQ(st.entries + st.overrun + st.dropped_events + st.read_events,
		 0);
	CHECK_EQ(rbt_count_by_iterator(), 0);
	CHECK_EQ(rbt_write_event(PAYLOAD, 1), 0);
	CHECK_EQ(rbt_count_by_iterator(), 1);
	rbt_teardown();
}
