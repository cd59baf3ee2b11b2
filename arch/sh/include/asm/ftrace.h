/* asm/ftrace.h - the size of an SH-4 call site, for the trace core. */
#ifndef ASM_FTRACE_H
#define ASM_FTRACE_H

/*
 * The bytes a call site is switched by: the literal word it jumps
 * through (ftrace_sh=literal), or the first two instructions of its -pg
 * sequence (ftrace_sh=bra). See arch/sh/ftrace.c.
 */
#define MCOUNT_INSN_SIZE 4
/* SH-4 traps on an unaligned load: a site's bytes are read and compared
 * a halfword at a time, and every buffer of them is so aligned. */
#define MCOUNT_INSN_ALIGN 2

#endif
