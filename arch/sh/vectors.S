/*
 * vectors.S - where the SH-4 goes on an exception or an interrupt.
 *
 * The CPU jumps to VBR + 0x100 (general exceptions), + 0x400 (TLB miss)
 * or + 0x600 (interrupts) with SPC = the interrupted PC, SSR = its SR,
 * and SR.MD, SR.RB and SR.BL set. While BL is set a second exception
 * resets the machine and interrupts wait, so the code below saves the
 * whole register state on the current stack using the bank-1 registers
 * as scratch, then leaves BL, and calls C with IMASK 15: the C side
 * chooses the level its handler runs at (see traps.c).
 *
 * Everything is saved, not only the caller-saved registers, because an
 * interrupt may end in a thread switch (sched_irq_exit): this frame then
 * stays on the interrupted thread's stack until it is switched back to,
 * and the way out below restores it as if nothing had happened.
 */
#include "sh4.h"
#include "sh_arch.h"

	.section .text.vectors, "ax"
	.balign 4096
	.globl sh_vector_base
sh_vector_base:

/* A vector: r0 = the event code read from evtreg, r1 = the C handler,
 * then the common entry. */
.macro VECTOR evtreg, handler
	mov.l	1f, r0
	mov.l	@r0, r0
	mov.l	2f, r1
	bra	sh_trap_entry
	nop
	.balign 4
1:	.long	\evtreg
2:	.long	\handler
.endm

	.org	VEC_GENERAL
	/* Address errors, illegal instructions, TRAPA, FPU use... */
	VECTOR	SH_EXPEVT, sh_handle_exception

	.org	VEC_TLB_MISS
	/* The MMU maps nothing (setup.c): a P0 address, such as null. */
	VECTOR	SH_EXPEVT, sh_handle_exception

	.org	VEC_INTERRUPT
	/* INTEVT says which source. */
	VECTOR	SH_INTEVT, sh_handle_interrupt

/*
 * Bank 1 is live: r0 = event code, r1 = C handler. r8-r15 are shared by
 * both banks and still hold the interrupted values. The pushes build a
 * struct sh_regs (sh_arch.h) from its end down to its start.
 */
	.globl	sh_trap_entry
	.type	sh_trap_entry, @function
