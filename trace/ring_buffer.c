/*
 * ring_buffer.c - the per-CPU trace ring buffer (layout: ring_buffer.h).
 *
 * Writing. Only a buffer's own CPU writes it, so a writer is never
 * raced by another CPU, only nested by interrupts and NMIs on its own,
 * which always finish before the writer they interrupt goes on. An event
 * is placed by moving the tail page's write index with one local
 * fetch-and-add: a nested writer simply lands after it. The page's
 * commit word is moved only by the outermost writer when it commits, to
 * the end of everything reserved, because by then every nested writer
 * has committed too; so readers never see a half-written event.
 *
 * Times. The outermost writer stamps its event with the delta from the
 * last outermost event (last_ts). A nested writer cannot know that base
 * (the writer it interrupted may not have stored it yet), so it writes an
 * absolute time stamp before its event and makes the next outermost
 * writer do the same. An outermost writer that finds a nested event
 * between the index it read and the place it got takes delta 0: its
 * event then shows the nested event's time, as in Linux.
 *
 * Pages. A full tail page is closed (its rest padded) and the tail moves
 * on; the writer that does it marks the buffer "moving", and a writer
 * nested inside that short window drops its event (counted). Moving onto
 * the page the readers are at (head) overwrites it (overrun) or refuses
 * (drop-newest); moving onto the page holding the outermost writer's
 * uncommitted event refuses (commit overrun).
 *
 * Reading. Readers of a CPU take its lock (writers never do), copy an
 * event and then check that the page was not recycled meanwhile (each
 * page carries its sequence number, changed before the writer touches
 * it). The head word holds the head page's sequence number and how many
 * of its events were consumed; readers and the overwriting writer move
 * it with compare-and-swap, so each event is counted exactly once, as
 * read or as overrun.
 *
 * Resizing and resetting clear the buffer's READY bit, wait until no
 * writer is inside (writers that see the bit clear drop and count), then
 * rebuild the ring: a writer never sees pages change under it, and the
 * events that arrive meanwhile stay accounted for.
 */
#include "ring_buffer.h"

#include "kstring.h"
#include "local.h"
#include "percpu.h"

#define RB_HDR 4
#define RB_STAMP 8
#define RB_SMALL_MAX (RB_TYPE_DATA_MAX * RB_ALIGN)
#define RB_TYPE_MASK ((1u << RB_TYPE_BITS) - 1)
#define RB_TS_MASK ((1ULL << RB_TS_BITS) - 1)

/* state: nesting depth of writers inside the buffer, and READY. */
#define RB_NEST_MASK 0xffffUL
#define RB_READY 0x10000UL

/* head: the head page's sequence number above RB_CNT_BITS bits of how
 * many of its events were consumed. */
#define RB_CNT_BITS 12
#define RB_CNT_MASK ((1UL << RB_CNT_BITS) - 1)
#define RB_SEQ_MASK (~0UL >> RB_CNT_BITS)
/* Ring sizes stay far below what the head's sequence bits tell apart. */
#define RB_MAX_PAGES (1UL << 16)

/* One page of the ring: its data, and what only the writer changes. */
struct rb_page {
	struct rb_data_page *page;
	unsigned long write; /* reservation index into page->data */
	unsigned long entries; /* events reserved on this page */
	unsigned long seq;
};

struct rb_cpu {
	/* The writer's (its CPU only, except while quiesced). */
	unsigned long state;
	struct rb_page *tail;
	struct rb_page *commit_page; /* oldest page not wholly published */
	unsigned long need_abs; /* the next outermost event stamps afresh */
	unsigned long moving;
	u64 last_ts;
	unsigned long committed, overrun, commit_overrun;
	unsigned long dropped; /* atomic: a reset zeroes it from afar */
	/* Shared. */
	unsigned long head;
	struct rb_page *pages;
	unsigned long nr_pages;
	unsigned long gen;
	/* The readers', under lock. */
	struct spinlock lock;
	struct rb_cursor rd;
	unsigned long read;
} __aligned(64);

static DEFINE_PER_CPU(struct rb_cpu, rb_cpu);
static bool rb_overwrite = true;

