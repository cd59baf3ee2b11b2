/*
 * test_fs.c - host tests for the file tree (kernel/fs.c), open files
 * (kernel/file.c), seq_file (kernel/seq_file.c) and the log ring
 * (kernel/logbuf.c).
 */
#include "test.h"

#include "mm.h"
#include "seq_file.h"

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

/* ---- the file layer: open files, chunked reads, seq_file ---- */

/* Read all of f in chunks of chunk bytes into out (NUL-terminated). */
static size_t read_all(struct fs_file *f, size_t chunk, char *out, size_t size)
{
	size_t len = 0;
	ssize_t got;

	while ((got = fs_read(f, out + len, MIN(chunk, size - 1 - len))) > 0)
		len += (size_t)got;
	out[len] = '\0';
	return len;
}

/*
 * A file of NREC records "record NNNN\n" kept in a linked list, whose
 * iterator keeps a cursor in the per-open state, as seq_file.h asks of
 * files whose record *pos is not found in O(1). list_steps counts every
 * hop along the list, starts every start().
 */
#define NREC 1000
#define REC_LEN 12

struct rec {
	int n;
	struct rec *next;
};
static struct rec recs[NREC];
static long list_steps, starts, shows;

struct rec_cursor {
	bool valid;
	u64 pos;
	struct rec *at; /* record pos, NULL past the end */
};

static void *rec_start(struct seq_file *m, u64 *pos)
{
	struct rec_cursor *c = m->private;

	starts++;
	if (!c->valid || c->pos > *pos) {
		c->at = &recs[0];
		c->pos = 0;
		c->valid = true;
	}
	while (c->at && c->pos < *pos) {
		c->at = c->at->next;
		c->pos++;
		list_steps++;
	}
	return c->at;
}

static void *rec_next(struct seq_file *m, void *v, u64 *pos)
{
	struct rec_cursor *c = m->private;

	list_steps++;
	c->at = ((struct rec *)v)->next;
	c->pos = ++*pos;
	return c->at;
}

static void rec_stop(struct seq_file *m __unused, void *v __unused)
{
}

static int rec_show(struct seq_file *m, void *v)
{
	shows++;
	seq_printf(m, "record %04d\n", ((struct rec *)v)->n);
	return 0;
}

static const struct seq_ops rec_seq_ops = { rec_start, rec_next, rec_stop,
					    rec_show };

static int opens, releases;

static int rec_open(struct fs_file *f)
{
	int r = seq_open_private(f, &rec_seq_ops, sizeof(struct rec_cursor));

	opens += !r;
	return r;
}

static void rec_release(struct fs_file *f)
{
	releases++;
	seq_release_private(f);
}

static const struct fs_file_ops rec_fops = {
	.open = rec_open,
	.release = rec_release,
	.read = seq_read,
};

static char rec_expected[NREC * REC_LEN + 1];

static struct fs_node *rec_setup(void)
{
	setup();
	for (int i = 0; i < NREC; i++) {
		recs[i].n = i;
		recs[i].next = i + 1 < NREC ? &recs[i + 1] : NULL;
		snprintf(rec_expected + i * REC_LEN, REC_LEN + 1,
			 "record %04d\n", i);
	}
	list_steps = starts = shows = 0;
	opens = releases = 0;
	return fs_create_file("/proc/recs", &rec_fops, NULL);
}

static char got_buf[NREC * REC_LEN + 64];

TEST(fs_seq_chunked_reads_are_linear)
{
	static const size_t chunks[] = { 1, 7, REC_LEN, 100, 512, 5000 };
	struct fs_node *n = rec_setup();
	struct fs_file f;

	for (size_t i = 0; i < ARRAY_SIZE(chunks); i++) {
		list_steps = starts = shows = 0;
		CHECK_EQ(fs_open(&f, n, FS_READ), 0);
		CHECK_EQ(read_all(&f, chunks[i], got_buf, sizeof(got_buf)),
			 NREC * REC_LEN);
		CHECK_STREQ(got_buf, rec_expected);
		/* The end stays the end. */
		CHECK_EQ(fs_read(&f, got_buf, 10), 0);
		/* Each record shown once, bar one retried per chunk. */
		CHECK(shows <= NREC + starts);
		/* The cursor: one pass over the list, not one per chunk. */
		CHECK(list_steps <= NREC);
		/* A chunk's worth of records at a time, in one page. */
		CHECK(((struct seq_file *)f.private)->size == PAGE_SIZE);
		fs_release(&f);
	}
	CHECK_EQ(opens, (int)ARRAY_SIZE(chunks));
	CHECK_EQ(releases, opens);
}

