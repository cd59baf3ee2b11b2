/*
 * nmi.c - the pseudo-NMI: TMU channel 2 at interrupt priority 15, standing
 * in for the NMI that QEMU does not model for this CPU.
 *
 * Why a stand-in. The ftrace NMI handshake (docs/nmi.md,
 * trace/nmi_handshake.c) exists because nothing can keep an NMI out while
 * call sites are rewritten. The SH7751R has an NMI pin, but QEMU's r2d
 * board never drives it (its monitor's "nmi" answers "not supported"), so
 * without a substitute no NMI would ever run on SH and the handshake would
 * go untested.
 *
 * How it works. An SH-4 takes an interrupt whose priority is above
 * SR.IMASK. The kernel's "interrupts off" (arch_irq_save() in cpu.c) sets
 * IMASK to 14, never to 15 (sh4.h), so a source at priority 15 still gets
 * in inside every critical section, stop_machine and the patcher included:
 * to the kernel it is unmaskable, like an NMI. TMU2 is that source (TMU0
 * is the tick, TMU1 the clock). Only IMASK 15 keeps it out, and the kernel
 * raises IMASK to 15 only for a handful of instructions at a time: the
 * soft-imask atomics, the clock read, the trap entry and exit (and this
 * handler, which an NMI must not interrupt anyway). An NMI that falls due
 * in such a window waits (it is a level in the controller) and is taken
 * as soon as the window closes, well under a microsecond later. That is
 * fine: a real NMI waits for the instruction in progress too, and a late
 * NMI is still an NMI; nothing in those windows runs traced code.
 *
 * QEMU ignores priorities and delivers any enabled source while IMASK is
 * below 15; traps.c holds back what the interrupted IMASK should have
 * masked (intc.c). Nothing needs holding back at priority 15: QEMU
 * refuses every source at IMASK 15, which is exactly when the real chip
 * would refuse this one.
 *
 * The handler runs at IMASK 15 from start to end, so NMIs do not nest (an
 * x86 CPU blocks NMIs until iret, too), and returns straight to the code
 * it interrupted, which may be any thread, interrupt handler or
 * interrupts-off section: it never reschedules (no sched_irq_exit()),
 * replays no held-back interrupt and takes no lock. An interrupt that
 * fell due meanwhile is taken once the NMI has returned; vectors.S
 * (sh_trap_return) explains why that needs care under QEMU. The file is
 * built without -pg: until ftrace_nmi_enter() has run, the patcher we may
 * have interrupted can be halfway through rewriting a call site.
 */
#include "arch.h"
#include "ftrace.h"
#include "sh4.h"
#include "sh_arch.h"
#include "smp.h"

extern volatile int panic_in_progress;

#define NMI_TMU 2
/* Above IRQ_LEVEL_OFF: the kernel's "interrupts off" does not mask it. */
#define NMI_PRIORITY IRQ_LEVEL_ALL
#define NMI_TCR (TCR_UNIE | TCR_TPSC_DIV4)
/*
 * 50 us between NMIs, as on x86. QEMU's timers go no faster than 10 us a
 * period, and they fire late now and then: measured with fib running,
 * 10000 Hz asked gave 9800 NMIs a second and 20000 gave about 14600, the
 * rest merging into the NMI still pending (a real CPU merges NMIs that
 * way too), with a third of the CPU spent in the handler. Beyond this the
 * machine would do little else.
 */
#define NMI_WATCHDOG_MAX_HZ 20000
/* What arch_send_nmi() loads: underflow on the next count (QEMU rounds
 * any period up to 10 us). */
#define NMI_SEND_COUNT 1
/* Reload value while no watchdog runs: the channel is stopped long
 * before this (286 s) comes round again. */
#define NMI_IDLE_COUNT 0xffffffff

/* Counts per watchdog period; 0 while the watchdog is off. */
static volatile u32 nmi_wd_count;
/* arch_send_nmi() asked for an NMI that has not been taken yet. */
static volatile bool nmi_sent;

