/*
 * smp.c - run a function on other CPUs and wait for them. One call is in
 * flight at a time; its lock is taken with interrupts on, so that two CPUs
 * calling at once cannot each wait for the other to answer an IPI.
 */
#include "arch.h"
#include "percpu.h"
#include "printk.h"
#include "smp.h"

static struct spinlock call_lock = SPINLOCK_INIT("smp_call");
static void (*call_fn)(void *);
static void *call_arg;
static volatile u32 call_pending;

void smp_ipi_handler(void)
{
	void (*fn)(void *) = READ_ONCE(call_fn);
	void *arg = READ_ONCE(call_arg);

	if (!fn)
		return;
	fn(arg);
	__atomic_fetch_sub(&call_pending, 1, __ATOMIC_RELEASE);
}

static unsigned call_start(const bool *targets, void (*fn)(void *), void *arg)
{
	unsigned n = 0;

	if (!arch_irqs_enabled())
		panic("smp_call with interrupts off would deadlock");
	spin_lock(&call_lock);
	for (unsigned i = 0; i < nr_cpus; i++)
		if (targets[i])
			n++;
	call_fn = fn;
	call_arg = arg;
	__atomic_store_n(&call_pending, n, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < nr_cpus; i++)
		if (targets[i])
			arch_send_call_ipi(i);
	return n;
}

void smp_call_wait(void)
{
	while (__atomic_load_n(&call_pending, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	call_fn = NULL;
	spin_unlock(&call_lock);
}

static void call_mask(const bool *targets, void (*fn)(void *), void *arg)
{
	call_start(targets, fn, arg);
	smp_call_wait();
}

unsigned smp_call_others_async(void (*fn)(void *), void *arg)
{
	bool targets[NR_CPUS] = { false };
	unsigned me = arch_cpu_id();

	for (unsigned i = 0; i < nr_cpus; i++)
		targets[i] = i != me && per_cpu(cpus, i).online;
	return call_start(targets, fn, arg);
}

void smp_call_others(void (*fn)(void *), void *arg)
{
	bool targets[NR_CPUS] = { false };
	/* Threads never migrate, so "this CPU" stays true throughout. */
	unsigned me = arch_cpu_id();

	for (unsigned i = 0; i < nr_cpus; i++)
		targets[i] = i != me && per_cpu(cpus, i).online;
	call_mask(targets, fn, arg);
}

void smp_call_on(unsigned cpu, void (*fn)(void *), void *arg)
{
	bool targets[NR_CPUS] = { false };
	unsigned long flags;

	if (cpu == arch_cpu_id()) {
		flags = arch_irq_save();
		fn(arg);
		arch_irq_restore(flags);
		return;
	}
	targets[cpu] = true;
	call_mask(targets, fn, arg);
}
