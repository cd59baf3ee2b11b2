/*
 * smp.c - start the other CPUs. The trampoline is copied to 0x8000; for
 * each AP in turn we fill in its stack, send INIT-SIPI-SIPI and wait for it
 * to say it is online.
 */
#include "arch.h"
#include "percpu.h"
#include "kmain.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "smp.h"
#include "x86.h"

extern char ap_trampoline_start[], ap_trampoline_end[];
extern char tramp_cr3[], tramp_stack[], tramp_entry[];

#define TRAMP_VAR(sym) \
	((volatile u64 *)(TRAMP_BASE + ((sym)-ap_trampoline_start)))
#define AP_STACK_PAGES 4

static volatile unsigned ap_booting;

/* notrace: runs before this CPU's %gs, and so arch_cpu_id(), is set. */
notrace __noreturn void ap_entry64(void)
{
	unsigned cpu = ap_booting;

	/* Never again run from the trampoline: forget its page, which the
	 * boot CPU unmaps once every AP is up. */
	invlpg((void *)TRAMP_BASE);
	x86_cpu_setup_percpu(cpu);
	gdt_init_cpu(cpu);
	idt_load();
	lapic_init_cpu();
	lapic_timer_start();
	ap_main(cpu);
}

void smp_boot_aps(void)
{
	u32 me = lapic_id();
	size_t len = ap_trampoline_end - ap_trampoline_start;

	memcpy((void *)TRAMP_BASE, ap_trampoline_start, len);
	*TRAMP_VAR(tramp_cr3) = paging_kernel_cr3();
	*TRAMP_VAR(tramp_entry) = (u64)ap_entry64;

	/* The boot CPU is index 0 whatever its place in the MADT. */
	for (unsigned i = 0; i < x86_ncpus_found; i++)
		if (per_cpu(x86_apic_ids, i) == me) {
			per_cpu(x86_apic_ids, i) = per_cpu(x86_apic_ids, 0);
			per_cpu(x86_apic_ids, 0) = me;
		}

	for (unsigned i = 1; i < x86_ncpus_found; i++) {
		unsigned cpu = nr_cpus;
		u8 *stack;
		u64 deadline;

		stack = page_alloc(AP_STACK_PAGES);
		if (!stack)
			panic("smp: no memory for an AP stack");
		per_cpu(x86_apic_ids, cpu) = per_cpu(x86_apic_ids, i);
		*TRAMP_VAR(tramp_stack) =
			(u64)(stack + AP_STACK_PAGES * PAGE_SIZE);
		ap_booting = cpu;
		smp_mb();
		lapic_send_init_sipi(per_cpu(x86_apic_ids, cpu),
				     TRAMP_BASE >> 12);
		deadline = arch_clock_ns() + 1000000000ULL;
		while (!per_cpu(cpus, cpu).online && arch_clock_ns() < deadline)
			arch_cpu_relax();
		if (!per_cpu(cpus, cpu).online) {
			printk("smp: CPU with APIC id %u did not start\n",
			       per_cpu(x86_apic_ids, cpu));
			page_free(stack, AP_STACK_PAGES);
			continue;
		}
		nr_cpus++;
	}
	/* The trampoline was the only page both writable and executable. */
	paging_unmap_page(TRAMP_BASE);
	printk("smp: %u CPUs online\n", nr_cpus);
}

void arch_stop_other_cpus(void)
{
	for (unsigned i = 0; i < nr_cpus; i++)
		if (i != arch_cpu_id() && per_cpu(cpus, i).online)
			lapic_send_nmi(per_cpu(x86_apic_ids, i));
}
