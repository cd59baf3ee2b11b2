/* kmalloc.c - the kernel heap: small objects in size classes, big blocks. */

/*
 * Small requests (up to 2048 bytes) come from eight power-of-two classes.
 * Each class owns whole pages; a page starts with a header naming its
 * class and keeping one in-use bit per object, and the objects follow
 * it. Big requests take contiguous pages with a 16-byte header in front.
 *
 * So kfree() needs no size: the header sits at the start of the pointer's
 * page in both cases, and its magic says which kind it is. Nothing is
 * ever handed out at offset 0 of a page, which is what rules out
 * page-aligned pointers at once.
 *
 * Freed objects are filled with KMALLOC_POISON (but for the free-list
 * link in their first word), and checked again when handed out, so a
 * write after free is reported at the next allocation from that class.
 * Pages of small objects are kept by their class once obtained.
 */
#include "compiler.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "spinlock.h"
#include "types.h"

#define NR_CLASSES 8
#define MIN_SHIFT 4 /* 16 bytes */
#define MAX_SMALL 2048
#define SMALL_MAGIC 0x6b6d736cU
#define BIG_MAGIC 0x6b6d6267U
#define BITS_PER_WORD (8 * sizeof(unsigned long))
#define MAX_OBJS 256 /* enough for 16-byte objects after the header */

struct small_hdr {
	u32 magic;
	u32 cls;
	u32 inuse;
	u32 pad;
	unsigned long map[MAX_OBJS / BITS_PER_WORD];
};

struct big_hdr {
	u32 magic;
	u32 npages;
	u64 pad;
};

#define SMALL_HDR ALIGN_UP(sizeof(struct small_hdr), 16)
#define BIG_HDR sizeof(struct big_hdr)

struct free_obj {
	struct free_obj *next;
};

static struct free_obj *free_list[NR_CLASSES];
static struct kmalloc_stats stats;
static struct spinlock kmalloc_lock = SPINLOCK_INIT("kmalloc");

static size_t class_size(unsigned cls)
{
	return (size_t)1 << (cls + MIN_SHIFT);
}

static size_t objs_per_page(unsigned cls)
{
	return (PAGE_SIZE - SMALL_HDR) >> (cls + MIN_SHIFT);
}

static unsigned size_class(size_t size)
{
	unsigned cls = 0;

	while (class_size(cls) < size)
		cls++;
	return cls;
}

static void poison(void *obj, size_t size)
{
	memset(obj, KMALLOC_POISON, size);
}

static bool still_poisoned(const void *obj, size_t size)
{
	const unsigned char *p = obj;

	for (size_t i = sizeof(struct free_obj); i < size; i++) {
		if (p[i] != KMALLOC_POISON)
			return false;
	}
	return true;
}

/* Give class cls a fresh page of free objects. Called with the lock. */
static bool grow(unsigned cls)
{
	struct small_hdr *h;
	size_t size = class_size(cls), n = objs_per_page(cls);
	char *obj;

	h = page_alloc(1);
	if (!h)
		return false;
	h->magic = SMALL_MAGIC;
	h->cls = cls;
	/* Pushed last to first, so the page is handed out in order. */
	for (size_t i = n; i-- > 0;) {
		struct free_obj *f;

		obj = (char *)h + SMALL_HDR + i * size;
		poison(obj, size);
		f = (struct free_obj *)obj;
		f->next = free_list[cls];
		free_list[cls] = f;
	}
	stats.class_pages[cls]++;
	return true;
}

static struct small_hdr *hdr_of(const void *p)
{
	return (struct small_hdr *)((uintptr_t)p & ~(PAGE_SIZE - 1));
}

static size_t obj_index(const void *p, unsigned cls)
{
	return ((uintptr_t)p - (uintptr_t)hdr_of(p) - SMALL_HDR) >>
	       (cls + MIN_SHIFT);
}

static void *alloc_small(size_t size)
{
	unsigned cls = size_class(size);
	unsigned long flags;
	struct free_obj *f;
	struct small_hdr *h;
	size_t i;

	flags = spin_lock_irqsave(&kmalloc_lock);
	if (!free_list[cls] && !grow(cls)) {
		spin_unlock_irqrestore(&kmalloc_lock, flags);
		return NULL;
	}
	f = free_list[cls];
	if (!still_poisoned(f, class_size(cls))) {
		spin_unlock_irqrestore(&kmalloc_lock, flags);
		panic("kmalloc: %p was written after it was freed", (void *)f);
	}
	free_list[cls] = f->next;
	h = hdr_of(f);
	i = obj_index(f, cls);
	h->map[i / BITS_PER_WORD] |= 1UL << (i % BITS_PER_WORD);
	h->inuse++;
	stats.class_inuse[cls]++;
	stats.bytes_inuse += class_size(cls);
	spin_unlock_irqrestore(&kmalloc_lock, flags);
	return f;
}

