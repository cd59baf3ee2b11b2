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

/* Nanoseconds since boot from the TSC, scaled as calibrated at boot
 * (arch/x86/cpu.c): a few instructions, inline on the tracing path. */
extern u64 x86_tsc_boot, x86_tsc_mult;
static inline __attribute__((always_inline)) u64 arch_clock_ns(void)
{
	unsigned lo, hi;
	u64 d;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	d = ((u64)hi << 32 | lo) - x86_tsc_boot;
	return (u64)(((unsigned __int128)d * x86_tsc_mult) >> 32);
}

#endif
