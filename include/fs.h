/*
 * fs.h - a small in-memory file tree (a tracefs/procfs lookalike).
 *
 * Subsystems register files with read and write handlers. Reading a file
 * runs its read handler, which prints into an fs_out sink; writing passes
 * the text to the write handler. Nothing is stored: files are views.
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

struct fs_ops {
	/* Print the file's contents. Return 0 or -errno. */
	int (*read)(struct fs_node *n, struct fs_out *out);
	/*
	 * data is the text after echo, with its newline, not NUL-terminated
	 * beyond len. append is true for ">>". Return 0 or -errno; on error
	 * the handler may print one line saying why into err, otherwise the
	 * shell prints a generic one from the errno.
	 */
	int (*write)(struct fs_node *n, const char *data, size_t len,
		     bool append, struct fs_out *err);
};

#define FS_NAME_MAX 63
#define FS_PATH_MAX 255

struct fs_node {
	char name[FS_NAME_MAX + 1];
	bool is_dir;
	const struct fs_ops *ops; /* files only */
	void *priv;
	struct fs_node *parent;
	struct fs_node *children; /* dirs: sorted by name */
	struct fs_node *next; /* next sibling */
};

void fs_init(void);
struct fs_node *fs_root(void);
/* Create a directory and any missing parents. NULL on error. */
struct fs_node *fs_mkdir(const char *path);
/* Create a file (parents created). NULL if it exists or path is bad. */
struct fs_node *fs_create(const char *path, const struct fs_ops *ops,
			  void *priv);
/*
 * Resolve path (absolute, or relative to cwd; "." and ".." understood).
 * Returns 0 and sets *out, or -ENOENT, -ENOTDIR, -ENAMETOOLONG, -EINVAL.
 */
int fs_lookup(struct fs_node *cwd, const char *path, struct fs_node **out);
/* Absolute path of a node into buf. */
void fs_path(struct fs_node *n, char *buf, size_t size);

/* Error text for a negative errno ("No such file or directory", ...). */
const char *strerror(int err);

#endif
