/* test_fs.c - host tests for kernel/fs.c. */
#include "test.h"

#include "mm.h"

static int read_hello(struct fs_node *n, struct fs_out *out)
{
	fs_printf(out, "hello from %s\n", n->name);
	return 0;
}

static const struct fs_ops hello_ops = { read_hello, NULL };

static void setup(void)
{
	test_mem_setup(64);
	fs_init();
}

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

	setup();
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
	setup();
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

	setup();
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

	setup();
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

	setup();
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

	setup();
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

	setup();
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

	setup();
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
