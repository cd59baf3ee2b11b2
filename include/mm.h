/* mm.h - physical pages and the kernel heap. */
#ifndef MM_H
#define MM_H

#include "types.h"

#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12

/*
 * Physical page allocator: a bitmap over the usable RAM the boot loader
 * reported. Addresses are kernel virtual addresses (identity-mapped on
 * x86_64, the P1 segment on SH-4).
 */
void pmm_add_range(uintptr_t start, uintptr_t end); /* usable RAM */
void pmm_reserve(uintptr_t start, uintptr_t end); /* kernel image etc. */
void pmm_init_done(void); /* after all ranges: build the bitmap */
void *page_alloc(size_t npages); /* contiguous, zeroed; NULL if none */
void page_free(void *p, size_t npages);

struct pmm_stats {
	size_t total_pages, free_pages, reserved_pages;
};
void pmm_get_stats(struct pmm_stats *st);

/*
 * kmalloc: power-of-two size classes from 16 to 2048 bytes carved out of
 * pages; bigger requests take whole pages with a header in front.
 * Freed small objects are poisoned with 0x6b so use-after-free shows.
 */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
#define KMALLOC_POISON 0x6b

struct kmalloc_stats {
	size_t class_size[8];
	size_t class_inuse[8];
	size_t class_pages[8];
	size_t big_allocs, big_pages;
	size_t bytes_inuse;
};
void kmalloc_get_stats(struct kmalloc_stats *st);

#endif
