/* insn.h - which guest instructions are calls, and where their callee returns. */
#ifndef INSN_H
#define INSN_H

#include <stddef.h>
#include <stdint.h>

enum guest { GUEST_X86_64, GUEST_SH4 };

/*
 * If the len bytes at code are a call instruction of guest g, the offset
 * from its address to the address the callee returns to (past an SH
 * delay slot); 0 if it is no call.
 */
unsigned call_return_offset(enum guest g, const uint8_t *code, size_t len);

/*
 * SH-4's -pg prologue calls mcount with "mova 1f,r0; jmp @rN; lds r0,pr":
 * a jump that sets the return address in its delay slot. sh_mova_r0 gives
 * the address a mova at pc puts in r0 (1, or 0 if it is no mova);
 * sh_jmp_sets_pr says whether jmp and the instruction after it (its delay
 * slot) are "jmp @rN; lds r0,pr", a call returning to that address.
 */
int sh_mova_r0(uint64_t pc, const uint8_t *code, size_t len, uint64_t *r0);
int sh_jmp_sets_pr(const uint8_t *jmp, size_t len, const uint8_t *next,
		   size_t next_len);

#endif
