/*
 * atomic.c - 64-bit atomic operations for the SH-4.
 *
 * With -matomic-model=soft-imask gcc makes the 1-, 2- and 4-byte __atomic
 * and __sync builtins atomic inline by raising SR.IMASK to 15 around
 * them, which is enough on a one-CPU machine. For 8 bytes it emits calls
 * to __atomic_*_8 instead, which libgcc does not have (they would live in
 * libatomic); this file provides them the same way. IMASK 15 keeps out
 * the pseudo-NMI too, so an NMI handler never sees half a 64-bit update.
 *
 * Built without -pg: the ring buffer and the tracers use these.
 */
#include "compiler.h"
#include "sh4.h"
#include "types.h"

static __always_inline unsigned long atomic_begin(void)
{
	return sh_set_imask(IRQ_LEVEL_ALL);
}

static __always_inline void atomic_end(unsigned long sr)
{
	sh_set_sr(sr);
}

notrace u64 __atomic_load_8(const volatile void *p, int order)
{
	unsigned long sr = atomic_begin();
	u64 v = *(const volatile u64 *)p;

	atomic_end(sr);
	return v;
}

notrace void __atomic_store_8(volatile void *p, u64 v, int order)
{
	unsigned long sr = atomic_begin();

	*(volatile u64 *)p = v;
	atomic_end(sr);
}

notrace u64 __atomic_exchange_8(volatile void *p, u64 v, int order)
{
	unsigned long sr = atomic_begin();
	u64 old = *(volatile u64 *)p;

	*(volatile u64 *)p = v;
	atomic_end(sr);
	return old;
}

notrace bool __atomic_compare_exchange_8(volatile void *p, void *expected,
					 u64 desired, bool weak, int success,
					 int failure)
{
	unsigned long sr = atomic_begin();
	u64 cur = *(volatile u64 *)p;
	bool ok = cur == *(u64 *)expected;

	if (ok)
		*(volatile u64 *)p = desired;
	else
		*(u64 *)expected = cur;
	atomic_end(sr);
	return ok;
}

/* __atomic_fetch_OP_8 returns the old value, __atomic_OP_fetch_8 the new. */
#define ATOMIC_RMW_8(op, expr)                                       \
	notrace u64 __atomic_fetch_##op##_8(volatile void *p, u64 v, \
					    int order)               \
	{                                                            \
		unsigned long sr = atomic_begin();                   \
		u64 old = *(volatile u64 *)p;                        \
                                                                     \
		*(volatile u64 *)p = (expr);                         \
		atomic_end(sr);                                      \
		return old;                                          \
	}                                                            \
	notrace u64 __atomic_##op##_fetch_8(volatile void *p, u64 v, \
					    int order)               \
	{                                                            \
		unsigned long sr = atomic_begin();                   \
		u64 old = *(volatile u64 *)p, new = (expr);          \
                                                                     \
		*(volatile u64 *)p = new;                            \
		atomic_end(sr);                                      \
		return new;                                          \
	}

ATOMIC_RMW_8(add, old + v)
ATOMIC_RMW_8(sub, old - v)
ATOMIC_RMW_8(and, old &v)
ATOMIC_RMW_8(or, old | v)
ATOMIC_RMW_8(xor, old ^ v)
ATOMIC_RMW_8(nand, ~(old &v))
