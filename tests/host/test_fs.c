/*
 * test_fs.c - host tests for the file tree (kernel/fs.c) and the file
 * layer's open files (kernel/file.c): lookups and paths, open flags,
 * truncate and append, the old read/write interface, echo's redirection
 * and waiting for data. seq_file has its own, test_seq_file.c.
 */
#include "test.h"

#include "mm.h"

static int read_hello(struct fs_node *n, struct fs_out *out)
{
	fs_printf(out, "hello from %s\n", n->name);
	return 0;
}

static const struct fs_ops hello_ops = { read_hello, NULL };

static const char *path_of(struct fs_node *n)
{
	static char buf[FS_PATH_MAX + 2];

	fs_path(n, buf, sizeof(buf));
	return buf;
}

TEST(fs_create_and_lookup)
{
	struct fs_node *f, *n = NULL;
	int token;

	test_fs_setup();
	CHECK_STREQ(path_of(fs_root()), "/");
	f = fs_create("/sys/kernel/tracing/trace", &hello_ops, &token);
	CHECK(f != NULL);
	CHECK(!f->is_dir);
	CHECK(f->ops == &hello_ops);
	CHECK(f->priv == &token);
	CHECK_STREQ(path_of(f), "/sys/kernel/tracing/trace");
	CHECK_STREQ(path_of(f->parent), "/sys/kernel/tracing");
	CHECK(f->parent->is_dir);

	CHECK_EQ(fs_lookup(NULL, "/sys/kernel/tracing/trace", &n), 0);
	CHECK(n == f);
	CHECK_EQ(fs_lookup(NULL, "/", &n), 0);
	CHECK(n == fs_root());
	CHECK_EQ(fs_lookup(fs_root(), "sys//kernel///tracing/./trace", &n), 0);
	CHECK(n == f);
	CHECK_EQ(fs_lookup(NULL, "/sys/kernel/", &n), 0);
	CHECK_STREQ(path_of(n), "/sys/kernel");
}

TEST(fs_create_refuses)
{
	test_fs_setup();
	CHECK(fs_create("/a/f", &hello_ops, NULL) != NULL);
	CHECK(fs_create("/a/f", &hello_ops, NULL) == NULL);
	CHECK(fs_create("/a", &hello_ops, NULL) == NULL);
	CHECK(fs_create("/a/f/g", &hello_ops, NULL) == NULL);
	CHECK(fs_create("/a/", &hello_ops, NULL) == NULL);
	CHECK(fs_create("/a/..", &hello_ops, NULL) == NULL);
	CHECK(fs_create("", &hello_ops, NULL) == NULL);
	CHECK(fs_create("/", &hello_ops, NULL) == NULL);
}

TEST(fs_mkdir_p)
{
	struct fs_node *d, *n;

	test_fs_setup();
	d = fs_mkdir("/proc/sys/kernel");
	CHECK(d != NULL && d->is_dir);
	CHECK_STREQ(path_of(d), "/proc/sys/kernel");
	CHECK(fs_mkdir("/proc/sys/kernel") == d);
	CHECK(fs_mkdir("proc/sys/kernel/") == d);
	CHECK(fs_mkdir("/") == fs_root());
	CHECK(fs_create("/proc/f", &hello_ops, NULL) != NULL);
	CHECK(fs_mkdir("/proc/f") == NULL);
	CHECK(fs_mkdir("/proc/f/x") == NULL);
	CHECK_EQ(fs_lookup(NULL, "/proc/sys", &n), 0);
	CHECK(n == d->parent);
}

TEST(fs_relative_and_dotdot)
{
	struct fs_node *tracing, *n;

	test_fs_setup();
	fs_create("/sys/kernel/tracing/trace", &hello_ops, NULL);
	fs_create("/proc/version", &hello_ops, NULL);
	CHECK_EQ(fs_lookup(NULL, "/sys/kernel/tracing", &tracing), 0);

	CHECK_EQ(fs_lookup(tracing, "trace", &n), 0);
	CHECK_STREQ(n->name, "trace");
	CHECK_EQ(fs_lookup(tracing, ".", &n), 0);
	CHECK(n == tracing);
	CHECK_EQ(fs_lookup(tracing, "..", &n), 0);
	CHECK_STREQ(path_of(n), "/sys/kernel");
	CHECK_EQ(fs_lookup(tracing, "../../../proc/version", &n), 0);
	CHECK_STREQ(path_of(n), "/proc/version");
	/* ".." stops at the root. */
	CHECK_EQ(fs_lookup(tracing, "../../../../../..", &n), 0);
	CHECK(n == fs_root());
	CHECK_EQ(fs_lookup(NULL, "/..", &n), 0);
	CHECK(n == fs_root());
	/* An absolute path ignores cwd. */
	CHECK_EQ(fs_lookup(tracing, "/proc", &n), 0);
	CHECK_STREQ(path_of(n), "/proc");
}

