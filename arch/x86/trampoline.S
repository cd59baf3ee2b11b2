/*
 * trampoline.S - where a started AP begins: real mode at 0x8000. The code
 * is copied there at boot (the CPU starts at a page below 1 MiB), goes to
 * protected mode, then long mode with the kernel's page tables, and jumps
 * to ap_entry64 on the stack the boot CPU left in tramp_stack.
 */
#define TR(x) ((x) - ap_trampoline_start + 0x8000)

	.section .rodata
	.balign 16
	.globl ap_trampoline_start, ap_trampoline_end
	.globl tramp_cr3, tramp_stack, tramp_entry
	.code16
ap_trampoline_start:
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	lgdtl TR(tramp_gdt_ptr)
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl $0x08, $TR(tramp32)

	.code32
tramp32:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr4, %eax
	orl $(1 << 5), %eax		/* PAE */
	movl %eax, %cr4
	movl TR(tramp_cr3), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx		/* EFER: long mode, NX */
	rdmsr
	orl $((1 << 8) | (1 << 11)), %eax
	wrmsr
	movl %cr0, %eax
	orl $((1 << 31) | (1 << 16)), %eax	/* paging, write-protect */
	movl %eax, %cr0
	ljmpl $0x18, $TR(tramp64)

	.code64
tramp64:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movq TR(tramp_stack), %rsp
	movq TR(tramp_entry), %rax
	xorq %rbp, %rbp
	jmp *%rax

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00af9a000000ffff	/* 0x18: 64-bit code */
tramp_gdt_ptr:
	.word 31
	.long TR(tramp_gdt)
	.balign 8
tramp_cr3:	.quad 0
tramp_stack:	.quad 0
tramp_entry:	.quad 0
ap_trampoline_end:
