/* compiler.h - attributes and barriers used across the kernel. */
#ifndef COMPILER_H
#define COMPILER_H

/*
 * notrace keeps a call site out of a function: gcc -pg's mcount call, or
 * in the x86_64 PATCHABLE build its entry pad (the second attribute;
 * without -fpatchable-function-entry it changes nothing). Everything that
 * runs on the way into a tracer carries it, because a traced function
 * called from the tracer would recurse.
 */
#define notrace \
	__attribute__((no_instrument_function, patchable_function_entry(0, 0)))
#define __used __attribute__((used))
#define __unused __attribute__((unused))
#define __noreturn __attribute__((noreturn))
#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __section(s) __attribute__((section(s)))
#define __noinline __attribute__((noinline))
#define __always_inline inline __attribute__((always_inline))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define barrier() __asm__ __volatile__("" ::: "memory")
/* Make gcc forget how x was computed, so that it keeps x in a register
 * instead of computing it again at each use (a per-CPU address, say). */
#define hide_var(x) __asm__("" : "+r"(x))
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* A macro's value as a string literal: with N defined as 40,
 * __stringify(N) is "40". For help texts that quote a limit. */
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#endif
