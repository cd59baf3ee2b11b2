/*
 * panic.c - stop the machine with a last word. The first CPU to panic
 * stops the others with an NMI (which reaches them even with interrupts
 * off), prints the reason and its call chain, and halts.
 */
#include "arch.h"
#include "ksym.h"
#include "printk.h"
#include "smp.h"

volatile int panic_in_progress;

static void print_pc(unsigned long pc, void *data)
{
	char buf[96];
	ksym_format(pc, buf, sizeof(buf));
	kprintf("  [<%0*lx>] %s\n", (int)(2 * sizeof(long)), pc, buf);
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	arch_irq_disable();
	if (__atomic_exchange_n(&panic_in_progress, 1, __ATOMIC_SEQ_CST))
		arch_halt(); /* someone else is already panicking */
	arch_stop_other_cpus();

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("\nCPU: %u\nCall Trace:\n", arch_cpu_id());
	arch_backtrace(print_pc, NULL);
	kprintf("Kernel panic - not syncing: %s\n", msg);
	kprintf("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	arch_halt();
}
