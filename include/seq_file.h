/*
 * seq_file.h - files of many records, read in chunks, in the shape of
 * Linux's seq_file.
 *
 * A file of records gives four functions: start(m, pos) returns the
 * record at index *pos (NULL past the last), next(m, v, pos) the one
 * after v (advancing *pos), show(m, v) prints v with seq_printf, stop(m,
 * v) ends a batch (drop what start took). A read shows records into a
 * buffer until it holds what the reader asked for, hands that out and
 * keeps the rest for the next read; the next batch starts at the first
 * record not yet shown. So memory stays at about one chunk, whatever the
 * file's size, and every record is shown once per pass.
 *
 * start is called once per chunk with the index to resume at. When
 * finding record *pos from scratch is not O(1) (a list, pages of
 * records), keep a cursor in the per-open state (seq_open_private) and
 * resume from it when *pos is where the last batch ended, so that a
 * whole read costs O(n), not O(n^2 / chunk).
 *
 * A small file can keep a single "print everything" function instead:
 * single_open(f, show, data) makes it one record.
 */
#ifndef SEQ_FILE_H
#define SEQ_FILE_H

#include "compiler.h"
#include "fs.h"
#include "types.h"

struct seq_file;

struct seq_ops {
	void *(*start)(struct seq_file *m, u64 *pos);
	void *(*next)(struct seq_file *m, void *v, u64 *pos);
	void (*stop)(struct seq_file *m, void *v);
	/* 0, SEQ_SKIP to drop what it printed, or -errno to fail the read. */
	int (*show)(struct seq_file *m, void *v);
};
#define SEQ_SKIP 1

/* The buffer starts at one page and doubles for a record that does not
 * fit, up to this; a bigger record fails the read with -ENOMEM. */
#define SEQ_BUF_MAX_PAGES 64

struct seq_file {
	char *buf;
	size_t size; /* bytes at buf */
	size_t count; /* bytes of buf filled */
	size_t from; /* bytes of buf already handed out */
	bool overflow; /* the record being shown did not fit */
	u64 index; /* the first record not yet in buf */
	u64 read_pos; /* file offset of buf[from] */
	const struct seq_ops *op;
	int (*single_show)(struct seq_file *m, void *v);
	struct fs_out out; /* fs_printf(&m->out, ...) appends to buf */
	struct fs_file *file;
	void *private;
};

/* Open f as a seq_file over op: 0 or -ENOMEM. f->private is the seq_file. */
int seq_open(struct fs_file *f, const struct seq_ops *op);
/* The same with size zeroed bytes of per-open state in m->private. */
int seq_open_private(struct fs_file *f, const struct seq_ops *op, size_t size);
/* Read handler of a seq_file (fs_file_ops' read). */
ssize_t seq_read(struct fs_file *f, char *buf, size_t len, u64 *pos);
/* Release handlers for each kind of open above. */
void seq_release(struct fs_file *f);
void seq_release_private(struct fs_file *f);

/* A file of one record: show prints all of it; m->private is data. */
int single_open(struct fs_file *f, int (*show)(struct seq_file *m, void *v),
		void *data);
void single_release(struct fs_file *f);

/*
 * For a small file printed by one function NAME_show(m, v): defines
 * NAME_open and NAME_fops (open, read, release), as Linux's macro does.
 * DEFINE_SHOW_STORE_FILE adds NAME_write(f, buf, len) as its write.
 */
#define DEFINE_SHOW_FILE_OPS(name, ...)                   \
	static int name##_open(struct fs_file *f)         \
	{                                                 \
		return single_open(f, name##_show, NULL); \
	}                                                 \
	static const struct fs_file_ops name##_fops = {   \
		.open = name##_open,                      \
		.release = single_release,                \
		.read = seq_read,                         \
		__VA_ARGS__                               \
	}
#define DEFINE_SHOW_FILE(name) DEFINE_SHOW_FILE_OPS(name)
#define DEFINE_SHOW_STORE_FILE(name) \
	DEFINE_SHOW_FILE_OPS(name, .write = name##_write)

/* Print into the record being shown (what does not fit is retried). */
void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_file *m, const char *s);

#endif
