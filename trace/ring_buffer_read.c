/*
 * ring_buffer_read.c - the ring buffer's readers: consume, peek, iterate
 * over every CPU by time, take raw pages (layout: ring_buffer.h).
 *
 * Readers of a CPU take its lock (writers never do), copy an event and
 * then check that the page was not recycled meanwhile (each page carries
 * its sequence number, which the writer changes before it touches the
 * page again); a copy from a recycled page is thrown away and the reader
 * goes on from where the buffer now begins. The head word holds the head
 * page's sequence number and how many of its events were consumed;
 * readers and the overwriting writer move it with compare-and-swap, so
 * each event is counted exactly once, as read or as overrun.
 */
#include "ring_buffer_internal.h"

#include "kstring.h"

/* ---- decoding ---------------------------------------------------- */

int rb_decode(const u8 *data, unsigned long off, unsigned long end, u64 *ts,
	      struct rb_ev *ev)
{
	const u32 *p = (const u32 *)(data + off);
	unsigned type, delta;
	u32 a0;

	if (off + RB_HDR > end)
		return RB_EV_END;
	type = p[0] & RB_TYPE_MASK;
	delta = p[0] >> RB_TYPE_BITS;
	if (type == RB_TYPE_PADDING && !delta)
		return RB_EV_END;
	if (type >= 1 && type <= RB_TYPE_DATA_MAX) {
		ev->data = off + RB_HDR;
		ev->len = type * RB_ALIGN;
		ev->next = ev->data + ev->len;
		*ts += delta;
		return ev->next > end ? RB_EV_BAD : RB_EV_DATA;
	}
	if (off + 2 * RB_HDR > end)
		return RB_EV_BAD;
	a0 = p[1];
	ev->next = off + RB_STAMP;
	switch (type) {
	case 0:
		if (a0 < RB_HDR + 1 || a0 > end - off - RB_HDR)
			return RB_EV_BAD;
		ev->data = off + 2 * RB_HDR;
		ev->len = a0 - RB_HDR;
		ev->next = off + RB_HDR + ALIGN_UP(a0, RB_ALIGN);
		*ts += delta;
		return ev->next > end ? RB_EV_BAD : RB_EV_DATA;
	case RB_TYPE_PADDING:
		ev->next = off + RB_HDR + a0;
		return ev->next > end || a0 % RB_ALIGN ? RB_EV_BAD : RB_EV_SKIP;
	case RB_TYPE_TIME_EXTEND:
		*ts += ((u64)a0 << RB_TS_BITS) + delta;
		return RB_EV_SKIP;
	default: /* RB_TYPE_TIME_STAMP */
		*ts = (u64)a0 << RB_TS_BITS | delta;
		return RB_EV_SKIP;
	}
}

/* ---- reading ----------------------------------------------------- */

enum { RB_NONE, RB_FOUND, RB_PAGE_DONE, RB_STALE };

static struct rb_page *rb_tail(struct rb_cpu *cb)
{
	return READ_ONCE(rb_writer_of(cb - rb_cpu)->tail);
}

static bool rb_page_stale(struct rb_page *p, unsigned long seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return READ_ONCE(p->seq) != seq;
}

/*
 * Find the next event at c without moving c. RB_FOUND with e and ev
 * filled in; RB_NONE when nothing committed is left; RB_PAGE_DONE when
 * c's page is finished and wholly read; RB_STALE when the writer has
 * recycled the page. Skipped padding and stamps move c.
 */
static int rb_peek(struct rb_cpu *cb, unsigned cpu, struct rb_cursor *c,
		   struct rb_entry *e, struct rb_ev *ev)
{
	struct rb_page *p = &cb->pages[c->idx];
	unsigned long commit = rb_commit_of(p);
	u64 ts = c->off ? c->ts : p->page->time_stamp;
	int r;

	for (;;) {
		r = rb_decode(p->page->data, c->off, commit, &ts, ev);
		if (rb_page_stale(p, c->seq))
			return RB_STALE;
		if (r == RB_EV_DATA)
			break;
		if (r != RB_EV_SKIP) {
			/* Nothing more here yet, or the page is done. */
			if (commit == RB_DATA_SIZE && rb_tail(cb) != p)
				return RB_PAGE_DONE;
			return RB_NONE;
		}
		c->off = ev->next;
		c->ts = ts;
	}
	e->ts = ts;
	e->cpu = cpu;
	e->len = ev->len;
	return RB_FOUND;
}

/*
 * Move c, the consuming reader's cursor, to the head page h names. The
 * head is at most nr_pages - 1 pages behind the tail, so counting back
 * from the tail finds it (a tail that moved while we looked gives a
 * wrong page, which the check after the copy then catches).
 */
