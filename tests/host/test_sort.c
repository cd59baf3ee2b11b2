/* test_sort.c - host tests for kernel/sort.c. */
#include "test.h"

#include "sort.h"

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

static unsigned long compares;

static int cmp_int_counted(const void *a, const void *b)
{
	compares++;
	return cmp_int(a, b);
}

static bool sorted(const int *a, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (a[i - 1] > a[i])
			return false;
	return true;
}

TEST(sort_small_and_empty)
{
	int none[1] = { 7 }, one[1] = { 3 }, two[2] = { 2, 1 };

	sort(none, 0, sizeof(int), cmp_int);
	CHECK_EQ(none[0], 7);
	sort(one, 1, sizeof(int), cmp_int);
	CHECK_EQ(one[0], 3);
	sort(two, 2, sizeof(int), cmp_int);
	CHECK(two[0] == 1 && two[1] == 2);
}

TEST(sort_orders_and_keeps_every_element)
{
	enum { N = 5000 };
	static int a[N], count[N];
	unsigned seed = 12345;

	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		a[i] = (int)((seed >> 8) % N);
		count[a[i]]++;
	}
	sort(a, N, sizeof(int), cmp_int);
	CHECK(sorted(a, N));
	for (int i = 0; i < N; i++)
		count[a[i]]--;
	CHECK(all_bytes(count, 0, sizeof(count)));
}

TEST(sort_already_sorted_reversed_and_equal)
{
	enum { N = 1000 };
	static int up[N], down[N], same[N];

	for (int i = 0; i < N; i++) {
		up[i] = i;
		down[i] = N - i;
		same[i] = 4;
	}
	sort(up, N, sizeof(int), cmp_int);
	sort(down, N, sizeof(int), cmp_int);
	sort(same, N, sizeof(int), cmp_int);
	CHECK(sorted(up, N) && up[0] == 0);
	CHECK(sorted(down, N) && down[0] == 1);
	CHECK(sorted(same, N));
}

/* Input already in order is only checked: n - 1 compares, no more. */
TEST(sort_in_order_input_is_linear)
{
	enum { N = 1000 };
	static int up[N];

	for (int i = 0; i < N; i++)
		up[i] = i / 2;
	compares = 0;
	sort(up, N, sizeof(int), cmp_int_counted);
	CHECK_EQ(compares, N - 1);
	CHECK(sorted(up, N));
	/* One element out of place at the end: sorted all the same. */
	up[N - 1] = -1;
	sort(up, N, sizeof(int), cmp_int_counted);
	CHECK(sorted(up, N) && up[0] == -1);
}

struct wide {
	unsigned long key;
	char pad[13];
};

static int cmp_wide(const void *a, const void *b)
{
	unsigned long x = ((const struct wide *)a)->key;
	unsigned long y = ((const struct wide *)b)->key;

	return x < y ? -1 : x > y;
}

TEST(sort_elements_of_odd_size)
{
	struct wide w[50];

	for (int i = 0; i < 50; i++) {
		w[i].key = (unsigned long)((i * 37) % 50);
		memset(w[i].pad, (int)w[i].key, sizeof(w[i].pad));
	}
	sort(w, 50, sizeof(w[0]), cmp_wide);
	for (int i = 0; i < 50; i++) {
		CHECK_EQ(w[i].key, (unsigned long)i);
		CHECK(all_bytes(w[i].pad, i, sizeof(w[i].pad)));
	}
}
