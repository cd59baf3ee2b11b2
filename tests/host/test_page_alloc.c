/* test_page_alloc.c - host tests for kernel/page_alloc.c. */
#include "test.h"

#include "mm.h"

void pmm_test_reset(void);

TEST(page_alloc_stats_after_init)
{
	struct pmm_stats st;

	test_mem_setup(64);
	pmm_get_stats(&st);
	CHECK_EQ(st.total_pages, 64);
	/* One page holds both bitmaps. */
	CHECK_EQ(st.reserved_pages, 1);
	CHECK_EQ(st.free_pages, 63);
}

TEST(page_alloc_contiguous_and_zeroed)
{
	char *arena = test_mem_setup(64);
	char *a, *b, *c;
	struct pmm_stats st;

	a = page_alloc(1);
	b = page_alloc(3);
	c = page_alloc(1);
	CHECK(a && b && c);
	CHECK_EQ((uintptr_t)a % PAGE_SIZE, 0);
	CHECK_EQ((uintptr_t)b % PAGE_SIZE, 0);
	CHECK(a >= arena + PAGE_SIZE && c < arena + 64 * PAGE_SIZE);
	/* Not overlapping. */
	CHECK(b >= a + PAGE_SIZE || b + 3 * PAGE_SIZE <= a);
	CHECK(c >= b + 3 * PAGE_SIZE || c + PAGE_SIZE <= b);
	CHECK(all_bytes(b, 0, 3 * PAGE_SIZE));
	pmm_get_stats(&st);
	CHECK_EQ(st.free_pages, 63 - 5);

	memset(b, 0x55, 3 * PAGE_SIZE);
	page_free(b, 3);
	pmm_get_stats(&st);
	CHECK_EQ(st.free_pages, 63 - 2);
	CHECK(page_alloc(0) == NULL);
}

TEST(page_alloc_reuses_freed_pages_zeroed)
{
	struct pmm_stats st;
	void *p[63];
	int i;

	test_mem_setup(64);
	for (i = 0; i < 63; i++) {
		p[i] = page_alloc(1);
		CHECK(p[i] != NULL);
		memset(p[i], 0xee, PAGE_SIZE);
	}
	CHECK(page_alloc(1) == NULL);
	page_free(p[10], 1);
	page_free(p[11], 1);
	/* The only two free pages are neighbours, so two fit, three not. */
	CHECK(page_alloc(3) == NULL);
	p[10] = page_alloc(2);
	CHECK(p[10] != NULL);
	CHECK(all_bytes(p[10], 0, 2 * PAGE_SIZE));
	pmm_get_stats(&st);
	CHECK_EQ(st.free_pages, 0);
}

TEST(page_alloc_exhaustion)
{
	void *p;

	test_mem_setup(16);
	CHECK(page_alloc(16) == NULL);
	p = page_alloc(15);
	CHECK(p != NULL);
	CHECK(page_alloc(1) == NULL);
	page_free(p, 15);
	CHECK(page_alloc(15) != NULL);
}

TEST(page_alloc_hint_wraps)
{
	void *a, *b, *c;

	test_mem_setup(8);
	a = page_alloc(3);
	b = page_alloc(4);
	CHECK(a && b);
	page_free(a, 3);
	/* The hint is past b, at the end: the search must wrap around. */
	c = page_alloc(3);
	CHECK(c == a);
}

TEST(page_free_double_free_panics)
{
	void *p;

	test_mem_setup(16);
	p = page_alloc(2);
	page_free(p, 2);
	CHECK_PANICS(page_free(p, 2));
	CHECK(strstr(test_panic_msg, "page_free") != NULL);

	/* Partly freed runs, unaligned and foreign addresses too. */
	p = page_alloc(2);
	page_free((char *)p + PAGE_SIZE, 1);
	CHECK_PANICS(page_free(p, 2));
	CHECK_PANICS(page_free((char *)p + 1, 1));
	CHECK_PANICS(page_free(&p, 1));
	/* The allocator still works after all that. */
	page_free(p, 1);
	CHECK(page_alloc(1) != NULL);
}

TEST(page_alloc_reserved_ranges)
{
	static char mem[16 * 4096] __attribute__((aligned(4096)));
	uintptr_t base = (uintptr_t)mem;
	struct pmm_stats st;
	void *p;
	int n = 0;

	pmm_test_reset();
	CHECK(page_alloc(1) == NULL);
	/* Unaligned ends shrink to whole pages; reserved ends grow. */
	pmm_add_range(base + 100, base + 16 * PAGE_SIZE + 100);
	pmm_reserve(base + PAGE_SIZE + 5, base + 2 * PAGE_SIZE + 1);
	pmm_init_done();
	pmm_get_stats(&st);
	CHECK_EQ(st.total_pages, 15);
	/* Two reserved pages, plus one for the bitmaps. */
	CHECK_EQ(st.reserved_pages, 3);
	CHECK_EQ(st.free_pages, 12);
	while ((p = page_alloc(1)) != NULL) {
		/* Page 1-2 reserved, page 3 the bitmaps. */
		CHECK((uintptr_t)p >= base + 4 * PAGE_SIZE);
		n++;
	}
	CHECK_EQ(n, 12);
	/* A reserved page was never allocated, so freeing it is a bug. */
	CHECK_PANICS(page_free((void *)(base + 2 * PAGE_SIZE), 1));

	/* Reserving after init takes pages away at once. */
	base = (uintptr_t)test_mem_setup(8);
	pmm_reserve(base + 4 * PAGE_SIZE, base + 6 * PAGE_SIZE);
	pmm_get_stats(&st);
	CHECK_EQ(st.free_pages, 5);
	CHECK_EQ(st.reserved_pages, 3);
}

TEST(page_alloc_bitmap_avoids_reserved)
{
	static char mem[8 * 4096] __attribute__((aligned(4096)));
	uintptr_t base = (uintptr_t)mem;
	struct pmm_stats st;

	pmm_test_reset();
	pmm_add_range(base, base + 8 * PAGE_SIZE);
	pmm_reserve(base, base + 3 * PAGE_SIZE);
	memset(mem, 0x11, 3 * PAGE_SIZE);
	pmm_init_done();
	/* The reserved pages were not written over by the bitmaps. */
	for (size_t i = 0; i < 3 * PAGE_SIZE; i++) {
		if (mem[i] != 0x11) {
			CHECK(mem[i] == 0x11);
			break;
		}
	}
	pmm_get_stats(&st);
	CHECK_EQ(st.reserved_pages, 4);
	CHECK_EQ(st.free_pages, 4);
}
