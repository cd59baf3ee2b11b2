/*
 * div32.S - 32-bit division for the SH-4 build: the two helpers gcc calls
 * for / and % on 32-bit integers when there is no FPU to divide with.
 *
 * They replace libgcc, which is not linked (see build.mk and libgcc.c).
 * gcc's contract for them (sh.md, udivsi3_i4_int and divsi3_i4_int):
 * dividend in r4, divisor in r5, quotient in r0; only r1, T, pr, mach
 * and macl may change. So r4, r5 and every other register are given back
 * as they came.
 *
 * The SH-4 has no divide instruction, only div1, one step of a
 * non-restoring division: 32 steps, each shifting the next quotient bit
 * into r4 and the partial remainder into r1. A zero divisor gives an
 * undefined quotient, as C allows, and no trap.
 */
	.text

/* r4 = r1:r4 / r5 for unsigned values, r1 = 0 on entry: 32 one-bit
 * division steps, each shifting a quotient bit into r4. */
.macro UDIV_STEPS
	div0u
	.rept	32
	rotcl	r4
	div1	r5, r1
	.endr
	rotcl	r4
.endm

/* unsigned r0 = r4 / r5 */
	.balign	4
	.globl	__udivsi3_i4i
	.type	__udivsi3_i4i, @function
__udivsi3_i4i:
	mov.l	r4, @-r15
	mov	#0, r1			/* high half of the dividend */
	UDIV_STEPS
	mov	r4, r0
	rts
	mov.l	@r15+, r4		/* delay slot */
	.size	__udivsi3_i4i, . - __udivsi3_i4i

/* signed r0 = r4 / r5, rounded towards zero */
	.balign	4
	.globl	__sdivsi3_i4i
	.type	__sdivsi3_i4i, @function
__sdivsi3_i4i:
	mov.l	r4, @-r15
	mov.l	r5, @-r15
	mov.l	r2, @-r15
	mov	r4, r2
	xor	r5, r2		/* sign bit: the quotient's */
	cmp/pz	r4
	bt	1f
	neg	r4, r4		/* -INT_MIN: 0x80000000, 2^31 */
1:	cmp/pz	r5
	bt	2f
	neg	r5, r5
2:	mov	#0, r1
	UDIV_STEPS
	cmp/pz	r2
	bt	3f
	neg	r4, r4
3:	mov	r4, r0
	mov.l	@r15+, r2
	mov.l	@r15+, r5
	rts
	mov.l	@r15+, r4		/* delay slot */
	.size	__sdivsi3_i4i, . - __sdivsi3_i4i
