/* test_ftrace_records.c - host tests for trace/ftrace_records.c. */
#include "test.h"

#include "../../trace/ftrace_internal.h"

#define BASE 0x100000UL
#define STEP 16UL /* between two records' ips: leaves gaps to miss */

/* Fresh memory, no record pages, zero stats: what boot starts from. */
static void records_setup(size_t npages)
{
	test_mem_setup(npages);
	ftrace_pages_start = ftrace_pages_last = NULL;
	ftrace_rec_index_drop();
	memset(&ftrace_stats, 0, sizeof(ftrace_stats));
}

static unsigned long rec_ip(unsigned long i)
{
	return BASE + i * STEP;
}

/* Append n records at rec_ip(0..n-1), as boot does with sorted ips. */
static bool add_recs(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct dyn_ftrace *rec = ftrace_alloc_rec(rec_ip(i));
		if (!rec || rec->ip != rec_ip(i) || rec->flags)
			return false;
	}
	return true;
}

/* The first even ip from from on whose slot under mask is slot. */
static unsigned long ip_at_slot(unsigned mask, unsigned slot,
				unsigned long from)
{
	unsigned long ip = from & ~1UL;

	while ((ftrace_hash_ip(ip) & mask) != slot)
		ip += 2;
	return ip;
}

/* Index of ip in a recorder table, or -1: a plain scan, no probing. */
static int rh_slot_of(const struct record_hash *h, unsigned long ip)
{
	for (unsigned i = 0; i < h->size; i++)
		if (h->ips[i] == ip)
			return (int)i;
	return -1;
}

static unsigned rh_used(const struct record_hash *h)
{
	unsigned n = 0;

	for (unsigned i = 0; i < h->size; i++)
		n += h->ips[i] != 0;
	return n;
}

/* ---- the hash ---- */

TEST(ftrace_hash_ip_values)
{
	/* The multiplicative hash the tables always used: ip / 2 times the
	 * 32-bit golden ratio, modulo 2^32. */
	CHECK_EQ(ftrace_hash_ip(0), 0);
	CHECK_EQ(ftrace_hash_ip(0x100000), 0xcd880000u);
	CHECK_EQ(ftrace_hash_ip(0xffffffff81000000UL), 0x98800000u);
	/* The low bit of an address carries nothing. */
	CHECK_EQ(ftrace_hash_ip(0x1068b7), ftrace_hash_ip(0x1068b6));
	CHECK(ftrace_hash_ip(0x1068b8) != ftrace_hash_ip(0x1068b6));
}

/* ---- records ---- */

TEST(ftrace_recs_per_page_fill_a_page)
{
	size_t used = sizeof(struct ftrace_page) +
		      FTRACE_RECS_PER_PAGE * sizeof(struct dyn_ftrace);

	CHECK(FTRACE_RECS_PER_PAGE > 1);
	CHECK(used <= PAGE_SIZE);
	CHECK(used + sizeof(struct dyn_ftrace) > PAGE_SIZE);
}

TEST(ftrace_alloc_rec_spans_pages)
{
	unsigned long n = 3 * FTRACE_RECS_PER_PAGE + 7, seen = 0;
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;
	unsigned pages = 0;

	records_setup(64);
	CHECK(add_recs(n));
	CHECK_EQ(ftrace_stats.sites, n);
	CHECK_EQ(ftrace_stats.pages, 4);
	for (pg = ftrace_pages_start; pg; pg = pg->next) {
		pages++;
		CHECK_EQ(pg->size, FTRACE_RECS_PER_PAGE);
		CHECK_EQ((uintptr_t)pg % PAGE_SIZE, 0);
		CHECK_EQ(pg->index, pg->next ? FTRACE_RECS_PER_PAGE : 7);
		if (!pg->next)
			CHECK(pg == ftrace_pages_last);
	}
	CHECK_EQ(pages, 4);
	/* The iterator visits every record once, in the order added. */
	for_each_ftrace_rec(pg, rec)
	{
		CHECK_EQ(rec->ip, rec_ip(seen));
		seen++;
	}
	CHECK_EQ(seen, n);
}

