/*
 * cpu.c - the small primitives every other file leans on: interrupt
 * masking, the CPU index, the clock, delays, sleeping and halting.
 *
 * Built without -pg: every tracer calls these, so they must not trace.
 *
 * Interrupt masking works with SR.IMASK. "Off" is level 14, not 15, on
 * purpose: the pseudo-NMI (a timer at priority 15, standing in for the
 * NMI that QEMU does not model for this CPU) must still arrive inside
 * critical sections, as a real NMI would. Code that must keep even the
 * pseudo-NMI out (the clock below, the 64-bit atomics) raises IMASK to 15
 * for a handful of instructions. Under QEMU, levels below 15 are enforced
 * in software by intc.c; lowering IMASK is therefore followed by a look at
 * the sources intc.c held back.
 */
#include "arch.h"
#include "sh4.h"
#include "sh_arch.h"

notrace unsigned long arch_irq_save(void)
{
	unsigned long sr = sh_get_sr();

	/* Only ever raise: inside an IMASK 15 section stay at 15. */
	if (sh_sr_level(sr) < IRQ_LEVEL_OFF)
		sh_set_sr((sr & ~SR_IMASK) | (IRQ_LEVEL_OFF << SR_IMASK_SHIFT));
	return sr;
}

notrace void arch_irq_restore(unsigned long flags)
{
	unsigned long sr = sh_get_sr();

	sh_set_sr((sr & ~SR_IMASK) | (flags & SR_IMASK));
	/*
	 * Lower first, then look: a source deferred before the ldc is seen
	 * here, and one arriving after it is taken, not deferred.
	 */
	if (unlikely(intc_deferred) && sh_sr_level(flags) < IRQ_LEVEL_OFF)
		intc_replay();
}

notrace void arch_irq_enable(void)
{
	sh_set_imask(0);
	if (unlikely(intc_deferred))
		intc_replay();
}

notrace void arch_irq_disable(void)
{
	unsigned long sr = sh_get_sr();

	if (sh_sr_level(sr) < IRQ_LEVEL_OFF)
		sh_set_sr((sr & ~SR_IMASK) | (IRQ_LEVEL_OFF << SR_IMASK_SHIFT));
}

notrace void arch_cpu_relax(void)
{
	__asm__ __volatile__("nop" ::: "memory");
}

/*
 * Enable interrupts and sleep, atomically. With SR.BL set, interrupts
 * wait, except that the SH-4 still takes them in sleep mode. So: set BL
 * with IMASK 0, sleep, and an interrupt that arrived in between wakes the
 * sleep at once instead of being handled just before it. The handler
 * returns to the instruction after sleep with BL still set (it is in the
 * saved SR), and the last ldc clears it. Nothing in the BL window can
 * fault, so the "exception with BL set" reset cannot happen here.
 */
notrace void arch_wait_for_interrupt(void)
{
	unsigned long on = sh_get_sr() & ~(SR_IMASK | SR_BL);

	sh_set_sr(on | SR_IMASK);
	if (intc_deferred)
		intc_replay_masked();
	__asm__ __volatile__("ldc	%0, sr\n\t"
			     "sleep\n\t"
			     "ldc	%1, sr"
			     :
			     : "r"(on | SR_BL), "r"(on)
			     : "memory", "t");
}

notrace void arch_halt(void)
{
	sh_set_imask(IRQ_LEVEL_ALL);
	/*
	 * Switch every source off too: with one still pending, QEMU would
	 * wake the sleep again and again only to find it masked.
	 */
	sh_writew(INTC_IPRA, 0);
	sh_writew(INTC_IPRB, 0);
	sh_writew(INTC_IPRC, 0);
	for (;;)
		__asm__ __volatile__("sleep" ::: "memory");
}

/*
 * The clock: TMU channel 1 counts down from 0xffffffff at Pphi/4 =
 * 15 MHz (66.7 ns) and wraps after 286 s. Each reading adds the ticks
 * since the previous one to a 64-bit nanosecond count; the timer tick
 * reads it 250 times a second, far more often than it wraps. A tick is
 * 200/3 ns: the remainder of the division by 3 is carried, so no time is
 * lost to rounding. IMASK 15 around it keeps the pseudo-NMI, which may
 * take a timestamp too, from seeing a half-updated state.
 */
static struct {
	u32 last; /* TCNT1 at the previous reading */
	u32 rem; /* (ticks * 200) % 3 carried over */
	u64 ns;
} clk;

notrace u64 sh_clock_ns(void)
{
	unsigned long sr = sh_set_imask(IRQ_LEVEL_ALL);
	u32 now = sh_readl(TMU_TCNT(1));
	u32 ticks = clk.last - now;
	u64 ns;

	clk.last = now;
	if (likely(ticks < 0x01000000)) {
		/*
		 * Up to 1.1 s: ticks * 200 fits in 32 bits, and x / 3 is
		 * exactly (x * 0xaaaaaaab) >> 33, a multiply instead of a
		 * 32-step division.
		 */
		u32 x = ticks * 200 + clk.rem;
		u32 q = (u32)(((u64)x * 0xaaaaaaabu) >> 33);

		clk.ns += q;
		clk.rem = x - 3 * q;
	} else {
		u64 x = (u64)ticks * 200 + clk.rem;
		clk.ns += x / 3;
		clk.rem = (u32)(x % 3);
	}
	ns = clk.ns;
	sh_set_sr(sr);
	return ns;
}

/* Start TMU1 as the free-running clock; before it runs the clock is 0. */
notrace void sh_clock_init(void)
{
	tmu_set_running(1, false);
	sh_writel(TMU_TCOR(1), 0xffffffff);
	sh_writel(TMU_TCNT(1), 0xffffffff);
	sh_writew(TMU_TCR(1), TCR_TPSC_DIV4); /* no interrupt */
	clk.last = 0xffffffff;
	tmu_set_running(1, true);
}

/* TMU1 starts in arch_early_init: what runs before it is not counted. */
u64 arch_clock_zero_ns(void)
{
	return 0;
}

/* Busy-wait on TMU1; works as soon as sh_clock_init() has run. */
notrace void arch_udelay(unsigned us)
{
	while (us) {
		unsigned chunk = us > 1000000 ? 1000000 : us;
		u32 start = sh_readl(TMU_TCNT(1));
		u32 ticks = chunk * (TMU_HZ / 1000000);

		while ((u32)(start - sh_readl(TMU_TCNT(1))) < ticks)
			arch_cpu_relax();
		us -= chunk;
	}
}
