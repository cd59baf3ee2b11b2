/*
 * ring_buffer_size.c - the ring buffer's sizing and accounting: resize,
 * reset and free (each keeps the writers out while it changes the ring),
 * and the statistics (layout: ring_buffer.h).
 *
 * Keeping writers out: a resizer adds to the CPU's disabled count, then
 * waits until no writer is inside (nest 0). A writer stores nest before
 * it reads disabled, with a full barrier between; the resizer's atomic
 * add is one too, so either the writer sees disabled and drops (counted)
 * or the resizer sees it inside and waits. A writer that dropped never
 * touched the pages; one inside finishes soon (writers never wait). So
 * the ring is rebuilt with nobody in it, and every event that arrives
 * meanwhile is accounted for.
 */
#include "ring_buffer_internal.h"

#include "kstring.h"

/* ---- statistics -------------------------------------------------- */

void ring_buffer_stats(unsigned cpu, struct rb_stats *st)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	struct rb_writer *w = rb_writer_of(cpu);
	unsigned long v[4], again[4], flags;
	struct rb_page *p;

	memset(st, 0, sizeof(*st));
	if (cpu >= NR_CPUS)
		return;
	flags = spin_lock_irqsave(&cb->lock);
	/*
	 * The counters only grow (read cannot move: we hold the lock): two
	 * reads in a row that agree held all these values at one moment
	 * between them.
	 */
	do {
		v[0] = READ_ONCE(w->committed);
		v[1] = READ_ONCE(cb->overrun);
		v[2] = READ_ONCE(cb->commit_overrun);
		v[3] = READ_ONCE(cb->dropped);
		barrier();
		again[0] = READ_ONCE(w->committed);
		again[1] = READ_ONCE(cb->overrun);
		again[2] = READ_ONCE(cb->commit_overrun);
		again[3] = READ_ONCE(cb->dropped);
	} while (memcmp(v, again, sizeof(v)));
	st->entries = v[0] - v[1] - cb->read;
	st->overrun = v[1];
	st->commit_overrun = v[2];
	st->dropped_events = v[3];
	st->read_events = cb->read;
	if (cb->nr_pages) {
		rb_sync_reader(cb);
		st->oldest_event_ts = rb_oldest_ts(cb);
		/* Pages from the head to the tail, less what was read. */
		p = &cb->pages[cb->rd.idx];
		st->bytes = 0UL - cb->rd.off;
		for (unsigned long i = 0; i < cb->nr_pages; i++) {
			st->bytes += rb_commit_of(p);
			if (p == READ_ONCE(w->tail))
				break;
			p = rb_next(cb, p);
		}
	}
	spin_unlock_irqrestore(&cb->lock, flags);
	st->now_ts = arch_clock_ns();
}

unsigned long ring_buffer_entries_written(unsigned cpu)
{
	struct rb_stats st;

	ring_buffer_stats(cpu, &st);
	return st.entries + st.overrun;
}

/* ---- resizing ---------------------------------------------------- */

/* Keep cpu's writers out (they drop and count) until rb_unquiesce(). */
static unsigned long rb_quiesce(unsigned cpu)
{
	struct rb_writer *w = rb_writer_of(cpu);
	unsigned long flags = spin_lock_irqsave(&per_cpu(rb_cpu, cpu).lock);

	__atomic_fetch_add(&w->disabled, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&w->nest, __ATOMIC_SEQ_CST))
		arch_cpu_relax();
	return flags;
}

/* Let the writers in again, unless the buffer (had pages before) now has
 * none: disabled counts one more for a buffer without pages. */
static void rb_unquiesce(unsigned cpu, bool had, unsigned long flags)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	bool has = cb->nr_pages;

	cb->rd.gen = ++cb->gen;
	__atomic_fetch_sub(&rb_writer_of(cpu)->disabled,
			   1 + (has && !had) - (had && !has), __ATOMIC_SEQ_CST);
	spin_unlock_irqrestore(&cb->lock, flags);
}

static void rb_clear_page(struct rb_page *p)
{
	p->write = p->entries = 0;
	p->page->commit = 0;
	p->page->time_stamp = 0;
}

/*
 * Lay out a ring of nr pages whose first keep slots already hold the
 * pages with events, oldest first; the newest of them (or slot 0, empty,
 * when keep is 0) becomes the tail, the slots after it empty pages "of
 * the lap before". head is the new head word. Writers are kept out, so
 * everything reserved is committed: it is all published.
 */
