/* ftrace_records.c - call-site records, filter sets, the recorder's table. */

/*
 * The pure table logic of the trace core, kept apart from the patching so
 * the host tests can run it: the pages of dyn_ftrace records, the filter
 * sets of ftrace_ops (struct ftrace_hash) and the recorder's table of
 * record mode (struct record_hash). All three are open-addressing or
 * append-only tables that the tracing path reads or writes without a
 * lock, so this file is built without -pg.
 */
#include "ftrace_internal.h"
#include "sort.h"

struct ftrace_page *ftrace_pages_start;
struct ftrace_page *ftrace_pages_last;
struct ftrace_stats ftrace_stats;

/*
 * The one hash of a call-site address for every table here. Sites are at
 * least 2-byte aligned, so the low bit carries nothing; the multiplier is
 * the 32-bit golden ratio, which spreads nearby addresses apart.
 */
unsigned ftrace_hash_ip(unsigned long ip)
{
	return (unsigned)(ip >> 1) * 0x9e3779b1u;
}

/* ---- records ---- */

/*
 * Append a record for ip, in a new page when the last one is full.
 * ftrace_lock held (or boot, one CPU). NULL when no page is left.
 */
struct dyn_ftrace *ftrace_alloc_rec(unsigned long ip)
{
	struct ftrace_page *pg = ftrace_pages_last;
	struct dyn_ftrace *rec;

	if (!pg || pg->index == pg->size) {
		pg = page_alloc(1);
		if (!pg)
			return NULL;
		pg->size = FTRACE_RECS_PER_PAGE;
		if (ftrace_pages_last)
			ftrace_pages_last->next = pg;
		else
			ftrace_pages_start = pg;
		ftrace_pages_last = pg;
		ftrace_stats.pages++;
	}
	rec = &pg->records[pg->index];
	rec->ip = ip;
	rec->flags = 0;
	/* Publish only once the record is whole: readers walk without lock. */
	__atomic_store_n(&pg->index, pg->index + 1, __ATOMIC_RELEASE);
	ftrace_stats.sites++;
	return rec;
}

/*
 * Every record, sorted by ip, so that a site is found by binary search:
 * filters name single functions, and the cost of changing one must not
 * grow with the number of functions. Rebuilt whole, under ftrace_lock,
 * whenever records are added (at boot, and by record mode's passes).
 */
static struct dyn_ftrace **rec_index;
static unsigned long rec_index_n;

static int cmp_rec_ip(const void *a, const void *b)
{
	unsigned long x = (*(struct dyn_ftrace *const *)a)->ip;
	unsigned long y = (*(struct dyn_ftrace *const *)b)->ip;

	return x < y ? -1 : x > y;
}

