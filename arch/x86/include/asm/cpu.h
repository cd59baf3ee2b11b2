/* asm/cpu.h - the running CPU's number and interrupt flag on x86_64, inline. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

/*
 * %gs points at this CPU's struct x86_cpu (arch/x86/cpu.c), whose first
 * field is the CPU's number. Inline: it runs on every traced call.
 */
static inline __attribute__((always_inline)) unsigned arch_cpu_id(void)
{
	unsigned id;

	__asm__ __volatile__("movl %%gs:0, %0" : "=r"(id));
	return id;
}

/* Whether interrupts are on (EFLAGS.IF): the tracers' irqs-off column. */
static inline __attribute__((always_inline)) _Bool arch_irqs_enabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags));
	return flags & (1 << 9);
}

#endif
