/*
 * sched.c - kernel threads and a preemptive round-robin scheduler, one run
 * queue per CPU. Threads never migrate: a thread is created on a CPU and
 * stays there, so waking it only ever touches the run queue of a CPU that
 * may still be switching away from it, whose lock we then wait for.
 *
 * Locking: each CPU's rq_lock protects its run queue, its sleepers and the
 * state of threads on it. schedule() takes it, switches, and the thread we
 * switched to releases it (finish_switch). Wait queues take their own lock
 * first, then the run queue's.
 */
#include "arch.h"
#include "ftrace.h"
#include "percpu.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "smp.h"

DEFINE_PER_CPU(struct cpu, cpus) = { [0 ... NR_CPUS - 1] = CPU_INIT };
_Static_assert(sizeof(struct cpu) == 256, "struct cpu's alignment");
unsigned nr_cpus = 1;

static struct spinlock threads_lock = SPINLOCK_INIT("threads");
static struct thread *all_threads;
static int next_tid;
static unsigned next_cpu;

struct thread *current_thread(void)
{
	return this_cpu()->current;
}

static void rq_push(struct cpu *c, struct thread *t)
{
	t->rq_next = NULL;
	if (c->rq_tail)
		c->rq_tail->rq_next = t;
	else
		c->rq_head = t;
	c->rq_tail = t;
	c->rq_len++;
}

static struct thread *rq_pop(struct cpu *c)
{
	struct thread *t = c->rq_head;

	if (t) {
		c->rq_head = t->rq_next;
		if (!c->rq_head)
			c->rq_tail = NULL;
		c->rq_len--;
	}
	return t;
}

static void list_add(struct thread *t)
{
	unsigned long flags = spin_lock_irqsave(&threads_lock);
	t->tid = next_tid++;
	t->all_next = all_threads;
	all_threads = t;
	spin_unlock_irqrestore(&threads_lock, flags);
}

static void list_del(struct thread *t)
{
	unsigned long flags = spin_lock_irqsave(&threads_lock);
	for (struct thread **pp = &all_threads; *pp; pp = &(*pp)->all_next)
		if (*pp == t) {
			*pp = t->all_next;
			break;
		}
	spin_unlock_irqrestore(&threads_lock, flags);
}

void for_each_thread(void (*fn)(struct thread *t, void *data), void *data)
{
	unsigned long flags = spin_lock_irqsave(&threads_lock);
	for (struct thread *t = all_threads; t; t = t->all_next)
		fn(t, data);
	spin_unlock_irqrestore(&threads_lock, flags);
}

/* The boot context of each CPU becomes its idle thread. */
static void make_idle_thread(unsigned cpu)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (!t)
		panic("sched: no memory for the idle thread");
	snprintf(t->name, sizeof(t->name), "idle/%u", cpu);
	t->state = T_RUNNING;
	t->cpu = cpu;
	t->pinned = (int)cpu;
	per_cpu(cpus, cpu).idle = t;
	per_cpu(cpus, cpu).current = t;
	per_cpu(cpus, cpu).rq_lock = (struct spinlock)SPINLOCK_INIT("rq");
	list_add(t);
}

void sched_init(void)
{
	make_idle_thread(0);
}

void sched_init_ap(unsigned cpu)
{
	make_idle_thread(cpu);
}

/*
 * An idle CPU sleeps in hlt until its next tick; when work arrives for it
 * from elsewhere, mark it and say whether it needs an IPI to wake now.
 * Called with c->rq_lock held.
 */
static bool kick_if_idle(struct cpu *c)
{
	if (c->current != c->idle)
		return false;
	c->need_resched = true;
	return c != this_cpu();
}

static unsigned pick_cpu(void)
{
	unsigned best = next_cpu++ % nr_cpus;

	for (unsigned i = 0; i < nr_cpus; i++)
		if (per_cpu(cpus, i).online &&
		    per_cpu(cpus, i).rq_len < per_cpu(cpus, best).rq_len)
			best = i;
	return best;
}

struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg,
			      int cpu)
{
	struct thread *t;
	struct cpu *c;
	unsigned long flags;
	bool kick;

	if (cpu >= 0 &&
	    ((unsigned)cpu >= nr_cpus || !per_cpu(cpus, cpu).online))
		return NULL;
	t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	t->stack = page_alloc(THREAD_STACK_PAGES);
	if (!t->stack) {
		kfree(t);
		return NULL;
	}
	strlcpy(t->name, name, sizeof(t->name));
	t->entry = fn;
	t->arg = arg;
	t->pinned = cpu;
	t->cpu = cpu >= 0 ? (unsigned)cpu : pick_cpu();
	t->slice = SCHED_SLICE_TICKS;
	arch_thread_setup(t, (char *)t->stack + THREAD_STACK_PAGES * PAGE_SIZE);
	list_add(t);
	ftrace_graph_init_thread(t);

	c = &per_cpu(cpus, t->cpu);
	flags = spin_lock_irqsave(&c->rq_lock);
	t->state = T_RUNNABLE;
	rq_push(c, t);
	kick = kick_if_idle(c);
	spin_unlock_irqrestore(&c->rq_lock, flags);
	if (kick)
		arch_send_resched_ipi(t->cpu);
	return t;
}