TEST(ftrace_alloc_rec_exact_page_then_one_more)
{
	records_setup(16);
	CHECK(add_recs(FTRACE_RECS_PER_PAGE));
	CHECK_EQ(ftrace_stats.pages, 1);
	CHECK(ftrace_pages_start == ftrace_pages_last);
	/* A full page: the next record starts the second. */
	CHECK(ftrace_alloc_rec(0xdead0) != NULL);
	CHECK_EQ(ftrace_stats.pages, 2);
	CHECK_EQ(ftrace_stats.sites, FTRACE_RECS_PER_PAGE + 1);
	CHECK(ftrace_pages_start->next == ftrace_pages_last);
	CHECK_EQ(ftrace_pages_last->index, 1);
	CHECK_EQ(ftrace_pages_last->records[0].ip, 0xdead0);
}

TEST(ftrace_alloc_rec_out_of_pages)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;
	unsigned long n = 0;

	/* Four pages: one holds the allocator's bitmaps, three are free. */
	records_setup(4);
	while (ftrace_alloc_rec(rec_ip(n)))
		n++;
	CHECK_EQ(n, 3 * FTRACE_RECS_PER_PAGE);
	CHECK_EQ(ftrace_stats.sites, n);
	CHECK_EQ(ftrace_stats.pages, 3);
	/* The failure left the list whole and counted nothing. */
	CHECK(ftrace_alloc_rec(0x1) == NULL);
	CHECK_EQ(ftrace_stats.sites, n);
	n = 0;
	for_each_ftrace_rec(pg, rec) n++;
	CHECK_EQ(n, 3 * FTRACE_RECS_PER_PAGE);
}

TEST(ftrace_find_rec_in_empty)
{
	records_setup(8);
	CHECK(ftrace_find_rec_in(0, ~0UL) == NULL);
}

TEST(ftrace_find_rec_in_hits)
{
	unsigned long n = 2 * FTRACE_RECS_PER_PAGE + 10;
	unsigned long check[] = { 0,
				  1,
				  FTRACE_RECS_PER_PAGE - 1,
				  FTRACE_RECS_PER_PAGE,
				  2 * FTRACE_RECS_PER_PAGE,
				  n - 1 };
	struct dyn_ftrace *rec;

	records_setup(16);
	CHECK(add_recs(n));
	/* Each record alone, on both sides of every page boundary. */
	for (size_t i = 0; i < ARRAY_SIZE(check); i++) {
		unsigned long ip = rec_ip(check[i]);
		rec = ftrace_find_rec_in(ip, ip + 1);
		CHECK(rec && rec->ip == ip);
		/* A function's range: the site lies inside it. */
		rec = ftrace_find_rec_in(ip - 7, ip + 9);
		CHECK(rec && rec->ip == ip);
	}
	/* Several in range: the first one in the table. */
	rec = ftrace_find_rec_in(rec_ip(3), rec_ip(300));
	CHECK(rec && rec->ip == rec_ip(3));
	rec = ftrace_find_rec_in(0, ~0UL);
	CHECK(rec && rec->ip == rec_ip(0));
}

TEST(ftrace_find_rec_in_misses_and_bounds)
{
	unsigned long n = FTRACE_RECS_PER_PAGE + 5;
	unsigned long ip = rec_ip(FTRACE_RECS_PER_PAGE); /* page 2 */
	struct dyn_ftrace *rec;

	records_setup(16);
	CHECK(add_recs(n));
	/* Between two sites. */
	CHECK(ftrace_find_rec_in(ip + 1, ip + STEP) == NULL);
	/* start is inclusive, end exclusive. */
	CHECK(ftrace_find_rec_in(ip - STEP + 1, ip) == NULL);
	rec = ftrace_find_rec_in(ip, ip + 1);
	CHECK(rec && rec->ip == ip);
	CHECK(ftrace_find_rec_in(ip + 1, ip + 2) == NULL);
	/* Before the first and after the last. */
	CHECK(ftrace_find_rec_in(0, BASE) == NULL);
	CHECK(ftrace_find_rec_in(rec_ip(n - 1) + 1, ~0UL) == NULL);
	/* Empty and reversed ranges hold nothing. */
	CHECK(ftrace_find_rec_in(ip, ip) == NULL);
	CHECK(ftrace_find_rec_in(ip + 1, ip) == NULL);
}

/* ---- filter sets ---- */

