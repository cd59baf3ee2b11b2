/*
 * ftrace_files.c - the tracefs files of dynamic ftrace:
 * available_filter_functions, enabled_functions, dyn_ftrace_total_info,
 * and the global switch /proc/sys/kernel/ftrace_enabled. The two lists
 * have a line per call site (40,000 on a kernel of Linux's size), so they
 * are read record by record, never built whole.
 */
#include "fs.h"
#include "ftrace_internal.h"
#include "ksym.h"
#include "kstring.h"
#include "seq_file.h"
#include "ftrace_trigger.h"

#define TRACING "/sys/kernel/tracing/"

/* Both lists walk the records by number: O(1) each with the index. */
static void *rec_start(struct seq_file *m, u64 *pos)
{
	return ftrace_rec_at((unsigned long)*pos);
}

static void *rec_next(struct seq_file *m, void *v, u64 *pos)
{
	++*pos;
	return rec_start(m, pos);
}

static void rec_stop(struct seq_file *m, void *v)
{
}

static int avail_show(struct seq_file *m, void *v)
{
	struct dyn_ftrace *rec = v;
	unsigned long off;
	const struct ksym *s = ksym_lookup(rec->ip, &off);

	if (!s || (rec->flags & FTRACE_FL_FAILED))
		return SEQ_SKIP;
	seq_printf(m, "%s\n", s->name);
	return 0;
}

/*
 * Sites that call ftrace_caller, in Linux's columns: "name (refs)", its
 * three flag columns (this kernel has no regs, ipmodify or direct calls,
 * so they stay blank, except that a site an ops wants that could not be
 * made to call is marked " F" in the first), then "->" and what
 * ftrace_caller calls: the list function, or the one ops' callback.
 */
static int enabled_show(struct seq_file *m, void *v)
{
	struct dyn_ftrace *rec = v;
	unsigned long off, refs = rec->flags & FTRACE_FL_REF_MASK;
	bool failed = rec->flags & FTRACE_FL_FAILED;
	char target[KSYM_FORMAT_MAX];
	struct ftrace_ops *op;
	ftrace_func_t func;
	const struct ksym *s;

	if (!(rec->flags & FTRACE_FL_ENABLED) && !(failed && refs))
		return SEQ_SKIP;
	s = ksym_lookup(rec->ip, &off);
	seq_printf(m, "%s (%lu)%s    ", s ? s->name : "?", refs,
		   failed ? " F" : "  ");
	if (!failed) {
		ftrace_choose_trace_func(&func, &op);
		ksym_format((unsigned long)func, target, sizeof(target));
		seq_printf(m, " ->%s", target);
	}
	seq_puts(m, "\n");
	return 0;
}

static const struct seq_ops avail_seq = { rec_start, rec_next, rec_stop,
					  avail_show };
static const struct seq_ops enabled_seq = { rec_start, rec_next, rec_stop,
					    enabled_show };

static int avail_open(struct fs_file *f)
{
	return seq_open(f, &avail_seq);
}

static int enabled_open(struct fs_file *f)
{
	return seq_open(f, &enabled_seq);
}

static const struct fs_file_ops avail_fops = { .open = avail_open,
					       .release = seq_release,
					       .read = seq_read };
static const struct fs_file_ops enabled_fops = { .open = enabled_open,
						 .release = seq_release,
						 .read = seq_read };

static int total_info_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%lu pages:%lu failed:%lu\n", ftrace_stats.sites,
		   ftrace_stats.pages, ftrace_stats.failed);
	seq_printf(m, "nmi_wait_count: %llu\n",
		   (unsigned long long)ftrace_nmi_wait_count);
	seq_printf(m, "nmi_update_count: %llu\n",
		   (unsigned long long)ftrace_nmi_update_count);
	return 0;
}
DEFINE_SHOW_FILE(total_info);

static int ftrace_enabled_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", ftrace_enabled ? 1 : 0);
	return 0;
}

static ssize_t ftrace_enabled_write(struct fs_file *f, const char *buf,
				    size_t len)
{
	unsigned long long v;
	int r = fs_parse_number(buf, len, 1, &v);

	if (r) {
		fs_file_error(f, "ftrace_enabled: expected a number from 0 "
			      "to 1");
		return r;
	}
	r = ftrace_set_enabled(v != 0);
	return r ? r : (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(ftrace_enabled);

void ftrace_files_init(void)
{
	fs_create_file(TRACING "available_filter_functions", &avail_fops,
		       NULL);
	fs_create_file(TRACING "enabled_functions", &enabled_fops, NULL);
	fs_create_file(TRACING "dyn_ftrace_total_info", &total_info_fops,
		       NULL);
	fs_create_file("/proc/sys/kernel/ftrace_enabled", &ftrace_enabled_fops,
		       NULL);
	ftrace_filter_files_init();
}
