/*
 * trace_read_files.c - the tracefs files that show the buffers: trace
 * (the whole buffer, left in place; opening it with truncation, as
 * `echo > trace` does, empties it), trace_pipe (takes the events as it
 * prints them and waits for more), and their per_cpu/cpuN copies, plus
 * trace_pipe_raw, each CPU's pages as they are.
 */
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "seq_file.h"
#include "smp.h"
#include "trace_internal.h"

/* ---- trace ---- */

/* Record 0 is the header; record i > 0 the reader's current event. */
#define HEADER_REC ((void *)1)

struct trace_file {
	struct trace_reader r;
	u64 next_index; /* the record the reader holds (0: none yet) */
	bool have; /* it holds one */
};

static void *trace_start(struct seq_file *m, u64 *pos)
{
	struct trace_file *tf = m->private;

	if (*pos == 0)
		return HEADER_REC;
	if (*pos != tf->next_index) {
		/* A read elsewhere than where the last ended: from the top. */
		trace_reader_rewind(&tf->r);
		tf->next_index = 0;
		tf->have = false;
		while (tf->next_index < *pos) {
			if (!trace_reader_next(&tf->r))
				return NULL;
			tf->next_index++;
		}
		tf->have = true;
	}
	return tf->have ? &tf->r.iter : NULL;
}

/* From the header, or from event *pos, to the next event. */
static void *trace_next(struct seq_file *m, void *v, u64 *pos)
{
	struct trace_file *tf = m->private;

	++*pos;
	tf->have = trace_reader_next(&tf->r);
	tf->next_index = *pos;
	return tf->have ? &tf->r.iter : NULL;
}

static void trace_stop(struct seq_file *m, void *v)
{
}

static int trace_show(struct seq_file *m, void *v)
{
	struct trace_file *tf = m->private;

	if (v == HEADER_REC) {
		trace_print_header(m, tf->r.iter.tracer, tf->r.only_cpu);
		return 0;
	}
	tf->r.iter.seq = m;
	/* A retry after the buffer filled must not take a peek twice. */
	tf->r.take_cpu = -1;
	trace_print_line(&tf->r.iter);
	return 0;
}

static const struct seq_ops trace_seq = { trace_start, trace_next, trace_stop,
					  trace_show };

static void clear_for(unsigned cpu)
{
	if (cpu == TRACE_ALL_CPUS)
		trace_clear_buffers();
	else
		ring_buffer_reset(cpu);
}

static int trace_open(struct fs_file *f)
{
	struct trace_file *tf;
	struct seq_file *m;
	int r;

	if (f->flags & FS_TRUNC)
		clear_for(trace_file_cpu(f));
	if (!(f->flags & FS_READ))
		return 0;
	r = seq_open_private(f, &trace_seq, sizeof(*tf));
	if (r)
		return r;
	m = f->private;
	tf = m->private;
	r = trace_reader_open(&tf->r, false, trace_file_cpu(f));
	if (r) {
		seq_release_private(f);
		return r;
	}
	/* Nothing loaded yet: trace_next after the header loads event 1. */
	tf->next_index = 0;
	return 0;
}

static void trace_release(struct fs_file *f)
{
	struct seq_file *m = f->private;

	if (!m)
		return;
	trace_reader_close(&((struct trace_file *)m->private)->r);
	seq_release_private(f);
}

/* Writing trace only empties it (at open); what is written is ignored. */
static ssize_t trace_write(struct fs_file *f, const char *buf, size_t len)
{
	return (ssize_t)len;
}

static const struct fs_file_ops trace_fops = { .open = trace_open,
					       .release = trace_release,
					       .read = seq_read,
					       .write = trace_write };

/* ---- trace_pipe ---- */

struct pipe_file {
	struct trace_reader r;
	struct seq_file m; /* the text of events taken, not yet handed out */
	bool pending; /* r.iter holds an event not yet printed */
};

static bool pipe_ready(void *arg)
{
	struct pipe_file *p = arg;

	if (!p->pending)
		p->pending = trace_reader_next(&p->r);
	return p->pending;
}

static ssize_t pipe_read(struct fs_file *f, char *buf, size_t len, u64 *pos)
{
	struct pipe_file *p = f->private;
	size_t n;
	int r;

	if (p->m.from == p->m.count) {
		r = fs_wait_for(f, pipe_ready, p);
		if (r)
			return r;
		p->m.count = p->m.from = 0;
		/* Print what is there now, as much as fits in the page. */
		while (p->pending) {
			size_t before = p->m.count;

			p->m.overflow = false;
			p->r.take_cpu = -1;
			p->r.iter.seq = &p->m;
			trace_print_line(&p->r.iter);
			if (p->m.overflow) {
				p->m.count = before;
				if (before)
					break;
				/* One event longer than a page: cut it. */
				p->m.count = p->m.size;
			}
			p->pending = trace_reader_next(&p->r);
		}
	}
	n = MIN(len, p->m.count - p->m.from);
	memcpy(buf, p->m.buf + p->m.from, n);
	p->m.from += n;
	*pos += n;
	return (ssize_t)n;
}