TEST(fs_lookup_errors)
{
	char name[FS_NAME_MAX + 2], path[FS_PATH_MAX + 2];
	struct fs_node *n = NULL;

	test_fs_setup();
	fs_create("/d/file", &hello_ops, NULL);
	CHECK_EQ(fs_lookup(NULL, "", &n), -EINVAL);
	CHECK_EQ(fs_lookup(NULL, "/nope", &n), -ENOENT);
	CHECK_EQ(fs_lookup(NULL, "/d/nope/x", &n), -ENOENT);
	CHECK_EQ(fs_lookup(NULL, "/d/file/x", &n), -ENOTDIR);
	CHECK_EQ(fs_lookup(NULL, "/d/file/", &n), -ENOTDIR);
	CHECK_EQ(fs_lookup(NULL, "/d/file/..", &n), -ENOTDIR);

	memset(name, 'n', FS_NAME_MAX + 1);
	name[FS_NAME_MAX + 1] = '\0';
	CHECK_EQ(fs_lookup(NULL, name, &n), -ENAMETOOLONG);
	CHECK(fs_create(name, &hello_ops, NULL) == NULL);
	CHECK(fs_mkdir(name) == NULL);
	/* Exactly FS_NAME_MAX is fine. */
	name[FS_NAME_MAX] = '\0';
	CHECK(fs_create(name, &hello_ops, NULL) != NULL);
	CHECK_EQ(fs_lookup(NULL, name, &n), 0);

	memset(path, '/', FS_PATH_MAX + 1);
	path[FS_PATH_MAX + 1] = '\0';
	CHECK_EQ(fs_lookup(NULL, path, &n), -ENAMETOOLONG);
	path[FS_PATH_MAX] = '\0';
	CHECK_EQ(fs_lookup(NULL, path, &n), 0);
	CHECK(n == fs_root());
}

TEST(fs_children_sorted)
{
	/* clang-format off */
	static const char *const names[] = {
		"trace", "available_tracers", "tracing_on", "current_tracer",
		"buffer_size_kb", "Z", "a",
	};
	static const char *const sorted[] = {
		"Z", "a", "available_tracers", "buffer_size_kb",
		"current_tracer", "trace", "tracing_on",
	};
	/* clang-format on */
	char path[64];
	struct fs_node *d, *c;
	size_t i = 0;

	test_fs_setup();
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "/t/%s", names[i]);
		CHECK(fs_create(path, &hello_ops, NULL) != NULL);
	}
	CHECK_EQ(fs_lookup(NULL, "/t", &d), 0);
	i = 0;
	for (c = d->children; c; c = c->next, i++) {
		if (i < ARRAY_SIZE(sorted))
			CHECK_STREQ(c->name, sorted[i]);
		CHECK(c->parent == d);
	}
	CHECK_EQ(i, ARRAY_SIZE(sorted));
	/* Sorted lookups still find every name. */
	for (i = 0; i < ARRAY_SIZE(names); i++)
		CHECK_EQ(fs_lookup(d, names[i], &c), 0);
	CHECK_EQ(fs_lookup(d, "b", &c), -ENOENT);
	CHECK_EQ(fs_lookup(d, "tracing_o", &c), -ENOENT);
}

TEST(fs_path_truncates)
{
	struct fs_node *f;
	char buf[8];

	test_fs_setup();
	f = fs_create("/abc/defgh", &hello_ops, NULL);
	fs_path(f, buf, sizeof(buf));
	CHECK_STREQ(buf, "/abc/de");
	fs_path(f, buf, 1);
	CHECK_STREQ(buf, "");
	fs_path(fs_root(), buf, 2);
	CHECK_STREQ(buf, "/");
}

TEST(fs_printf_short_and_long)
{
	struct test_sink s;
	struct fs_node *f;
	char big[1000];
	struct kmalloc_stats st;

	test_fs_setup();
	test_sink_init(&s);
	f = fs_create("/x/hello", &hello_ops, NULL);
	CHECK_EQ(f->ops->read(f, &s.out), 0);
	CHECK_STREQ(s.buf, "hello from hello\n");
	CHECK_EQ(s.out.written, 17);

	/* Longer than the 256-byte stack buffer: nothing may be lost. */
	test_sink_init(&s);
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_EQ(fs_printf(&s.out, "<%s>", big), 1001);
	CHECK_EQ(s.len, 1001);
	CHECK_EQ(s.buf[0], '<');
	CHECK_EQ(s.buf[1000], '>');
	CHECK_EQ(s.buf[500], 'y');
	/* And the temporary buffer went back. */
	kmalloc_get_stats(&st);
	CHECK_EQ(st.class_inuse[7], 0);

	fs_puts(&s.out, "!");
	CHECK_EQ(s.out.written, 1002);
}

