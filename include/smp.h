/* smp.h - per-CPU data and cross-CPU function calls. */
#ifndef SMP_H
#define SMP_H

#include "arch.h"
#include "percpu.h"
#include "rb_writer.h"
#include "spinlock.h"
#include "types.h"

struct thread;

/*
 * How deep a CPU is inside one tracing path (the list function, the
 * return hook), and how often it came out of it entirely: what
 * unregistering waits on before it may free what the path reads
 * (ftrace_quiesce_wait(), trace/ftrace_internal.h).
 */
struct ftrace_quiesce {
	/* Written by their CPU only, between compiler barriers; read from
	 * afar with atomic loads. Not volatile: an increment is then one
	 * instruction. */
	unsigned depth;
	unsigned long quiescent;
};

struct cpu {
	/* First what the tracers' fast paths read on every event, within
	 * the short displacements SH-4's loads reach (60 bytes). */
	struct thread *current;
	int preempt_count;
	volatile bool need_resched;
	volatile bool online;
	unsigned id;
	/* The tracers' words, here so that their fast paths reach them
	 * from the register that holds this struct: the return hook's
	 * (trace/fgraph_hook.h), the list function's (trace/ftrace_ops.c),
	 * the thread whose name the trace saved last (trace/trace.h) and,
	 * below, the ring buffer's writer. */
	struct ftrace_quiesce fgraph_q;
	struct ftrace_quiesce list_q;
	struct thread *trace_last_recorded;
	struct thread *idle;
	/* Round-robin run queue of this CPU, protected by rq_lock, which is
	 * held across a switch and released by the thread switched to. */
	struct spinlock rq_lock;
	struct thread *rq_head, *rq_tail;
	unsigned rq_len;
	struct thread *sleepers; /* T_SLEEPING, by deadline */
	struct thread *dead; /* exited, freed after the switch away */
	u64 switch_at; /* when current started running */
	u64 ticks;
	u64 irqs;
	u64 ipis;
	u64 nmis;
	u64 idle_ns, busy_since;
	struct rb_writer rb;
} __aligned(256); /* a power of two: &cpus[i] is one shift, and the
		   * tracers' fast paths find it many times per event */

/* Every CPU's struct before it starts. trace_last_recorded is never a
 * thread: a CPU records its first event the slow way, so that the fast
 * path may read the thread's id unchecked. */
#define CPU_NO_THREAD ((struct thread *)1)
#define CPU_INIT                                                           \
	{                                                                  \
		.trace_last_recorded = CPU_NO_THREAD, .rb = RB_WRITER_INIT \
	}

extern DEFINE_PER_CPU(struct cpu, cpus);
extern unsigned nr_cpus; /* CPUs brought online */

static __always_inline struct cpu *this_cpu(void)
{
	return &per_cpu(cpus, arch_cpu_id());
}

/*
 * preempt_count says, as on Linux, what context a CPU is in: its low
 * byte counts preempt_disable() nesting, the fields above it interrupt
 * and NMI nesting. The scheduler switches only when all of it is 0; the
 * tracers read the context from it.
 */
#define PREEMPT_MASK 0x000000ff
#define HARDIRQ_OFFSET 0x00010000
#define HARDIRQ_MASK 0x000f0000
#define NMI_OFFSET 0x00100000
#define NMI_MASK 0x00f00000

static __always_inline bool in_nmi(void)
{
	return this_cpu()->preempt_count & NMI_MASK;
}

static __always_inline bool in_irq(void)
{
	return this_cpu()->preempt_count & HARDIRQ_MASK;
}

/* The arch calls these first and last in every NMI (after and before the
 * ftrace NMI hook) and every interrupt. Inline, so that nothing traced
 * runs before the context is known. irq_exit() may switch threads. */
static __always_inline void nmi_enter(void)
{
	this_cpu()->preempt_count += NMI_OFFSET;
	barrier();
}

static __always_inline void nmi_exit(void)
{
	barrier();
	this_cpu()->preempt_count -= NMI_OFFSET;
}

static __always_inline void irq_enter(void)
{
	this_cpu()->preempt_count += HARDIRQ_OFFSET;
	barrier();
}

void sched_irq_exit(void);
static __always_inline void irq_exit(void)
{
	barrier();
	this_cpu()->preempt_count -= HARDIRQ_OFFSET;
	sched_irq_exit();
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