/* The page header as ring_buffer.h draws it; a page's events fit the
 * head's count. */
_Static_assert(offsetof(struct rb_data_page, commit) == 8, "layout");
_Static_assert(RB_PAGE_HDR_SIZE == 8 + sizeof(long), "layout");
_Static_assert(RB_DATA_SIZE / (RB_HDR + RB_ALIGN) <= RB_CNT_MASK, "count");

static notrace struct rb_page *rb_next(struct rb_cpu *cb, struct rb_page *p)
{
	return p + 1 == cb->pages + cb->nr_pages ? cb->pages : p + 1;
}

static notrace unsigned long rb_head_of(unsigned long seq)
{
	return seq << RB_CNT_BITS;
}

/* ---- writing ----------------------------------------------------- */

/* Bytes an event with len bytes of data takes, header included. */
static __always_inline unsigned long rb_event_size(unsigned len)
{
	unsigned long n = ALIGN_UP(len ? len : 1, RB_ALIGN);

	return n > RB_SMALL_MAX ? n + 2 * RB_HDR : n + RB_HDR;
}

static __always_inline void rb_write_stamp(u32 *ev, unsigned type, u64 v)
{
	ev[0] = type | (u32)(v & RB_TS_MASK) << RB_TYPE_BITS;
	ev[1] = (u32)(v >> RB_TS_BITS);
}

/* Mark data[at..] of p padding, up to the end of the page. */
static notrace void rb_pad(struct rb_page *p, unsigned long at)
{
	u32 *ev = (u32 *)(p->page->data + at);
	unsigned long room = RB_DATA_SIZE - at;

	if (room < RB_HDR + RB_ALIGN) {
		ev[0] = RB_TYPE_PADDING; /* delta 0: the rest of the page */
		return;
	}
	ev[0] = RB_TYPE_PADDING | 1u << RB_TYPE_BITS;
	ev[1] = (u32)(room - RB_HDR);
}

/*
 * Close the full tail page t and move the tail on. True when the caller
 * should try again (the tail moved), false when its event must be
 * dropped.
 */
static notrace bool rb_move_tail(struct rb_cpu *cb, struct rb_page *t)
{
	struct rb_page *next;
	unsigned long c, h;
	bool ok = true;

	if (cb->moving)
		return false; /* nested inside another writer's move */
	cb->moving = 1;
	barrier();
	if (READ_ONCE(cb->tail) != t)
		goto out; /* a nested writer moved it */
	if (READ_ONCE(t->write) < RB_DATA_SIZE) {
		c = local_fetch_add(&t->write, RB_DATA_SIZE);
		if (c < RB_DATA_SIZE)
			rb_pad(t, c);
	}
	next = rb_next(cb, t);
	if (next == cb->commit_page) {
		local_inc(&cb->commit_overrun);
		ok = false;
		goto out;
	}
	h = __atomic_load_n(&cb->head, __ATOMIC_ACQUIRE);
	while ((h & ~RB_CNT_MASK) == rb_head_of(next->seq)) {
		if (!READ_ONCE(rb_overwrite)) {
			ok = false;
			goto out;
		}
		if (__atomic_compare_exchange_n(
			    &cb->head, &h, rb_head_of(next->seq + 1), false,
			    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			local_fetch_add(&cb->overrun,
					next->entries - (h & RB_CNT_MASK));
			break;
		}
	}
	/* Readers check seq after copying: change it before the data. */
	WRITE_ONCE(next->seq, t->seq + 1);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&next->page->commit, 0, __ATOMIC_RELAXED);
	next->page->time_stamp = cb->last_ts;
	next->write = 0;
	next->entries = 0;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	WRITE_ONCE(cb->tail, next);
out:
	barrier();
	cb->moving = 0;
	return ok;
}

