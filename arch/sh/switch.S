/*
 * switch.S - arch_switch(from_sp, to_sp): the thread switch.
 *
 * In GCC's SH calling convention r8-r14 and pr are callee-saved; r0-r7,
 * mach, macl and the T bit may be clobbered by any call, so the C caller
 * already assumes they are lost. The kernel is built with -m4-nofpu and
 * runs with SR.FD set, so there is no FPU state to carry either. gbr is
 * never used by the compiled code.
 *
 * The saved frame, from the new stack pointer up: pr, r14, r13 ... r8.
 * arch_thread_setup() (setup.c) builds the same frame for a new thread,
 * with pr = sh_thread_trampoline and r8 = thread_start.
 */
	.text
	.globl	arch_switch
	.type	arch_switch, @function
arch_switch:
	/* r4 = unsigned long *from_sp, r5 = unsigned long to_sp */
	mov.l	r8, @-r15
	mov.l	r9, @-r15
	mov.l	r10, @-r15
	mov.l	r11, @-r15
	mov.l	r12, @-r15
	mov.l	r13, @-r15
	mov.l	r14, @-r15
	sts.l	pr, @-r15
	mov.l	r15, @r4
	mov	r5, r15
	lds.l	@r15+, pr
	mov.l	@r15+, r14
	mov.l	@r15+, r13
	mov.l	@r15+, r12
	mov.l	@r15+, r11
	mov.l	@r15+, r10
	mov.l	@r15+, r9
	rts
	mov.l	@r15+, r8	/* delay slot */
	.size	arch_switch, . - arch_switch

/*
 * A new thread's first "return" from arch_switch lands here. Entering
 * thread_start() with pr = 0 and r14 = 0 gives it a caller that is no
 * kernel text and a null frame pointer: the end of every backtrace.
 */
	.globl	sh_thread_trampoline
	.type	sh_thread_trampoline, @function
sh_thread_trampoline:
	mov	#0, r0
	jmp	@r8
	lds	r0, pr		/* delay slot */
	.size	sh_thread_trampoline, . - sh_thread_trampoline
