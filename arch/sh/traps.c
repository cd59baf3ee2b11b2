/*
 * traps.c - what happens after vectors.S has saved the registers: device
 * interrupts go to their drivers; an exception the kernel did not expect
 * is reported (event code, TEA, registers, a symbolised call chain) and
 * ends in panic().
 *
 * Built without -pg: every interrupt passes through here before the
 * pseudo-NMI's ftrace handshake could run.
 *
 * Priorities: the tick (12) and the console (10) sit below the kernel's
 * "interrupts off" level, IMASK 14; the pseudo-NMI (TMU2, nmi.c) sits at
 * 15, above it, which is what lets it in everywhere, as an NMI.
 */
#include "arch.h"
#include "ksym.h"
#include "printk.h"
#include "sched.h"
#include "sh4.h"
#include "sh_arch.h"
#include "smp.h"

static const struct {
	unsigned code;
	const char *name;
} exc_names[] = {
	{ 0x040, "TLB miss (read)" },
	{ 0x060, "TLB miss (write)" },
	{ 0x080, "initial page write" },
	{ 0x0a0, "TLB protection violation (read)" },
	{ 0x0c0, "TLB protection violation (write)" },
	{ 0x0e0, "address error (read)" },
	{ 0x100, "address error (write)" },
	{ 0x120, "FPU exception" },
	{ 0x140, "TLB multiple hit" },
	{ 0x160, "unconditional trap (TRAPA)" },
	{ 0x180, "illegal instruction" },
	{ 0x1a0, "illegal slot instruction" },
	{ 0x1e0, "user break" },
	{ 0x800, "FPU disabled (the kernel is built without FPU)" },
	{ 0x820, "FPU disabled in a delay slot" },
};

static notrace const char *exc_name(unsigned long code)
{
	for (unsigned i = 0; i < ARRAY_SIZE(exc_names); i++)
		if (exc_names[i].code == code)
			return exc_names[i].name;
	return "unknown exception";
}

static notrace void print_frame_pc(unsigned long pc, void *data)
{
	char buf[96];

	ksym_format(pc, buf, sizeof(buf));
	kprintf("  [<%08lx>] %s\n", pc, buf);
}

notrace void sh_show_regs(const struct sh_regs *regs)
{
	char sym[96];

	ksym_format(regs->pc, sym, sizeof(sym));
	kprintf("PC : %08lx %s\n", regs->pc, sym);
	ksym_format(regs->pr, sym, sizeof(sym));
	kprintf("PR : %08lx %s\n", regs->pr, sym);
	kprintf("SR : %08lx (IMASK %lu%s)  GBR: %08lx  MACH: %08lx  "
		"MACL: %08lx\n",
		regs->sr, (regs->sr & SR_IMASK) >> 4,
		regs->sr & SR_BL ? ", BL" : "", regs->gbr, regs->mach,
		regs->macl);
	for (unsigned i = 0; i < 16; i += 4)
		kprintf("R%-2u: %08lx  R%-2u: %08lx  R%-2u: %08lx  "
			"R%-2u: %08lx\n",
			i, regs->r[i], i + 1, regs->r[i + 1], i + 2,
			regs->r[i + 2], i + 3, regs->r[i + 3]);
}

static notrace void report(struct sh_regs *regs, const char *what,
			   const char *name)
{
	kprintf("\n%s: %s, event 0x%03lx, cpu %u\n", what, name, regs->event,
		arch_cpu_id());
	/* TLB and address errors */
	if (regs->event <= 0x100 || regs->event == 0x140)
		kprintf("TEA: %08lx (the address that faulted)\n", regs->tea);
	if (regs->event == 0x160)
		kprintf("TRA: %u (trapa #imm)\n",
			(unsigned)(sh_readl(SH_TRA) >> 2));
	sh_show_regs(regs);
	kprintf("Call Trace:\n");
	sh_backtrace_regs(regs, print_frame_pc, NULL);
}

/* VBR + 0x100 and + 0x400. Nothing is expected there yet. */
notrace void sh_handle_exception(struct sh_regs *regs)
{
	const char *name = exc_name(regs->event);

	report(regs, "Oops", name);
	panic("fatal exception 0x%03lx (%s)", regs->event, name);
}

/*
 * VBR + 0x600. Entered with IMASK 15. QEMU delivers interrupts without
 * looking at their priority (intc.c), so the first step is the check the
 * hardware would have made: a source at or below the interrupted IMASK is
 * held back and replayed when IMASK drops.
 */
notrace void sh_handle_interrupt(struct sh_regs *regs)
{
	unsigned long evt = regs->event;
	unsigned masked_at;
	int src;

	ftrace_caller_restart(&regs->pc);
	/*
	 * The pseudo-NMI before anything else. It is never held back: QEMU
	 * delivers nothing at IMASK 15, the only level that masks it. It
	 * does not count as an irq, and it returns straight to whatever it
	 * interrupted (a thread, another handler, an interrupts-off
	 * section): no rescheduling and no replay, just an NMI.
	 */
	if (evt == EVT_TMU2) {
		sh_nmi_interrupt();
		return;
	}

	masked_at = sh_sr_level(regs->sr);
	src = intc_source_of(evt);
	if (src < 0) {
		report(regs, "Unexpected interrupt", "no handler");
		panic("unexpected interrupt, INTEVT 0x%03lx", evt);
	}
	if (intc_priority(src) <= masked_at) {
		intc_defer(src);
		return;
	}

	this_cpu()->irqs++;
	irq_enter();
	/* Quieten the source first, while nothing can interrupt us... */
	switch (src) {
	case INTC_TMU0:
		tmu_tick_ack();
		break;
	case INTC_SCIF:
		scif_ack(evt);
		break;
	default:
		report(regs, "Unexpected interrupt", "source without a driver");
		panic("interrupt from an unused source, INTEVT 0x%03lx", evt);
	}
	/* ...then handle it with interrupts off: only the pseudo-NMI nests. */
	sh_set_imask(IRQ_LEVEL_OFF);
	if (src == INTC_TMU0)
		tmu_tick_interrupt();
	else
		scif_interrupt(evt);
	/* May switch threads: this frame then waits on this stack. */
	irq_exit();

	/*
	 * Let in what was held back while we ran, if the code we return to
	 * has it unmasked. This is done at that code's own level, so the
	 * replayed interrupt nests here and is handled before we return.
	 * (Replaying at IMASK 15 and leaving it pending for rte to unmask
	 * lost interrupts for good under QEMU 7.2: vectors.S explains the
	 * mechanism at sh_trap_return.)
	 */
	if (intc_deferred && masked_at < IRQ_LEVEL_OFF) {
		sh_set_imask(masked_at);
		intc_replay();
	}
	/* The way out (vectors.S) runs with IMASK 15, then BL. */
	sh_set_imask(IRQ_LEVEL_ALL);
}
