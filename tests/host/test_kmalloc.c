/* test_kmalloc.c - host tests for kernel/kmalloc.c over the real page_alloc. */
#include "test.h"

#include "mm.h"

TEST(kmalloc_every_class)
{
	/* Two sizes for each class, the smallest and the largest it takes. */
	/* clang-format off */
	static const size_t sizes[] = {
		1, 16, 17, 32, 33, 64, 100, 128,
		200, 256, 300, 512, 1000, 1024, 2000, 2048,
	};
	/* clang-format on */
	struct kmalloc_stats st;
	void *p[ARRAY_SIZE(sizes)];
	size_t i;

	test_mem_setup(64);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		CHECK(p[i] != NULL);
		/* Never at the start of a page, always 16-byte aligned. */
		CHECK((uintptr_t)p[i] % PAGE_SIZE != 0);
		CHECK_EQ((uintptr_t)p[i] % 16, 0);
		memset(p[i], 0x42, sizes[i]);
	}
	kmalloc_get_stats(&st);
	for (i = 0; i < 8; i++) {
		CHECK_EQ(st.class_size[i], 16u << i);
		CHECK_EQ(st.class_inuse[i], 2);
		CHECK_EQ(st.class_pages[i], i == 7 ? 2 : 1);
	}
	CHECK_EQ(st.bytes_inuse,
		 2 * (16 + 32 + 64 + 128 + 256 + 512 + 1024 + 2048));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		CHECK(all_bytes(p[i], 0x42, sizes[i]));
		kfree(p[i]);
	}
	kmalloc_get_stats(&st);
	for (i = 0; i < 8; i++)
		CHECK_EQ(st.class_inuse[i], 0);
	CHECK_EQ(st.bytes_inuse, 0);
}

TEST(kmalloc_objects_do_not_overlap)
{
	enum { N = 600 };
	static unsigned char *p[N];
	int i, j;

	test_mem_setup(64);
	for (i = 0; i < N; i++) {
		p[i] = kmalloc(16);
		CHECK(p[i] != NULL);
		memset(p[i], i & 0xff, 16);
	}
	for (i = 0; i < N; i++) {
		for (j = 0; j < 16; j++) {
			if (p[i][j] != (i & 0xff)) {
				CHECK_EQ(p[i][j], i & 0xff);
				break;
			}
		}
	}
	for (i = 0; i < N; i++)
		kfree(p[i]);
}

TEST(kmalloc_poison_after_free)
{
	unsigned char *p, *q;

	test_mem_setup(16);
	p = kmalloc(64);
	memset(p, 0, 64);
	kfree(p);
	/* The first word links the free list; the rest is poison. */
	CHECK(all_bytes(p + sizeof(void *), KMALLOC_POISON,
			64 - sizeof(void *)));
	/* Last freed, first reused. */
	q = kmalloc(50);
	CHECK(q == p);
}

TEST(kmalloc_write_after_free_is_caught)
{
	unsigned char *p;

	test_mem_setup(16);
	p = kmalloc(32);
	kfree(p);
	p[20] = 1;
	CHECK_PANICS(kmalloc(32));
	CHECK(strstr(test_panic_msg, "after it was freed") != NULL);
}

TEST(kzalloc_zeroes)
{
	unsigned char *p;

	test_mem_setup(16);
	p = kmalloc(128);
	memset(p, 0x77, 128);
	kfree(p);
	p = kzalloc(128);
	CHECK(all_bytes(p, 0, 128));
	p = kzalloc(3 * PAGE_SIZE);
	CHECK(all_bytes(p, 0, 3 * PAGE_SIZE));
}

TEST(kmalloc_big)
{
	struct kmalloc_stats st;
	struct pmm_stats ps0, ps;
	unsigned char *a, *b;

	test_mem_setup(64);
	pmm_get_stats(&ps0);
	a = kmalloc(2049);
	b = kmalloc(3 * PAGE_SIZE);
	CHECK(a && b);
	/* The 16-byte header sits in front. */
	CHECK_EQ((uintptr_t)a % PAGE_SIZE, 16);
	CHECK_EQ((uintptr_t)b % PAGE_SIZE, 16);
	memset(b, 0x33, 3 * PAGE_SIZE);
	kmalloc_get_stats(&st);
	CHECK_EQ(st.big_allocs, 2);
	CHECK_EQ(st.big_pages, 1 + 4);
	CHECK_EQ(st.bytes_inuse, 5 * PAGE_SIZE - 2 * 16);
	pmm_get_stats(&ps);
	CHECK_EQ(ps.free_pages, ps0.free_pages - 5);

	kfree(a);
	kfree(b);
	kmalloc_get_stats(&st);
	CHECK_EQ(st.big_allocs, 0);
	CHECK_EQ(st.big_pages, 0);
	CHECK_EQ(st.bytes_inuse, 0);
	pmm_get_stats(&ps);
	CHECK_EQ(ps.free_pages, ps0.free_pages);

	CHECK(kmalloc(100 * PAGE_SIZE) == NULL);
	CHECK(kmalloc((size_t)-1) == NULL);
}

TEST(kmalloc_out_of_memory)
{
	void *p;
	int n = 0;

	test_mem_setup(4);
	/* Three free pages, 1 object of 2048 each. */
	while ((p = kmalloc(2048)) != NULL)
		n++;
	CHECK_EQ(n, 3);
}

TEST(kfree_null_and_bad_pointers)
{
	unsigned char *p, *page;

	test_mem_setup(16);
	kfree(NULL);
	p = kmalloc(64);
	CHECK_PANICS(kfree(p + 8));
	CHECK(strstr(test_panic_msg, "kfree: bad pointer") != NULL);
	CHECK_PANICS(kfree(p - PAGE_SIZE));
	page = page_alloc(1);
	CHECK_PANICS(kfree(page));
	CHECK_PANICS(kfree(page + 16));
	CHECK_PANICS(kfree(page + 100));
	/* Past the last object of a page. */
	CHECK_PANICS(kfree((unsigned char *)((uintptr_t)p & ~(PAGE_SIZE - 1)) +
			   PAGE_SIZE - 16));
	kfree(p);
}

TEST(kfree_double_free_panics)
{
	void *p, *q;

	test_mem_setup(16);
	p = kmalloc(200);
	kfree(p);
	CHECK_PANICS(kfree(p));
	CHECK(strstr(test_panic_msg, "double free") != NULL);

	q = kmalloc(3000);
	kfree(q);
	CHECK_PANICS(kfree(q));
}