TEST(fs_strerror)
{
	CHECK_STREQ(strerror(-ENOENT), "No such file or directory");
	CHECK_STREQ(strerror(-EINVAL), "Invalid argument");
	CHECK_STREQ(strerror(-ENOTDIR), "Not a directory");
	CHECK_STREQ(strerror(-EISDIR), "Is a directory");
	CHECK_STREQ(strerror(-EPERM), "Operation not permitted");
	CHECK_STREQ(strerror(-EBUSY), "Device or resource busy");
	CHECK_STREQ(strerror(-ENOMEM), "Cannot allocate memory");
	CHECK_STREQ(strerror(-ENAMETOOLONG), "File name too long");
	CHECK_STREQ(strerror(-ENOSPC), "No space left on device");
	CHECK_STREQ(strerror(-ERANGE), "Numerical result out of range");
	CHECK_STREQ(strerror(-EIO), "Input/output error");
	CHECK_STREQ(strerror(-ENOSYS), "Function not implemented");
	CHECK_STREQ(strerror(-EEXIST), "File exists");
	CHECK_STREQ(strerror(-E2BIG), "Argument list too long");
	CHECK_STREQ(strerror(-EFAULT), "Bad address");
	CHECK_STREQ(strerror(-9999), "Unknown error");
	CHECK_STREQ(strerror(ENOENT), "Unknown error");
}

/* ---- the file layer: open files ---- */

/* The old interface through the adapter: reads, truncate vs append. */
static bool last_append;
static char last_data[64];

static int old_write(struct fs_node *n __unused, const char *data, size_t len,
		     bool append, struct fs_out *err)
{
	last_append = append;
	snprintf(last_data, sizeof(last_data), "%.*s", (int)len, data);
	if (data[0] == 'x') {
		fs_printf(err, "old: 'x' is not a value\n");
		return -EINVAL;
	}
	return 0;
}

static const struct fs_ops old_rw_ops = { read_hello, old_write };

TEST(fs_legacy_adapter)
{
	struct fs_node *rw, *ro;
	struct fs_file f;
	char buf[64];

	test_fs_setup();
	rw = fs_create("/old/rw", &old_rw_ops, NULL);
	ro = fs_create("/old/ro", &hello_ops, NULL);
	CHECK(rw->ops == &old_rw_ops && rw->fops == &fs_legacy_fops);

	CHECK_EQ(fs_open(&f, ro, FS_READ), 0);
	CHECK_EQ(test_read_all(&f, 3, buf, sizeof(buf)), 14);
	CHECK_STREQ(buf, "hello from ro\n");
	fs_release(&f);
	CHECK_EQ(fs_open(&f, ro, FS_WRITE | FS_TRUNC), -EACCES);

	CHECK_EQ(fs_open(&f, rw, FS_WRITE | FS_TRUNC), 0);
	CHECK_EQ(fs_write(&f, "1\n", 2), 2);
	CHECK(!last_append);
	CHECK_STREQ(last_data, "1\n");
	fs_release(&f);

	CHECK_EQ(fs_open(&f, rw, FS_WRITE | FS_APPEND), 0);
	CHECK_EQ(fs_write(&f, "2\n", 2), 2);
	CHECK(last_append);
	/* The handler's words are kept for the caller, not printed. */
	CHECK_EQ(fs_write(&f, "x\n", 2), -EINVAL);
	CHECK_STREQ(f.errmsg, "old: 'x' is not a value\n");
	CHECK_EQ(fs_write(&f, "3\n", 2), 2);
	CHECK_STREQ(f.errmsg, "");
	fs_release(&f);
}

/* A new-style file sees the open flags; truncation happens at open. */
static char content[64];
static unsigned open_flags;

static int kept_open(struct fs_file *f)
{
	open_flags = f->flags;
	if (f->flags & FS_TRUNC)
		content[0] = '\0';
	return 0;
}

static ssize_t kept_write(struct fs_file *f, const char *buf, size_t len)
{
	size_t have = strlen(content);

	if (have + len >= sizeof(content)) {
		fs_file_error(f, "kept: full at %zu bytes", have);
		return -ENOSPC;
	}
	memcpy(content + have, buf, len);
	content[have + len] = '\0';
	return (ssize_t)len;
}

