/* sort.h - one in-place sort for the whole kernel. */
#ifndef SORT_H
#define SORT_H

#include "types.h"

/*
 * Sort num elements of size bytes at base into the order cmp gives
 * (negative, zero, positive as in C's qsort). Heapsort: O(n log n) in
 * every case, no recursion and no memory, so it can run at boot and under
 * a lock; not stable.
 */
void sort(void *base, size_t num, size_t size,
	  int (*cmp)(const void *, const void *));
/* cmp for an array of unsigned long (addresses), ascending. */
int sort_cmp_ulong(const void *a, const void *b);

#endif