static int pipe_open(struct fs_file *f)
{
	struct pipe_file *p = kzalloc(sizeof(*p));
	int r;

	if (!p)
		return -ENOMEM;
	p->m.buf = page_alloc(1);
	p->m.size = PAGE_SIZE;
	r = p->m.buf ? trace_reader_open(&p->r, true, trace_file_cpu(f)) : -ENOMEM;
	if (r) {
		if (p->m.buf)
			page_free(p->m.buf, 1);
		kfree(p);
		return r;
	}
	f->private = p;
	return 0;
}

static void pipe_release(struct fs_file *f)
{
	struct pipe_file *p = f->private;

	trace_reader_close(&p->r);
	page_free(p->m.buf, 1);
	kfree(p);
}

static const struct fs_file_ops pipe_fops = { .open = pipe_open,
					      .release = pipe_release,
					      .read = pipe_read };

/* ---- per_cpu/cpuN/trace_pipe_raw: one page of events per read ---- */

struct raw_file {
	u8 *page;
	size_t len, from;
};

static bool raw_ready(void *arg)
{
	struct fs_file *f = arg;
	struct rb_stats st;

	ring_buffer_stats(trace_file_cpu(f), &st);
	return st.entries != 0;
}

static ssize_t raw_read(struct fs_file *f, char *buf, size_t len, u64 *pos)
{
	struct raw_file *rf = f->private;
	size_t n;
	int r;

	while (rf->from == rf->len) {
		if (ring_buffer_read_page(trace_file_cpu(f), rf->page)) {
			rf->len = PAGE_SIZE;
			rf->from = 0;
			break;
		}
		r = fs_wait_for(f, raw_ready, f);
		if (r)
			return r;
	}
	n = MIN(len, rf->len - rf->from);
	memcpy(buf, rf->page + rf->from, n);
	rf->from += n;
	*pos += n;
	return (ssize_t)n;
}

static int raw_open(struct fs_file *f)
{
	struct raw_file *rf = kzalloc(sizeof(*rf));

	if (!rf || !(rf->page = page_alloc(1))) {
		kfree(rf);
		return -ENOMEM;
	}
	f->private = rf;
	return 0;
}

static void raw_release(struct fs_file *f)
{
	struct raw_file *rf = f->private;

	page_free(rf->page, 1);
	kfree(rf);
}

static const struct fs_file_ops raw_fops = { .open = raw_open,
					     .release = raw_release,
					     .read = raw_read };

/* ---- per_cpu/cpuN/stats ---- */

static int stats_show(struct seq_file *m, void *v)
{
	struct rb_stats st;

	ring_buffer_stats((unsigned)(unsigned long)m->private, &st);
	seq_printf(m,
		   "entries: %lu\noverrun: %lu\ncommit overrun: %lu\n"
		   "bytes: %lu\noldest event ts: ",
		   st.entries, st.overrun, st.commit_overrun, st.bytes);
	trace_print_ts(m, st.oldest_event_ts);
	seq_puts(m, "\nnow ts: ");
	trace_print_ts(m, st.now_ts);
	seq_printf(m, "\ndropped events: %lu\nread events: %lu\n",
		   st.dropped_events, st.read_events);
	return 0;
}

static int stats_open(struct fs_file *f)
{
	return single_open(f, stats_show, (void *)(unsigned long)trace_file_cpu(f));
}

static const struct fs_file_ops stats_fops = { .open = stats_open,
					       .release = single_release,
					       .read = seq_read };

void trace_read_files_init(void)
{
	char path[FS_PATH_MAX];

	fs_create_file(TRACEFS "trace", &trace_fops, NULL);
	fs_create_file(TRACEFS "trace_pipe", &pipe_fops, NULL);
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		/* priv is cpu + 1: NULL stays "every CPU". */
		void *priv = (void *)(unsigned long)(cpu + 1);
		static const struct {
			const char *name;
			const struct fs_file_ops *fops;
		} files[] = { { "trace", &trace_fops },
			      { "trace_pipe", &pipe_fops },
			      { "trace_pipe_raw", &raw_fops },
			      { "stats", &stats_fops } };

		for (unsigned i = 0; i < ARRAY_SIZE(files); i++) {
			snprintf(path, sizeof(path), TRACEFS "per_cpu/cpu%u/%s",
				 cpu, files[i].name);
			fs_create_file(path, files[i].fops, priv);
		}
	}
}
