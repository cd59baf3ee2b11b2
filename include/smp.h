/* smp.h - per-CPU data and cross-CPU function calls. */
#ifndef SMP_H
#define SMP_H

#include "arch.h"
#include "spinlock.h"
#include "types.h"

struct thread;

struct cpu {
	unsigned id;
	volatile bool online;
	struct thread *current;
	struct thread *idle;
	/* Round-robin run queue of this CPU, protected by rq_lock, which is
	 * held across a switch and released by the thread switched to. */
	struct spinlock rq_lock;
	struct thread *rq_head, *rq_tail;
	unsigned rq_len;
	struct thread *sleepers; /* T_SLEEPING, by deadline */
	struct thread *dead; /* exited, freed after the switch away */
	u64 switch_at; /* when current started running */
	volatile bool need_resched;
	int preempt_count;
	u64 ticks;
	u64 irqs;
	u64 ipis;
	u64 nmis;
	u64 idle_ns, busy_since;
} __aligned(64);

extern struct cpu cpus[NR_CPUS];
extern unsigned nr_cpus; /* CPUs brought online */

static __always_inline struct cpu *this_cpu(void)
{
	return &cpus[arch_cpu_id()];
}

/* Run fn(arg) on every other online CPU; wait until all have run it. */
void smp_call_others(void (*fn)(void *), void *arg);
/* Run fn(arg) on one CPU (may be this one); wait for it. */
void smp_call_on(unsigned cpu, void (*fn)(void *), void *arg);
/*
 * Start fn(arg) on every other online CPU and return the number of CPUs
 * asked without waiting; smp_call_wait() then waits for them. Nothing
 * else may call across CPUs in between (stop_machine is built on it).
 */
unsigned smp_call_others_async(void (*fn)(void *), void *arg);
void smp_call_wait(void);
/* Called by the arch's IPI interrupt handler. */
void smp_ipi_handler(void);

#endif
