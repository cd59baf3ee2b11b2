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
#include "seq_file.h"
#include "shell.h"
#include "smp.h"

/* What the arch delivers, not what was asked: the two may differ where
 * the hardware's steps are coarse. */
static unsigned nmi_watchdog_hz;

static int nmi_watchdog_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%u\n", nmi_watchdog_hz);
	return 0;
}

static ssize_t nmi_watchdog_write(struct fs_file *f, const char *buf,
				  size_t len)
{
	unsigned max = arch_nmi_watchdog_max_hz();
	unsigned long long v;
	int r = fs_parse_number(buf, len, max, &v);

	if (!r)
		r = arch_nmi_watchdog_set((unsigned)v);
	if (r < 0) {
		fs_file_error(f, "nmi_watchdog: expected a number from 0 to "
			      "%u (Hz)", max);
		return -EINVAL;
	}
	nmi_watchdog_hz = (unsigned)r;
	return (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(nmi_watchdog);

void nmi_ctl_init(void)
{
	fs_create_file("/proc/sys/kernel/nmi_watchdog", &nmi_watchdog_fops, NULL);
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
	return shell_usage_why(argv[0], "CPU from 0 to %u", nr_cpus - 1);
}
static const char nmi_text[] =
	"Sends one NMI (sh4: the pseudo-NMI, TMU2 at priority 15), which\n"
	"runs the NMI handler and its traced watchdog code:\n"
	"  all, or nothing   to every CPU\n"
	"  CPU               to that CPU only (0 to the last)\n"
	"  irqsoff           to this CPU with interrupts off, and waits\n"
	"                    to see it arrive all the same\n"
	"'cpus' counts the NMIs each CPU took; the watchdog's rate is\n"
	"set in /proc/sys/kernel/nmi_watchdog.\n";
SHELL_COMMAND_LONG(nmi, "nmi", cmd_nmi, "nmi [CPU|all|irqsoff]",
		   "send an NMI (sh4: the pseudo-NMI); irqsoff: to self, "
		   "interrupts off",
		   nmi_text);
