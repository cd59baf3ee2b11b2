/*
 * seq_file.c - reading files of many records in bounded chunks (see
 * seq_file.h for the contract a file's iterator keeps).
 */
#include "fs.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "seq_file.h"

/* fs_printf(&m->out, ...) lands here: append, or note the overflow. */
static void seq_out_write(struct fs_out *o, const char *s, size_t n)
{
	struct seq_file *m = container_of(o, struct seq_file, out);

	if (m->overflow || n > m->size - m->count) {
		m->overflow = true;
		return;
	}
	memcpy(m->buf + m->count, s, n);
	m->count += n;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	size_t room = m->size - m->count;
	int n;

	if (m->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->count, room, fmt, ap);
	va_end(ap);
	/* vsnprintf needs room for its NUL too: n == room did not fit. */
	if (n < 0 || (size_t)n >= room)
		m->overflow = true;
	else
		m->count += (size_t)n;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_out_write(&m->out, s, strlen(s));
}

int seq_open(struct fs_file *f, const struct seq_ops *op)
{
	struct seq_file *m = kzalloc(sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->op = op;
	m->file = f;
	m->out.write = seq_out_write;
	f->private = m;
	return 0;
}

int seq_open_private(struct fs_file *f, const struct seq_ops *op, size_t size)
{
	void *priv = kzalloc(size);
	int r;

	if (!priv)
		return -ENOMEM;
	r = seq_open(f, op);
	if (r) {
		kfree(priv);
		return r;
	}
	((struct seq_file *)f->private)->private = priv;
	return 0;
}

void seq_release(struct fs_file *f)
{
	struct seq_file *m = f->private;

	if (m->buf)
		page_free(m->buf, m->size / PAGE_SIZE);
	kfree(m);
	f->private = NULL;
}

void seq_release_private(struct fs_file *f)
{
	struct seq_file *m = f->private;

	kfree(m->private);
	seq_release(f);
}

/* Replace the buffer by one twice as big (one page the first time). */
static int seq_grow(struct seq_file *m)
{
	size_t pages = m->buf ? 2 * m->size / PAGE_SIZE : 1;
	char *buf;

	if (pages > SEQ_BUF_MAX_PAGES)
		return -ENOMEM;
	buf = page_alloc(pages);
	if (!buf)
		return -ENOMEM;
	if (m->buf)
		page_free(m->buf, m->size / PAGE_SIZE);
	m->buf = buf;
	m->size = pages * PAGE_SIZE;
	return 0;
}

/*
 * Refill the (drained) buffer with records from m->index on until it
 * holds at least want bytes, is full, or the records end (then it stays
 * empty). A record that does not fit is left for the next fill, unless
 * it is the first: then the buffer grows and the batch starts again.
 */
static int seq_fill(struct seq_file *m, size_t want)
{
	void *v;
	int r = 0;

	m->count = m->from = 0;
	if (!m->buf && seq_grow(m))
		return -ENOMEM;
	v = m->op->start(m, &m->index);
	while (v) {
		size_t before = m->count;

		m->overflow = false;
		r = m->op->show(m, v);
		if (r < 0)
			break;
		if (m->overflow) {
			m->count = before;
			r = 0;
			if (before)
				break;
			m->op->stop(m, v);
			r = seq_grow(m);
			if (r)
				return r;
			v = m->op->start(m, &m->index);
			continue;
		}
		if (r == SEQ_SKIP)
			m->count = before;
		r = 0;
		v = m->op->next(m, v, &m->index);
		if (m->count >= want)
			break;
	}
	m->op->stop(m, v);
	return r;
}

/*
 * A read at another offset than where the last one ended: show the file
 * again from its first record, dropping bytes up to pos. Sequential
 * reads never come here.
 */
static int seq_seek(struct seq_file *m, u64 pos)
{
	int r;

	m->index = 0;
	m->read_pos = 0;
	m->count = m->from = 0;
	while (m->read_pos < pos) {
		size_t n;

		r = seq_fill(m, PAGE_SIZE);
		if (r)
			return r;
		if (!m->count) {
			/* Past the end: reads there find nothing. */
			m->read_pos = pos;
			break;
		}
		n = (size_t)MIN((u64)m->count, pos - m->read_pos);
		m->from = n;
		m->read_pos += n;
	}
	return 0;
}

ssize_t seq_read(struct fs_file *f, char *buf, size_t len, u64 *pos)
{
	struct seq_file *m = f->private;
	size_t done = 0, n;
	int r;

	if (*pos != m->read_pos) {
		r = seq_seek(m, *pos);
		if (r)
			return r;
	}
	while (done < len) {
		if (m->from == m->count) {
			r = seq_fill(m, len - done);
			if (r && !done)
				return r;
			if (r || !m->count)
				break;
		}
		n = MIN(m->count - m->from, len - done);
		memcpy(buf + done, m->buf + m->from, n);
		m->from += n;
		done += n;
	}
	m->read_pos += done;
	*pos = m->read_pos;
	return (ssize_t)done;
}

/* ---- single_open: the whole file is one record ---- */

static void *single_start(struct seq_file *m, u64 *pos)
{
	return *pos == 0 ? m : NULL;
}

static void *single_next(struct seq_file *m, void *v, u64 *pos)
{
	++*pos;
	return NULL;
}

static void single_stop(struct seq_file *m, void *v)
{
}

static int single_call(struct seq_file *m, void *v)
{
	return m->single_show(m, v);
}

static const struct seq_ops single_ops = {
	.start = single_start,
	.next = single_next,
	.stop = single_stop,
	.show = single_call,
};

int single_open(struct fs_file *f, int (*show)(struct seq_file *m, void *v),
		void *data)
{
	struct seq_file *m;
	int r = seq_open(f, &single_ops);

	if (r)
		return r;
	m = f->private;
	m->single_show = show;
	m->private = data;
	return 0;
}

void single_release(struct fs_file *f)
{
	seq_release(f);
}
