/*
 * nmi.c - what an NMI does once the ftrace handshake has let it in. The
 * watchdog's work is deliberately made of ordinary traced functions, so
 * that NMIs really run code whose call sites are being rewritten.
 */
#include "arch.h"
#include "percpu.h"
#include "ftrace.h"
#include "smp.h"

static DEFINE_PER_CPU(u64, nmi_heartbeats);
static DEFINE_PER_CPU(u64, nmi_last_ticks);
static DEFINE_PER_CPU(u64, nmi_stuck);

__noinline void nmi_watchdog_touch(unsigned cpu)
{
	per_cpu(nmi_heartbeats, cpu)++;
}

/* A CPU whose tick has not moved across many NMIs has interrupts off for
 * a long time: count it (a real watchdog would report a lockup). */
__noinline void nmi_watchdog_check(unsigned cpu)
{
	u64 ticks = per_cpu(cpus, cpu).ticks;

	if (ticks == per_cpu(nmi_last_ticks, cpu))
		per_cpu(nmi_stuck, cpu)++;
	else
		per_cpu(nmi_stuck, cpu) = 0;
	per_cpu(nmi_last_ticks, cpu) = ticks;
	nmi_watchdog_touch(cpu);
}

u64 nmi_watchdog_beats(unsigned cpu)
{
	return READ_ONCE(per_cpu(nmi_heartbeats, cpu));
}

void nmi_handler(void)
{
	nmi_watchdog_check(arch_cpu_id());
}
