/*
 * setup.c - bring-up order of the x86_64 machine, and the dispatch of
 * device interrupt vectors.
 */
#include "arch.h"
#include "percpu.h"
#include "console.h"
#include "kmain.h"
#include "printk.h"
#include "sched.h"
#include "smp.h"
#include "x86.h"

void arch_early_init(void)
{
	x86_cpu_setup_percpu(0);
	pic_disable();
	uart_init();
	tsc_calibrate();
	gdt_init_cpu(0);
	idt_init();
	printk("x86_64: TSC %llu kHz\n", (unsigned long long)tsc_khz);
	multiboot_parse();
	acpi_init(); /* reads the BIOS area in page 0: before paging_init */
	paging_init();
}

void arch_late_init(void)
{
	u16 flags;
	u32 gsi;

	per_cpu(x86_apic_ids, 0) = lapic_id();
	lapic_init_cpu();
	ioapic_init();
	lapic_timer_calibrate();
	gsi = acpi_irq_to_gsi(4, &flags);
	ioapic_route(gsi, VEC_COM1, per_cpu(x86_apic_ids, 0), false, flags);
	uart_enable_rx_irq();
	smp_boot_aps();
	lapic_timer_start();
}

static void dispatch(struct trap_frame *tf)
{
	struct cpu *c = this_cpu();

	c->irqs++;
	switch (tf->vector) {
	case VEC_TIMER:
		lapic_eoi();
		sched_tick();
		break;
	case VEC_CALL_IPI:
		lapic_eoi();
		c->ipis++;
		smp_ipi_handler();
		break;
	case VEC_RESCHED_IPI:
		/* Nothing to do here: irq_exit() looks at the run queue
		 * the sender filled. */
		lapic_eoi();
		c->ipis++;
		break;
	case VEC_COM1:
		uart_irq();
		lapic_eoi();
		break;
	case VEC_SPURIOUS:
		return; /* no EOI for spurious interrupts */
	default:
		if (tf->vector >= VEC_PIC_BASE &&
		    tf->vector < VEC_PIC_BASE + 16)
			return; /* a stray legacy PIC interrupt */
		lapic_eoi();
		printk("unexpected interrupt vector %llu on cpu %u\n",
		       (unsigned long long)tf->vector, arch_cpu_id());
		return;
	}
}

void x86_irq_dispatch(struct trap_frame *tf)
{
	irq_enter();
	dispatch(tf);
	irq_exit();
}

void arch_thread_setup(struct thread *t, void *stack_top)
{
	unsigned long *sp = (unsigned long *)stack_top;

	*--sp = 0; /* thread_start's "return address" */
	*--sp = (unsigned long)thread_start; /* where arch_switch returns */
	for (int i = 0; i < 6; i++)
		*--sp = 0; /* rbp rbx r12 r13 r14 r15 */
	t->sp = (unsigned long)sp;
}