static void rb_lay_out(unsigned cpu, struct rb_page *pages, unsigned long nr,
		       unsigned long keep, unsigned long head)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	struct rb_writer *w = rb_writer_of(cpu);
	unsigned long ti = keep ? keep - 1 : 0;

	for (unsigned long i = 0; i < keep; i++)
		pages[i].page->commit = MIN(pages[i].write, RB_DATA_SIZE);
	if (!keep) {
		pages[0].seq = head >> RB_CNT_BITS;
		rb_clear_page(&pages[0]);
	}
	for (unsigned long i = ti + 1; i < nr; i++) {
		pages[i].seq = pages[ti].seq + i - ti - nr;
		rb_clear_page(&pages[i]);
	}
	cb->pages = pages;
	cb->nr_pages = nr;
	w->tail = w->commit_page = &pages[ti];
	cb->head = head;
	cb->rd.seq = head >> RB_CNT_BITS;
	cb->rd.idx = 0;
	if (!keep || !(head & RB_CNT_MASK))
		cb->rd.off = 0;
	w->last_ts = RB_TS_NONE;
}

static void rb_free_pages(struct rb_page *pages, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		if (pages[i].page)
			page_free(pages[i].page, 1);
	kfree(pages);
}

int ring_buffer_resize(unsigned cpu, unsigned long size_kb)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	unsigned long nr, old_nr, flags, used = 0, keep, skip, h, i, j;
	struct rb_page *np, *old, *p;

	if (cpu >= NR_CPUS || !size_kb ||
	    size_kb > RB_MAX_PAGES * RB_DATA_SIZE / 1024)
		return -EINVAL;
	nr = MAX((size_kb * 1024 + RB_DATA_SIZE - 1) / RB_DATA_SIZE,
		 RB_MIN_PAGES);
	np = kzalloc(nr * sizeof(*np));
	if (!np)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		np[i].page = page_alloc(1);
		if (!np[i].page) {
			rb_free_pages(np, nr);
			return -ENOMEM;
		}
	}
	flags = rb_quiesce(cpu);
	old = cb->pages;
	old_nr = cb->nr_pages;
	h = rb_head_of(0);
	if (old) {
		h = rb_sync_reader(cb);
		used = rb_writer_of(cpu)->tail->seq - cb->rd.seq + 1;
	}
	keep = MIN(used, nr);
	skip = used - keep;
	/* Trade the kept pages (oldest first) for fresh ones; the oldest
	 * that do not fit are lost, their unread events overrun. */
	p = old ? &old[cb->rd.idx] : NULL;
	for (i = 0, j = 0; i < used; i++, p = rb_next(cb, p)) {
		struct rb_data_page *spare;

		if (i < skip) {
			cb->overrun += p->entries - (i ? 0 : h & RB_CNT_MASK);
			continue;
		}
		spare = np[j].page;
		np[j++] = *p;
		p->page = spare;
	}
	if (skip)
		h = rb_head_of(np[0].seq);
	rb_lay_out(cpu, np, nr, keep, h);
	rb_unquiesce(cpu, old, flags);
	if (old)
		rb_free_pages(old, old_nr);
	return 0;
}

unsigned long ring_buffer_size_kb(unsigned cpu)
{
	if (cpu >= NR_CPUS)
		return 0;
	return per_cpu(rb_cpu, cpu).nr_pages * RB_DATA_SIZE >> 10;
}

/* Writers are kept out. */
static void rb_zero_stats(unsigned cpu)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);

	rb_writer_of(cpu)->committed = 0;
	cb->overrun = cb->commit_overrun = cb->read = 0;
	__atomic_store_n(&cb->dropped, 0, __ATOMIC_SEQ_CST);
}

void ring_buffer_reset(unsigned cpu)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	unsigned long flags;
	bool had;

	if (cpu >= NR_CPUS)
		return;
	flags = rb_quiesce(cpu);
	had = cb->pages;
	rb_zero_stats(cpu);
	if (had)
		rb_lay_out(cpu, cb->pages, cb->nr_pages, 0, rb_head_of(0));
	rb_unquiesce(cpu, had, flags);
}

void ring_buffer_free(unsigned cpu)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	struct rb_writer *w = rb_writer_of(cpu);
	unsigned long flags, nr;
	struct rb_page *pages;

	if (cpu >= NR_CPUS)
		return;
	flags = rb_quiesce(cpu);
	pages = cb->pages;
	nr = cb->nr_pages;
	cb->pages = w->tail = w->commit_page = NULL;
	cb->nr_pages = 0;
	rb_zero_stats(cpu); /* its events are gone with it */
	rb_unquiesce(cpu, pages, flags);
	if (pages)
		rb_free_pages(pages, nr);
}
