/* fs.c - the in-memory file tree the console browses (a tracefs lookalike). */

/*
 * Nodes are only ever added, never removed or renamed. That is why one
 * spinlock around creation is enough and lookups take no lock at all: a
 * new node is filled in completely and only then linked into its
 * parent's list with a release store, so a reader walking the list sees
 * either the old list or a fully built node, and a node it has found
 * stays valid forever.
 */
#include "compiler.h"
#include "fs.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "spinlock.h"
#include "types.h"

static struct fs_node root_node;
static struct spinlock fs_lock = SPINLOCK_INIT("fs");

void fs_init(void)
{
	/* Re-running it (the host tests do) starts from an empty tree. */
	memset(&root_node, 0, sizeof(root_node));
	root_node.is_dir = true;
	root_node.parent = &root_node;
}

struct fs_node *fs_root(void)
{
	return &root_node;
}

/*
 * Cut the next component off *path. Returns its length (0 at the end),
 * or -ENAMETOOLONG; repeated slashes are skipped. *trailing_slash says
 * whether a slash followed the component.
 */
static int next_component(const char **path, const char **name,
			  bool *trailing_slash)
{
	const char *p = *path;
	size_t len = 0;

	while (*p == '/')
		p++;
	*name = p;
	while (p[len] && p[len] != '/')
		len++;
	*path = p + len;
	*trailing_slash = p[len] == '/';
	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	return (int)len;
}

