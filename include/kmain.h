/* kmain.h - the shared entry points the arch boot code jumps to. */
#ifndef KMAIN_H
#define KMAIN_H

#include "compiler.h"

/* Boot CPU, on its boot stack, interrupts off. */
__noreturn void kmain(void);
/* Every other CPU once the arch has set it up (per-CPU data, its own
 * stack, traps, timer), interrupts off. cpu is its arch_cpu_id(). */
__noreturn void ap_main(unsigned cpu);

/* Boot options from the command line: "name=value" or bare "name". */
const char *cmdline_get(const char *name); /* value, "" if bare, or NULL */
bool cmdline_has(const char *name);

#endif