TEST(ftrace_hash_alloc_sizes)
{
	/* count -> slots: at least 16, at least twice count, power of 2 */
	static const unsigned sizes[][2] = {
		{ 0, 16 },    { 1, 16 },    { 8, 16 },
		{ 9, 32 },    { 16, 32 },   { 17, 64 },
		{ 100, 256 }, { 128, 256 }, { 129, 512 },
	};

	test_mem_setup(64);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct ftrace_hash *h = ftrace_hash_alloc(sizes[i][0]);
		bool zero = true;

		CHECK(h != NULL);
		if (!h)
			continue;
		CHECK_EQ(h->size, sizes[i][1]);
		CHECK_EQ(h->count, 0);
		for (unsigned j = 0; j < h->size; j++)
			zero = zero && !h->ips[j];
		CHECK(zero); /* over junk memory: kzalloc'ed */
		kfree(h);
	}
}

TEST(ftrace_hash_add_and_contains)
{
	struct ftrace_hash *h;

	test_mem_setup(64);
	h = ftrace_hash_alloc(50);
	for (unsigned long i = 0; i < 50; i++)
		ftrace_hash_add(h, rec_ip(i));
	CHECK_EQ(h->count, 50);
	for (unsigned long i = 0; i < 50; i++) {
		CHECK(ftrace_hash_contains(h, rec_ip(i)));
		/* Neighbours and later sites were never added. */
		CHECK(!ftrace_hash_contains(h, rec_ip(i) + 2));
		CHECK(!ftrace_hash_contains(h, rec_ip(i + 50)));
	}
	kfree(h);
}

TEST(ftrace_hash_add_duplicates)
{
	struct ftrace_hash *h;
	unsigned used = 0;

	test_mem_setup(64);
	h = ftrace_hash_alloc(2);
	ftrace_hash_add(h, 0x1234);
	ftrace_hash_add(h, 0x1234);
	ftrace_hash_add(h, 0x5678);
	ftrace_hash_add(h, 0x1234);
	CHECK_EQ(h->count, 2);
	for (unsigned i = 0; i < h->size; i++)
		used += h->ips[i] != 0;
	CHECK_EQ(used, 2);
	CHECK(ftrace_hash_contains(h, 0x1234));
	CHECK(ftrace_hash_contains(h, 0x5678));
	kfree(h);
}

TEST(ftrace_hash_holds_count_without_growing)
{
	/* A set is sized once for its count and never grows: filling it to
	 * count must leave at least half the slots free, so every probe
	 * still meets a free slot and ends. */
	test_mem_setup(256);
	for (unsigned n = 1; n <= 600; n += n < 40 ? 1 : 37) {
		struct ftrace_hash *h = ftrace_hash_alloc(n);
		bool all = true;

		CHECK(h != NULL);
		if (!h)
			continue;
		for (unsigned long i = 0; i < n; i++)
			ftrace_hash_add(h, rec_ip(i));
		CHECK_EQ(h->count, n);
		CHECK(h->size >= 2 * h->count);
		CHECK_EQ(h->size & (h->size - 1), 0);
		for (unsigned long i = 0; i < n; i++)
			all = all && ftrace_hash_contains(h, rec_ip(i));
		CHECK(all);
		CHECK(!ftrace_hash_contains(h, rec_ip(n)));
		kfree(h);
	}
}

TEST(ftrace_hash_null_and_empty)
{
	struct ftrace_hash *h;

	test_mem_setup(64);
	CHECK(!ftrace_hash_contains(NULL, 0x1000));
	CHECK(!ftrace_hash_contains(NULL, 0));
	h = ftrace_hash_alloc(0);
	CHECK(!ftrace_hash_contains(h, 0x1000));
	/* Empty: even 0, the free-slot marker, is not a member. */
	CHECK(!ftrace_hash_contains(h, 0));
	kfree(h);
}

TEST(ftrace_hash_probe_wraps)
{
	struct ftrace_hash *h;
	unsigned long a, b, c;

	test_mem_setup(64);
	h = ftrace_hash_alloc(0);
	CHECK_EQ(h->size, 16);
	/* Two ips for the last slot, one for the first. */
	a = ip_at_slot(15, 15, BASE);
	b = ip_at_slot(15, 15, a + 2);
	c = ip_at_slot(15, 0, BASE);
	ftrace_hash_add(h, a);
	ftrace_hash_add(h, b);
	CHECK_EQ(h->ips[15], a);
	CHECK_EQ(h->ips[0], b); /* wrapped to the start */
	CHECK(ftrace_hash_contains(h, b));
	/* c's own slot is taken by b: it probes on, and misses. */
	CHECK(!ftrace_hash_contains(h, c));
	ftrace_hash_add(h, c);
	CHECK_EQ(h->ips[1], c);
	CHECK(ftrace_hash_contains(h, a));
	CHECK(ftrace_hash_contains(h, b));
	CHECK(ftrace_hash_contains(h, c));
	ftrace_hash_add(h, b);
	CHECK_EQ(h->count, 3);
	kfree(h);
}

