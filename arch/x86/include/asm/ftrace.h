/* asm/ftrace.h - the size of an x86_64 call site, for the trace core. */
#ifndef ASM_FTRACE_H
#define ASM_FTRACE_H

/* call rel32 (e8 and a 4-byte displacement), or the 5-byte NOP. */
#define MCOUNT_INSN_SIZE 5

/*
 * The breakpoint method (docs/patching.md): int3, the one-byte trap
 * written over the first byte of a site while it changes.
 */
#define FTRACE_BP_INSN 0xcc

#endif
