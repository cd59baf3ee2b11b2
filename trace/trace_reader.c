/*
 * trace_reader.c - reading the per-CPU buffers as one stream in time
 * order, for the trace files: `trace` leaves the events in place (the
 * ring buffer's iterator), `trace_pipe` takes them (one event held per
 * CPU, the oldest of those goes next).
 *
 * A printer may look at the next event of the same CPU before it prints
 * the current one (function_graph prints a call and its return as one
 * line when nothing came between): for `trace` the reader keeps a short
 * queue of what the iterator gave and, past it, asks the ring buffer for
 * the CPU's next event; for `trace_pipe` the CPU's held event is just
 * that.
 */
#include "kstring.h"
#include "mm.h"
#include "smp.h"
#include "trace_internal.h"

struct trace_slot {
	bool full;
	bool taken; /* queued, but already printed with the one before */
	struct rb_entry e;
	u8 *data;
};

int trace_reader_open(struct trace_reader *r, bool consuming, unsigned cpu)
{
	unsigned n = consuming ? NR_CPUS : TRACE_PEEK_MAX;
	u8 *data;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	r->consuming = consuming;
	r->only_cpu = cpu;
	r->take_cpu = -1;
	r->nslots = n;
	r->slots = kzalloc((n + 1) * sizeof(*r->slots));
	data = kmalloc((n + 2) * TRACE_EVENT_MAX);
	if (!r->slots || !data) {
		kfree(r->slots);
		kfree(data);
		return -ENOMEM;
	}
	for (unsigned i = 0; i <= n; i++)
		r->slots[i].data = data + i * TRACE_EVENT_MAX;
	r->peeked = &r->slots[n];
	r->data = data;
	r->cur = data + (n + 1) * TRACE_EVENT_MAX;
	r->iter.consuming = consuming;
	r->iter.src = r;
	r->iter.tracer = trace_current_tracer();
	if (!consuming)
		ring_buffer_iter_start(&r->rbi);
	if (r->iter.tracer && r->iter.tracer->open)
		ret = r->iter.tracer->open(&r->iter);
	if (ret)
		trace_reader_close(r);
	return ret;
}

void trace_reader_close(struct trace_reader *r)
{
	if (!r->slots)
		return;
	if (r->iter.tracer && r->iter.tracer->close)
		r->iter.tracer->close(&r->iter);
	kfree(r->data);
	kfree(r->slots);
	r->slots = NULL;
}

void trace_reader_rewind(struct trace_reader *r)
{
	for (unsigned i = 0; i < r->nslots; i++)
		r->slots[i].full = r->slots[i].taken = false;
	r->take_cpu = -1;
	memset(r->skip, 0, sizeof(r->skip));
	if (!r->consuming)
		ring_buffer_iter_start(&r->rbi);
}

static bool wanted_cpu(struct trace_reader *r, unsigned cpu)
{
	return r->only_cpu == TRACE_ALL_CPUS || r->only_cpu == cpu;
}

/* ---- trace: a queue over the iterator ---- */

/* Append the iterator's next wanted event to the queue: false if none. */
static bool queue_pull(struct trace_reader *r)
{
	for (unsigned i = 0; i < r->nslots; i++) {
		struct trace_slot *s = &r->slots[i];

		if (s->full)
			continue;
		while (ring_buffer_iter_next(&r->rbi, &s->e, s->data,
					     TRACE_EVENT_MAX)) {
			if (!wanted_cpu(r, s->e.cpu))
				continue;
			/* Full slots come first: i is the queue's end. */
			s->full = true;
			s->taken = false;
			if (r->skip[s->e.cpu]) {
				r->skip[s->e.cpu]--;
				s->taken = true;
			}
			return true;
		}
		return false;
	}
	return false;
}

/* Drop the queue's first slot, moving the others up. */
static void queue_pop(struct trace_reader *r)
{
	struct trace_slot first = r->slots[0];

	memmove(&r->slots[0], &r->slots[1],
		(r->nslots - 1) * sizeof(*r->slots));
	first.full = first.taken = false;
	r->slots[r->nslots - 1] = first;
}

/* ---- trace_pipe: one held event per CPU ---- */

static void held_fill(struct trace_reader *r)
{
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		struct trace_slot *s = &r->slots[cpu];

		if (!s->full && wanted_cpu(r, cpu) &&
		    ring_buffer_consume(cpu, &s->e, s->data, TRACE_EVENT_MAX))
			s->full = true;
	}
}

static struct trace_slot *held_oldest(struct trace_reader *r)
{
	struct trace_slot *best = NULL;

	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		struct trace_slot *s = &r->slots[cpu];

		if (s->full && (!best || s->e.ts < best->e.ts))
			best = s;
	}
	return best;
}

static void load(struct trace_reader *r, struct trace_slot *s)
{
	unsigned len = MIN(s->e.len, (unsigned)TRACE_EVENT_MAX);

	memcpy(r->cur, s->data, len);
	r->iter.cpu = s->e.cpu;
	r->iter.ts = s->e.ts;
	r->iter.ent = (struct trace_entry *)r->cur;
	r->iter.ent_size = len;
}

bool trace_reader_next(struct trace_reader *r)
{
	struct trace_slot *s;

	if (r->consuming) {
		if (r->take_cpu >= 0)
			r->slots[r->take_cpu].full = false;
		r->take_cpu = -1;
		held_fill(r);
		s = held_oldest(r);
		if (!s)
			return false;
		load(r, s);
		s->full = false;
		return true;
	}
	if (r->take_cpu >= 0) {
		/* The peeked event was printed already: skip it, in the
		 * queue, or when the iterator gives it. */
		unsigned i;

		for (i = 0; i < r->nslots && r->slots[i].full; i++)
			if (r->slots[i].e.cpu == (unsigned)r->take_cpu &&
			    !r->slots[i].taken) {
				r->slots[i].taken = true;
				break;
			}
		if (i == r->nslots || !r->slots[i].full)
			r->skip[r->take_cpu]++;
		r->take_cpu = -1;
	}
	for (;;) {
		if (!r->slots[0].full && !queue_pull(r))
			return false;
		if (!r->slots[0].taken)
			break;
		queue_pop(r);
	}
	load(r, &r->slots[0]);
	queue_pop(r);
	return true;
}

struct trace_entry *trace_iter_peek(struct trace_iterator *iter, u64 *ts)
{
	struct trace_reader *r = iter->src;
	struct trace_slot *s = NULL;

	if (r->consuming) {
		s = &r->slots[iter->cpu];
		if (!s->full && ring_buffer_consume(iter->cpu, &s->e, s->data,
						    TRACE_EVENT_MAX))
			s->full = true;
		if (!s->full)
			return NULL;
	} else {
		for (unsigned i = 0; i < r->nslots && !s; i++) {
			if (!r->slots[i].full && !queue_pull(r))
				break;
			if (r->slots[i].e.cpu == iter->cpu &&
			    !r->slots[i].taken)
				s = &r->slots[i];
		}
		/* Not in the queue (which holds all of this CPU's taken
		 * events, if any): the iterator's next one of the CPU. */
		if (!s && r->skip[iter->cpu])
			return NULL;
		if (!s) {
			s = r->peeked;
			if (!ring_buffer_iter_peek_cpu(&r->rbi, iter->cpu,
						       &s->e, s->data,
						       TRACE_EVENT_MAX))
				return NULL;
		}
	}
	if (ts)
		*ts = s->e.ts;
	return (struct trace_entry *)s->data;
}

void trace_iter_take_peeked(struct trace_iterator *iter)
{
	((struct trace_reader *)iter->src)->take_cpu = (int)iter->cpu;
}