/* ---- the recorder's table ---- */

TEST(ftrace_record_hash_alloc_and_free)
{
	struct record_hash *h;

	records_setup(64);
	h = ftrace_record_hash_alloc(16);
	CHECK(h != NULL);
	if (!h)
		return;
	CHECK_EQ(h->size, 16);
	CHECK_EQ(h->limit, 8);
	CHECK_EQ(h->count, 0);
	CHECK_EQ(rh_used(h), 0);
	for (unsigned i = 0; i < h->size; i++)
		CHECK_EQ(h->has_record[i], 0);
	CHECK_EQ(ftrace_stats.record_slots, 16);
	ftrace_record_hash_free(h);
	h = ftrace_record_hash_alloc(256);
	CHECK_EQ(ftrace_stats.record_slots, 256);
	ftrace_record_hash_free(h);
}

TEST(ftrace_record_hash_insert_new_and_duplicate)
{
	struct record_hash *h;

	records_setup(64);
	h = ftrace_record_hash_alloc(16);
	for (unsigned long i = 0; i < 5; i++)
		CHECK_EQ(ftrace_record_hash_insert(h, rec_ip(i)), 1);
	CHECK_EQ(h->count, 5);
	CHECK_EQ(rh_used(h), 5);
	CHECK_EQ(ftrace_stats.recorded, 5);
	for (unsigned long i = 0; i < 5; i++)
		CHECK(rh_slot_of(h, rec_ip(i)) >= 0);
	/* Already there: nothing changes, nothing is counted. */
	for (unsigned long i = 0; i < 5; i++)
		CHECK_EQ(ftrace_record_hash_insert(h, rec_ip(i)), 0);
	CHECK_EQ(h->count, 5);
	CHECK_EQ(rh_used(h), 5);
	CHECK_EQ(ftrace_stats.recorded, 5);
	CHECK_EQ(ftrace_stats.record_skipped, 0);
	ftrace_record_hash_free(h);
}

TEST(ftrace_record_hash_insert_limit)
{
	struct record_hash *h;

	records_setup(64);
	h = ftrace_record_hash_alloc(16);
	for (unsigned long i = 0; i < 8; i++)
		CHECK_EQ(ftrace_record_hash_insert(h, rec_ip(i)), 1);
	CHECK_EQ(h->count, h->limit);
	/* At the limit: new ips are skipped and counted as such. */
	CHECK_EQ(ftrace_record_hash_insert(h, rec_ip(8)), -ENOSPC);
	CHECK_EQ(ftrace_record_hash_insert(h, rec_ip(9)), -ENOSPC);
	CHECK_EQ(ftrace_stats.record_skipped, 2);
	CHECK_EQ(ftrace_stats.recorded, 8);
	CHECK_EQ(h->count, 8);
	CHECK_EQ(rh_used(h), 8);
	CHECK(rh_slot_of(h, rec_ip(8)) < 0);
	/* An ip already recorded is found, not skipped. */
	CHECK_EQ(ftrace_record_hash_insert(h, rec_ip(3)), 0);
	CHECK_EQ(ftrace_stats.record_skipped, 2);
	ftrace_record_hash_free(h);
}

