/* asm/cpu.h - the CPU number (r2d has one), interrupt mask, clock: SH-4. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include "types.h"

#include "sh4.h"

static inline __attribute__((always_inline)) unsigned arch_cpu_id(void)
{
	return 0;
}

/* Whether interrupts are on: the mask is below the level that keeps
 * them off (the pseudo-NMI's level stays above it). */
static inline __attribute__((always_inline)) _Bool arch_irqs_enabled(void)
{
	return sh_sr_level(sh_get_sr()) < IRQ_LEVEL_OFF;
}

/* Nanoseconds since boot from TMU1 (arch/sh/cpu.c): too long to inline
 * and read with interrupts masked, so a call. */
u64 sh_clock_ns(void);
static inline __attribute__((always_inline)) u64 arch_clock_ns(void)
{
	return sh_clock_ns();
}

#endif
