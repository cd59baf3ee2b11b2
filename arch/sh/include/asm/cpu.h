/* asm/cpu.h - the CPU number (r2d has one) and interrupt mask on SH-4. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

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

#endif
