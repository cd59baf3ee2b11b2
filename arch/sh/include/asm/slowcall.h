/*
 * asm/slowcall.h - calling the rare slow half of a fast path. SH-4's
 * calling convention leaves no cheaper way than a plain call, so these
 * are ordinary calls; x86 has a register-preserving form.
 */
#ifndef ASM_SLOWCALL_H
#define ASM_SLOWCALL_H

#define __slowpath __attribute__((noinline))

/* The value of the call, if it has one. */
#define slowcall0(fn) ({ fn(); })
#define slowcall1(fn, a) ({ fn(a); })
#define slowcall2(fn, a, b) ({ fn(a, b); })
#define slowcall3(fn, a, b, c) ({ fn(a, b, c); })
#define slowcall4(fn, a, b, c, d) ({ fn(a, b, c, d); })

#endif