/* The second half of a switch, run by the thread switched to. */
static void finish_switch(void)
{
	struct cpu *c = this_cpu();
	struct thread *dead = c->dead;

	c->dead = NULL;
	c->switch_at = arch_clock_ns();
	spin_unlock(&c->rq_lock);
	if (dead) {
		list_del(dead);
		ftrace_graph_exit_thread(dead);
		page_free(dead->stack, THREAD_STACK_PAGES);
		kfree(dead);
	}
}

/* Called with interrupts off and this CPU's rq_lock held. */
static void schedule_locked(struct cpu *c)
{
	struct thread *prev = c->current, *next;
	u64 now = arch_clock_ns();

	if (prev->state == T_RUNNING && prev != c->idle) {
		prev->state = T_RUNNABLE;
		rq_push(c, prev);
	}
	next = rq_pop(c);
	if (!next)
		next = c->idle;
	if (next == prev) {
		prev->state = T_RUNNING;
		spin_unlock(&c->rq_lock);
		return;
	}
	prev->runtime_ns += now - c->switch_at;
	next->state = T_RUNNING;
	next->slice = SCHED_SLICE_TICKS;
	next->switches++;
	c->current = next;
	arch_switch(&prev->sp, next->sp);
	finish_switch();
}

void schedule(void)
{
	unsigned long flags = arch_irq_save();
	struct cpu *c = this_cpu();

	spin_lock(&c->rq_lock);
	schedule_locked(c);
	arch_irq_restore(flags);
}

void yield(void)
{
	schedule();
}

void thread_start(void)
{
	struct thread *t;

	finish_switch();
	arch_irq_enable();
	t = current_thread();
	t->entry(t->arg);
	kthread_exit();
}

void kthread_exit(void)
{
	struct cpu *c;

	arch_irq_disable();
	c = this_cpu();
	spin_lock(&c->rq_lock);
	c->current->state = T_DEAD;
	c->dead = c->current;
	schedule_locked(c);
	panic("a dead thread was scheduled");
}

/* Put t, this CPU's current thread, among its sleepers until ns from now
 * and switch away. Called with interrupts off and c->rq_lock held. */
static void sleep_locked(struct cpu *c, struct thread *t, u64 ns)
{
	struct thread **pp;

	t->wake_at = arch_clock_ns() + ns;
	t->state = T_SLEEPING;
	for (pp = &c->sleepers; *pp && (*pp)->wake_at <= t->wake_at;
	     pp = &(*pp)->rq_next)
		;
	t->rq_next = *pp;
	*pp = t;
	schedule_locked(c);
}

void sleep_ns(u64 ns)
{
	unsigned long flags = arch_irq_save();
	struct cpu *c = this_cpu();

	spin_lock(&c->rq_lock);
	sleep_locked(c, c->current, ns);
	arch_irq_restore(flags);
}

void msleep(unsigned ms)
{
	sleep_ns((u64)ms * 1000000);
}

/*
 * The signal and the kick are tested under the run queue lock, which their
 * wakers also take (interrupt()): either we see them here or the waker
 * sees us asleep and wakes us.
 */
int msleep_interruptible(unsigned ms)
{
	unsigned long flags = arch_irq_save();
	struct cpu *c = this_cpu();
	struct thread *t = c->current;

	spin_lock(&c->rq_lock);
	if (signal_pending() || t->kicked) {
		t->kicked = false;
		spin_unlock(&c->rq_lock);
		arch_irq_restore(flags);
		return signal_pending() ? -EINTR : 0;
	}
	t->interruptible = true;
	sleep_locked(c, t, (u64)ms * 1000000);
	t->interruptible = false;
	t->kicked = false;
	arch_irq_restore(flags);
	return signal_pending() ? -EINTR : 0;
}

static void waitq_unlink(struct waitq *wq, struct thread *t)
{
	for (struct thread **pp = &wq->head; *pp; pp = &(*pp)->wq_next)
		if (*pp == t) {
			*pp = t->wq_next;
			return;
		}
}

