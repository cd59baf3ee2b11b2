/*
 * fuzz_shell.c - the console's input path on the host: bytes through the
 * line editor (kernel/lineedit.c), each finished line through the shell
 * (kernel/shell.c: parsing, redirections, the commands every shell has)
 * over a small file tree, fresh for every input, with files of each kind
 * a subsystem registers: one with the file layer's handlers, one with
 * the old interface that parses a number, a read-only one, directories.
 */
#include "fuzz.h"
#include "../host/test.h"

#include "lineedit.h"
#include "shell.h"

/* A file that keeps what is written to it, up to MARKER_MAX bytes. */
#define MARKER_MAX 256
static char marker[MARKER_MAX];
static size_t marker_len;

static ssize_t marker_read(struct fs_file *f, char *buf, size_t len, u64 *pos)
{
	size_t n;

	if (*pos >= marker_len)
		return 0;
	n = MIN(len, marker_len - (size_t)*pos);
	memcpy(buf, marker + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

static ssize_t marker_write(struct fs_file *f, const char *buf, size_t len)
{
	if (f->flags & FS_TRUNC)
		marker_len = 0;
	if (len > MARKER_MAX - marker_len) {
		fs_file_error(f, "full");
		return -ENOSPC;
	}
	memcpy(marker + marker_len, buf, len);
	marker_len += len;
	return (ssize_t)len;
}

static const struct fs_file_ops marker_fops = {
	.read = marker_read,
	.write = marker_write,
};

/* A switch like /proc/sys/kernel/ftrace_enabled: 0 or 1. */
static unsigned long long switch_value;

static int switch_read(struct fs_node *n, struct fs_out *out)
{
	fs_printf(out, "%llu\n", switch_value);
	return 0;
}

static int switch_write(struct fs_node *n, const char *data, size_t len,
			bool append, struct fs_out *err)
{
	return fs_parse_number(data, len, 1, &switch_value);
}

static const struct fs_ops switch_ops = { switch_read, switch_write };

static int version_read(struct fs_node *n, struct fs_out *out)
{
	fs_puts(out, "ftk fuzz\n");
	return 0;
}

static const struct fs_ops version_ops = { version_read, NULL };

/* Pages of heap for the tree: few, since all of it is cleared per run. */
#define TREE_PAGES 8

static void make_tree(void)
{
	test_mem_setup(TREE_PAGES);
	fs_init();
	marker_len = 0;
	switch_value = 1;
	if (!fs_create_file("/sys/kernel/tracing/trace_marker", &marker_fops,
			    NULL) ||
	    !fs_create("/proc/sys/kernel/ftrace_enabled", &switch_ops, NULL) ||
	    !fs_create("/proc/version", &version_ops, NULL) ||
	    !fs_mkdir("/sys/kernel/tracing/options"))
		fuzz_fail("cannot build the file tree");
	/* The shell's directory may be a node of the last tree. */
	char cd_root[] = "cd /";
	shell_run_line(cd_root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct test_sink echo;
	struct lineedit le;

	make_tree();
	test_sink_init(&echo);
	lineedit_reset(&le);
	/* A CR after the input, so that its last line runs too. */
	for (size_t i = 0; i <= size; i++) {
		char c = i < size ? (char)data[i] : '\r';

		switch (lineedit_feed(&le, c, &echo.out)) {
		case LE_MORE:
			continue;
		case LE_LINE:
			if (!memchr(le.buf, 0, LINEEDIT_MAX))
				fuzz_fail("line editor: line not terminated");
			shell_run_line(le.buf);
			break;
		default:
			break;
		}
		lineedit_reset(&le);
	}
	if (marker_len > MARKER_MAX)
		fuzz_fail("trace_marker: %zu bytes kept", marker_len);
	return 0;
}
