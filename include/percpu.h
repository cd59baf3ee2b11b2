/*
 * percpu.h - the kernel's one way to have data per CPU: an array of
 * NR_CPUS elements, indexed by CPU number, declared and reached only
 * through these macros. Each element of a per-CPU structure should be
 * aligned to a cache line where CPUs write their own often (the
 * structure's own __aligned says so).
 */
#ifndef PERCPU_H
#define PERCPU_H

#include "arch.h"

#define DEFINE_PER_CPU(type, name) __typeof__(type) name[NR_CPUS]
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name[NR_CPUS]
/* The element of cpu (an lvalue). */
#define per_cpu(name, cpu) ((name)[(cpu)])
/* The running CPU's element; only meaningful while it cannot migrate. */
#define this_cpu_ptr(name) (&(name)[arch_cpu_id()])

#endif
