/*
 * ftrace_files.c - the tracefs files of dynamic ftrace:
 * available_filter_functions, enabled_functions, dyn_ftrace_total_info,
 * and the global switch /proc/sys/kernel/ftrace_enabled.
 */
#include "fs.h"
#include "ftrace_internal.h"
#include "ksym.h"
#include "kstring.h"

#define TRACING "/sys/kernel/tracing/"

static int avail_read(struct fs_node *n, struct fs_out *out)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;

	for_each_ftrace_rec(pg, rec)
	{
		unsigned long off;
		const struct ksym *s = ksym_lookup(rec->ip, &off);

		if (s && !(rec->flags & FTRACE_FL_FAILED))
			fs_printf(out, "%s\n", s->name);
	}
	return 0;
}

/* Sites that call ftrace_caller, and those an ops wants that could not
 * be made to (" F": failed). */
static int enabled_read(struct fs_node *n, struct fs_out *out)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;

	for_each_ftrace_rec(pg, rec)
	{
		unsigned long off, refs = rec->flags & FTRACE_FL_REF_MASK;
		bool failed = rec->flags & FTRACE_FL_FAILED;
		const struct ksym *s;

		if (!(rec->flags & FTRACE_FL_ENABLED) && !(failed && refs))
			continue;
		s = ksym_lookup(rec->ip, &off);
		fs_printf(out, "%s (%lu)%s\n", s ? s->name : "?", refs,
			  failed ? " F" : "");
	}
	return 0;
}

static int total_info_read(struct fs_node *n, struct fs_out *out)
{
	fs_printf(out, "%lu pages:%lu failed:%lu\n", ftrace_stats.sites,
		  ftrace_stats.pages, ftrace_stats.failed);
	fs_printf(out, "nmi_wait_count: %llu\n",
		  (unsigned long long)ftrace_nmi_wait_count);
	fs_printf(out, "nmi_update_count: %llu\n",
		  (unsigned long long)ftrace_nmi_update_count);
	return 0;
}

static int enabled_sw_read(struct fs_node *n, struct fs_out *out)
{
	fs_printf(out, "%d\n", ftrace_enabled ? 1 : 0);
	return 0;
}

static int enabled_sw_write(struct fs_node *n, const char *data, size_t len,
			    bool append, struct fs_out *err)
{
	char buf[8];
	unsigned long long v;

	while (len && (data[len - 1] == '\n' || data[len - 1] == ' '))
		len--;
	if (!len || len >= sizeof(buf))
		goto bad;
	memcpy(buf, data, len);
	buf[len] = 0;
	if (kstrtoull(buf, 10, &v) || v > 1)
		goto bad;
	return ftrace_set_enabled(v != 0);
bad:
	fs_printf(err, "ftrace_enabled: expected a number from 0 to 1\n");
	return -EINVAL;
}

static const struct fs_ops avail_ops = { .read = avail_read };
static const struct fs_ops enabled_ops = { .read = enabled_read };
static const struct fs_ops total_info_ops = { .read = total_info_read };
static const struct fs_ops enabled_sw_ops = { .read = enabled_sw_read,
					      .write = enabled_sw_write };

void ftrace_files_init(void)
{
	fs_create(TRACING "available_filter_functions", &avail_ops, NULL);
	fs_create(TRACING "enabled_functions", &enabled_ops, NULL);
	fs_create(TRACING "dyn_ftrace_total_info", &total_info_ops, NULL);
	fs_create("/proc/sys/kernel/ftrace_enabled", &enabled_sw_ops, NULL);
}
