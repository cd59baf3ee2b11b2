/*
 * test_seq_file.c - host tests for seq_file (kernel/seq_file.c) through
 * the file layer: reads in chunks of any size and at any offset cost one
 * pass over the records, per-open state is paired with its release and
 * leaks nothing, a record bigger than a page grows the buffer, and the
 * DEFINE_SHOW_STORE_FILE files.
 */
#include "test.h"

#include "mm.h"
#include "seq_file.h"

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
	test_fs_setup();
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
		CHECK_EQ(test_read_all(&f, chunks[i], got_buf, sizeof(got_buf)),
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

	test_fs_setup();
	n = fs_create_file("/big", &big_fops, NULL);
	pmm_get_stats(&before);
	big_len = 3 * PAGE_SIZE - 5;
	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	CHECK_EQ(test_read_all(&f, 100, buf, sizeof(buf)), big_len);
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

	test_fs_setup();
	n = fs_create_file("/knob", &knob_fops, NULL);
	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	CHECK_EQ(test_read_all(&f, 1, buf, sizeof(buf)), 2);
	CHECK_STREQ(buf, "7\n");
	fs_release(&f);
	CHECK_EQ(fs_write_file(NULL, "/knob", "42\n", 3, false, &opened), 0);
	CHECK_EQ(knob, 42);
	CHECK_EQ(fs_write_file(NULL, "/knob", "x\n", 2, false, &opened),
		 -EINVAL);
	CHECK(opened);
	CHECK_EQ(knob, 42);
	CHECK_EQ(fs_open(&f, n, FS_READ), 0);
	CHECK_EQ(test_read_all(&f, 100, buf, sizeof(buf)), 3);
	CHECK_STREQ(buf, "42\n");
	fs_release(&f);
}
