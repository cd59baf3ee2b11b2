/*
 * fs.h - a small in-memory file tree (a tracefs/procfs lookalike) and
 * the file layer over it.
 *
 * Subsystems register files with handlers in the shape of Linux's VFS:
 * open and release with per-open state, reads at an offset (so a large
 * file streams in chunks), writes. Nothing is stored: files are views.
 * Files of many records use the seq_file iterator (seq_file.h), small
 * ones a single "print everything" handler through single_open.
 */
#ifndef FS_H
#define FS_H

#include "compiler.h"
#include "types.h"

/* Where a read handler's text goes: the console, or a buffer in tests. */
struct fs_out {
	void (*write)(struct fs_out *o, const char *s, size_t n);
	size_t written;
	void *priv;
};
int fs_printf(struct fs_out *o, const char *fmt, ...) __printf(2, 3);
void fs_puts(struct fs_out *o, const char *s);

struct fs_node;
struct fs_file;

/* Flags of an open file (struct fs_file's flags), given to fs_open. */
#define FS_READ 0x1
#define FS_WRITE 0x2
#define FS_TRUNC 0x4 /* ">": the writer starts the file's content afresh */
#define FS_APPEND 0x8 /* ">>": what is written adds to the content */
#define FS_NONBLOCK 0x10 /* a read that would wait gives -EAGAIN */

#define FS_ERRMSG_MAX 128

/*
 * One open of a file. The caller of fs_open owns the storage; the file's
 * open handler may hang its per-open state on private (a seq_file, an
 * iterator) and its release handler frees it.
 */
struct fs_file {
	struct fs_node *node;
	unsigned flags;
	u64 pos; /* offset of the next read */
	void *private;
	/* Why the last write failed, in words, when the handler said. */
	char errmsg[FS_ERRMSG_MAX];
};

/*
 * What a file does, in the shape of Linux's file_operations. Every
 * handler is optional; a file without read (write) cannot be opened for
 * reading (writing).
 *
 * open: set up per-open state; 0 or -errno (then release is not called).
 * release: undo open; called once for every open that succeeded.
 * read: copy up to len bytes at *pos into buf and advance *pos; return
 *   the number copied, 0 at the end of the file, or -errno. It may wait
 *   for data (see fs_wait_for); it returns -EINTR when Ctrl-C stops that.
 * write: take up to len bytes; return the number taken or -errno, and
 *   say why in errmsg with fs_file_error if it helps.
 */
struct fs_file_ops {
	int (*open)(struct fs_file *f);
	void (*release)(struct fs_file *f);
	ssize_t (*read)(struct fs_file *f, char *buf, size_t len, u64 *pos);
	ssize_t (*write)(struct fs_file *f, const char *buf, size_t len);
};

/*
 * The old interface, kept working through an adapter (kernel/file.c)
 * until the files that use it are converted to fs_file_ops; do not write
 * new files with it. read prints the whole content (it runs once per
 * open, into a buffer the reads then come from); write gets the text
 * echo wrote, append true for ">>", and may print why it failed into
 * err, which ends up in fs_file's errmsg. Both return 0 or -errno.
 */
struct fs_ops {
	int (*read)(struct fs_node *n, struct fs_out *out);
	int (*write)(struct fs_node *n, const char *data, size_t len,
		     bool append, struct fs_out *err);
};
/* The adapter: what fs_create gives a file made with struct fs_ops. */
extern const struct fs_file_ops fs_legacy_fops;

#define FS_NAME_MAX 63
#define FS_PATH_MAX 255

struct fs_node {
	char name[FS_NAME_MAX + 1];
	bool is_dir;
	const struct fs_file_ops *fops; /* files only */
	const struct fs_ops *ops; /* files made with fs_create only */
	void *priv;
	struct fs_node *parent;
	struct fs_node *children; /* dirs: sorted by name */
	struct fs_node *next; /* next sibling */
};

void fs_init(void);
struct fs_node *fs_root(void);
/* Create a directory and any missing parents. NULL on error. */
struct fs_node *fs_mkdir(const char *path);
/*
 * Create a file (parents created) whose handlers are fops; priv is the
 * node's for them to use. NULL if it exists or path is bad.
 */
struct fs_node *fs_create_file(const char *path, const struct fs_file_ops *fops,
			       void *priv);
/* The same for a file with the old interface (struct fs_ops). */
struct fs_node *fs_create(const char *path, const struct fs_ops *ops,
			  void *priv);
/*
 * Resolve path (absolute, or relative to cwd; "." and ".." understood).
 * Returns 0 and sets *out, or -ENOENT, -ENOTDIR, -ENAMETOOLONG, -EINVAL.
 */
int fs_lookup(struct fs_node *cwd, const char *path, struct fs_node **out);
/* Absolute path of a node into buf. */
void fs_path(struct fs_node *n, char *buf, size_t size);

/*
 * Open n into f with FS_* flags: -EISDIR for a directory, -EACCES when
 * the file cannot be read or written as asked, or what its open handler
 * returned. Every open that returns 0 must be paired with fs_release.
 */
int fs_open(struct fs_file *f, struct fs_node *n, unsigned flags);
void fs_release(struct fs_file *f);
/* Read at f->pos and advance it; as fs_file_ops' read (-EBADF if f was
 * not opened for reading). */
ssize_t fs_read(struct fs_file *f, char *buf, size_t len);
/* Write; as fs_file_ops' write (-EBADF if not opened for writing). */
ssize_t fs_write(struct fs_file *f, const char *buf, size_t len);
/*
 * What the shell's "echo TEXT > path" does (">>" when append): open path
 * with truncation (for appending), write all of text, release. 0 or
 * -errno; *opened says whether the open had succeeded, for the message.
 */
int fs_write_file(struct fs_node *cwd, const char *path, const char *text,
		  size_t len, bool append, bool *opened);
/*
 * The number written to a file such as /proc/sys/kernel/ftrace_enabled:
 * decimal, then at most trailing blanks and newlines, no more than max.
 * 0 and *v, or -EINVAL.
 */
int fs_parse_number(const char *buf, size_t len, unsigned long long max,
		    unsigned long long *v);
/* Say in f->errmsg why an operation failed (not printed by the shell). */
void fs_file_error(struct fs_file *f, const char *fmt, ...) __printf(2, 3);

/*
 * For a read handler that must wait for data: wait until ready(arg) is
 * true and return 0; -EINTR when Ctrl-C interrupts the wait, -EAGAIN at
 * once if f was opened FS_NONBLOCK. It looks again every FS_POLL_MS rather than being woken, so the
 * data it waits for may come from anywhere, an NMI or a printk with the
 * scheduler's locks held included, without that code waking anyone.
 */
#define FS_POLL_MS 20
int fs_wait_for(struct fs_file *f, bool (*ready)(void *), void *arg);

/* Error text for a negative errno ("No such file or directory", ...). */
const char *strerror(int err);

#endif
