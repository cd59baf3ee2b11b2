/*
 * asm/slowcall.h - calling the rare slow half of a fast path (a tracer
 * callback, the ring buffer's reserve) so that the fast path keeps
 * nothing for it: the slow function saves every register it touches
 * (no_caller_saved_registers), and the call is made from inline assembly
 * that clobbers only %rax. Without this the mere chance of the call makes
 * gcc keep the fast path's values in callee-saved registers, and push and
 * pop five of them on every traced call.
 *
 * The slow function must be notrace: mcount's callbacks would clobber
 * registers its callers rely on. Its value, if any, is all of %rax: it
 * returns unsigned long, not a bool or an int, whose upper bits the
 * calling convention leaves undefined.
 */
#ifndef ASM_SLOWCALL_H
#define ASM_SLOWCALL_H

#define __slowpath __attribute__((noinline, no_caller_saved_registers))

#define slowcall0(fn)                                   \
	({                                              \
		unsigned long __r;                      \
		__asm__ __volatile__("call " #fn        \
				     : "=a"(__r)        \
				     :                  \
				     : "memory", "cc"); \
		__r;                                    \
	})
#define slowcall1(fn, a)                                       \
	({                                                     \
		unsigned long __r;                             \
		__asm__ __volatile__("call " #fn               \
				     : "=a"(__r)               \
				     : "D"((unsigned long)(a)) \
				     : "memory", "cc");        \
		__r;                                           \
	})
#define slowcall2(fn, a, b)                                     \
	({                                                      \
		unsigned long __r;                              \
		__asm__ __volatile__("call " #fn                \
				     : "=a"(__r)                \
				     : "D"((unsigned long)(a)), \
				       "S"((unsigned long)(b))  \
				     : "memory", "cc");         \
		__r;                                            \
	})
#define slowcall3(fn, a, b, c)                                  \
	({                                                      \
		unsigned long __r;                              \
		__asm__ __volatile__("call " #fn                \
				     : "=a"(__r)                \
				     : "D"((unsigned long)(a)), \
				       "S"((unsigned long)(b)), \
				       "d"((unsigned long)(c))  \
				     : "memory", "cc");         \
		__r;                                            \
	})
#define slowcall4(fn, a, b, c, d)                               \
	({                                                      \
		unsigned long __r;                              \
		__asm__ __volatile__("call " #fn                \
				     : "=a"(__r)                \
				     : "D"((unsigned long)(a)), \
				       "S"((unsigned long)(b)), \
				       "d"((unsigned long)(c)), \
				       "c"((unsigned long)(d))  \
				     : "memory", "cc");         \
		__r;                                            \
	})

#endif