static const struct fs_file_ops kept_fops = { .open = kept_open,
					      .write = kept_write };

TEST(fs_truncate_vs_append)
{
	struct fs_node *n;
	struct fs_file f;
	char big[sizeof(content)];

	test_fs_setup();
	n = fs_create_file("/kept", &kept_fops, NULL);
	strlcpy(content, "old\n", sizeof(content));
	CHECK_EQ(fs_open(&f, n, FS_WRITE | FS_APPEND), 0);
	CHECK_EQ(open_flags, FS_WRITE | FS_APPEND);
	CHECK_EQ(fs_write(&f, "more\n", 5), 5);
	fs_release(&f);
	CHECK_STREQ(content, "old\nmore\n");
	/* "echo > kept": truncated at open, then an empty line. */
	CHECK_EQ(fs_open(&f, n, FS_WRITE | FS_TRUNC), 0);
	CHECK_STREQ(content, "");
	CHECK_EQ(fs_write(&f, "\n", 1), 1);
	CHECK_STREQ(content, "\n");
	memset(big, 'z', sizeof(big));
	CHECK_EQ(fs_write(&f, big, sizeof(big)), -ENOSPC);
	CHECK_STREQ(f.errmsg, "kept: full at 1 bytes");
	fs_release(&f);
	/* No read handler: cannot be opened for reading. */
	CHECK_EQ(fs_open(&f, n, FS_READ), -EACCES);
}

/* A writer that takes one byte per call: the text still goes in whole. */
static ssize_t bytewise_write(struct fs_file *f, const char *buf,
			      size_t len __unused)
{
	return kept_write(f, buf, 1);
}

static const struct fs_file_ops bytewise_fops = { .open = kept_open,
						  .write = bytewise_write };

TEST(fs_write_file_is_echo_redirection)
{
	struct fs_node *d;
	char many[100];
	bool opened;

	test_fs_setup();
	fs_create_file("/d/kept", &kept_fops, NULL);
	fs_create_file("/d/bytewise", &bytewise_fops, NULL);
	fs_create("/d/ro", &hello_ops, NULL);
	CHECK_EQ(fs_lookup(NULL, "/d", &d), 0);

	strlcpy(content, "old\n", sizeof(content));
	CHECK_EQ(fs_write_file(d, "kept", "a\n", 2, true, &opened), 0);
	CHECK(opened);
	CHECK_EQ(open_flags, FS_WRITE | FS_APPEND);
	CHECK_STREQ(content, "old\na\n");
	CHECK_EQ(fs_write_file(d, "kept", "b\n", 2, false, &opened), 0);
	CHECK_EQ(open_flags, FS_WRITE | FS_TRUNC);
	CHECK_STREQ(content, "b\n");
	CHECK_EQ(fs_write_file(NULL, "/d/bytewise", "xyz\n", 4, false, &opened),
		 0);
	CHECK_STREQ(content, "xyz\n");

	/* Failures, told apart by whether the open worked. */
	CHECK_EQ(fs_write_file(d, "nosuch", "1\n", 2, false, &opened), -ENOENT);
	CHECK(!opened);
	CHECK_EQ(fs_write_file(d, "ro", "1\n", 2, false, &opened), -EACCES);
	CHECK(!opened);
	CHECK_EQ(fs_write_file(NULL, "/d", "1\n", 2, false, &opened), -EISDIR);
	CHECK(!opened);
	memset(many, 'q', sizeof(many));
	CHECK_EQ(fs_write_file(d, "kept", many, sizeof(many), true, &opened),
		 -ENOSPC);
	CHECK(opened);
}

/* Waiting for data: ready, Ctrl-C, non-blocking. */
static int ready_after;

static bool ready_yet(void *arg __unused)
{
	return test_sleeps >= ready_after;
}

TEST(fs_wait_for_data_and_ctrl_c)
{
	struct fs_file f = { .flags = FS_READ };

	test_sleeps = 0;
	ready_after = 3;
	CHECK_EQ(fs_wait_for(&f, ready_yet, NULL), 0);
	CHECK_EQ(test_sleeps, 3);

	test_sleeps = 0;
	ready_after = 1000;
	test_sigint_after = 5;
	CHECK_EQ(fs_wait_for(&f, ready_yet, NULL), -EINTR);
	CHECK_EQ(test_sleeps, 6);
	test_sigint_after = -1;

	test_sleeps = 0;
	f.flags |= FS_NONBLOCK;
	CHECK_EQ(fs_wait_for(&f, ready_yet, NULL), -EAGAIN);
	CHECK_EQ(test_sleeps, 0);
}
