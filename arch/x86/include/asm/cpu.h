/* asm/cpu.h - the CPU number, interrupt flag and clock on x86_64, inline. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include "types.h"

/*
 * %gs points at this CPU's struct x86_cpu (arch/x86/cpu.c), whose first
 * field is the CPU's number. Inline: it runs on every traced call.
 */
static inline __attribute__((always_inline)) unsigned arch_cpu_id(void)
{
	unsigned long id;

	/* movl zero-extends; telling gcc so spares a zero-extension at
	 * every use of the number as an index. */
	__asm__ __volatile__("movl %%gs:0, %k0" : "=r"(id));
	if (id > 0xffffffffUL)
		__builtin_unreachable();
	return (unsigned)id;
}

/* Whether interrupts are on (EFLAGS.IF): the tracers' irqs-off column. */
static inline __attribute__((always_inline)) _Bool arch_irqs_enabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags));
	return flags & (1 << 9);
}

/* Nanoseconds since boot from the TSC, scaled as calibrated at boot
 * (arch/x86/cpu.c): a few instructions, inline on the tracing path. */
extern u64 x86_tsc_boot, x86_tsc_mult;
static inline __attribute__((always_inline)) u64 arch_clock_ns(void)
{
	u64 ns;

	/* One block, with the scale read from memory: left to itself gcc
	 * keeps both factors in registers the tracers' fast paths need. */
	__asm__ __volatile__("rdtsc\n\t"
			     "shlq $32, %%rdx\n\t"
			     "orq %%rdx, %%rax\n\t"
			     "subq %1, %%rax\n\t"
			     "mulq %2\n\t"
			     "shrdq $32, %%rdx, %%rax"
			     : "=&a"(ns)
			     : "m"(x86_tsc_boot), "m"(x86_tsc_mult)
			     : "rdx", "cc");
	return ns;
}

#endif
