/*
 * setup.c - bring-up of the SH-4 r2d machine, and the small parts of the
 * arch interface that need no hardware of their own: threads, CPU
 * information, cross-CPU calls on a one-CPU board, power-off.
 */
#include "arch.h"
#include "percpu.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "sh4.h"
#include "sh_arch.h"
#include "smp.h"

/*
 * The MMU on, with an empty TLB and nothing ever loaded into it. The
 * kernel lives in P1, P2 and P4, which the MMU does not translate; only
 * P0 does, where the kernel keeps nothing, so a null or stray pointer is
 * a TLB miss and reported like any other fault.
 */
static void mmu_guard_p0(void)
{
	sh_writel(SH_MMUCR, MMUCR_TI | MMUCR_AT);
	/* The change is seen by the instructions after the next branch. */
	__asm__ __volatile__("bra 1f\n\tnop\n1:" ::: "memory");
}

void arch_early_init(void)
{
	/* VBR and SR were set by the entry code: traps work already. */
	mmu_guard_p0();
	scif_init();
	/* QEMU copies -append into its boot block with strncpy: a line that
	 * fills the 256 bytes has no NUL, and may have been longer. */
	boot_cmdline_set((const char *)BOOT_CMDLINE, BOOT_CMDLINE_SIZE);
	sh_clock_init();
	printk("sh4: r2d board, SH7751R, 64 MiB SDRAM at 0x%08x, "
	       "vectors at %p\n",
	       SDRAM_START, (void *)sh_vector_base);

	/*
	 * All of SDRAM, minus everything below the end of the kernel: the
	 * image and, at the start of RAM, QEMU's boot block (the command
	 * line is copied out of it, but keeping it costs nothing).
	 */
	pmm_add_range(SDRAM_START, SDRAM_END);
	pmm_reserve(SDRAM_START, (uintptr_t)_kernel_end);
	pmm_init_done();
}

void arch_late_init(void)
{
	/* One CPU, no others to start. */
	per_cpu(cpus, 0).id = 0;
	nr_cpus = 1;
	per_cpu(cpus, 0).online = true;

	tmu_tick_start();
	sh_nmi_init();
	scif_enable_rx_irq();
	printk("sh4: TMU0 tick at %u Hz, TMU1 clock at %u kHz, "
	       "interrupts off at IMASK %u, TMU2 pseudo-NMI at level %u\n",
	       TICK_HZ, TMU_HZ / 1000, IRQ_LEVEL_OFF, IRQ_LEVEL_ALL);
}

const char *arch_name(void)
{
	return "sh4";
}

void arch_cpuinfo(unsigned cpu, char *buf, size_t size)
{
	snprintf(buf, size,
		 "processor %u: SH-4 (sh7751r) on r2d, PVR 0x%08x, "
		 "tick %u Hz, clock %u kHz, masked-irq replays %u",
		 cpu, (unsigned)sh_readl(SH_PVR), TICK_HZ, TMU_HZ / 1000,
		 (unsigned)intc_deferrals);
}

/*
 * There is no other CPU to interrupt. smp.c never sends one to itself,
 * but if it did, running the handler here is what the IPI would do.
 */
void arch_send_call_ipi(unsigned cpu)
{
	unsigned long flags;

	if (cpu != 0)
		panic("sh4: IPI to cpu %u, but r2d has one CPU", cpu);
	flags = arch_irq_save();
	smp_ipi_handler();
	arch_irq_restore(flags);
}

/* One CPU: whoever wakes a thread here is already on the only CPU. */
void arch_send_resched_ipi(unsigned cpu)
{
}

void arch_stop_other_cpus(void)
{
}

/*
 * A new thread's stack, as arch_switch() (switch.S) expects to find it:
 * pr, then r14 down to r8. arch_switch "returns" into the trampoline in
 * switch.S, which jumps to thread_start() (in r8) with pr and r14 zero,
 * so that a backtrace ends at the thread's first function.
 */
void sh_thread_trampoline(void);

void arch_thread_setup(struct thread *t, void *stack_top)
{
	unsigned long *sp =
		(unsigned long *)ALIGN_DOWN((unsigned long)stack_top, 8);

	*--sp = (unsigned long)thread_start; /* r8 */
	for (int i = 0; i < 6; i++)
		*--sp = 0; /* r9 .. r14 */
	*--sp = (unsigned long)sh_thread_trampoline; /* pr */
	t->sp = (unsigned long)sp;
}

/*
 * The board's FPGA switches the machine off when 1 is written to its
 * power register. QEMU then exits with status 0 whatever the code, so
 * the code is only printed.
 */
void arch_poweroff(int code)
{
	printk("sh4: power off (exit code %d; QEMU's r2d exits with 0)\n",
	       code);
	arch_irq_disable();
	sh_writew(R2D_FPGA_POWOFF, 1);
	arch_halt();
}

/*
 * The SH-4 runs this kernel with its MMU off: P1 addresses bypass
 * translation, so text cannot be made read-only and the write would just
 * succeed. Say so instead of doing it.
 */
void arch_write_to_text_for_test(void)
{
	printk("sh4: kernel text is not write-protected (P1, where it lives, "
	       "is never translated); nothing to test\n");
}

/*
 * gcc for SH has no trap instruction pattern: __builtin_trap(), and the
 * code it puts where it proves a null pointer is dereferenced, become
 * calls to abort().
 */
__noreturn void abort(void);

void abort(void)
{
	panic("abort(): __builtin_trap or a null pointer dereference that "
	      "gcc caught at compile time");
}