/* Called from arch_late_init(), with interrupts off. */
void sh_nmi_init(void)
{
	tmu_set_running(NMI_TMU, false);
	sh_writel(TMU_TCOR(NMI_TMU), NMI_IDLE_COUNT);
	sh_writel(TMU_TCNT(NMI_TMU), NMI_IDLE_COUNT);
	sh_writew(TMU_TCR(NMI_TMU), NMI_TCR);
	/*
	 * Set once and never changed: the channel is started and stopped
	 * instead. A priority field must not go from one level to another
	 * under QEMU (intc.c), and 0 would make it maskable.
	 */
	intc_set_priority(INTC_TMU2, NMI_PRIORITY);
}

/*
 * A one-shot (no watchdog) stops the channel; then the underflow is
 * acknowledged by writing UNF as 0. Done before the traced work, so that
 * a watchdog period that ends meanwhile raises the next NMI instead of
 * being lost.
 */
static void nmi_source_ack(void)
{
	if (!nmi_wd_count)
		tmu_set_running(NMI_TMU, false);
	sh_writew(TMU_TCR(NMI_TMU), NMI_TCR);
	nmi_sent = false;
}

/* sh_handle_interrupt() calls this for INTEVT 0x440, at IMASK 15. */
void sh_nmi_interrupt(void)
{
	ftrace_nmi_enter();
	nmi_enter();
	this_cpu()->nmis++;
	if (panic_in_progress) {
		/*
		 * x86 halts here: there the NMI stops another CPU while the
		 * panicking one reports. This board has one CPU, so the code
		 * we interrupted is the panic itself, and halting would cut
		 * its report short. Silence the source and let it finish;
		 * it ends in arch_halt().
		 */
		nmi_wd_count = 0;
		nmi_source_ack();
		nmi_exit();
		ftrace_nmi_exit();
		return;
	}
	nmi_source_ack();
	nmi_handler();
	nmi_exit();
	ftrace_nmi_exit();
}

/*
 * Make cpu 0 take one NMI, promptly: TMU2's counter is loaded with one
 * count. With the watchdog off the reload value is huge and the handler
 * stops the channel. With the watchdog on, only the current period is cut
 * short: the counter reloads the watchdog's count as usual, so the rate
 * stays and the phase moves (the next watchdog NMI comes one full period
 * after this one). NMIs sent before the last one was taken merge into
 * one, as a real CPU's single pending-NMI latch would merge them.
 */
void arch_send_nmi(unsigned cpu)
{
	unsigned long sr;

	if (cpu != 0)
		return; /* r2d has one CPU */
	sr = sh_set_imask(IRQ_LEVEL_ALL);
	if (!nmi_wd_count)
		sh_writel(TMU_TCOR(NMI_TMU), NMI_IDLE_COUNT);
	sh_writel(TMU_TCNT(NMI_TMU), NMI_SEND_COUNT);
	nmi_sent = true;
	tmu_set_running(NMI_TMU, true);
	sh_set_sr(sr);
}

/*
 * Periodic NMIs at hz (0: none). TMU2 underflows after TCOR + 1 counts of
 * 15 MHz, so any rate up to the maximum is exact to 67 ns a period. An
 * NMI already latched stays pending (UNF is left alone), and one that was
 * sent but has not underflowed yet is loaded again, so that a change of
 * rate never swallows an arch_send_nmi().
 */
int arch_nmi_watchdog_set(unsigned hz)
{
	u32 count = hz ? TMU_HZ / hz : 0;
	unsigned long sr;
	bool owed;

	if (hz > NMI_WATCHDOG_MAX_HZ)
		return -EINVAL;
	sr = sh_set_imask(IRQ_LEVEL_ALL);
	tmu_set_running(NMI_TMU, false);
	owed = nmi_sent && !(sh_readw(TMU_TCR(NMI_TMU)) & TCR_UNF);
	nmi_wd_count = count;
	if (count || owed) {
		sh_writel(TMU_TCOR(NMI_TMU),
			  count ? count - 1 : NMI_IDLE_COUNT);
		sh_writel(TMU_TCNT(NMI_TMU), owed ? NMI_SEND_COUNT : count - 1);
		tmu_set_running(NMI_TMU, true);
	}
	sh_set_sr(sr);
	return count ? (int)((TMU_HZ + count / 2) / count) : 0;
}

unsigned arch_nmi_watchdog_max_hz(void)
{
	return NMI_WATCHDOG_MAX_HZ;
}