TEST(ftrace_record_hash_probe_wraps)
{
	struct record_hash *h;
	struct ftrace_hash *f;
	unsigned long a, b, c;

	records_setup(64);
	h = ftrace_record_hash_alloc(16);
	a = ip_at_slot(15, 15, BASE);
	b = ip_at_slot(15, 15, a + 2);
	c = ip_at_slot(15, 15, b + 2);
	CHECK_EQ(ftrace_record_hash_insert(h, a), 1);
	CHECK_EQ(ftrace_record_hash_insert(h, b), 1);
	CHECK_EQ(ftrace_record_hash_insert(h, c), 1);
	CHECK_EQ(h->ips[15], a);
	CHECK_EQ(h->ips[0], b);
	CHECK_EQ(h->ips[1], c);
	/* Found again across the end of the table. */
	CHECK_EQ(ftrace_record_hash_insert(h, b), 0);
	CHECK_EQ(ftrace_record_hash_insert(h, c), 0);
	CHECK_EQ(h->count, 3);
	/* The same hash as the filter sets: a lands in slot 15 there too. */
	f = ftrace_hash_alloc(0);
	ftrace_hash_add(f, a);
	CHECK_EQ(f->ips[15], a);
	kfree(f);
	ftrace_record_hash_free(h);
}

TEST(ftrace_record_hash_copy_keeps_ips_and_flags)
{
	struct record_hash *h, *big;
	unsigned long n = 8;

	records_setup(64);
	h = ftrace_record_hash_alloc(16);
	for (unsigned long i = 0; i < n; i++)
		CHECK_EQ(ftrace_record_hash_insert(h, rec_ip(i)), 1);
	/* ftraced has turned every other one into a record. */
	for (unsigned long i = 0; i < n; i += 2)
		h->has_record[rh_slot_of(h, rec_ip(i))] = 1;
	big = ftrace_record_hash_alloc(32);
	CHECK_EQ(ftrace_stats.record_slots, 32);
	ftrace_record_hash_copy(big, h);
	CHECK_EQ(big->count, n);
	CHECK_EQ(rh_used(big), n);
	for (unsigned long i = 0; i < n; i++) {
		int s = rh_slot_of(big, rec_ip(i));
		CHECK(s >= 0);
		if (s < 0)
			continue;
		CHECK_EQ(big->has_record[s], !(i & 1));
		/* Placed where probing finds it: a duplicate insert. */
		CHECK_EQ(ftrace_record_hash_insert(big, rec_ip(i)), 0);
	}
	CHECK_EQ(big->count, n);
	/* The source is read, never changed. */
	CHECK_EQ(h->count, n);
	CHECK_EQ(rh_used(h), n);
	/* The bigger table takes new ips up to its own limit. */
	CHECK_EQ(ftrace_record_hash_insert(big, rec_ip(n)), 1);
	CHECK_EQ(big->count, n + 1);
	ftrace_record_hash_free(h);
	ftrace_record_hash_free(big);
}

TEST(ftrace_record_hash_copy_wraps)
{
	struct record_hash *h, *big;
	unsigned long a, b, c;

	records_setup(64);
	/* Last slot of a 32-slot table, hence of a 16-slot one too. */
	a = ip_at_slot(31, 31, BASE);
	b = ip_at_slot(31, 31, a + 2);
	c = ip_at_slot(31, 31, b + 2);
	h = ftrace_record_hash_alloc(16);
	ftrace_record_hash_insert(h, a);
	ftrace_record_hash_insert(h, b);
	ftrace_record_hash_insert(h, c);
	h->has_record[rh_slot_of(h, b)] = 1;
	big = ftrace_record_hash_alloc(32);
	ftrace_record_hash_copy(big, h);
	CHECK_EQ(big->count, 3);
	/* Copied in slot order (b, c, then a), each probing from 31. */
	CHECK_EQ(big->ips[31], b);
	CHECK_EQ(big->has_record[31], 1);
	CHECK_EQ(big->ips[0], c);
	CHECK_EQ(big->has_record[0], 0);
	CHECK_EQ(big->ips[1], a);
	CHECK_EQ(big->has_record[1], 0);
	CHECK_EQ(ftrace_record_hash_insert(big, a), 0);
	CHECK_EQ(ftrace_record_hash_insert(big, c), 0);
	CHECK_EQ(big->count, 3);
	ftrace_record_hash_free(h);
	ftrace_record_hash_free(big);
}

/* ---- the record index ---- */

