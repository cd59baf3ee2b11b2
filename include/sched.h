/* sched.h - kernel threads and the per-CPU round-robin scheduler. */
#ifndef SCHED_H
#define SCHED_H

#include "compiler.h"
#include "spinlock.h"
#include "types.h"

#define THREAD_STACK_PAGES 4
#define THREAD_NAME_MAX 16
#define SCHED_SLICE_TICKS 4

enum thread_state { T_RUNNABLE, T_RUNNING, T_SLEEPING, T_BLOCKED, T_DEAD };

struct waitq;

struct thread {
	int tid;
	char name[THREAD_NAME_MAX];
	enum thread_state state;
	unsigned cpu; /* the CPU whose run queue holds it */
	int pinned; /* -1, or the only CPU it may run on */
	unsigned long sp; /* saved stack pointer while switched out */
	void *stack; /* lowest address of the kernel stack */
	void (*entry)(void *);
	void *arg;
	u64 wake_at; /* T_SLEEPING: arch_clock_ns() deadline */
	u64 runtime_ns;
	u64 switches;
	struct thread *rq_next; /* run queue link */
	struct thread *wq_next; /* wait queue link */
	struct thread *all_next; /* list of every thread */
	struct waitq *exit_wq;
	int slice;
	void *trace_data; /* per-thread state of a tracer (ret stack) */
	bool console_fg; /* part of the console's command: gets its Ctrl-C */
	bool interruptible; /* its sleep or wait ends early at a signal */
	bool kicked; /* sched_kick(): its next interruptible sleep ends */
};

struct waitq {
	struct spinlock lock;
	struct thread *head;
};
#define WAITQ_INIT(n)                  \
	{                              \
		SPINLOCK_INIT(n), NULL \
	}

void sched_init(void);
void sched_init_ap(unsigned cpu);
/* Create a runnable thread; cpu < 0 lets the scheduler choose. */
struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg,
			      int cpu);
__noreturn void kthread_exit(void);
struct thread *current_thread(void);

void schedule(void);
void yield(void);
void sleep_ns(u64 ns);
void msleep(unsigned ms);
/* Sleep on wq until cond() is true (checked under wq's lock). */
void waitq_wait(struct waitq *wq, bool (*cond)(void *), void *arg);
void waitq_wake_all(struct waitq *wq);

/*
 * Ctrl-C. While the shell runs a console command, a Ctrl-C typed at the
 * console is not input: it raises a signal that the command's threads (the
 * shell thread, and threads given to signal_share()) see through
 * signal_pending() until the shell clears it before the next command.
 * A long command polls signal_pending() in its loops and waits with the
 * interruptible calls below, which the signal ends at once.
 */
/* True when the current thread has been interrupted; cheap, lock-free. */
bool signal_pending(void);
/* Forget a Ctrl-C: the shell calls it before each command. */
void signal_clear(void);
/* Let t see the console command's Ctrl-C too (a thread it waits on). */
void signal_share(struct thread *t);
/* Raise the signal and wake the interrupted threads (console_rx). */
void signal_console_interrupt(void);
/* Sleep ms: -EINTR as soon as a signal is pending; 0 when the time is
 * up, or earlier if sched_kick() ended the sleep. */
int msleep_interruptible(unsigned ms);
/* Like waitq_wait; 0 once cond() holds, or -EINTR at a signal. */
int waitq_wait_interruptible(struct waitq *wq, bool (*cond)(void *), void *arg);
/* End t's interruptible sleep or wait now (the signal's waker). */
void sched_interrupt(struct thread *t);
/* End t's interruptible sleep now, or if it is not in one, its next one:
 * for a thread told to stop by a flag it tests before it sleeps. */
void sched_kick(struct thread *t);

/* Called by the arch on every timer tick, on every CPU, interrupts off. */
void sched_tick(void);
/* From irq_exit() (smp.h), at the end of every interrupt: switch
 * threads if one should run and nothing forbids it. */
void sched_irq_exit(void);
/* Where arch_thread_setup() makes a new thread begin. */
__noreturn void thread_start(void);
/* Each CPU's idle loop, after its own set-up. */
__noreturn void cpu_idle_loop(void);

void preempt_disable(void);
void preempt_enable(void);

/* For ps: call fn for each thread under the thread-list lock. */
void for_each_thread(void (*fn)(struct thread *t, void *data), void *data);

#endif
