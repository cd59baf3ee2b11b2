/*
 * arch.h - what each architecture provides to the shared kernel.
 *
 * kernel/ and trace/ call only these; arch/x86 and arch/sh implement them.
 * Functions marked "tracing path" are called while a tracer runs and must
 * be notrace (or static inline) in every implementation.
 */
#ifndef ARCH_H
#define ARCH_H

#include "compiler.h"
#include "types.h"

#define NR_CPUS 8

/* Interrupt state (tracing path). flags is opaque to the caller. */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);
void arch_irq_enable(void);
void arch_irq_disable(void);
void arch_cpu_relax(void);
/* Enable interrupts and sleep until one arrives, atomically. */
void arch_wait_for_interrupt(void);
__noreturn void arch_halt(void);

/*
 * On the tracing path, so inline in the arch's asm/cpu.h:
 * arch_cpu_id(): index of the running CPU, 0..nr_cpus-1;
 * arch_irqs_enabled(): whether interrupts are on;
 * arch_clock_ns(): monotonic nanoseconds since boot.
 */
#include "asm/cpu.h"
/* Busy-wait; usable before the tick runs. */
void arch_udelay(unsigned us);
/*
 * Guest nanoseconds from the machine's reset to arch_clock_ns()'s zero:
 * x86, the firmware and the loader before the TSC was calibrated; SH-4
 * 0, its clock starting in the kernel's first steps.
 */
u64 arch_clock_zero_ns(void);

/*
 * Make this CPU fetch instructions afresh after kernel text changed
 * (x86: a serialising instruction; sh: flush the instruction cache).
 * Called with interrupts off, from the patcher and stop_machine.
 */
void arch_sync_core(void);

/* Polled console output, usable from any context, even a trap. */
void arch_console_putc(char c);

/*
 * Console input flow control, for kernel/console.c when its ring is full.
 * arch_console_rx_hold() turns the receive interrupt off so that new bytes
 * wait in the UART (and the sender waits for the UART); it returns false,
 * and changes nothing, if this UART cannot hold input back.
 * arch_console_rx_release() turns the interrupt on again; bytes already
 * waiting then raise it at once.
 */
bool arch_console_rx_hold(void);
void arch_console_rx_release(void);

/*
 * Boot. kmain() calls arch_early_init() first (console, traps, memory map
 * handed to pmm_add_range(), command line to boot_cmdline_set()), and
 * arch_late_init() once memory, threads and the trace core are set up
 * (timers, other CPUs, device interrupts). arch_late_init() returns with
 * every CPU online and running ap_main() (kernel/main.c) and interrupts
 * still off on the boot CPU.
 */
void arch_early_init(void);
void arch_late_init(void);

#define BOOT_CMDLINE_MAX 2048 /* bytes of command line kept, with the NUL */
extern char boot_cmdline[BOOT_CMDLINE_MAX];
/*
 * The arch hands over the loader's command line with this, in
 * arch_early_init(): src is a string of at most loader_max bytes (the
 * loader's own limit, SIZE_MAX if it has none). A line that fills
 * loader_max has no room for its end: the boot log says it was cut, as it
 * does for a line longer than boot_cmdline. kmain() logs it.
 */
void boot_cmdline_set(const char *src, size_t loader_max);
void boot_cmdline_print(void);
const char *arch_name(void);
/* One line per CPU for /proc/cpuinfo. */
void arch_cpuinfo(unsigned cpu, char *buf, size_t size);

/* Cross-CPU calls: make smp_ipi_handler() run on cpu. */
void arch_send_call_ipi(unsigned cpu);
/* Wake cpu from idle to look at its run queue (no-op on one CPU). */
void arch_send_resched_ipi(unsigned cpu);
/* For panic: stop every other CPU, even one with interrupts off (an NMI
 * on x86; nothing to do on a one-CPU machine). */
void arch_stop_other_cpus(void);

/*
 * NMIs. arch_send_nmi() makes cpu take an NMI (sh4: its pseudo-NMI).
 * arch_nmi_watchdog_set(hz) makes nmi_handler() run hz times a second on
 * every CPU (0 stops it) and returns the rate it delivers, rounded to
 * whole Hz (the hardware's steps may miss hz a little); -EINVAL above
 * arch_nmi_watchdog_max_hz().
 */
void arch_send_nmi(unsigned cpu);
int arch_nmi_watchdog_set(unsigned hz);
unsigned arch_nmi_watchdog_max_hz(void);

/* Threads: a fresh stack that starts in thread_start(entry, arg). */
struct thread;
void arch_thread_setup(struct thread *t, void *stack_top);
/* Save callee-saved state on the current stack, store sp in *from_sp,
 * and continue on to_sp. Returns when someone switches back. */
void arch_switch(unsigned long *from_sp, unsigned long to_sp);

/* Leave the emulator with this status. */
__noreturn void arch_poweroff(int code);

/* Walk the current call chain; cb gets each return address. */
void arch_backtrace(void (*cb)(unsigned long pc, void *data), void *data);
/* Print registers and call chain of a trap frame (arch-defined). */

/*
 * A deliberate write into kernel text, for the test that proves text is
 * read-only. Faults and never returns on a correctly set-up kernel.
 */
void arch_write_to_text_for_test(void);

#endif
