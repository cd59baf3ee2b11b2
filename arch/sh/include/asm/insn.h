/*
 * asm/insn.h - the SH-4 instructions of gcc's -pg entry sequence, as the
 * patcher (arch/sh/ftrace*.c) and tools/recordmcount see them. Plain C
 * with no kernel header, so that both the kernel and host tools include
 * it. The sequence (arch/sh/ftrace.c shows it with its two states):
 *
 *	mov.l	1f, r1		! the first instruction
 *	sts.l	pr, @-r15
 *	mova	2f, r0
 *	jmp	@r1
 *	lds	r0, pr
 *	nop			! only when the literal needs aligning
 *   1:	.long	mcount		! the literal
 *   2:	lds.l	@r15+, pr
 */
#ifndef ASM_INSN_H
#define ASM_INSN_H

#define SH_INSN_STS_PR 0x4f22 /* sts.l pr,@-r15: push the return address */
#define SH_INSN_LDS_POP 0x4f26 /* lds.l @r15+,pr: pop it */
#define SH_INSN_JMP_R1 0x412b /* jmp @r1 */
#define SH_INSN_LDS_R0_PR 0x402a /* lds r0,pr (the jump's delay slot) */
#define SH_INSN_NOP 0x0009

/* mov.l @(disp,pc),r1: disp, in words, in the low 8 bits. */
#define SH_INSN_MOVL_R1 0xd100
#define SH_INSN_MOVL_R1_MASK 0xff00
/* bra disp: disp, in halfwords and signed, in the low 12 bits. */
#define SH_INSN_BRA 0xa000
#define SH_INSN_BRA_MASK 0xf000

/* The word a mov.l into r1 at pc loads, (pc & ~3) + 4 + disp * 4; 0 when
 * insn is no such mov.l. */
static inline unsigned long sh_movl_r1_literal(unsigned long pc,
					       unsigned int insn)
{
	if ((insn & SH_INSN_MOVL_R1_MASK) != SH_INSN_MOVL_R1)
		return 0;
	return (pc & ~3UL) + 4 + (insn & 0xff) * 4;
}

/* The mov.l at pc that loads r1 from literal (in reach: 4 to 1020 bytes
 * past (pc & ~3), and aligned). */
static inline unsigned int sh_movl_r1_insn(unsigned long pc,
					   unsigned long literal)
{
	return SH_INSN_MOVL_R1 | (((literal - ((pc & ~3UL) + 4)) / 4) & 0xff);
}

/* Where a bra at pc goes, pc + 4 + disp * 2; 0 when insn is no bra. */
static inline unsigned long sh_bra_target(unsigned long pc, unsigned int insn)
{
	long disp = (long)((insn & 0xfff) ^ 0x800) - 0x800;

	if ((insn & SH_INSN_BRA_MASK) != SH_INSN_BRA)
		return 0;
	return pc + 4 + disp * 2;
}

/* The bra at pc that goes to target (in reach: -4092 to +4098). */
static inline unsigned int sh_bra_insn(unsigned long pc, unsigned long target)
{
	return SH_INSN_BRA | (((target - (pc + 4)) / 2) & 0xfff);
}

/*
 * Is the instruction first at pc, followed by next, the first instruction
 * of the sequence whose literal is at lit, in either of its states: the
 * mov.l that loads lit, or the bra over it to the pop at lit + 4?
 */
static inline int sh_pg_first_insn(unsigned long pc, unsigned int first,
				   unsigned int next, unsigned long lit)
{
	return next == SH_INSN_STS_PR &&
	       (sh_movl_r1_literal(pc, first) == lit ||
		sh_bra_target(pc, first) == lit + 4);
}

/*
 * Do the halfwords around a word make it the literal of a -pg sequence:
 * "jmp @r1; lds r0,pr", then a nop when the literal needs aligning, just
 * before it (b3 farthest, b1 nearest) and the pop just after? A plain
 * (unsigned long)mcount in C is the same word with the same relocation,
 * and must not be taken for a call site. Give 0 for a halfword that is
 * not there (the start of a section).
 */
static inline int sh_pg_literal(unsigned int b3, unsigned int b2,
				unsigned int b1, unsigned int after)
{
	if (after != SH_INSN_LDS_POP)
		return 0;
	if (b1 == SH_INSN_NOP) {
		b1 = b2;
		b2 = b3;
	}
	return b1 == SH_INSN_LDS_R0_PR && b2 == SH_INSN_JMP_R1;
}

#endif
