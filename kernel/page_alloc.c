/* page_alloc.c - the physical page allocator: bitmaps over usable RAM. */

/*
 * Boot code reports usable RAM and reserved areas first; pmm_init_done()
 * then lays two bitmaps over the span from the lowest to the highest
 * usable page:
 *
 *   used:  1 = not available (a hole, reserved, or allocated)
 *   alloc: 1 = handed out by page_alloc()
 *
 * The second one costs a bit per page and lets page_free() refuse what
 * was never allocated or was freed already, which is the bug a teaching
 * kernel most wants to catch early. The bitmaps live in the first piece
 * of usable RAM big enough for them and mark their own pages reserved.
 */
#include "compiler.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "spinlock.h"
#include "types.h"

#define MAX_RANGES 16
#define BITS_PER_WORD (8 * sizeof(unsigned long))

struct range {
	uintptr_t start, end;
};

static struct range usable[MAX_RANGES], reserved[MAX_RANGES];
static unsigned nr_usable, nr_reserved;

static unsigned long *used_map, *alloc_map;
static uintptr_t base; /* address of page 0 of the bitmaps */
static size_t npages; /* pages the bitmaps cover */
static size_t hint; /* where the next search starts */
static size_t total_pages, free_pages, reserved_pages;
static bool ready;
static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");

static bool test_bit(const unsigned long *map, size_t i)
{
	return map[i / BITS_PER_WORD] >> (i % BITS_PER_WORD) & 1;
}

static void set_bit(unsigned long *map, size_t i)
{
	map[i / BITS_PER_WORD] |= 1UL << (i % BITS_PER_WORD);
}

static void clear_bit(unsigned long *map, size_t i)
{
	map[i / BITS_PER_WORD] &= ~(1UL << (i % BITS_PER_WORD));
}

static void record(struct range *tab, unsigned *nr, uintptr_t start,
		   uintptr_t end)
{
	if (start >= end)
		return;
	if (*nr == MAX_RANGES) {
		printk("pmm: more than %d ranges, ignoring %p-%p\n", MAX_RANGES,
		       (void *)start, (void *)end);
		return;
	}
	tab[*nr].start = start;
	tab[*nr].end = end;
	(*nr)++;
}

/* Mark pages [start, end) reserved; returns how many were usable. */
static size_t reserve_pages(uintptr_t start, uintptr_t end)
{
	size_t n = 0, i;

	start = start > base ? start : base;
	end = end < base + npages * PAGE_SIZE ? end : base + npages * PAGE_SIZE;
	for (; start < end; start += PAGE_SIZE) {
		i = (start - base) >> PAGE_SHIFT;
		if (!test_bit(used_map, i)) {
			set_bit(used_map, i);
			n++;
		}
	}
	return n;
}

void pmm_add_range(uintptr_t start, uintptr_t end)
{
	/* Only whole pages are usable. */
	if (ready)
		return;
	record(usable, &nr_usable, ALIGN_UP(start, PAGE_SIZE),
	       ALIGN_DOWN(end, PAGE_SIZE));
}

void pmm_reserve(uintptr_t start, uintptr_t end)
{
	unsigned long flags;
	size_t n;

	/* A page partly reserved is wholly reserved. */
	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	if (!ready) {
		record(reserved, &nr_reserved, start, end);
		return;
	}
	flags = spin_lock_irqsave(&pmm_lock);
	n = reserve_pages(start, end);
	free_pages -= n;
	reserved_pages += n;
	spin_unlock_irqrestore(&pmm_lock, flags);
}

static bool overlaps_reserved(uintptr_t start, uintptr_t end,
			      uintptr_t *skip_to)
{
	for (unsigned i = 0; i < nr_reserved; i++) {
		if (start < reserved[i].end && reserved[i].start < end) {
			*skip_to = reserved[i].end;
			return true;
		}
	}
	return false;
}

/* First place in usable RAM, clear of reserved areas, for len bytes. */
static uintptr_t place_bitmaps(size_t len)
{
	uintptr_t at, skip;

	for (unsigned i = 0; i < nr_usable; i++) {
		at = usable[i].start;
		/* Page 0 stays unused: its address would read as NULL. */
		if (at == 0)
			at = PAGE_SIZE;
		while (at < usable[i].end && usable[i].end - at >= len) {
			if (!overlaps_reserved(at, at + len, &skip))
				return at;
			at = skip;
		}
	}
	return 0;
}

