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
trap_common:
	SAVE_REGS
	cld
	movq %rsp, %rdi
	/* A frame link through the interrupted rip makes backtraces from
	 * inside a handler continue into the interrupted code. */
	pushq 136(%rsp)			/* tf->rip */
	pushq %rbp
	movq %rsp, %rbp
	call trap_dispatch
	addq $16, %rsp
	RESTORE_REGS
	addq $16, %rsp			/* vector, error code */
	iretq

/* NMIs go to their own C entry, which must run the ftrace handshake before
 * it calls anything that might be traced. */
nmi_common:
	SAVE_REGS
	cld
	movq %rsp, %rdi
	pushq 136(%rsp)
	pushq %rbp
	movq %rsp, %rbp
	call x86_nmi_entry
	addq $16, %rsp
	RESTORE_REGS
	addq $16, %rsp
	iretq

.macro STUB n
	.balign 16
stub_\n:
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
