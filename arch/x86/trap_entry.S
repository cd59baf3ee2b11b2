/*
 * traps.S - the 256 interrupt entry stubs and the common save/restore.
 * Each stub makes the frame uniform (a zero error code where the CPU
 * pushes none, then the vector) and joins trap_common, which saves the
 * general registers as a struct trap_frame and calls C.
 */

.macro SAVE_REGS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro RESTORE_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
.endm

	.text
/*
 * Save the registers as a struct trap_frame, call fn(frame), restore
 * them and drop the vector and error code.
 */
.macro CALL_WITH_FRAME fn
	SAVE_REGS
	cld
	movq %rsp, %rdi
	/* A frame link through the interrupted rip makes backtraces from
	 * inside a handler continue into the interrupted code. */
	pushq 136(%rsp)			/* tf->rip */
	pushq %rbp
	movq %rsp, %rbp
	call \fn
	addq $16, %rsp
	RESTORE_REGS
	addq $16, %rsp			/* vector, error code */
.endm

trap_common:
	CALL_WITH_FRAME trap_dispatch
	iretq

/* NMIs go to their own C entry, which must run the ftrace handshake before
 * it calls anything that might be traced. */
nmi_common:
	CALL_WITH_FRAME x86_nmi_entry
	iretq

/*
 * int3, which the breakpoint method of patching writes over a site while
 * it changes (arch/x86/ftrace_bp.c). Two things differ from other traps:
 *
 * - Emulating a call pushes a return address on the interrupted stack,
 *   right where the CPU put its five-word frame (same privilege, no stack
 *   switch). So the frame is first moved INT3_GAP bytes lower; the C
 *   handler may then store below the interrupted rsp and lower tf->rsp.
 * - It returns without iretq: an int3 taken inside an NMI handler would
 *   otherwise end the CPU's NMI blocking while that NMI still runs, and a
 *   second NMI would overwrite the first one's stack. Instead the flags,
 *   rip and two scratch registers are put under the rsp to return to
 *   (INT3_GAP keeps them clear of the frame), and popfq; ret.
 */
#define INT3_GAP 64
int3_entry:
	subq $INT3_GAP, %rsp
	pushq %rax
	/* the CPU's frame (rip cs rflags rsp ss) at 8+INT3_GAP: down to 8 */
	.irp off, 0, 8, 16, 24, 32
	movq 8+INT3_GAP+\off(%rsp), %rax
	movq %rax, 8+\off(%rsp)
	.endr
	popq %rax
	pushq $0			/* error code */
	pushq $3			/* vector */
	CALL_WITH_FRAME x86_int3_entry
	/* Now at rip cs rflags rsp ss; after two pushes rbx rax rip cs
	 * rflags rsp. */
	pushq %rax
	pushq %rbx
	movq 40(%rsp), %rax		/* the rsp to return with */
	movq 16(%rsp), %rbx
	movq %rbx, -8(%rax)		/* rip */
	movq 32(%rsp), %rbx
	movq %rbx, -16(%rax)		/* rflags */
	movq 8(%rsp), %rbx
	movq %rbx, -24(%rax)		/* rax */
	movq (%rsp), %rbx
	movq %rbx, -32(%rax)		/* rbx */
	leaq -32(%rax), %rsp
	popq %rbx
	popq %rax
	popfq
	ret

.macro STUB n
	.balign 16
stub_\n:
	.if \n == 3
	jmp int3_entry
	.exitm
	.endif
	.if (\n == 8 || (\n >= 10 && \n <= 14) || \n == 17 || \n == 21 || \n == 29 || \n == 30)
	.else
	pushq $0
	.endif
	pushq $\n
	.if \n == 2
	jmp nmi_common
	.else
	jmp trap_common
	.endif
.endm

	.altmacro
.macro STUBS from, to
	STUB %from
	.if \to - \from
	STUBS %(\from + 1), \to
	.endif
.endm
	STUBS 0, 63
	STUBS 64, 127
	STUBS 128, 191
	STUBS 192, 255

.macro STUBREF n
	.quad stub_\n
.endm
.macro STUBREFS from, to
	STUBREF %from
	.if \to - \from
	STUBREFS %(\from + 1), \to
	.endif
.endm
	.section .rodata
	.balign 8
	.globl trap_stubs
trap_stubs:
	STUBREFS 0, 63
	STUBREFS 64, 127
	STUBREFS 128, 191
	STUBREFS 192, 255