sh_trap_entry:
	mov	r15, r2
	mov.l	.Ltea, r3
	mov.l	@r3, r3
	mov.l	r3, @-r15	/* tea */
	mov.l	r0, @-r15	/* event */
	stc.l	ssr, @-r15	/* sr */
	stc.l	spc, @-r15	/* pc */
	sts.l	macl, @-r15
	sts.l	mach, @-r15
	stc.l	gbr, @-r15
	sts.l	pr, @-r15
	mov.l	r2, @-r15	/* r15 */
	mov.l	r14, @-r15
	mov.l	r13, @-r15
	mov.l	r12, @-r15
	mov.l	r11, @-r15
	mov.l	r10, @-r15
	mov.l	r9, @-r15
	mov.l	r8, @-r15
	stc.l	r7_bank, @-r15	/* bank 0, the interrupted r0-r7 */
	stc.l	r6_bank, @-r15
	stc.l	r5_bank, @-r15
	stc.l	r4_bank, @-r15
	stc.l	r3_bank, @-r15
	stc.l	r2_bank, @-r15
	stc.l	r1_bank, @-r15
	stc.l	r0_bank, @-r15
	/* r8 and r9 are saved, and C preserves them across the call. */
	mov	r1, r8
	mov	r15, r9
	/* Bank 0, BL clear, IMASK 15: exceptions are survivable again. */
	mov.l	.Lsr_entry, r0
	ldc	r0, sr

	/*
	 * A frame the unwinder (backtrace.c) recognises as an ordinary
	 * function prologue: "sts.l pr,@-r15; mov r15,r14" with pr = the
	 * interrupted PC and the saved r14 = the interrupted frame pointer.
	 * Backtraces taken inside a handler thus continue into the code the
	 * trap interrupted.
	 */
	mov	r9, r0
	add	#REGS_PC, r0
	mov.l	@r0, r0
	lds	r0, pr
	mov.l	r14, @-r15
	sts.l	pr, @-r15
	mov	r15, r14
	jsr	@r8
	mov	r9, r4		/* delay slot: the struct sh_regs * */
	mov	r9, r15

	/* Back to BL with bank 1 for scratch; restore in reverse order. */
	mov.l	.Lsr_exit, r0
	ldc	r0, sr
	/*
	 * sh_trap_return (below) pops the interrupted SR, PC and r0 from
	 * the frame's last three words: SR is there already; PC goes over
	 * the event code and r0 over TEA, which are not needed any more.
	 */
	mov	r15, r2
	add	#REGS_PC, r2
	mov.l	@r2, r1		/* the interrupted PC */
	mov.l	@r15, r3	/* the interrupted r0 (REGS_R0) */
	add	#REGS_EVENT - REGS_PC, r2
	mov.l	r1, @r2
	mov.l	r3, @(REGS_TEA - REGS_EVENT, r2)
	ldc.l	@r15+, r0_bank
	ldc.l	@r15+, r1_bank
	ldc.l	@r15+, r2_bank
	ldc.l	@r15+, r3_bank
	ldc.l	@r15+, r4_bank
	ldc.l	@r15+, r5_bank
	ldc.l	@r15+, r6_bank
	ldc.l	@r15+, r7_bank
	mov.l	@r15+, r8
	mov.l	@r15+, r9
	mov.l	@r15+, r10
	mov.l	@r15+, r11
	mov.l	@r15+, r12
	mov.l	@r15+, r13
	mov.l	@r15+, r14
	add	#4, r15		/* saved r15: the pops restore it */
	lds.l	@r15+, pr
	ldc.l	@r15+, gbr
	lds.l	@r15+, mach
	lds.l	@r15+, macl
	add	#4, r15		/* pc: now in the event slot */
	/* rte to sh_trap_return with the interrupted SR, but IMASK 15. */
	mov.l	@r15, r0
	mov.l	.Limask, r1
	or	r1, r0
	ldc	r0, ssr
	mov.l	.Ltrap_return, r0
	ldc	r0, spc
	rte
	nop

	.balign 4
.Ltea:		.long	SH_TEA
.Lsr_entry:	.long	SR_KERNEL_BASE | SR_IMASK
.Lsr_exit:	.long	SR_KERNEL_BASE | SR_RB | SR_BL | SR_IMASK
.Limask:	.long	SR_IMASK
.Ltrap_return:	.long	sh_trap_return
	.size	sh_trap_entry, . - sh_trap_entry

/*
 * The last step out of every trap: the interrupted SR is put back by
 * ldc, not by rte, with r15 pointing at the saved SR, PC and r0.
 *
 * Why not rte alone: QEMU 7.2 asks the CPU to take an interrupt only on
 * the rising edge of the controller's "something pending" line, and
 * looks again only when translated code leaves its run of chained blocks.
 * An interrupt that became pending while IMASK was 15 or BL was set (the
 * pseudo-NMI handler, which runs at 15, or any handler's way out) has had
 * its one look, and been turned down. rte does leave the chained run,
 * but into its delay slot, where QEMU never takes an interrupt; the code
 * after it is chained again. The interrupt would then wait until the
 * interrupted code next writes SR (arch_irq_restore, an atomic), and a
 * busy loop that never does (the fib workload) would never see the tick
 * again: the machine looks hung. ldc to SR does make QEMU look at once,
 * so a pending interrupt is taken here, right after it, with the three
 * words still above r15 where its own frame cannot overwrite them.
 *
 * The two loads after the ldc and the jmp cannot fault, so this is safe
 * even when the SR put back has BL set (arch_wait_for_interrupt).
 */
	.globl	sh_trap_return
	.type	sh_trap_return, @function
sh_trap_return:
	ldc.l	@r15+, sr
	mov.l	@r15+, r0	/* the PC to go back to */
	jmp	@r0
	mov.l	@r15+, r0	/* delay slot: the interrupted r0 */
	.size	sh_trap_return, . - sh_trap_return
