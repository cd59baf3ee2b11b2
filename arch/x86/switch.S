/*
 * switch.S - arch_switch(from_sp, to_sp): the thread switch. Only the
 * callee-saved registers need saving; the C caller assumes the rest are
 * clobbered anyway.
 */
	.text
	.globl arch_switch
arch_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
