/*
 * intc.c - the SH7751R interrupt controller: source priorities, and the
 * priority masking that QEMU leaves to us.
 *
 * On the real chip an interrupt is taken only when its priority (4 bits
 * in IPRA-IPRD) is above SR.IMASK. QEMU's model (hw/intc/sh_intc.c, still
 * so in 7.2) ignores the priority: any enabled source gets in whenever
 * IMASK is below 15. The kernel's "interrupts off" is IMASK 14 (not 15, so
 * that the pseudo-NMI at priority 15 still gets in: nmi.c), so under QEMU
 * it would mask nothing. traps.c therefore compares the source's
 * priority with the interrupted IMASK itself; a source that should not
 * have got in is "deferred": its priority field is set to 0 (which QEMU
 * does honour), and put back by intc_replay() when IMASK drops again.
 * The sources are level-triggered, so the interrupt is then taken as if
 * it had waited in the controller, which is what the hardware would do.
 *
 * A second QEMU quirk: every write that changes a priority field counts
 * as "enable", so 5 -> 6 enables the source twice and QEMU then treats it
 * as disabled. A field therefore only ever goes from 0 to a level or back.
 *
 * Built without -pg: arch_irq_restore() calls intc_replay() on the way
 * back from every interrupts-off section, tracers included.
 */
#include "arch.h"
#include "sh4.h"
#include "sh_arch.h"

struct ipr_field {
	unsigned long reg;
	unsigned shift;
};

static const struct ipr_field ipr_fields[INTC_NR_SOURCES] = {
	[INTC_TMU0] = { INTC_IPRA, 12 }, [INTC_TMU1] = { INTC_IPRA, 8 },
	[INTC_TMU2] = { INTC_IPRA, 4 },	 [INTC_RTC] = { INTC_IPRA, 0 },
	[INTC_WDT] = { INTC_IPRB, 12 },	 [INTC_REF] = { INTC_IPRB, 8 },
	[INTC_SCI1] = { INTC_IPRB, 4 },	 [INTC_GPIO] = { INTC_IPRC, 12 },
	[INTC_DMAC] = { INTC_IPRC, 8 },	 [INTC_SCIF] = { INTC_IPRC, 4 },
	[INTC_HUDI] = { INTC_IPRC, 0 },
};

/* The level each source should have, whatever the hardware holds now. */
static u8 wanted[INTC_NR_SOURCES];
/* What we wrote to IPRA, IPRB, IPRC (index (reg - IPRA) / 4). */
static u16 ipr_shadow[3];
/* Sources whose field is 0 for now because they came in while masked. */
volatile u32 intc_deferred;
/* How often that happened: shown by /proc/cpuinfo. */
volatile u32 intc_deferrals;

static notrace void ipr_write(enum intc_source src, unsigned prio)
{
	const struct ipr_field *f = &ipr_fields[src];
	u16 *shadow = &ipr_shadow[(f->reg - INTC_IPRA) / 4];

	*shadow = (u16)((*shadow & ~(0xfu << f->shift)) | (prio << f->shift));
	sh_writew(f->reg, *shadow);
}

static notrace unsigned ipr_read(enum intc_source src)
{
	const struct ipr_field *f = &ipr_fields[src];

	return (ipr_shadow[(f->reg - INTC_IPRA) / 4] >> f->shift) & 0xf;
}

/* Give src priority prio (0 disables it). */
notrace void intc_set_priority(enum intc_source src, unsigned prio)
{
	unsigned long sr = sh_set_imask(IRQ_LEVEL_ALL);

	wanted[src] = (u8)(prio & 0xf);
	intc_deferred &= ~(1u << src);
	if (ipr_read(src) && wanted[src])
		ipr_write(src, 0); /* never level -> level: see above */
	ipr_write(src, wanted[src]);
	sh_set_sr(sr);
}

notrace unsigned intc_priority(enum intc_source src)
{
	return wanted[src];
}

/* Which source an INTEVT code belongs to, or -1 (IRL pins, PCI...). */
notrace int intc_source_of(unsigned long intevt)
{
	switch (intevt) {
	case 0x400:
		return INTC_TMU0;
	case 0x420:
		return INTC_TMU1;
	case 0x440:
	case 0x460:
		return INTC_TMU2;
	case 0x480:
	case 0x4a0:
	case 0x4c0:
		return INTC_RTC;
	case 0x4e0:
	case 0x500:
	case 0x520:
	case 0x540:
		return INTC_SCI1;
	case 0x560:
		return INTC_WDT;
	case 0x580:
	case 0x5a0:
		return INTC_REF;
	case 0x600:
		return INTC_HUDI;
	case 0x620:
		return INTC_GPIO;
	case 0x640:
	case 0x660:
	case 0x680:
	case 0x6a0:
	case 0x6c0:
	case 0x780:
	case 0x7a0:
	case 0x7c0:
	case 0x7e0:
		return INTC_DMAC;
	case 0x700:
	case 0x720:
	case 0x740:
	case 0x760:
		return INTC_SCIF;
	}
	return -1;
}

/* Called with IMASK 15 by the interrupt entry: hold src back for now. */
notrace void intc_defer(enum intc_source src)
{
	ipr_write(src, 0);
	intc_deferred |= 1u << src;
	intc_deferrals++;
}

/*
 * Put the deferred sources' priorities back. The caller has IMASK at 15
 * (or BL set), so QEMU cannot deliver one of them before the caller's own
 * SR change, which is what decides whether it is taken or deferred again.
 */
notrace void intc_replay_masked(void)
{
	u32 d = intc_deferred;

	intc_deferred = 0;
	for (unsigned src = 0; d; src++, d >>= 1)
		if (d & 1)
			ipr_write(src, wanted[src]);
}

/* For code that has just lowered IMASK: let the deferred sources in. */
notrace void intc_replay(void)
{
	unsigned long sr = sh_set_imask(IRQ_LEVEL_ALL);

	intc_replay_masked();
	sh_set_sr(sr);
}
