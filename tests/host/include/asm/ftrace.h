/*
 * asm/ftrace.h - the host tests' stand-in for an arch's header, for the
 * trace core's files: a call-site size no real port has, so a core test
 * cannot pass by assuming x86_64's 5 bytes or SH-4's 4. The encodings
 * tests build with their own arch's header instead (tests/host/Makefile).
 */
#ifndef ASM_FTRACE_H
#define ASM_FTRACE_H

#define MCOUNT_INSN_SIZE 8

#endif
