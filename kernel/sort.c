/*
 * sort.c - heapsort. Tables of call sites, symbols and filter matches are
 * sorted with it; their size grows with the kernel's, so the sort must be
 * n log n however they arrive, and it must not recurse on a small stack.
 */
#include "sort.h"

static void swap_bytes(char *a, char *b, size_t size)
{
	/* Tables of records and addresses: a word at a time. */
	if (!(((unsigned long)a | (unsigned long)b | size) &
	      (sizeof(long) - 1))) {
		unsigned long *x = (unsigned long *)a, *y = (unsigned long *)b;

		for (size /= sizeof(long); size--; x++, y++) {
			unsigned long t = *x;

			*x = *y;
			*y = t;
		}
		return;
	}
	while (size--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Restore the heap below root, within the first n elements. */
static void sift_down(char *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

/* Whether the first num elements are in order already: at most num - 1
 * compares, and random input stops at once. */
static bool in_order(const char *base, size_t num, size_t size,
		     int (*cmp)(const void *, const void *))
{
	for (size_t i = 1; i < num; i++)
		if (cmp(base + (i - 1) * size, base + i * size) > 0)
			return false;
	return true;
}

void sort(void *base, size_t num, size_t size,
	  int (*cmp)(const void *, const void *))
{
	char *b = base;

	/*
	 * The call sites and their records at boot arrive in address order
	 * (the linker keeps each object's in order, and objects in link
	 * order): heapsorting them anyway cost 134 M instructions with
	 * 38,000 functions (make bench SCALE=38000).
	 */
	if (in_order(b, num, size, cmp))
		return;
	for (size_t i = num / 2; i-- > 0;)
		sift_down(b, i, num, size, cmp);
	for (size_t end = num; end-- > 1;) {
		swap_bytes(b, b + end * size, size);
		sift_down(b, 0, end, size, cmp);
	}
}

int sort_cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}
