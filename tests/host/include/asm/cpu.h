/* asm/cpu.h - the host tests' stand-in: the shim answers test_cpu_id. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include "types.h"

unsigned arch_cpu_id(void);
_Bool arch_irqs_enabled(void);
u64 arch_clock_ns(void);

#endif
