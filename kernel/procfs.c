/*
 * procfs.c - the /proc files: uptime, meminfo, cpuinfo, cmdline. Each is a
 * read handler that prints the current state; none can be written.
 */
#include "arch.h"
#include "percpu.h"
#include "fs.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "smp.h"

static int uptime_read(struct fs_node *n, struct fs_out *out)
{
	u64 ns = arch_clock_ns();
	u64 idle = 0;

	for (unsigned i = 0; i < nr_cpus; i++)
		idle += per_cpu(cpus, i).idle
				? per_cpu(cpus, i).idle->runtime_ns
				: 0;
	fs_printf(out, "%llu.%02llu %llu.%02llu\n",
		  (unsigned long long)(ns / 1000000000),
		  (unsigned long long)(ns / 10000000 % 100),
		  (unsigned long long)(idle / 1000000000),
		  (unsigned long long)(idle / 10000000 % 100));
	return 0;
}

static int meminfo_read(struct fs_node *n, struct fs_out *out)
{
	struct pmm_stats p;
	struct kmalloc_stats k;

	pmm_get_stats(&p);
	kmalloc_get_stats(&k);
	fs_printf(out, "MemTotal:       %8zu kB\n", p.total_pages * 4);
	fs_printf(out, "MemFree:        %8zu kB\n", p.free_pages * 4);
	fs_printf(out, "Reserved:       %8zu kB\n", p.reserved_pages * 4);
	fs_printf(out, "Slab:           %8zu kB\n", k.bytes_inuse / 1024);
	return 0;
}

static int cpuinfo_read(struct fs_node *n, struct fs_out *out)
{
	char buf[128];

	for (unsigned i = 0; i < nr_cpus; i++) {
		arch_cpuinfo(i, buf, sizeof(buf));
		fs_printf(out, "%s\n", buf);
	}
	return 0;
}

static int cmdline_read(struct fs_node *n, struct fs_out *out)
{
	fs_printf(out, "%s\n", boot_cmdline);
	return 0;
}

static const struct fs_ops uptime_ops = { .read = uptime_read };
static const struct fs_ops meminfo_ops = { .read = meminfo_read };
static const struct fs_ops cpuinfo_ops = { .read = cpuinfo_read };
static const struct fs_ops cmdline_ops = { .read = cmdline_read };

void procfs_init(void)
{
	fs_create("/proc/uptime", &uptime_ops, NULL);
	fs_create("/proc/meminfo", &meminfo_ops, NULL);
	fs_create("/proc/cpuinfo", &cpuinfo_ops, NULL);
	fs_create("/proc/cmdline", &cmdline_ops, NULL);
}
