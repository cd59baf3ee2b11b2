/*
 * mcount.S - the function every -pg call site on SH-4 jumps to.
 *
 * gcc -pg starts each function with (see PLATFORM-NOTES.md):
 *
 *	mov.l	1f, r1		! r1 = the literal below
 *	sts.l	pr, @-r15	! save the function's return address
 *	mova	2f, r0
 *	jmp	@r1
 *	lds	r0, pr		! delay slot: "return" to label 2
 *	nop
 *   1:	.long	mcount		! the call site: a 32-bit literal
 *   2:	lds.l	@r15+, pr	! restore the return address
 *
 * So on entry here pr already points at label 2, the pop of the saved pr,
 * and a plain rts resumes the traced function. r0 and r1 are used by the
 * sequence itself and are free; everything else must be preserved. The
 * traced function's own caller is at @r15 (the pushed pr).
 *
 * For now mcount does nothing: the dynamic ftrace code will grow here
 * (ftrace_caller, the recorder), and the trace core rewrites each call
 * site's literal so that the jmp skips this function altogether.
 */
	.text
	.globl	mcount
	.type	mcount, @function
mcount:
	rts
	nop
	.size	mcount, . - mcount
