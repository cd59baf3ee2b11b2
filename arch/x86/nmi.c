/*
 * nmi.c - the NMI entry, NMI IPIs and the NMI watchdog. Built without -pg,
 * and the entry calls nothing that may be traced before the ftrace NMI
 * hook has run: an NMI can arrive while a CPU is halfway through
 * rewriting a call site.
 *
 * The watchdog is PIT channel 0, routed by the IOAPIC with NMI delivery
 * to every CPU at once (logical destination, flat model), so each CPU
 * takes the same periodic NMI.
 */
#include "arch.h"
#include "ftrace.h"
#include "printk.h"
#include "smp.h"
#include "x86.h"

extern volatile int panic_in_progress;

void x86_nmi_entry(struct trap_frame *tf)
{
	ftrace_nmi_enter();
	nmi_enter();
	this_cpu()->nmis++;
	if (panic_in_progress)
		arch_halt(); /* another CPU panicked: stop here */
	nmi_handler();
	nmi_exit();
	ftrace_nmi_exit();
}

void arch_send_nmi(unsigned cpu)
{
	if (cpu < nr_cpus && cpus[cpu].online)
		lapic_send_nmi(x86_apic_ids[cpu]);
}

#define PIT_HZ 1193182
#define NMI_WATCHDOG_MAX_HZ 20000

int arch_nmi_watchdog_set(unsigned hz)
{
	u16 flags;
	u32 gsi = acpi_irq_to_gsi(0, &flags);
	u32 count;

	if (hz > NMI_WATCHDOG_MAX_HZ)
		return -EINVAL;
	ioapic_mask(gsi, true);
	if (!hz)
		return 0;
	count = PIT_HZ / hz;
	if (count > 0xffff)
		count = 0xffff;
	if (count < 2)
		count = 2;
	outb(0x43, 0x34); /* channel 0, lobyte/hibyte, rate generator */
	outb(0x40, count & 0xff);
	outb(0x40, count >> 8);
	/* Edge-triggered NMI to the logical group of all CPUs (0xff). */
	ioapic_route_nmi_all(gsi);
	return 0;
}