TEST(fs_seq_reads_at_an_offset)
{
	struct fs_node *n = rec_setup();
	struct fs_file f;
	char buf[64];

	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	f.pos = 500 * REC_LEN + 7;
	CHECK_EQ(fs_read(&f, buf, 10), 10);
	CHECK(!memcmp(buf, rec_expected + 500 * REC_LEN + 7, 10));
	CHECK_EQ(f.pos, 500 * REC_LEN + 17);
	/* Back to an earlier offset. */
	f.pos = 3;
	CHECK_EQ(fs_read(&f, buf, 20), 20);
	CHECK(!memcmp(buf, rec_expected + 3, 20));
	/* Past the end. */
	f.pos = NREC * REC_LEN + 100;
	CHECK_EQ(fs_read(&f, buf, 20), 0);
	fs_release(&f);
	CHECK_EQ(releases, 1);
}

TEST(fs_open_release_pairing_and_no_leaks)
{
	struct fs_node *n = rec_setup();
	struct kmalloc_stats before, after;
	struct pmm_stats pbefore, pafter;
	struct fs_file f;
	char buf[100];

	/* The first open may carve a slab page that then stays. */
	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	fs_release(&f);
	kmalloc_get_stats(&before);
	pmm_get_stats(&pbefore);
	for (int i = 1; i < 50; i++) {
		CHECK_EQ(fs_open(&f, n, FS_READ), 0);
		CHECK(fs_read(&f, buf, sizeof(buf)) > 0);
		fs_release(&f);
	}
	CHECK_EQ(opens, 50);
	CHECK_EQ(releases, 50);
	kmalloc_get_stats(&after);
	pmm_get_stats(&pafter);
	CHECK_EQ(after.bytes_inuse, before.bytes_inuse);
	CHECK_EQ(pafter.free_pages, pbefore.free_pages);

	/* Opens that fail never reach open or release. */
	CHECK_EQ(fs_open(&f, n, FS_WRITE), -EACCES);
	CHECK_EQ(fs_open(&f, n, 0), -EINVAL);
	CHECK_EQ(fs_open(&f, n->parent, FS_READ), -EISDIR);
	CHECK_EQ(opens, 50);
	CHECK_EQ(releases, 50);
	/* And a closed or read-only file refuses what it was not opened for. */
	CHECK_EQ(fs_read(&f, buf, 1), -EBADF);
	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	CHECK_EQ(fs_write(&f, "x", 1), -EBADF);
	fs_release(&f);
}

/* One record bigger than a page: the buffer grows, up to its limit. */
static size_t big_len;

static int big_show(struct seq_file *m, void *v __unused)
{
	for (size_t i = 0; i < big_len; i++)
		seq_puts(m, i % 64 == 63 ? "\n" : "b");
	return 0;
}
DEFINE_SHOW_FILE(big);

