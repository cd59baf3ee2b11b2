/* spinlock.h - ticket spinlocks, with variants that save interrupt state. */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include "arch.h"
#include "compiler.h"
#include "types.h"

/* Fair: CPUs get the lock in the order they asked for it. */
struct spinlock {
	u16 next;
	u16 owner;
	const char *name;
	int holder; /* CPU holding it, -1 if none (for debugging) */
};

#define SPINLOCK_INIT(n)    \
	{                   \
		0, 0, n, -1 \
	}

static __always_inline void spin_lock(struct spinlock *l)
{
	u16 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		arch_cpu_relax();
	l->holder = (int)arch_cpu_id();
}

static __always_inline bool spin_trylock(struct spinlock *l)
{
	u16 owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	u16 expect = owner;
	if (!__atomic_compare_exchange_n(&l->next, &expect, (u16)(owner + 1),
					 false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return false;
	l->holder = (int)arch_cpu_id();
	return true;
}

static __always_inline void spin_unlock(struct spinlock *l)
{
	l->holder = -1;
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
}

static __always_inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags = arch_irq_save();
	spin_lock(l);
	return flags;
}

static __always_inline void spin_unlock_irqrestore(struct spinlock *l,
						   unsigned long flags)
{
	spin_unlock(l);
	arch_irq_restore(flags);
}

#endif
