/* test_ring_buffer_common.c - the ring buffer tests' shared helpers
 * (rb_test.h). */
#include "test.h"

#include "rb_test.h"

unsigned long rbt_attempts[NR_CPUS];

void rbt_setup(unsigned ncpus, unsigned long kb)
{
	test_mem_setup(TEST_ARENA_PAGES);
	test_cpu_id = 0;
	test_clock_ns = 1000;
	test_clock_hook = NULL;
	ring_buffer_set_overwrite(true);
	memset(rbt_attempts, 0, sizeof(rbt_attempts));
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		if (cpu < ncpus)
			CHECK_EQ(ring_buffer_resize(cpu, kb), 0);
		ring_buffer_reset(cpu);
	}
}

unsigned long rbt_rounded_kb(unsigned long kb)
{
	unsigned long pages = (kb * 1024 + RB_DATA_SIZE - 1) / RB_DATA_SIZE;

	return MAX(pages, RB_MIN_PAGES) * RB_DATA_SIZE / 1024;
}

void rbt_teardown(void)
{
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
		ring_buffer_free(cpu);
	test_cpu_id = 0;
	ring_buffer_set_overwrite(true);
}

void rbt_fill(u8 *buf, unsigned len, u32 n)
{
	for (unsigned i = 0; i < len; i++)
		buf[i] = (u8)(n * 7 + i);
	if (len >= 4)
		memcpy(buf, &n, 4);
}

bool rbt_intact(const u8 *buf, unsigned len, u32 n)
{
	u8 want[RB_MAX_EVENT];

	rbt_fill(want, len, n);
	return !memcmp(buf, want, len);
}

int rbt_write_event(unsigned len, u32 n)
{
	u8 buf[RB_MAX_EVENT];

	rbt_fill(buf, len, n);
	rbt_attempts[test_cpu_id]++;
	return ring_buffer_write(buf, len);
}

bool rbt_accounted(unsigned cpu)
{
	struct rb_stats st;

	ring_buffer_stats(cpu, &st);
	if (rbt_attempts[cpu] ==
	    st.entries + st.overrun + st.dropped_events + st.read_events)
		return true;
	printf("  cpu%u: %lu tried, entries %lu overrun %lu dropped %lu "
	       "read %lu\n",
	       cpu, rbt_attempts[cpu], st.entries, st.overrun,
	       st.dropped_events, st.read_events);
	return false;
}

unsigned long rbt_count_by_iterator(void)
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

u32 rbt_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

u64 rbt_le64(const u8 *p)
{
	return rbt_le32(p) | (u64)rbt_le32(p + 4) << 32;
}

bool rbt_decode(const u8 *pg, struct dec_page *d)
{
	const u8 *data = pg + 8 + sizeof(long);
	unsigned long off = 0;
	u64 ts;

	memset(d, 0, sizeof(*d));
	d->time_stamp = ts = rbt_le64(pg);
	d->commit = sizeof(long) == 8 ? rbt_le64(pg + 8) : rbt_le32(pg + 8);
	if (d->commit > PAGE_SIZE - 8 - sizeof(long))
		return false;
	while (off + 4 <= d->commit) {
		u32 h = rbt_le32(data + off);
		unsigned type = h & 31, delta = h >> 5;
		struct dec_event *e = &d->ev[d->n];

		if (type == 29) {
			d->pads++;
			if (!delta) {
				off = d->commit; /* the rest of the rbt_page */
				break;
			}
			off += 4 + rbt_le32(data + off + 4);
			continue;
		}
		if (type == 30 || type == 31) {
			u64 v = (u64)rbt_le32(data + off + 4) << 27;

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
			e->len = rbt_le32(data + off + 4) - 4;
			e->data = data + off + 8;
			off += 8 + ((e->len + 3) & ~3u);
		}
		if (++d->n == (int)ARRAY_SIZE(d->ev))
			return false;
	}
	d->end = off;
	return off <= d->commit;
}

u8 rbt_page[PAGE_SIZE] __attribute__((aligned(8)));
struct dec_page rbt_dp;

u64 rbt_nested_ts;

void rbt_nested_write(void)
{
	test_clock_ns = rbt_nested_ts;
	CHECK_EQ(rbt_write_event(8, 99), 0);
}