static void rb_cursor_to_head(struct rb_cpu *cb, struct rb_cursor *c,
			      unsigned long h)
{
	struct rb_page *t = rb_tail(cb);
	unsigned long tseq = READ_ONCE(t->seq), ti = t - cb->pages;
	unsigned long back = (rb_head_of(tseq) - (h & ~RB_CNT_MASK)) >>
			     RB_CNT_BITS;

	if (back >= cb->nr_pages)
		back = 0;
	c->seq = tseq - back;
	c->idx = ti >= back ? ti - back : ti + cb->nr_pages - back;
	c->off = 0;
}

unsigned long rb_sync_reader(struct rb_cpu *cb)
{
	unsigned long h = __atomic_load_n(&cb->head, __ATOMIC_ACQUIRE);

	if ((h & ~RB_CNT_MASK) != rb_head_of(cb->rd.seq))
		rb_cursor_to_head(cb, &cb->rd, h);
	return h;
}

static bool rb_head_move(struct rb_cpu *cb, unsigned long *h, unsigned long v)
{
	return __atomic_compare_exchange_n(&cb->head, h, v, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* The consuming reader leaves its finished head page. */
static void rb_reader_next_page(struct rb_cpu *cb, unsigned long h)
{
	if (!rb_head_move(cb, &h, rb_head_of(cb->rd.seq + 1)))
		return; /* overwritten meanwhile: resynchronise */
	cb->rd.seq++;
	cb->rd.idx = rb_next(cb, &cb->pages[cb->rd.idx]) - cb->pages;
	cb->rd.off = 0;
}

/*
 * cpu's oldest unconsumed event into e and buf, under its lock; taken
 * (counted as read) when consume is set. 1 when there was one.
 */
static int rb_take(unsigned cpu, struct rb_entry *e, void *buf, size_t size,
		   bool consume)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	unsigned long flags, h;
	struct rb_ev ev;
	int r, ret = 0;

	if (cpu >= NR_CPUS)
		return 0;
	flags = spin_lock_irqsave(&cb->lock);
	while (cb->nr_pages) {
		h = rb_sync_reader(cb);
		r = rb_peek(cb, cpu, &cb->rd, e, &ev);
		if (r == RB_NONE)
			break;
		if (r == RB_PAGE_DONE)
			rb_reader_next_page(cb, h);
		if (r != RB_FOUND)
			continue;
		memcpy(buf, cb->pages[cb->rd.idx].page->data + ev.data,
		       MIN(size, e->len));
		rb_after_copy();
		if (rb_page_stale(&cb->pages[cb->rd.idx], cb->rd.seq))
			continue; /* overwritten while we copied */
		ret = 1;
		if (!consume)
			break;
		if (!rb_head_move(cb, &h, h + 1))
			continue; /* overwritten: counted as overrun */
		cb->rd.off = ev.next;
		cb->rd.ts = e->ts;
		cb->read++;
		break;
	}
	spin_unlock_irqrestore(&cb->lock, flags);
	return ret;
}

int ring_buffer_consume(unsigned cpu, struct rb_entry *e, void *buf,
			size_t size)
{
	return rb_take(cpu, e, buf, size, true);
}

int ring_buffer_peek(unsigned cpu, struct rb_entry *e, void *buf, size_t size)
{
	return rb_take(cpu, e, buf, size, false);
}

unsigned long ring_buffer_read_page(unsigned cpu, void *page)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	struct rb_data_page *out = page;
	unsigned long flags, h, commit, n, cnt, off;
	struct rb_page *p;
	struct rb_ev ev;
	u64 start, ts;
	int r;

	if (cpu >= NR_CPUS)
		return 0;
	flags = spin_lock_irqsave(&cb->lock);
	for (n = 0; cb->nr_pages; n = 0) {
		h = rb_sync_reader(cb);
		p = &cb->pages[cb->rd.idx];
		commit = rb_commit_of(p);
		start = ts = cb->rd.off ? cb->rd.ts : p->page->time_stamp;
		n = commit > cb->rd.off ? commit - cb->rd.off : 0;
		memcpy(out->data, p->page->data + cb->rd.off, n);
		rb_after_copy();
		for (cnt = 0, off = 0;; off = ev.next) {
			r = rb_decode(out->data, off, n, &ts, &ev);
			if (r == RB_EV_DATA)
				cnt++;
			else if (r != RB_EV_SKIP)
				break;
		}
		if (rb_page_stale(p, cb->rd.seq))
			continue;
		if (!n) {
			if (commit == RB_DATA_SIZE && rb_tail(cb) != p) {
				rb_reader_next_page(cb, h);
				continue;
			}
			break;
		}
		if (!rb_head_move(cb, &h, h + cnt))
			continue;
		cb->rd.off = commit;
		cb->rd.ts = ts;
		cb->read += cnt;
		break;
	}
	spin_unlock_irqrestore(&cb->lock, flags);
	if (n) {
		out->time_stamp = start;
		out->commit = n;
		memset(out->data + n, 0, RB_DATA_SIZE - n);
	}
	return n;
}