TEST(fs_single_open_grows_for_a_big_record)
{
	struct fs_file f;
	struct fs_node *n;
	struct pmm_stats before, after;
	static char buf[3 * PAGE_SIZE + 1];

	setup();
	n = fs_create_file("/big", &big_fops, NULL);
	pmm_get_stats(&before);
	big_len = 3 * PAGE_SIZE - 5;
	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	CHECK_EQ(read_all(&f, 100, buf, sizeof(buf)), big_len);
	CHECK_EQ(buf[62], 'b');
	CHECK_EQ(buf[63], '\n');
	CHECK_EQ(((struct seq_file *)f.private)->size, 4 * PAGE_SIZE);
	fs_release(&f);

	big_len = SEQ_BUF_MAX_PAGES * PAGE_SIZE + 1;
	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	CHECK_EQ(fs_read(&f, buf, 100), -ENOMEM);
	fs_release(&f);
	pmm_get_stats(&after);
	CHECK_EQ(after.free_pages, before.free_pages);
}

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

	setup();
	rw = fs_create("/old/rw", &old_rw_ops, NULL);
	ro = fs_create("/old/ro", &hello_ops, NULL);
	CHECK(rw->ops == &old_rw_ops && rw->fops == &fs_legacy_fops);

	CHECK_EQ(fs_open(&f, ro, FS_READ), 0);
	CHECK_EQ(read_all(&f, 3, buf, sizeof(buf)), 14);
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

	setup();
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

/* A number file, shown and stored, made with DEFINE_SHOW_STORE_FILE. */
static unsigned long knob = 7;

static int knob_show(struct seq_file *m, void *v __unused)
{
	seq_printf(m, "%lu\n", knob);
	return 0;
}

static ssize_t knob_write(struct fs_file *f, const char *buf, size_t len)
{
	char num[16];
	unsigned long long v;

	snprintf(num, sizeof(num), "%.*s", (int)MIN(len, sizeof(num) - 1), buf);
	if (num[0] && num[strlen(num) - 1] == '\n')
		num[strlen(num) - 1] = '\0';
	if (kstrtoull(num, 10, &v)) {
		fs_file_error(f, "knob: not a number");
		return -EINVAL;
	}
	knob = (unsigned long)v;
	return (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(knob);

TEST(fs_show_store_file)
{
	struct fs_node *n;
	struct fs_file f;
	bool opened;
	char buf[32];

	setup();
	n = fs_create_file("/knob", &knob_fops, NULL);
	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	CHECK_EQ(read_all(&f, 1, buf, sizeof(buf)), 2);
	CHECK_STREQ(buf, "7\n");
	fs_release(&f);
	CHECK_EQ(fs_write_file(NULL, "/knob", "42\n", 3, false, &opened), 0);
	CHECK_EQ(knob, 42);
	CHECK_EQ(fs_write_file(NULL, "/knob", "x\n", 2, false, &opened),
		 -EINVAL);
	CHECK(opened);
	CHECK_EQ(knob, 42);
	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	CHECK_EQ(read_all(&f, 100, buf, sizeof(buf)), 3);
	CHECK_STREQ(buf, "42\n");
	fs_release(&f);
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
	bool opened;

	setup();
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
	memset(got_buf, 'q', 100);
	CHECK_EQ(fs_write_file(d, "kept", got_buf, 100, true, &opened),
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

/* ---- the log ring ---- */

TEST(log_ring_reads_and_wraps)
{
	char line[32], buf[64];
	unsigned long pos = log_end(), start = pos, first;
	size_t n;

	log_store("one\n", 4);
	log_store("two\n", 4);
	CHECK_EQ(log_end() - start, 8);
	CHECK_EQ(log_read(&pos, buf, 5), 5);
	CHECK(!memcmp(buf, "one\nt", 5));
	CHECK_EQ(log_read(&pos, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "wo\n", 3));
	CHECK_EQ(log_read(&pos, buf, sizeof(buf)), 0);

	/* Lap the ring twice: the old position moves on to a whole line. */
	for (int i = 0; i < (int)(2 * LOG_BUF_SIZE / 10); i++) {
		snprintf(line, sizeof(line), "line %04d\n", i % 10000);
		log_store(line, 10);
	}
	first = log_first();
	CHECK_EQ(log_end() - first, LOG_BUF_SIZE);
	n = log_read(&pos, buf, 25);
	CHECK(n > 0 && n < 25);
	CHECK(!memcmp(buf, "line ", 5));
	CHECK_EQ(buf[9], '\n');
	/* Dropped no more than the broken line. */
	CHECK(pos - first <= 25);
}
