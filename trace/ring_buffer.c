/*
 * ring_buffer.c - the ring buffer's writer (layout and the inline fast
 * path: ring_buffer.h): the slow paths, moving the tail, publishing.
 *
 * Writing. Only a buffer's own CPU writes it, so a writer is never
 * raced by another CPU, only nested by interrupts and NMIs on its own,
 * which always finish before the writer they interrupt goes on. That is
 * why most of the writer's words need no atomics:
 *  - nest (writers inside) moves by local_fetch_add() when a writer
 *    enters or leaves nested: an interrupt landing between a load and a
 *    store of it could have set RB_NEST_MOVED, which a plain store would
 *    wipe out. Entering also needs a full barrier before the read of
 *    disabled, against a resizer on another CPU, which adds to disabled
 *    and then reads nest: one of them sees the other (rb_nest_enter():
 *    one locked xadd on x86; on SH-4, which has one CPU, the IMASK-15
 *    add alone). The outermost writer leaves with a plain store of 0.
 *  - last_ts is stored plainly too; when a nested writer may have
 *    changed it in between, the check below on the write index finds it.
 *  - what nested writers change for good, the page's write index and the
 *    counters, moves with local_fetch_add()/local_inc() (one instruction
 *    without a bus lock on x86).
 * An event is placed by moving the tail page's write index: a nested
 * writer simply lands after it. The page's commit word is moved only by
 * the outermost writer when it commits, to the end of everything
 * reserved, because by then every nested writer has committed too; so
 * readers never see a half-written event.
 *
 * Times. The outermost writer stamps its event with the delta from the
 * last outermost event (last_ts). It reads the write index first
 * (expect), then the clock and last_ts, and reserves: if the index was
 * no longer expect, a nested writer got in between and its event lies
 * before ours, so ours becomes padding and is placed again after it. A
 * nested writer cannot know the base (the writer it interrupted may not
 * have stored it yet), so it writes an absolute time stamp before its
 * event and sets last_ts to RB_TS_NONE: the next outermost event stamps
 * itself absolutely too. A gap of 2^27 ns or more gets a time extend; a
 * clock that steps back gives delta 0.
 *
 * Pages. A full tail page is closed (its rest padded) and the tail moves
 * on; the writer that does it marks the buffer "moving", and a writer
 * nested inside that short window drops its event (counted). Moving onto
 * the page the readers are at (head) overwrites it (overrun) or refuses
 * (drop-newest); moving onto the page holding the outermost writer's
 * uncommitted event refuses (commit overrun).
 *
 * Publishing. The outermost commit stores the tail page's write index as
 * its commit, leaves (nest 0), and then looks again: a writer that came
 * in between reserved more, which it then publishes too. When the tail
 * moved meanwhile, the mover set RB_NEST_MOVED in nest (nested writers
 * leave it there: each leaves nest as it found it, less one), so that
 * the outermost commit takes the slow path, which publishes the pages
 * from commit_page to the tail. The commit reads the tail and its write
 * index before nest, so that a move at any point is seen by one of the
 * two checks (ring_buffer_commit_on()).
 */
#include "ring_buffer_internal.h"

#include "kstring.h"

DEFINE_PER_CPU(struct rb_cpu, rb_cpu);
bool rb_overwrite = true;

/* The page header as ring_buffer.h draws it; a page's events fit the
 * head's count; the fast path's per-CPU step is a shift. */
_Static_assert(offsetof(struct rb_data_page, commit) == 8, "layout");
_Static_assert(RB_PAGE_HDR_SIZE == 8 + sizeof(long), "layout");
_Static_assert(RB_DATA_SIZE / (RB_HDR + RB_ALIGN) <= RB_CNT_MASK, "count");
_Static_assert(sizeof(struct rb_writer) == 64, "one cache line");

/* Bytes an event with len bytes of data takes, header included. */
static notrace unsigned long rb_event_size(unsigned len)
{
	unsigned long n = ALIGN_UP(len ? len : 1, RB_ALIGN);

	return n > RB_SMALL_MAX ? n + 2 * RB_HDR : n + RB_HDR;
}

static notrace void rb_write_stamp(u32 *ev, unsigned type, u64 v)
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
 * Give back the n bytes reserved at off of t, which we will not use: a
 * slot inside the page becomes padding of its own length (at least 8
 * bytes), one that crosses the end pads the rest of the page, one past
 * the end is nothing.
 */