/* Publish everything reserved so far (outermost writer only). */
static notrace void rb_publish(struct rb_cpu *cb)
{
	struct rb_page *p = cb->commit_page, *t = READ_ONCE(cb->tail);

	for (; p != t; p = rb_next(cb, p))
		__atomic_store_n(&p->page->commit, RB_DATA_SIZE,
				 __ATOMIC_RELEASE);
	__atomic_store_n(&t->page->commit,
			 MIN(READ_ONCE(t->write), RB_DATA_SIZE),
			 __ATOMIC_RELEASE);
	cb->commit_page = t;
}

/* Leave the buffer; the outermost writer publishes on its way out. */
static notrace void rb_end(struct rb_cpu *cb)
{
	unsigned long c, s;

again:
	c = READ_ONCE(cb->committed);
	barrier();
	if ((READ_ONCE(cb->state) & RB_NEST_MASK) == 1)
		rb_publish(cb);
	s = __atomic_sub_fetch(&cb->state, 1, __ATOMIC_SEQ_CST);
	/* A writer nested in rb_publish() committed after it looked. */
	if (unlikely(READ_ONCE(cb->committed) != c) && !(s & RB_NEST_MASK)) {
		s = __atomic_fetch_add(&cb->state, 1, __ATOMIC_SEQ_CST);
		if (s & RB_READY)
			goto again;
		__atomic_sub_fetch(&cb->state, 1, __ATOMIC_SEQ_CST);
	}
}

