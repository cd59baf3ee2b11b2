/* kmain.h - the shared entry points the arch boot code jumps to. */
#ifndef KMAIN_H
#define KMAIN_H

#include "compiler.h"
#include "types.h"

/* Boot CPU, on its boot stack, interrupts off. */
__noreturn void kmain(void);
/* Every other CPU once the arch has set it up (per-CPU data, its own
 * stack, traps, timer), interrupts off. cpu is its arch_cpu_id(). */
__noreturn void ap_main(unsigned cpu);

/* arch_clock_ns() when the shell was about to print its first prompt
 * (make bench's boot_to_prompt). */
extern u64 boot_prompt_ns;

#endif