/* The iterator's cursor for cpu, starting again from the head if the
 * layout changed under it. */
static void rb_iter_check(struct rb_cpu *cb, struct rb_cursor *c)
{
	if (c->gen != cb->gen) {
		rb_sync_reader(cb);
		*c = cb->rd;
	}
}

/* Peek at the iterator's next event on cpu (under cb->lock). */
static int rb_iter_peek(struct rb_cpu *cb, unsigned cpu, struct rb_cursor *c,
			struct rb_entry *e, struct rb_ev *ev)
{
	int r;

	if (!cb->nr_pages)
		return RB_NONE;
	rb_iter_check(cb, c);
	for (;;) {
		r = rb_peek(cb, cpu, c, e, ev);
		if (r == RB_STALE) {
			rb_sync_reader(cb); /* lapped: go to the head */
			*c = cb->rd;
		} else if (r == RB_PAGE_DONE) {
			c->seq++;
			c->idx = rb_next(cb, &cb->pages[c->idx]) - cb->pages;
			c->off = 0;
		} else {
			return r;
		}
	}
}

void ring_buffer_iter_start(struct rb_iter *it)
{
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
		it->cur[cpu].gen = per_cpu(rb_cpu, cpu).gen - 1;
}

int ring_buffer_iter_next(struct rb_iter *it, struct rb_entry *e, void *buf,
			  size_t size)
{
	struct rb_entry best = { 0 }, cand;
	struct rb_cursor *c;
	struct rb_cpu *cb;
	unsigned long flags;
	struct rb_ev ev;
	int found;

	for (;;) {
		found = 0;
		for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
			cb = &per_cpu(rb_cpu, cpu);
			flags = spin_lock_irqsave(&cb->lock);
			if (rb_iter_peek(cb, cpu, &it->cur[cpu], &cand, &ev) ==
				    RB_FOUND &&
			    (!found || cand.ts < best.ts)) {
				best = cand;
				found = 1;
			}
			spin_unlock_irqrestore(&cb->lock, flags);
		}
		if (!found)
			return 0;
		cb = &per_cpu(rb_cpu, best.cpu);
		c = &it->cur[best.cpu];
		flags = spin_lock_irqsave(&cb->lock);
		if (rb_iter_peek(cb, best.cpu, c, e, &ev) == RB_FOUND &&
		    e->ts == best.ts) {
			memcpy(buf, cb->pages[c->idx].page->data + ev.data,
			       MIN(size, e->len));
			rb_after_copy();
			if (!rb_page_stale(&cb->pages[c->idx], c->seq)) {
				c->off = ev.next;
				c->ts = e->ts;
				spin_unlock_irqrestore(&cb->lock, flags);
				return 1;
			}
		}
		spin_unlock_irqrestore(&cb->lock, flags);
	}
}

int ring_buffer_iter_peek_cpu(const struct rb_iter *it, unsigned cpu,
			      struct rb_entry *e, void *buf, size_t size)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	struct rb_cursor c;
	unsigned long flags;
	struct rb_ev ev;
	int ret = 0;

	if (cpu >= NR_CPUS)
		return 0;
	c = it->cur[cpu]; /* a copy: the iterator does not move */
	flags = spin_lock_irqsave(&cb->lock);
	while (rb_iter_peek(cb, cpu, &c, e, &ev) == RB_FOUND) {
		memcpy(buf, cb->pages[c.idx].page->data + ev.data,
		       MIN(size, e->len));
		rb_after_copy();
		if (!rb_page_stale(&cb->pages[c.idx], c.seq)) {
			ret = 1;
			break;
		}
	}
	spin_unlock_irqrestore(&cb->lock, flags);
	return ret;
}

u64 rb_oldest_ts(struct rb_cpu *cb)
{
	struct rb_cursor c = cb->rd;
	struct rb_entry e;
	struct rb_ev ev;

	if (rb_iter_peek(cb, cb - rb_cpu, &c, &e, &ev) == RB_FOUND)
		return e.ts;
	return 0;
}