static void *alloc_big(size_t size)
{
	size_t n = (size + BIG_HDR + PAGE_SIZE - 1) >> PAGE_SHIFT;
	unsigned long flags;
	struct big_hdr *h;

	h = page_alloc(n);
	if (!h)
		return NULL;
	h->magic = BIG_MAGIC;
	h->npages = (u32)n;
	flags = spin_lock_irqsave(&kmalloc_lock);
	stats.big_allocs++;
	stats.big_pages += n;
	stats.bytes_inuse += n * PAGE_SIZE - BIG_HDR;
	spin_unlock_irqrestore(&kmalloc_lock, flags);
	return (char *)h + BIG_HDR;
}

void *kmalloc(size_t size)
{
	if (size <= MAX_SMALL)
		return alloc_small(size);
	/* Refuse sizes whose page count would overflow. */
	if (size > ((size_t)-1 >> 1))
		return NULL;
	return alloc_big(size);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

static void free_big(void *p, struct big_hdr *h)
{
	size_t n = h->npages;
	unsigned long flags;

	/* Break the magic so a second kfree of p is caught. */
	h->magic = 0;
	flags = spin_lock_irqsave(&kmalloc_lock);
	stats.big_allocs--;
	stats.big_pages -= n;
	stats.bytes_inuse -= n * PAGE_SIZE - BIG_HDR;
	spin_unlock_irqrestore(&kmalloc_lock, flags);
	page_free((char *)p - BIG_HDR, n);
}

void kfree(void *p)
{
	uintptr_t off = (uintptr_t)p & (PAGE_SIZE - 1);
	struct small_hdr *h = hdr_of(p);
	unsigned long flags, bit;
	struct free_obj *f = p;
	size_t size, i;
	unsigned cls;

	if (!p)
		return;
	if (!off)
		goto bad;
	if (h->magic == BIG_MAGIC) {
		if (off != BIG_HDR)
			goto bad;
		free_big(p, (struct big_hdr *)h);
		return;
	}
	if (h->magic != SMALL_MAGIC || h->cls >= NR_CLASSES)
		goto bad;
	cls = h->cls;
	size = class_size(cls);
	if (off < SMALL_HDR || ((off - SMALL_HDR) & (size - 1)))
		goto bad;
	i = obj_index(p, cls);
	if (i >= objs_per_page(cls))
		goto bad;
	bit = 1UL << (i % BITS_PER_WORD);

	flags = spin_lock_irqsave(&kmalloc_lock);
	if (!(h->map[i / BITS_PER_WORD] & bit)) {
		spin_unlock_irqrestore(&kmalloc_lock, flags);
		panic("kfree: double free %p", p);
	}
	h->map[i / BITS_PER_WORD] &= ~bit;
	h->inuse--;
	poison(p, size);
	f->next = free_list[cls];
	free_list[cls] = f;
	stats.class_inuse[cls]--;
	stats.bytes_inuse -= size;
	spin_unlock_irqrestore(&kmalloc_lock, flags);
	return;

bad:
	panic("kfree: bad pointer %p", p);
}

void kmalloc_get_stats(struct kmalloc_stats *st)
{
	unsigned long flags = spin_lock_irqsave(&kmalloc_lock);

	/* memcpy, not a struct copy: SH-4 gcc would call a libgcc helper. */
	memcpy(st, &stats, sizeof(*st));
	for (unsigned c = 0; c < NR_CLASSES; c++)
		st->class_size[c] = class_size(c);
	spin_unlock_irqrestore(&kmalloc_lock, flags);
}

#ifdef HOST_TEST
/* The host tests give each case a fresh heap over a fresh allocator. */
void kmalloc_test_reset(void)
{
	memset(free_list, 0, sizeof(free_list));
	memset(&stats, 0, sizeof(stats));
	kmalloc_lock = (struct spinlock)SPINLOCK_INIT("kmalloc");
}
#endif
