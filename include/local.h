/*
 * local.h - counters that only one CPU ever changes (Linux's local_t).
 *
 * They must stay whole when an interrupt or NMI lands in the middle of
 * an update on that CPU, but no other CPU writes them, so they need no
 * bus lock: on x86 a single read-modify-write instruction without the
 * lock prefix cannot be split by an interrupt; elsewhere (SH-4's
 * IMASK-15 sequences, the host) gcc's atomics are already that cheap.
 * Another CPU may read them at any time with READ_ONCE().
 */
#ifndef LOCAL_H
#define LOCAL_H

#include "compiler.h"

/* Add v to *p; return the value *p had before. */
static __always_inline unsigned long local_fetch_add(unsigned long *p,
						     unsigned long v)
{
#if defined(__x86_64__)
	__asm__ __volatile__("xaddq %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
#else
	return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
#endif
}

static __always_inline void local_inc(unsigned long *p)
{
#if defined(__x86_64__)
	__asm__ __volatile__("incq %0" : "+m"(*p) : : "memory");
#else
	__atomic_fetch_add(p, 1, __ATOMIC_RELAXED);
#endif
}

#endif
