/*
 * x86_insn.h - the two states of an x86_64 call site, inline: ftrace.c
 * builds them for every site of a patch pass, ftrace_insn.c is the
 * interface the core and the host tests call.
 */
#ifndef X86_INSN_H
#define X86_INSN_H

#include "compiler.h"
#include "types.h"
#include "asm/ftrace.h"

#define X86_CALL_OPCODE 0xe8
/* nopl 0x0(%rax,%rax,1), 0f 1f 44 00 00: the 5-byte NOP Intel
 * recommends, as its first four bytes (little-endian) and its last. */
#define X86_NOP5_LO 0x00441f0fu
#define X86_NOP5_HI 0x00
/* nop, 90: what gcc -fpatchable-function-entry pads a function's entry
 * with, one a byte (the PATCHABLE build's sites as compiled). */
#define X86_NOP1 0x90

/*
 * The displacement counts from the end of the call, and is a
 * signed 32-bit value: a target farther than 2 GiB either way has no
 * encoding, and truncating it would make a call to somewhere else.
 */
static __always_inline int x86_call_insn(unsigned long ip, unsigned long target,
					 u8 *buf)
{
	long off = (long)(target - (ip + MCOUNT_INSN_SIZE));
	s32 rel = (s32)off;

	if (off != rel)
		return -ERANGE;
	buf[0] = X86_CALL_OPCODE;
	__builtin_memcpy(buf + 1, &rel, 4);
	return 0;
}

static __always_inline void x86_nop_insn(u8 *buf)
{
	u32 lo = X86_NOP5_LO;

	__builtin_memcpy(buf, &lo, 4);
	buf[4] = X86_NOP5_HI;
}

/* A site of the PATCHABLE build as gcc left it: MCOUNT_INSN_SIZE nops. */
static __always_inline void x86_pad_insn(u8 *buf)
{
	__builtin_memset(buf, X86_NOP1, MCOUNT_INSN_SIZE);
}

#endif
