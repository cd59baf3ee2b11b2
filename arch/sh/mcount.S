/*
 * mcount.S - where SH-4 call sites lead.
 *
 * gcc -pg starts each function with (docs/call-site.md):
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
 * So on entry here pr points at label 2 (the site + 4), and @r15 is the
 * traced function's own return address into its caller. r0 and r1 were
 * used up by the sequence; r4-r7 may hold the traced function's arguments
 * and r2 its struct-return address, so those are saved around the C call
 * (which preserves r8-r14 itself). mach, macl and T are not live at a
 * function's entry.
 *
 * What the trace core patches (arch/sh/ftrace.c):
 *  - each call site, one of two ways (boot option ftrace_sh=):
 *    literal: the literal word: mcount, ftrace_caller, or site + 4 (the
 *    jmp then lands on label 2: the "NOP" of docs/call-site.md);
 *    bra (the default): the first instruction, mov.l as compiled or
 *    "bra 2f" with the push in its delay slot, landing on the pop; the
 *    literal holds ftrace_caller once the site is converted. Either way
 *    pr is label 2 when a site gets here, so ip is computed the same;
 *  - mcount_call, the literal mcount calls through: ftrace_stub, or
 *    ftrace_record_ip in record mode;
 *  - ftrace_call, the literal ftrace_caller calls through: the current
 *    trace function, called as func(ip, parent_ip, function_trace_op,
 *    ret_slot), ret_slot being the stack slot the sequence pushed pr
 *    into (the return hook, trace/fgraph.c, may point it at
 *    return_to_handler; the sequence's pop then loads that into pr).
 */

/* Saves r2-r7 and pr (7 words): the parent is then at @(28, r15). */
.macro SAVE_REGS
	sts.l	pr, @-r15
	mov.l	r2, @-r15
	mov.l	r3, @-r15
	mov.l	r4, @-r15
	mov.l	r5, @-r15
	mov.l	r6, @-r15
	mov.l	r7, @-r15
.endm

.macro RESTORE_REGS
	mov.l	@r15+, r7
	mov.l	@r15+, r6
	mov.l	@r15+, r5
	mov.l	@r15+, r4
	mov.l	@r15+, r3
	mov.l	@r15+, r2
	lds.l	@r15+, pr
.endm

	.text
	.balign	4
	.globl	mcount, mcount_call
	.type	mcount, @function
mcount:
	SAVE_REGS
	sts	pr, r4
	add	#-4, r4			/* ip: the site's literal */
	mov.l	@(28, r15), r5		/* parent_ip */
	mov.l	mcount_call, r0
	jsr	@r0
	nop
	RESTORE_REGS
	rts
	nop
	.balign	4
mcount_call:
	.long	ftrace_stub
	.size	mcount, . - mcount

	.balign	4
	.globl	ftrace_caller, ftrace_call
	.type	ftrace_caller, @function
ftrace_caller:
	SAVE_REGS
	sts	pr, r4
	add	#-4, r4
	mov	r15, r7
	add	#28, r7			/* ret_slot: the pushed return address */
	mov.l	@r7, r5			/* parent_ip */
	/* An interrupt landing between the load of the ops and the jsr
	 * goes back to here (ftrace_caller_restart() in ftrace.c). */
	.globl	ftrace_caller_op, ftrace_caller_jsr
ftrace_caller_op:
	mov.l	1f, r6
	mov.l	@r6, r6			/* function_trace_op */
	mov.l	ftrace_call, r0
ftrace_caller_jsr:
	jsr	@r0
	nop
	RESTORE_REGS
	rts
	nop
	.balign	4
1:	.long	function_trace_op
ftrace_call:
	.long	ftrace_stub
	.size	ftrace_caller, . - ftrace_caller

/*
 * A hooked function's rts lands here, r15 just above the slot its return
 * address was pushed into. r0 and r1 may hold its return value; the other
 * caller-saved registers are dead after a return, so r2 carries the
 * original return address.
 */
	.balign	4
	.globl	return_to_handler
	.type	return_to_handler, @function
return_to_handler:
	mov.l	r0, @-r15
	mov.l	r1, @-r15
	mov	r15, r4
	add	#8, r4
	mov.l	3f, r0
	mov.l	@r0, r0
	jsr	@r0
	nop
	mov	r0, r2
	mov.l	@r15+, r1
	mov.l	@r15+, r0
	jmp	@r2
	nop
	.balign	4
3:	.long	ftrace_return_func
	.size	return_to_handler, . - return_to_handler

	.balign	4
	.globl	ftrace_stub
	.type	ftrace_stub, @function
ftrace_stub:
	rts
	nop
	.size	ftrace_stub, . - ftrace_stub

/*
 * sh_icache_flush_p2: invalidate the whole instruction cache by setting
 * CCR.ICI. The SH-4 manual requires CCR to be written from the uncached
 * P2 area, so arch_sync_core() calls this at its P2 alias; it must stay
 * position-independent (PC-relative constants only), and needs a few
 * instructions before returning to cached code.
 */
	.balign	4
	.globl	sh_icache_flush_p2
	.type	sh_icache_flush_p2, @function
sh_icache_flush_p2:
	mov.l	2f, r1
	mov.l	@r1, r0
	mov.l	3f, r2
	or	r2, r0
	mov.l	r0, @r1
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	rts
	nop
	.balign	4
2:	.long	0xff00001c		/* CCR */
3:	.long	0x00000800		/* CCR.ICI: flush I-cache */
	.size	sh_icache_flush_p2, . - sh_icache_flush_p2
