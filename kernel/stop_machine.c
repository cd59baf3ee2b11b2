/*
 * stop_machine.c - stop every other CPU while kernel text changes
 * (docs/patching.md). Built without -pg: the CPUs spin here while call
 * sites are being rewritten, so nothing here may pass through one.
 */
#include "arch.h"
#include "ftrace_arch.h"
#include "smp.h"
#include "stop_machine.h"

struct stop_state {
	int (*fn)(void *);
	void *data;
	volatile u32 arrived;
	volatile u32 release;
};

struct stop_machine_stats stop_machine_stats;

/* Runs in the IPI handler, so interrupts are already off. */
static void stop_cpu(void *p)
{
	struct stop_state *st = p;
	u64 t0 = arch_clock_ns();

	__atomic_fetch_add(&st->arrived, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&st->release, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	/* The text may have changed under our feet: refetch. */
	arch_sync_core();
	__atomic_fetch_add(&stop_machine_stats.held_ns, arch_clock_ns() - t0,
			   __ATOMIC_RELAXED);
}

int stop_machine(int (*fn)(void *), void *data)
{
	struct stop_state st = { fn, data, 0, 0 };
	unsigned long flags;
	unsigned others;
	u64 t0 = arch_clock_ns();
	int ret;

	others = smp_call_others_async(stop_cpu, &st);
	flags = arch_irq_save();
	while (__atomic_load_n(&st.arrived, __ATOMIC_ACQUIRE) < others)
		arch_cpu_relax();
	ret = fn(data);
	arch_sync_core();
	__atomic_store_n(&st.release, 1, __ATOMIC_RELEASE);
	arch_irq_restore(flags);
	smp_call_wait();

	stop_machine_stats.calls++;
	stop_machine_stats.last_ns = arch_clock_ns() - t0;
	stop_machine_stats.total_ns += stop_machine_stats.last_ns;
	return ret;
}
