/*
 * nmi_ctl.c - the console's handles on NMIs: the nmi command (send one,
 * or show one getting through with interrupts off) and
 * /proc/sys/kernel/nmi_watchdog (the watchdog's rate in Hz, 0 = off).
 */
#include "arch.h"
#include "percpu.h"
#include "fs.h"
#include "kstring.h"
#include "printk.h"
#include "shell.h"
#include "smp.h"

/* What the arch delivers, not what was asked: the two may differ where
 * the hardware's steps are coarse. */
static unsigned nmi_watchdog_hz;

static int nmi_wd_read(struct fs_node *n, struct fs_out *out)
{
	fs_printf(out, "%u\n", nmi_watchdog_hz);
	return 0;
}

static int nmi_wd_write(struct fs_node *n, const char *data, size_t len,
			bool append, struct fs_out *err)
{
	unsigned max = arch_nmi_watchdog_max_hz();
	unsigned long long v;
	char buf[24];
	int r;

	while (len && (data[len - 1] == '\n' || data[len - 1] == ' '))
		len--;
	if (!len || len >= sizeof(buf))
		goto bad;
	memcpy(buf, data, len);
	buf[len] = 0;
	if (kstrtoull(buf, 10, &v) || v > max)
		goto bad;
	r = arch_nmi_watchdog_set((unsigned)v);
	if (r < 0)
		goto bad;
	nmi_watchdog_hz = (unsigned)r;
	return 0;
bad:
	fs_printf(err, "nmi_watchdog: expected a number from 0 to %u (Hz)\n",
		  max);
	return -EINVAL;
}

static const struct fs_ops nmi_wd_ops = { .read = nmi_wd_read,
					  .write = nmi_wd_write };

void nmi_ctl_init(void)
{
	fs_create("/proc/sys/kernel/nmi_watchdog", &nmi_wd_ops, NULL);
}

/* Show that an NMI gets through where interrupts do not: raise one at
 * this CPU with interrupts off and wait for its handler to have run. */
static int nmi_irqsoff(void)
{
	unsigned long flags = arch_irq_save();
	unsigned me = arch_cpu_id();
	u64 before = per_cpu(cpus, me).nmis, ticks = per_cpu(cpus, me).ticks;
	u64 deadline = arch_clock_ns() + 200000000ULL;
	bool arrived = false;

	arch_send_nmi(me);
	while (arch_clock_ns() < deadline)
		if (READ_ONCE(per_cpu(cpus, me).nmis) != before) {
			arrived = true;
			break;
		}
	/* The tick cannot have run meanwhile: interrupts were off. */
	ticks = per_cpu(cpus, me).ticks - ticks;
	arch_irq_restore(flags);
	if (!arrived) {
		kprintf("nmi: no NMI arrived with interrupts off\n");
		return -EIO;
	}
	kprintf("nmi: arrived on cpu %u with interrupts off (%llu ticks "
		"meanwhile)\n",
		me, (unsigned long long)ticks);
	return 0;
}

static int cmd_nmi(int argc, char **argv)
{
	unsigned long long cpu;

	if (argc == 2 && !strcmp(argv[1], "irqsoff"))
		return nmi_irqsoff();
	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "all"))) {
		for (unsigned i = 0; i < nr_cpus; i++)
			arch_send_nmi(i);
		kprintf("nmi: sent to %u CPUs\n", nr_cpus);
		return 0;
	}
	if (argc == 2 && !kstrtoull(argv[1], 0, &cpu) && cpu < nr_cpus) {
		arch_send_nmi((unsigned)cpu);
		kprintf("nmi: sent to cpu %llu\n", cpu);
		return 0;
	}
	kprintf("usage: nmi [CPU|all|irqsoff] (CPU from 0 to %u)\n",
		nr_cpus - 1);
	return -EINVAL;
}
SHELL_COMMAND(nmi, "nmi", cmd_nmi, "nmi [CPU|all|irqsoff]",
	      "send an NMI (sh4: the pseudo-NMI); irqsoff: to self, "
	      "interrupts off");
