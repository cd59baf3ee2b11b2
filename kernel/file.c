/*
 * file.c - open files: fs_open/fs_read/fs_write/fs_release over a node's
 * fs_file_ops, waiting for data, and the adapter that runs files still
 * written against the old struct fs_ops.
 */
#include "fs.h"
#include "kstring.h"
#include "printk.h"
#include "sched.h"
#include "seq_file.h"

int fs_open(struct fs_file *f, struct fs_node *n, unsigned flags)
{
	const struct fs_file_ops *fops = n->fops;
	int r;

	memset(f, 0, sizeof(*f));
	if (n->is_dir)
		return -EISDIR;
	if (!(flags & (FS_READ | FS_WRITE)))
		return -EINVAL;
	if (((flags & FS_READ) && !fops->read) ||
	    ((flags & FS_WRITE) && !fops->write))
		return -EACCES;
	f->node = n;
	f->flags = flags;
	r = fops->open ? fops->open(f) : 0;
	if (r)
		f->node = NULL;
	return r;
}

void fs_release(struct fs_file *f)
{
	if (f->node && f->node->fops->release)
		f->node->fops->release(f);
	f->node = NULL;
}

ssize_t fs_read(struct fs_file *f, char *buf, size_t len)
{
	if (!f->node || !(f->flags & FS_READ))
		return -EBADF;
	if (!len)
		return 0;
	return f->node->fops->read(f, buf, len, &f->pos);
}

ssize_t fs_write(struct fs_file *f, const char *buf, size_t len)
{
	if (!f->node || !(f->flags & FS_WRITE))
		return -EBADF;
	f->errmsg[0] = '\0';
	return f->node->fops->write(f, buf, len);
}

void fs_file_error(struct fs_file *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->errmsg, sizeof(f->errmsg), fmt, ap);
	va_end(ap);
}

int fs_wait_for(struct fs_file *f, bool (*ready)(void *), void *arg)
{
	while (!ready(arg)) {
		if (f->flags & FS_NONBLOCK)
			return -EAGAIN;
		if (signal_pending() || msleep_interruptible(FS_POLL_MS))
			return -EINTR;
	}
	return 0;
}

int fs_write_file(struct fs_node *cwd, const char *path, const char *text,
		  size_t len, bool append, bool *opened)
{
	struct fs_node *n;
	struct fs_file f;
	int r;

	*opened = false;
	r = fs_lookup(cwd, path, &n);
	if (!r)
		r = fs_open(&f, n, FS_WRITE | (append ? FS_APPEND : FS_TRUNC));
	if (r)
		return r;
	*opened = true;
	/* All of it, as busybox's full_write: a handler may take parts. */
	while (len) {
		ssize_t took = fs_write(&f, text, len);

		if (took <= 0) {
			/* Taking nothing of something is an I/O error. */
			r = took < 0 ? (int)took : -EIO;
			break;
		}
		text += took;
		len -= (size_t)took;
	}
	fs_release(&f);
	return r;
}

/*
 * ---- the adapter for files with the old struct fs_ops ----
 *
 * Transitional: it goes when the last fs_create user is converted to
 * fs_create_file. A read runs the old handler once per open, as a
 * single_open show; a write passes the text on, with append for ">>",
 * and the handler's explanation goes into errmsg.
 */

static int legacy_show(struct seq_file *m, void *v)
{
	struct fs_node *n = m->file->node;

	return n->ops->read(n, &m->out);
}

static int legacy_open(struct fs_file *f)
{
	const struct fs_ops *ops = f->node->ops;

	if (((f->flags & FS_READ) && !ops->read) ||
	    ((f->flags & FS_WRITE) && !ops->write))
		return -EACCES;
	return (f->flags & FS_READ) ? single_open(f, legacy_show, NULL) : 0;
}

static void legacy_release(struct fs_file *f)
{
	if (f->flags & FS_READ)
		single_release(f);
}

/* The old handlers' err lines go into errmsg, as much as fits. */
static void errmsg_write(struct fs_out *o, const char *s, size_t n)
{
	struct fs_file *f = o->priv;
	size_t have = strlen(f->errmsg);
	size_t room = sizeof(f->errmsg) - 1 - have;

	n = MIN(n, room);
	memcpy(f->errmsg + have, s, n);
	f->errmsg[have + n] = '\0';
}

static ssize_t legacy_write(struct fs_file *f, const char *buf, size_t len)
{
	struct fs_node *n = f->node;
	struct fs_out err = { errmsg_write, 0, f };
	int r = n->ops->write(n, buf, len, f->flags & FS_APPEND, &err);

	return r < 0 ? r : (ssize_t)len;
}

const struct fs_file_ops fs_legacy_fops = {
	.open = legacy_open,
	.release = legacy_release,
	.read = seq_read,
	.write = legacy_write,
};

int fs_parse_number(const char *buf, size_t len, unsigned long long max,
		    unsigned long long *v)
{
	char num[24];

	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' ||
		       buf[len - 1] == '\t'))
		len--;
	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, buf, len);
	num[len] = 0;
	if (kstrtoull(num, 10, v) || *v > max)
		return -EINVAL;
	return 0;
}
