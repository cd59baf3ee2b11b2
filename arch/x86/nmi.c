/*
 * nmi.c - the NMI entry, NMI IPIs and the NMI watchdog. Built without -pg,
 * and the entry calls nothing that may be traced before the ftrace NMI
 * hook has run: an NMI can arrive while a CPU is halfway through
 * rewriting a call site.
 *
 * The watchdog is PIT channel 0, routed by the IOAPIC with NMI delivery
 * to every CPU at once (logical destination, flat model), so each CPU
 * takes the same periodic NMI. The PIT's longest period is 55 ms (18.2
 * Hz): for a slower watchdog it runs k times faster, and each CPU hands
 * only every k-th of its PIT NMIs to the handler.
 */
#include "arch.h"
#include "percpu.h"
#include "ftrace.h"
#include "printk.h"
#include "smp.h"
#include "x86.h"

extern volatile int panic_in_progress;

#define PIT_HZ 1193182
#define PIT_MAX_COUNT 0xffff
#define NMI_WATCHDOG_MAX_HZ 20000

/* The handler gets one PIT NMI in nmi_every; nmi_seen counts up to it. */
static volatile unsigned nmi_every = 1;
static DEFINE_PER_CPU(unsigned, nmi_seen);
/* arch_send_nmi() sent this CPU an NMI it has not taken yet: that one
 * always reaches the handler, and is no PIT period. */
static DEFINE_PER_CPU(volatile bool, nmi_sent);

static bool nmi_for_handler(unsigned cpu)
{
	if (__atomic_exchange_n(&per_cpu(nmi_sent, cpu), false,
				__ATOMIC_ACQ_REL))
		return true;
	if (++per_cpu(nmi_seen, cpu) < nmi_every)
		return false;
	per_cpu(nmi_seen, cpu) = 0;
	return true;
}

void x86_nmi_entry(struct trap_frame *tf)
{
	unsigned cpu;

	ftrace_caller_restart(&tf->rip);
	ftrace_nmi_enter();
	nmi_enter();
	this_cpu()->nmis++;
	if (panic_in_progress)
		arch_halt(); /* another CPU panicked: stop here */
	cpu = arch_cpu_id();
	if (nmi_for_handler(cpu))
		nmi_handler();
	nmi_exit();
	ftrace_nmi_exit();
}

void arch_send_nmi(unsigned cpu)
{
	if (cpu < nr_cpus && per_cpu(cpus, cpu).online) {
		__atomic_store_n(&per_cpu(nmi_sent, cpu), true,
				 __ATOMIC_RELEASE);
		lapic_send_nmi(per_cpu(x86_apic_ids, cpu));
	}
}

unsigned arch_nmi_watchdog_max_hz(void)
{
	return NMI_WATCHDOG_MAX_HZ;
}

int arch_nmi_watchdog_set(unsigned hz)
{
	u16 flags;
	u32 gsi = acpi_irq_to_gsi(0, &flags);
	u32 every, count;

	if (hz > NMI_WATCHDOG_MAX_HZ)
		return -EINVAL;
	ioapic_mask(gsi, true);
	if (!hz)
		return 0;
	/* The fewest PIT periods per watchdog period that fit 16 bits, then
	 * the count nearest to the rate asked. */
	every = (PIT_HZ / hz + PIT_MAX_COUNT - 1) / PIT_MAX_COUNT;
	count = (PIT_HZ + hz * every / 2) / (hz * every);
	if (count > PIT_MAX_COUNT)
		count = PIT_MAX_COUNT;
	if (count < 2)
		count = 2;
	nmi_every = every;
	for (unsigned i = 0; i < NR_CPUS; i++)
		per_cpu(nmi_seen, i) = 0;
	outb(0x43, 0x34); /* channel 0, lobyte/hibyte, rate generator */
	outb(0x40, count & 0xff);
	outb(0x40, count >> 8);
	/* Edge-triggered NMI to the logical group of all CPUs (0xff). */
	ioapic_route_nmi_all(gsi);
	return (int)((PIT_HZ + count * every / 2) / (count * every));
}