TEST(ftrace_rec_index_finds_unsorted_records)
{
	static const unsigned long ips[] = { 0x5000, 0x1000, 0x3000, 0x2000,
					     0x4000 };

	records_setup(16);
	for (unsigned i = 0; i < ARRAY_SIZE(ips); i++)
		CHECK(ftrace_alloc_rec(ips[i]) != NULL);
	CHECK_EQ(ftrace_rec_index_build(), 0);
	/* The first record in [start, end), by ip, whatever the order they
	 * were added in (record mode adds them as they are recorded). */
	CHECK_EQ(ftrace_find_rec_in(0x1800, 0x3800)->ip, 0x2000);
	CHECK_EQ(ftrace_find_rec_in(0x3000, 0x3001)->ip, 0x3000);
	CHECK(ftrace_find_rec_in(0x3001, 0x4000) == NULL);
	CHECK(ftrace_find_rec_in(0x5001, ~0UL) == NULL);
	CHECK_EQ(ftrace_find_rec_in(0, 0x1001)->ip, 0x1000);
	/* A record added after the build is still found (the index is
	 * stale, so the pages are scanned) until the next build. */
	CHECK(ftrace_alloc_rec(0x800) != NULL);
	CHECK_EQ(ftrace_find_rec_in(0x700, 0x900)->ip, 0x800);
	CHECK_EQ(ftrace_rec_index_build(), 0);
	CHECK_EQ(ftrace_find_rec_in(0x801, 0x1001)->ip, 0x1000);
}

TEST(ftrace_rec_index_many_records)
{
	unsigned long n = 2 * FTRACE_RECS_PER_PAGE + 3;

	records_setup(64);
	/* Added in reverse order. */
	for (unsigned long i = n; i-- > 0;)
		CHECK(ftrace_alloc_rec(rec_ip(i)) != NULL);
	CHECK_EQ(ftrace_rec_index_build(), 0);
	for (unsigned long i = 0; i < n; i++) {
		struct dyn_ftrace *rec =
			ftrace_find_rec_in(rec_ip(i), rec_ip(i) + 1);

		CHECK(rec && rec->ip == rec_ip(i));
		CHECK(ftrace_find_rec_in(rec_ip(i) + 1, rec_ip(i) + STEP) ==
		      NULL);
	}
}

/* ---- editing a set under construction ---- */

TEST(ftrace_hash_remove_keeps_probe_chains)
{
	struct ftrace_hash *h;
	unsigned long a, b, c, d;
	unsigned mask;

	test_mem_setup(16);
	h = ftrace_hash_alloc(4);
	mask = h->size - 1;
	/* Three ips that want slot 3 and one that wants slot 4: a run of
	 * four from 3 to 6. */
	a = ip_at_slot(mask, 3, 0x1000);
	b = ip_at_slot(mask, 3, a + 2);
	c = ip_at_slot(mask, 3, b + 2);
	d = ip_at_slot(mask, 4, 0x1000);
	ftrace_hash_add(h, a);
	ftrace_hash_add(h, b);
	ftrace_hash_add(h, d);
	ftrace_hash_add(h, c);
	CHECK_EQ(h->count, 4);
	/* Taking the head out must not cut the others off. */
	ftrace_hash_remove(h, a);
	CHECK_EQ(h->count, 3);
	CHECK(!ftrace_hash_contains(h, a));
	CHECK(ftrace_hash_contains(h, b));
	CHECK(ftrace_hash_contains(h, c));
	CHECK(ftrace_hash_contains(h, d));
	ftrace_hash_remove(h, d);
	CHECK(ftrace_hash_contains(h, b) && ftrace_hash_contains(h, c));
	/* Removing what is not there changes nothing. */
	ftrace_hash_remove(h, d);
	ftrace_hash_remove(h, 0x77770);
	CHECK_EQ(h->count, 2);
	ftrace_hash_remove(h, b);
	ftrace_hash_remove(h, c);
	CHECK_EQ(h->count, 0);
	CHECK(all_bytes(h->ips, 0, h->size * sizeof(unsigned long)));
	kfree(h);
}

TEST(ftrace_hash_reserve_grows_and_keeps)
{
	struct ftrace_hash *h;

	test_mem_setup(64);
	h = ftrace_hash_alloc(0);
	for (unsigned long i = 0; i < 1000; i++) {
		h = ftrace_hash_reserve(h);
		CHECK(h != NULL);
		ftrace_hash_add(h, rec_ip(i));
		/* Always at most half full: a probe always ends. */
		CHECK(2 * h->count <= h->size);
	}
	CHECK_EQ(h->count, 1000);
	for (unsigned long i = 0; i < 1000; i++)
		CHECK(ftrace_hash_contains(h, rec_ip(i)));
	CHECK(!ftrace_hash_contains(h, rec_ip(1000)));
	kfree(h);
}
