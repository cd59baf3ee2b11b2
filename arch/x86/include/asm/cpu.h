/* asm/cpu.h - the running CPU's number on x86_64, in one load. */
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

#endif
