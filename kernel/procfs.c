/*
 * procfs.c - the /proc files: uptime, meminfo, cpuinfo, cmdline (each a
 * small file printed whole) and kallsyms (one record per symbol, read in
 * chunks). None can be written.
 */
#include "arch.h"
#include "percpu.h"
#include "fs.h"
#include "ksym.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "seq_file.h"
#include "smp.h"

static int uptime_show(struct seq_file *m, void *v)
{
	u64 ns = arch_clock_ns();
	u64 idle = 0;

	for (unsigned i = 0; i < nr_cpus; i++)
		idle += per_cpu(cpus, i).idle
				? per_cpu(cpus, i).idle->runtime_ns
				: 0;
	seq_printf(m, "%llu.%02llu %llu.%02llu\n",
		   (unsigned long long)(ns / 1000000000),
		   (unsigned long long)(ns / 10000000 % 100),
		   (unsigned long long)(idle / 1000000000),
		   (unsigned long long)(idle / 10000000 % 100));
	return 0;
}
DEFINE_SHOW_FILE(uptime);

static int meminfo_show(struct seq_file *m, void *v)
{
	struct pmm_stats p;
	struct kmalloc_stats k;

	pmm_get_stats(&p);
	kmalloc_get_stats(&k);
	seq_printf(m, "MemTotal:       %8zu kB\n", p.total_pages * 4);
	seq_printf(m, "MemFree:        %8zu kB\n", p.free_pages * 4);
	seq_printf(m, "Reserved:       %8zu kB\n", p.reserved_pages * 4);
	seq_printf(m, "Slab:           %8zu kB\n", k.bytes_inuse / 1024);
	return 0;
}
DEFINE_SHOW_FILE(meminfo);

static int cpuinfo_show(struct seq_file *m, void *v)
{
	char buf[128];

	for (unsigned i = 0; i < nr_cpus; i++) {
		arch_cpuinfo(i, buf, sizeof(buf));
		seq_printf(m, "%s\n", buf);
	}
	return 0;
}
DEFINE_SHOW_FILE(cpuinfo);

static int cmdline_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", boot_cmdline);
	return 0;
}
DEFINE_SHOW_FILE(cmdline);

/*
 * kallsyms: "address T name" per symbol, in address order. The table is
 * an array, so record *pos is found in O(1) and no cursor is needed. The
 * table keeps no binding, so every symbol shows as T.
 */
static void *kallsyms_start(struct seq_file *m, u64 *pos)
{
	return *pos < ksym_count ? (void *)&ksym_table[*pos] : NULL;
}

static void *kallsyms_next(struct seq_file *m, void *v, u64 *pos)
{
	++*pos;
	return kallsyms_start(m, pos);
}

static void kallsyms_stop(struct seq_file *m, void *v)
{
}

static int kallsyms_show(struct seq_file *m, void *v)
{
	const struct ksym *s = v;

	seq_printf(m, "%0*lx T %s\n", (int)(2 * sizeof(long)), s->addr,
		   s->name);
	return 0;
}

static const struct seq_ops kallsyms_seq_ops = {
	.start = kallsyms_start,
	.next = kallsyms_next,
	.stop = kallsyms_stop,
	.show = kallsyms_show,
};

static int kallsyms_open(struct fs_file *f)
{
	return seq_open(f, &kallsyms_seq_ops);
}

static const struct fs_file_ops kallsyms_fops = {
	.open = kallsyms_open,
	.release = seq_release,
	.read = seq_read,
};

void procfs_init(void)
{
	fs_create_file("/proc/uptime", &uptime_fops, NULL);
	fs_create_file("/proc/meminfo", &meminfo_fops, NULL);
	fs_create_file("/proc/cpuinfo", &cpuinfo_fops, NULL);
	fs_create_file("/proc/cmdline", &cmdline_fops, NULL);
	fs_create_file("/proc/kallsyms", &kallsyms_fops, NULL);
	kmsg_init();
}