static bool is_dot(const char *name, int len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, int len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

static struct fs_node *find_child(struct fs_node *dir, const char *name,
				  int len)
{
	struct fs_node *c;

	for (c = __atomic_load_n(&dir->children, __ATOMIC_ACQUIRE); c;
	     c = __atomic_load_n(&c->next, __ATOMIC_ACQUIRE)) {
		int cmp = strncmp(c->name, name, (size_t)len);

		if (cmp == 0 && c->name[len] == '\0')
			return c;
		/* Sorted: once past where name would be, it is not there. */
		if (cmp > 0)
			break;
	}
	return NULL;
}

static int check_path(const char *path)
{
	if (!path || !*path)
		return -EINVAL;
	if (strnlen(path, FS_PATH_MAX + 1) > FS_PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

int fs_lookup(struct fs_node *cwd, const char *path, struct fs_node **out)
{
	struct fs_node *n;
	const char *name;
	bool slash, want_dir = false;
	int len, err;

	err = check_path(path);
	if (err)
		return err;
	n = (*path == '/' || !cwd) ? &root_node : cwd;

	for (;;) {
		len = next_component(&path, &name, &slash);
		if (len < 0)
			return len;
		if (len == 0)
			break;
		if (!n->is_dir)
			return -ENOTDIR;
		want_dir = slash;
		if (is_dot(name, len))
			continue;
		if (is_dotdot(name, len)) {
			n = n->parent;
			continue;
		}
		n = find_child(n, name, len);
		if (!n)
			return -ENOENT;
	}
	/* "file/" names a directory that is not one. */
	if (want_dir && !n->is_dir)
		return -ENOTDIR;
	*out = n;
	return 0;
}

/* Called with fs_lock held. */
static struct fs_node *add_child(struct fs_node *dir, const char *name, int len,
				 bool is_dir, const struct fs_file_ops *fops,
				 const struct fs_ops *ops, void *priv)
{
	struct fs_node *n, **link;

	n = kzalloc(sizeof(*n));
	if (!n)
		return NULL;
	memcpy(n->name, name, (size_t)len);
	n->name[len] = '\0';
	n->is_dir = is_dir;
	n->fops = fops;
	n->ops = ops;
	n->priv = priv;
	n->parent = dir;

	link = &dir->children;
	while (*link && strcmp((*link)->name, n->name) < 0)
		link = &(*link)->next;
	n->next = *link;
	/* Publish only a complete node: lookups do not take the lock. */
	__atomic_store_n(link, n, __ATOMIC_RELEASE);
	return n;
}

/*
 * Walk path from the root creating missing directories. The last
 * component is left for the caller in *last / *last_len unless
 * create_last is set. Called with fs_lock held.
 */
static struct fs_node *walk_create(const char *path, bool create_last,
				   const char **last, int *last_len)
{
	struct fs_node *n = &root_node, *c;
	const char *name;
	bool slash;
	int len;

	if (check_path(path))
		return NULL;
	*last = NULL;
	*last_len = 0;
	for (;;) {
		len = next_component(&path, &name, &slash);
		if (len < 0)
			return NULL;
		if (len == 0)
			return n;
		if (!create_last && !*path && !slash) {
			*last = name;
			*last_len = len;
			return n;
		}
		if (is_dot(name, len))
			continue;
		if (is_dotdot(name, len)) {
			n = n->parent;
			continue;
		}
		c = find_child(n, name, len);
		if (!c)
			c = add_child(n, name, len, true, NULL, NULL, NULL);
		if (!c || !c->is_dir)
			return NULL;
		n = c;
	}
}

struct fs_node *fs_mkdir(const char *path)
{
	struct fs_node *n;
	const char *last;
	int last_len;
	unsigned long flags;

	flags = spin_lock_irqsave(&fs_lock);
	n = walk_create(path, true, &last, &last_len);
	spin_unlock_irqrestore(&fs_lock, flags);
	return n;
}

static struct fs_node *create_file(const char *path,
				   const struct fs_file_ops *fops,
				   const struct fs_ops *ops, void *priv)
{
	struct fs_node *dir, *n = NULL;
	const char *last;
	int last_len;
	unsigned long flags;

	flags = spin_lock_irqsave(&fs_lock);
	dir = walk_create(path, false, &last, &last_len);
	if (dir && last && !is_dot(last, last_len) &&
	    !is_dotdot(last, last_len) && !find_child(dir, last, last_len))
		n = add_child(dir, last, last_len, false, fops, ops, priv);
	spin_unlock_irqrestore(&fs_lock, flags);
	return n;
}

struct fs_node *fs_create_file(const char *path, const struct fs_file_ops *fops,
			       void *priv)
{
	return fops ? create_file(path, fops, NULL, priv) : NULL;
}

struct fs_node *fs_create(const char *path, const struct fs_ops *ops,
			  void *priv)
{
	return ops ? create_file(path, &fs_legacy_fops, ops, priv) : NULL;
}

void fs_path(struct fs_node *n, char *buf, size_t size)
{
	struct fs_node *p;
	size_t total = 0, pos, len, i;

	if (!size)
		return;
	for (p = n; p != &root_node && p->parent != p; p = p->parent)
		total += 1 + strlen(p->name);
	if (!total) {
		strlcpy(buf, "/", size);
		return;
	}
	/* Fill from the end; whatever lies past size - 1 is dropped. */
	pos = total;
	for (p = n; p != &root_node && p->parent != p; p = p->parent) {
		len = strlen(p->name);
		pos -= len;
		for (i = 0; i < len; i++) {
			if (pos + i < size - 1)
				buf[pos + i] = p->name[i];
		}
		pos--;
		if (pos < size - 1)
			buf[pos] = '/';
	}
	buf[total < size - 1 ? total : size - 1] = '\0';
}

static void out_write(struct fs_out *o, const char *s, size_t n)
{
	if (!n)
		return;
	o->write(o, s, n);
	o->written += n;
}

int fs_printf(struct fs_out *o, const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return n;
	if ((size_t)n < sizeof(small)) {
		out_write(o, small, (size_t)n);
		return n;
	}

	/* Too long for the stack buffer: format again into one that fits. */
	big = kmalloc((size_t)n + 1);
	if (!big) {
		out_write(o, small, sizeof(small) - 1);
		return (int)sizeof(small) - 1;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_write(o, big, (size_t)n);
	kfree(big);
	return n;
}

void fs_puts(struct fs_out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

const char *strerror(int err)
{
	switch (err) {
	case 0:
		return "Success";
	case -EPERM:
		return "Operation not permitted";
	case -ENOENT:
		return "No such file or directory";
	case -EINTR:
		return "Interrupted";
	case -EIO:
		return "Input/output error";
	case -E2BIG:
		return "Argument list too long";
	case -EBADF:
		return "Bad file descriptor";
	case -EAGAIN:
		return "Resource temporarily unavailable";
	case -ENOMEM:
		return "Cannot allocate memory";
	case -EACCES:
		return "Permission denied";
	case -EFAULT:
		return "Bad address";
	case -EBUSY:
		return "Device or resource busy";
	case -EEXIST:
		return "File exists";
	case -ENODEV:
		return "No such device";
	case -ENOTDIR:
		return "Not a directory";
	case -EISDIR:
		return "Is a directory";
	case -EINVAL:
		return "Invalid argument";
	case -ENOSPC:
		return "No space left on device";
	case -ERANGE:
		return "Numerical result out of range";
	case -ENAMETOOLONG:
		return "File name too long";
	case -ENOSYS:
		return "Function not implemented";
	default:
		return "Unknown error";
	}
}