int ftrace_rec_index_build(void)
{
	unsigned long n = 0;
	struct ftrace_page *pg;
	struct dyn_ftrace *rec, **idx;

	idx = kmalloc((ftrace_stats.sites + 1) * sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	for_each_ftrace_rec(pg, rec) {
		if (n == ftrace_stats.sites)
			break;
		idx[n++] = rec;
	}
	sort(idx, n, sizeof(*idx), cmp_rec_ip);
	kfree(rec_index);
	rec_index = idx;
	rec_index_n = n;
	return 0;
}

struct dyn_ftrace *ftrace_rec_at(unsigned long i)
{
	struct ftrace_page *pg;

	if (i >= ftrace_stats.sites)
		return NULL;
	if (rec_index && rec_index_n == ftrace_stats.sites)
		return rec_index[i];
	for (pg = ftrace_pages_start; pg && i >= pg->index; pg = pg->next)
		i -= pg->index;
	return pg ? &pg->records[i] : NULL;
}

void ftrace_rec_index_drop(void)
{
	rec_index = NULL;
	rec_index_n = 0;
}

/* Whether the index covers every record (none added since the build). */
static bool index_whole(void)
{
	return rec_index && rec_index_n == ftrace_stats.sites;
}

unsigned long ftrace_rec_index_count(void)
{
	return index_whole() ? rec_index_n : 0;
}

long ftrace_find_rec_pos(unsigned long start, unsigned long end)
{
	unsigned long lo = 0, hi = rec_index_n;

	if (!index_whole())
		return -1;
	/* The first record at or after start... */
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (rec_index[mid]->ip < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ...if it is before end. */
	if (lo < rec_index_n && rec_index[lo]->ip < end)
		return (long)lo;
	return -1;
}

struct dyn_ftrace *ftrace_find_rec_in(unsigned long start, unsigned long end)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;
	long pos;

	/* Records added since the last build: the index is stale. */
	if (!index_whole()) {
		for_each_ftrace_rec(pg, rec) {
			if (rec->ip >= start && rec->ip < end)
				return rec;
		}
		return NULL;
	}
	pos = ftrace_find_rec_pos(start, end);
	return pos < 0 ? NULL : rec_index[pos];
}

/* ---- filter sets ---- */

/*
 * At least twice as many slots as count: a set is built once, never grown,
 * and a free slot must always end a probe.
 */
struct ftrace_hash *ftrace_hash_alloc(unsigned count)
{
	unsigned size = 16;
	struct ftrace_hash *h;

	while (size < 2 * count)
		size *= 2;
	h = kzalloc(sizeof(*h) + size * sizeof(unsigned long));
	if (h)
		h->size = size;
	return h;
}

/* Only on a set nobody reads yet: it is published whole, never edited. */
void ftrace_hash_add(struct ftrace_hash *h, unsigned long ip)
{
	unsigned mask = h->size - 1, i;

	for (i = ftrace_hash_ip(ip) & mask; h->ips[i]; i = (i + 1) & mask)
		if (h->ips[i] == ip)
			return;
	h->ips[i] = ip;
	h->count++;
}

/*
 * Linear probing without tombstones: after emptying a slot, every ip
 * further along the same run that could live in the hole moves back into
 * it, so that a probe for it still finds it before reaching a free slot.
 */
void ftrace_hash_remove(struct ftrace_hash *h, unsigned long ip)
{
	unsigned mask = h->size - 1, hole, i;

	for (hole = ftrace_hash_ip(ip) & mask; h->ips[hole] != ip;
	     hole = (hole + 1) & mask)
		if (!h->ips[hole])
			return;
	h->ips[hole] = 0;
	h->count--;
	for (i = (hole + 1) & mask; h->ips[i]; i = (i + 1) & mask) {
		unsigned home = ftrace_hash_ip(h->ips[i]) & mask;

		/* Stays if its home lies cyclically in (hole, i]. */
		if (((i - home) & mask) < ((i - hole) & mask))
			continue;
		h->ips[hole] = h->ips[i];
		h->ips[i] = 0;
		hole = i;
	}
}

struct ftrace_hash *ftrace_hash_reserve(struct ftrace_hash *h)
{
	struct ftrace_hash *big;

	if (2 * (h->count + 1) <= h->size)
		return h;
	big = ftrace_hash_alloc(2 * h->count + 2);
	if (!big)
		return NULL;
	for (unsigned i = 0; i < h->size; i++)
		if (h->ips[i])
			ftrace_hash_add(big, h->ips[i]);
	kfree(h);
	return big;
}

bool ftrace_hash_contains(const struct ftrace_hash *h, unsigned long ip)
{
	unsigned mask, i;

	if (!h || !h->count)
		return false;
	mask = h->size - 1;
	for (i = ftrace_hash_ip(ip) & mask;; i = (i + 1) & mask) {
		if (h->ips[i] == ip)
			return true;
		if (!h->ips[i])
			return false;
	}
}

/* ---- the recorder's table (record mode) ---- */

/* Half the slots may be taken, so probes stay short and always end. */
struct record_hash *ftrace_record_hash_alloc(unsigned size)
{
	struct record_hash *h = kzalloc(sizeof(*h));

	if (!h)
		return NULL;
	h->size = size;
	h->limit = size / 2;
	h->ips = kzalloc(size * sizeof(unsigned long));
	h->has_record = kzalloc(size);
	if (!h->ips || !h->has_record) {
		kfree((void *)h->ips);
		kfree(h->has_record);
		kfree(h);
		return NULL;
	}
	ftrace_stats.record_slots = h->size;
	return h;
}

void ftrace_record_hash_free(struct record_hash *h)
{
	kfree((void *)h->ips);
	kfree(h->has_record);
	kfree(h);
}

/*
 * Called by the recorder from any context, an NMI included, on any CPU at
 * once: a slot is claimed with one compare-and-swap and never given back,
 * so there is no lock to deadlock on. When the table is as full as its
 * limit allows the ip is skipped (and counted); a later call records it
 * once ftraced has grown the table.
 */
int ftrace_record_hash_insert(struct record_hash *h, unsigned long ip)
{
	unsigned mask = h->size - 1, i, probes;

	for (i = ftrace_hash_ip(ip) & mask, probes = 0; probes < h->size;
	     i = (i + 1) & mask, probes++) {
		unsigned long cur = h->ips[i];
		if (cur == ip)
			return 0;
		if (cur)
			continue;
		if (__atomic_load_n(&h->count, __ATOMIC_RELAXED) >= h->limit) {
			__atomic_fetch_add(&ftrace_stats.record_skipped, 1,
					   __ATOMIC_RELAXED);
			return -ENOSPC;
		}
		if (__atomic_compare_exchange_n(&h->ips[i], &cur, ip, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST)) {
			__atomic_fetch_add(&h->count, 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&ftrace_stats.recorded, 1,
					   __ATOMIC_RELAXED);
			return 1;
		}
		if (cur == ip)
			return 0; /* another CPU recorded it just now */
	}
	/* Every slot taken: the limit keeps this from happening. */
	return -ENOSPC;
}

/*
 * Copy every ip of from, with its has_record flag, into the empty and
 * bigger table to. Other CPUs may still be recording into from: each
 * slot is read once, and what lands in it after we passed is lost and
 * simply recorded again later, into to.
 */
void ftrace_record_hash_copy(struct record_hash *to,
			     const struct record_hash *from)
{
	unsigned mask = to->size - 1;

	for (unsigned i = 0; i < from->size; i++) {
		unsigned long ip = from->ips[i];
		unsigned j;
		if (!ip)
			continue;
		for (j = ftrace_hash_ip(ip) & mask; to->ips[j];
		     j = (j + 1) & mask)
			;
		to->ips[j] = ip;
		to->has_record[j] = from->has_record[i];
		to->count++;
	}
}