static notrace void *rb_refuse(struct rb_cpu *cb, bool inside)
{
	__atomic_fetch_add(&cb->dropped, 1, __ATOMIC_RELAXED);
	if (inside)
		rb_end(cb);
	else
		__atomic_sub_fetch(&cb->state, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

notrace void *ring_buffer_reserve(unsigned len)
{
	struct rb_cpu *cb = this_cpu_ptr(rb_cpu);
	unsigned long s, size, n, w0, w, abs;
	struct rb_page *t;
	bool exact;
	u64 ts, delta;
	u32 *ev;

	s = __atomic_fetch_add(&cb->state, 1, __ATOMIC_SEQ_CST);
	if (unlikely(!(s & RB_READY)))
		return rb_refuse(cb, false);
	if (unlikely(len > RB_MAX_EVENT))
		return rb_refuse(cb, true);
	size = rb_event_size(len);
	abs = 1;
	if (likely(!(s & RB_NEST_MASK))) {
		abs = cb->need_abs;
		cb->need_abs = 0;
	}
again:
	t = READ_ONCE(cb->tail);
	w0 = READ_ONCE(t->write);
	barrier();
	ts = arch_clock_ns();
	delta = ts - cb->last_ts;
	exact = true;
	n = size;
	if (abs) {
		n += RB_STAMP;
	} else if (unlikely(delta > RB_TS_MASK)) {
		if ((s64)delta < 0) {
			delta = 0; /* the clock stepped back: keep the base */
			exact = false;
		} else {
			n += RB_STAMP;
		}
	}
	if (unlikely(w0 + n > RB_DATA_SIZE))
		goto full;
	w = local_fetch_add(&t->write, n);
	if (unlikely(w != w0)) {
		/* Nested writers got in first; we come after them. */
		if (w + n > RB_DATA_SIZE) {
			if (w < RB_DATA_SIZE)
				rb_pad(t, w);
			goto full;
		}
		if (!abs) {
			delta = 0;
			exact = false;
		}
	}
	local_inc(&t->entries);
	ev = (u32 *)(t->page->data + w);
	if (abs) {
		rb_write_stamp(ev, RB_TYPE_TIME_STAMP, ts);
		ev += 2;
		delta = 0;
	} else if (n > size) {
		rb_write_stamp(ev, RB_TYPE_TIME_EXTEND, delta);
		ev += 2;
		delta = 0;
	}
	if (size - RB_HDR > RB_SMALL_MAX) {
		ev[0] = (u32)delta << RB_TYPE_BITS;
		ev[1] = (u32)(size - RB_HDR);
		ev += 2;
	} else {
		ev[0] = (u32)delta << RB_TYPE_BITS | (u32)(size - RB_HDR) / 4;
		ev += 1;
	}
	if (s & RB_NEST_MASK)
		cb->need_abs = 1;
	else if (exact)
		cb->last_ts = ts;
	else
		cb->need_abs = 1;
	return ev;
full:
	if (rb_move_tail(cb, t))
		goto again;
	if (!(s & RB_NEST_MASK) && abs)
		cb->need_abs = 1; /* give back what we took */
	return rb_refuse(cb, true);
}

notrace void ring_buffer_commit(void)
{
	struct rb_cpu *cb = this_cpu_ptr(rb_cpu);

	local_inc(&cb->committed);
	rb_end(cb);
}

notrace int ring_buffer_write(const void *data, unsigned len)
{
	void *p = ring_buffer_reserve(len);

	if (!p)
		return -ENOSPC;
	memcpy(p, data, len);
	ring_buffer_commit();
	return 0;
}

void ring_buffer_set_overwrite(bool on)
{
	WRITE_ONCE(rb_overwrite, on);
}

bool ring_buffer_overwrite(void)
{
	return READ_ONCE(rb_overwrite);
}

/* ---- decoding ---------------------------------------------------- */

enum { RB_EV_DATA, RB_EV_SKIP, RB_EV_END, RB_EV_BAD };

/* One event header at data[off], decoded; its time applied to *ts. */
struct rb_ev {
	unsigned long next; /* offset after it */
	unsigned long data; /* offset of its data */
	unsigned len;
};

static int rb_decode(const u8 *data, unsigned long off, unsigned long end,
		     u64 *ts, struct rb_ev *ev)
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
	unsigned long commit =
		__atomic_load_n(&p->page->commit, __ATOMIC_ACQUIRE);
	u64 ts = c->off ? c->ts : p->page->time_stamp;
	int r;

	if (commit > RB_DATA_SIZE)
		commit = RB_DATA_SIZE;
	for (;;) {
		r = rb_decode(p->page->data, c->off, commit, &ts, ev);
		if (rb_page_stale(p, c->seq))
			return RB_STALE;
		if (r == RB_EV_DATA)
			break;
		if (r != RB_EV_SKIP) {
			/* Nothing more here yet, or the page is done. */
			if (commit == RB_DATA_SIZE && READ_ONCE(cb->tail) != p)
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
	struct rb_page *t = READ_ONCE(cb->tail);
	unsigned long tseq = READ_ONCE(t->seq), ti = t - cb->pages;
	unsigned long back = (rb_head_of(tseq) - (h & ~RB_CNT_MASK)) >>
			     RB_CNT_BITS;

	if (back >= cb->nr_pages)
		back = 0;
	c->seq = tseq - back;
	c->idx = ti >= back ? ti - back : ti + cb->nr_pages - back;
	c->off = 0;
}

/* The head word, with the consuming reader's cursor moved up to it. */
static unsigned long rb_sync_reader(struct rb_cpu *cb)
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

int ring_buffer_consume(unsigned cpu, struct rb_entry *e, void *buf,
			size_t size)
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
		if (rb_page_stale(&cb->pages[cb->rd.idx], cb->rd.seq) ||
		    !rb_head_move(cb, &h, h + 1))
			continue; /* overwritten: counted as overrun */
		cb->rd.off = ev.next;
		cb->rd.ts = e->ts;
		cb->read++;
		ret = 1;
		break;
	}
	spin_unlock_irqrestore(&cb->lock, flags);
	return ret;
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
		commit =
			MIN(__atomic_load_n(&p->page->commit, __ATOMIC_ACQUIRE),
			    RB_DATA_SIZE);
		start = ts = cb->rd.off ? cb->rd.ts : p->page->time_stamp;
		n = commit > cb->rd.off ? commit - cb->rd.off : 0;
		memcpy(out->data, p->page->data + cb->rd.off, n);
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
			if (commit == RB_DATA_SIZE &&
			    READ_ONCE(cb->tail) != p) {
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

/* ---- statistics -------------------------------------------------- */

void ring_buffer_stats(unsigned cpu, struct rb_stats *st)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	unsigned long v[4], again[4], flags;
	struct rb_cursor c;
	struct rb_entry e;
	struct rb_page *p;
	struct rb_ev ev;

	memset(st, 0, sizeof(*st));
	if (cpu >= NR_CPUS)
		return;
	flags = spin_lock_irqsave(&cb->lock);
	/*
	 * The counters only grow: two reads in a row that agree held all
	 * these values at one moment between them.
	 */
	do {
		v[0] = READ_ONCE(cb->committed);
		v[1] = READ_ONCE(cb->overrun);
		v[2] = READ_ONCE(cb->commit_overrun);
		v[3] = READ_ONCE(cb->dropped);
		again[0] = READ_ONCE(cb->committed);
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
		c = cb->rd;
		if (rb_iter_peek(cb, cpu, &c, &e, &ev) == RB_FOUND)
			st->oldest_event_ts = e.ts;
		/* Pages from the head to the tail, less what was read. */
		p = &cb->pages[cb->rd.idx];
		st->bytes = 0UL - cb->rd.off;
		for (unsigned long i = 0; i < cb->nr_pages; i++) {
			st->bytes +=
				MIN(READ_ONCE(p->page->commit), RB_DATA_SIZE);
			if (p == READ_ONCE(cb->tail))
				break;
			p = rb_next(cb, p);
		}
	}
	spin_unlock_irqrestore(&cb->lock, flags);
	st->now_ts = arch_clock_ns();
}

/* ---- resizing ---------------------------------------------------- */

/* Keep writers out of cb (they drop and count) until rb_unquiesce(). */
static unsigned long rb_quiesce(struct rb_cpu *cb)
{
	unsigned long flags = spin_lock_irqsave(&cb->lock);

	__atomic_fetch_and(&cb->state, ~RB_READY, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&cb->state, __ATOMIC_SEQ_CST) & RB_NEST_MASK)
		arch_cpu_relax();
	return flags;
}

static void rb_unquiesce(struct rb_cpu *cb, unsigned long flags)
{
	cb->rd.gen = ++cb->gen;
	if (cb->nr_pages)
		__atomic_fetch_or(&cb->state, RB_READY, __ATOMIC_SEQ_CST);
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
 * the lap before". head is the new head word. Writers are kept out.
 */
static void rb_lay_out(struct rb_cpu *cb, struct rb_page *pages,
		       unsigned long nr, unsigned long keep, unsigned long head)
{
	unsigned long ti = keep ? keep - 1 : 0;

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
	cb->tail = cb->commit_page = &pages[ti];
	cb->head = head;
	cb->rd.seq = head >> RB_CNT_BITS;
	cb->rd.idx = 0;
	if (!keep || !(head & RB_CNT_MASK))
		cb->rd.off = 0;
	cb->need_abs = 1;
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
	flags = rb_quiesce(cb);
	old = cb->pages;
	old_nr = cb->nr_pages;
	h = rb_head_of(0);
	if (old) {
		h = rb_sync_reader(cb);
		used = cb->tail->seq - cb->rd.seq + 1;
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
	rb_lay_out(cb, np, nr, keep, h);
	rb_unquiesce(cb, flags);
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

void ring_buffer_reset(unsigned cpu)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	unsigned long flags;

	if (cpu >= NR_CPUS)
		return;
	flags = rb_quiesce(cb);
	cb->committed = cb->overrun = cb->commit_overrun = cb->read = 0;
	__atomic_store_n(&cb->dropped, 0, __ATOMIC_SEQ_CST);
	if (cb->pages)
		rb_lay_out(cb, cb->pages, cb->nr_pages, 0, rb_head_of(0));
	rb_unquiesce(cb, flags);
}

void ring_buffer_free(unsigned cpu)
{
	struct rb_cpu *cb = &per_cpu(rb_cpu, cpu);
	unsigned long flags, nr;
	struct rb_page *pages;

	if (cpu >= NR_CPUS)
		return;
	flags = rb_quiesce(cb);
	pages = cb->pages;
	nr = cb->nr_pages;
	cb->pages = cb->tail = cb->commit_page = NULL;
	cb->nr_pages = 0;
	rb_unquiesce(cb, flags);
	if (pages)
		rb_free_pages(pages, nr);
}