static notrace void rb_unreserve(struct rb_page *t, unsigned long off,
				 unsigned long n)
{
	u32 *ev = (u32 *)(t->page->data + off);

	if (off + n <= RB_DATA_SIZE) {
		ev[0] = RB_TYPE_PADDING | 1u << RB_TYPE_BITS;
		ev[1] = (u32)(n - RB_HDR);
	} else if (off < RB_DATA_SIZE) {
		rb_pad(t, off);
	}
}

/*
 * Close the full tail page t and move the tail on; ts is the caller's
 * time, for the new page's header when no base is known. True when the
 * caller should try again (the tail moved), false when its event must be
 * dropped.
 */
static notrace bool rb_move_tail(struct rb_writer *w, struct rb_page *t, u64 ts)
{
	struct rb_cpu *cb = rb_cpu_of(w);
	struct rb_page *next;
	unsigned long c, h;
	u64 base;
	bool ok = true;

	if (cb->moving)
		return false; /* nested inside another writer's move */
	cb->moving = 1;
	barrier();
	if (READ_ONCE(w->tail) != t)
		goto out; /* a nested writer moved it */
	if (READ_ONCE(t->write) < RB_DATA_SIZE) {
		c = local_fetch_add(&t->write, RB_DATA_SIZE);
		if (c < RB_DATA_SIZE)
			rb_pad(t, c);
	}
	next = rb_next(cb, t);
	if (next == w->commit_page) {
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
	base = READ_ONCE(w->last_ts);
	next->page->time_stamp = base == RB_TS_NONE ? ts : base;
	next->write = 0;
	next->entries = 0;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	/* Every move changes the old tail's write index (once a lap): a
	 * commit that read it before sees that it must publish again. */
	local_fetch_add(&t->write, RB_DATA_SIZE);
	WRITE_ONCE(w->tail, next);
	WRITE_ONCE(w->nest, READ_ONCE(w->nest) | RB_NEST_MOVED);
out:
	barrier();
	cb->moving = 0;
	return ok;
}

/*
 * Publish everything reserved up to the tail (outermost writer only);
 * the tail page and its write index as it published them into *tp, *vp.
 */
static notrace void rb_publish(struct rb_writer *w, struct rb_page **tp,
			       unsigned long *vp)
{
	struct rb_cpu *cb = rb_cpu_of(w);
	struct rb_page *p = w->commit_page, *t = READ_ONCE(w->tail);
	unsigned long v = READ_ONCE(t->write);

	for (; p != t; p = rb_next(cb, p))
		__atomic_store_n(&p->page->commit, RB_DATA_SIZE,
				 __ATOMIC_RELEASE);
	__atomic_store_n(&t->page->commit, MIN(v, RB_DATA_SIZE),
			 __ATOMIC_RELEASE);
	w->commit_page = t;
	*tp = t;
	*vp = v;
}

/*
 * Every way out but the fast commit's: a nested writer leaves, the
 * outermost publishes, leaves, and publishes again for as long as writers
 * that came in meanwhile reserved more. With a resizer waiting (disabled)
 * it leaves at once: the resizer publishes what is left.
 */
notrace __slowpath void rb_leave(void)
{
	struct rb_writer *w = rb_writer_of(arch_cpu_id());
	unsigned long s = READ_ONCE(w->nest), v;
	struct rb_page *t;

	if ((s & RB_NEST_MASK) > 1) {
		/* Not a store of s - 1: a writer nested in between may have
		 * added RB_NEST_MOVED, which must stay. */
		local_fetch_add(&w->nest, -1UL);
		return;
	}
	while (!(READ_ONCE(w->disabled) & ~RB_WRITER_OFF)) {
		rb_publish(w, &t, &v);
		__atomic_store_n(&w->nest, 0, __ATOMIC_RELEASE);
		barrier();
		if (READ_ONCE(w->tail) == t && READ_ONCE(t->write) == v)
			return;
		WRITE_ONCE(w->nest, 1);
		smp_mb();
	}
	__atomic_store_n(&w->nest, 0, __ATOMIC_RELEASE);
}

/* The fast commit found more reserved after it had left: enter again. */
notrace __slowpath void rb_commit_again(void)
{
	WRITE_ONCE(rb_writer_of(arch_cpu_id())->nest, 1);
	smp_mb();
	rb_leave();
}

/* Refuse the event of the writer inside (counted). */
static notrace void *rb_refuse(struct rb_writer *w)
{
	__atomic_fetch_add(&rb_cpu_of(w)->dropped, 1, __ATOMIC_RELAXED);
	rb_leave(); /* nested writers may have committed */
	return NULL;
}

/*
 * The writer's slow path: nest was s when it came in (and is s + 1 now).
 * Every case: nested, disabled, long events, stamps and extends, full
 * pages; tries again until it has a place of its own with nothing nested
 * between the times it read and that place.
 */
notrace __slowpath void *rb_reserve_slow(unsigned len, unsigned long s)
{
	struct rb_writer *w = rb_writer_of(arch_cpu_id());
	unsigned long size, n, expect, old;
	struct rb_page *t;
	unsigned type;
	u64 ts, base, delta;
	u32 *ev;

	if (READ_ONCE(w->disabled) & RB_WRITER_OFF) {
		rb_leave();
		return NULL;
	}
	if (READ_ONCE(w->disabled) || len > RB_MAX_EVENT)
		return rb_refuse(w);
	size = rb_event_size(len);
	for (;;) {
		t = READ_ONCE(w->tail);
		expect = READ_ONCE(t->write);
		barrier();
		base = s ? RB_TS_NONE : READ_ONCE(w->last_ts);
		ts = arch_clock_ns();
		delta = ts - base;
		type = 0;
		if (base == RB_TS_NONE) {
			type = RB_TYPE_TIME_STAMP;
			delta = 0;
		} else if (delta > RB_TS_MASK) {
			if ((s64)delta < 0)
				delta = 0; /* the clock stepped back */
			else
				type = RB_TYPE_TIME_EXTEND;
		}
		n = size + (type ? RB_STAMP : 0);
		old = expect;
		if (expect + n <= RB_DATA_SIZE) {
			old = local_fetch_add(&t->write, n);
			if (old == expect && old + n <= RB_DATA_SIZE)
				break;
			/* A nested writer got in first: place ours after. */
			rb_unreserve(t, old, n);
		}
		if (old + n > RB_DATA_SIZE && !rb_move_tail(w, t, ts))
			return rb_refuse(w);
	}
	local_inc(&t->entries);
	ev = (u32 *)(t->page->data + old);
	if (type) {
		rb_write_stamp(ev, type,
			       type == RB_TYPE_TIME_STAMP ? ts : delta);
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
	if (s) {
		WRITE_ONCE(w->last_ts, RB_TS_NONE);
		return ev;
	}
	if (delta || type)
		WRITE_ONCE(w->last_ts, ts);
	barrier();
	/* A writer nested after our place: its stamp is the next base. */
	if (READ_ONCE(t->write) != old + n)
		WRITE_ONCE(w->last_ts, RB_TS_NONE);
	return ev;
}

/*
 * The fast path reserved n bytes at old of t, but a nested writer had got
 * in first (old is not where it expected): its event lies before ours and
 * may have changed last_ts, so ours goes after it the slow way.
 */
notrace __slowpath void *rb_reserve_redo(unsigned len, struct rb_page *t,
					 unsigned long old, unsigned long n)
{
	struct rb_writer *w = rb_writer_of(arch_cpu_id());

	WRITE_ONCE(w->last_ts, RB_TS_NONE);
	rb_unreserve(t, old, n);
	if (old + n > RB_DATA_SIZE && !rb_move_tail(w, t, arch_clock_ns()))
		return rb_refuse(w);
	return rb_reserve_slow(len, 0);
}

void ring_buffer_record_cpu(unsigned cpu, bool on)
{
	unsigned long *d = &rb_writer_of(cpu)->disabled;

	if (on)
		__atomic_fetch_and(d, ~RB_WRITER_OFF, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_or(d, RB_WRITER_OFF, __ATOMIC_SEQ_CST);
}

void ring_buffer_wait_writers(unsigned cpu)
{
	struct rb_writer *w = rb_writer_of(cpu);

	/* A writer adds to nest before it reads disabled, with a full barrier
	 * between (rb_nest_enter()); so does the store above: either we see
	 * it inside, or it sees RB_WRITER_OFF. */
	smp_mb();
	while (__atomic_load_n(&w->nest, __ATOMIC_SEQ_CST))
		arch_cpu_relax();
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
