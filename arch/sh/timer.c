/*
 * timer.c - the periodic tick: TMU channel 0 underflows TICK_HZ (250)
 * times a second and its interrupt drives the scheduler.
 *
 * The three TMU channels: 0 is this tick, 1 is the free-running clock
 * (cpu.c), 2 is the pseudo-NMI (nmi.c), at priority 15.
 */
#include "arch.h"
#include "printk.h"
#include "sched.h"
#include "sh4.h"
#include "sh_arch.h"

/* Below IRQ_LEVEL_OFF (14) so that "interrupts off" holds it back. */
#define TICK_PRIORITY 12
/* 60000 counts of 15 MHz, as x86 ticks at 250 Hz too. The TMU
 * underflows after TCOR + 1 counts. */
#define TICK_COUNT (TMU_HZ / TICK_HZ)

void tmu_tick_start(void)
{
	tmu_set_running(0, false);
	sh_writel(TMU_TCOR(0), TICK_COUNT - 1);
	sh_writel(TMU_TCNT(0), TICK_COUNT - 1);
	sh_writew(TMU_TCR(0), TCR_UNIE | TCR_TPSC_DIV4);
	intc_set_priority(INTC_TMU0, TICK_PRIORITY);
	tmu_set_running(0, true);
}

/*
 * Writing TCR with UNF = 0 acknowledges the underflow. The interrupt is a
 * level: sh_handle_interrupt() calls this while IMASK is still 15, since
 * under QEMU (intc.c) a still-pending tick would otherwise be delivered
 * again as soon as the handler lowers IMASK to 14.
 */
void tmu_tick_ack(void)
{
	sh_writew(TMU_TCR(0), TCR_UNIE | TCR_TPSC_DIV4);
}

/* Runs at IMASK 14, from sh_handle_interrupt(). */
void tmu_tick_interrupt(void)
{
	/* Keep the clock's 32-bit counter from wrapping unseen. */
	arch_clock_ns();
	sched_tick();
}