static int wait_common(struct waitq *wq, bool (*cond)(void *), void *arg,
		       bool intr)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&wq->lock);
		struct cpu *c;
		struct thread *t;

		if (cond(arg)) {
			spin_unlock_irqrestore(&wq->lock, flags);
			return 0;
		}
		c = this_cpu();
		t = c->current;
		/* Holding the run queue lock from here to the switch means a
		 * waker cannot requeue us before we are off this stack. */
		spin_lock(&c->rq_lock);
		if (intr && signal_pending()) {
			spin_unlock(&c->rq_lock);
			spin_unlock_irqrestore(&wq->lock, flags);
			return -EINTR;
		}
		t->wq_next = wq->head;
		wq->head = t;
		t->state = T_BLOCKED;
		t->interruptible = intr;
		spin_unlock(&wq->lock);
		schedule_locked(c);
		t->interruptible = false;
		arch_irq_restore(flags);
		if (intr) {
			/* A signal wakes us while we are still queued. */
			flags = spin_lock_irqsave(&wq->lock);
			waitq_unlink(wq, t);
			spin_unlock_irqrestore(&wq->lock, flags);
		}
	}
}

void waitq_wait(struct waitq *wq, bool (*cond)(void *), void *arg)
{
	wait_common(wq, cond, arg, false);
}

int waitq_wait_interruptible(struct waitq *wq, bool (*cond)(void *), void *arg)
{
	return wait_common(wq, cond, arg, true);
}

/* Make t runnable on its CPU; says whether that CPU needs an IPI.
 * Called with that CPU's rq_lock held. */
static bool make_runnable(struct cpu *c, struct thread *t)
{
	t->state = T_RUNNABLE;
	rq_push(c, t);
	return kick_if_idle(c);
}

static void wake(struct thread *t)
{
	struct cpu *c = &per_cpu(cpus, t->cpu);
	bool kick = false;

	spin_lock(&c->rq_lock);
	if (t->state == T_BLOCKED)
		kick = make_runnable(c, t);
	spin_unlock(&c->rq_lock);
	if (kick)
		arch_send_resched_ipi(t->cpu);
}

static void interrupt(struct thread *t, bool latch)
{
	struct cpu *c = &per_cpu(cpus, t->cpu);
	unsigned long flags = spin_lock_irqsave(&c->rq_lock);
	bool kick = false;

	if (latch)
		t->kicked = true;
	if (t->interruptible && t->state == T_SLEEPING) {
		for (struct thread **pp = &c->sleepers; *pp;
		     pp = &(*pp)->rq_next)
			if (*pp == t) {
				*pp = t->rq_next;
				break;
			}
		kick = make_runnable(c, t);
	} else if (t->interruptible && t->state == T_BLOCKED) {
		/* It leaves the wait queue itself (wait_common). */
		kick = make_runnable(c, t);
	}
	spin_unlock_irqrestore(&c->rq_lock, flags);
	if (kick)
		arch_send_resched_ipi(t->cpu);
}

void sched_interrupt(struct thread *t)
{
	interrupt(t, false);
}

void sched_kick(struct thread *t)
{
	interrupt(t, true);
}

void waitq_wake_all(struct waitq *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	struct thread *t = wq->head;

	wq->head = NULL;
	while (t) {
		struct thread *n = t->wq_next;
		wake(t);
		t = n;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

void sched_tick(void)
{
	struct cpu *c = this_cpu();
	u64 now = arch_clock_ns();

	c->ticks++;
	spin_lock(&c->rq_lock);
	while (c->sleepers && c->sleepers->wake_at <= now) {
		struct thread *t = c->sleepers;
		c->sleepers = t->rq_next;
		make_runnable(c, t);
	}
	if (c->current == c->idle) {
		if (c->rq_head)
			c->need_resched = true;
	} else if (--c->current->slice <= 0) {
		if (c->rq_head)
			c->need_resched = true;
		else
			c->current->slice = SCHED_SLICE_TICKS;
	}
	spin_unlock(&c->rq_lock);
}

void sched_irq_exit(void)
{
	struct cpu *c = this_cpu();

	if (c->need_resched && c->preempt_count == 0) {
		c->need_resched = false;
		schedule();
	}
}

void preempt_disable(void)
{
	this_cpu()->preempt_count++;
	barrier();
}

void preempt_enable(void)
{
	barrier();
	this_cpu()->preempt_count--;
}

void cpu_idle_loop(void)
{
	struct cpu *c = this_cpu();

	for (;;) {
		arch_irq_disable();
		if (c->rq_head) {
			c->need_resched = false;
			schedule();
			continue;
		}
		arch_wait_for_interrupt();
	}
}

/* ---- mutex: a waitq whose condition is "I took the lock" ---- */

#include "mutex.h"

static bool mutex_try(void *p)
{
	struct mutex *m = p;
	int expect = 0;

	return __atomic_compare_exchange_n(&m->locked, &expect, 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void mutex_lock(struct mutex *m)
{
	waitq_wait(&m->wq, mutex_try, m);
	m->owner = current_thread();
}

void mutex_unlock(struct mutex *m)
{
	m->owner = NULL;
	__atomic_store_n(&m->locked, 0, __ATOMIC_RELEASE);
	waitq_wake_all(&m->wq);
}