void pmm_init_done(void)
{
	uintptr_t lo = ~(uintptr_t)0, hi = 0, at;
	size_t words, len, i;

	if (ready || !nr_usable)
		return;
	for (i = 0; i < nr_usable; i++) {
		lo = MIN(lo, usable[i].start);
		hi = MAX(hi, usable[i].end);
	}
	base = lo;
	npages = (hi - lo) >> PAGE_SHIFT;
	words = (npages + BITS_PER_WORD - 1) / BITS_PER_WORD;
	len = ALIGN_UP(2 * words * sizeof(unsigned long), PAGE_SIZE);

	at = place_bitmaps(len);
	if (!at)
		panic("pmm: no room for the page bitmaps (%zu bytes)", len);
	used_map = (unsigned long *)at;
	alloc_map = used_map + words;

	/* Everything is a hole until a usable range says otherwise. */
	memset(used_map, 0xff, words * sizeof(unsigned long));
	memset(alloc_map, 0, words * sizeof(unsigned long));
	for (i = 0; i < nr_usable; i++) {
		for (at = usable[i].start; at < usable[i].end; at += PAGE_SIZE)
			clear_bit(used_map, (at - base) >> PAGE_SHIFT);
	}
	total_pages = 0;
	for (i = 0; i < npages; i++)
		total_pages += !test_bit(used_map, i);

	reserved_pages = reserve_pages(0, PAGE_SIZE);
	for (i = 0; i < nr_reserved; i++)
		reserved_pages +=
			reserve_pages(reserved[i].start, reserved[i].end);
	reserved_pages +=
		reserve_pages((uintptr_t)used_map, (uintptr_t)used_map + len);
	free_pages = total_pages - reserved_pages;
	hint = 0;
	ready = true;
}

/* First run of n free pages starting in [from, to), or npages if none. */
static size_t find_run(size_t from, size_t to, size_t n)
{
	size_t i = from, run = 0;

	while (i < to || (run && i < npages)) {
		/* Whole words of used pages are skipped in one step. */
		if (!run && i % BITS_PER_WORD == 0 && i + BITS_PER_WORD <= to &&
		    used_map[i / BITS_PER_WORD] == ~0UL) {
			i += BITS_PER_WORD;
			continue;
		}
		if (test_bit(used_map, i)) {
			run = 0;
		} else if (++run == n) {
			return i + 1 - n;
		}
		i++;
	}
	return npages;
}

void *page_alloc(size_t n)
{
	unsigned long flags;
	size_t first, i;
	void *p;

	if (!n || !ready)
		return NULL;
	flags = spin_lock_irqsave(&pmm_lock);
	if (n > free_pages) {
		spin_unlock_irqrestore(&pmm_lock, flags);
		return NULL;
	}
	/* Rotate through memory so recently freed pages rest a while. */
	first = find_run(hint, npages, n);
	if (first == npages && hint)
		first = find_run(0, hint, n);
	if (first == npages) {
		spin_unlock_irqrestore(&pmm_lock, flags);
		return NULL;
	}
	for (i = first; i < first + n; i++) {
		set_bit(used_map, i);
		set_bit(alloc_map, i);
	}
	free_pages -= n;
	hint = first + n < npages ? first + n : 0;
	spin_unlock_irqrestore(&pmm_lock, flags);

	/* The pages are ours alone now: clear them outside the lock. */
	p = (void *)(base + first * PAGE_SIZE);
	memset(p, 0, n * PAGE_SIZE);
	return p;
}

void page_free(void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;
	unsigned long flags;
	size_t first, i;

	if (!p || !n)
		return;
	flags = spin_lock_irqsave(&pmm_lock);
	if (!ready || a % PAGE_SIZE || a < base ||
	    (a - base) / PAGE_SIZE + n > npages)
		goto bad;
	first = (a - base) >> PAGE_SHIFT;
	for (i = first; i < first + n; i++) {
		if (!test_bit(alloc_map, i))
			goto bad;
	}
	for (i = first; i < first + n; i++) {
		clear_bit(alloc_map, i);
		clear_bit(used_map, i);
	}
	free_pages += n;
	spin_unlock_irqrestore(&pmm_lock, flags);
	return;

bad:
	/* Let go first, so that whatever panic prints cannot deadlock. */
	spin_unlock_irqrestore(&pmm_lock, flags);
	panic("page_free: %p (%zu pages) was not allocated (double free?)", p,
	      n);
}

void pmm_get_stats(struct pmm_stats *st)
{
	unsigned long flags = spin_lock_irqsave(&pmm_lock);

	st->total_pages = total_pages;
	st->free_pages = free_pages;
	st->reserved_pages = reserved_pages;
	spin_unlock_irqrestore(&pmm_lock, flags);
}

#ifdef HOST_TEST
/* The host tests start each case from an empty allocator. */
void pmm_test_reset(void)
{
	nr_usable = nr_reserved = 0;
	used_map = alloc_map = NULL;
	base = 0;
	npages = hint = 0;
	total_pages = free_pages = reserved_pages = 0;
	ready = false;
	pmm_lock = (struct spinlock)SPINLOCK_INIT("pmm");
}
#endif
