/*
 * entry.S - the SH-4 kernel's first instructions on QEMU's r2d board.
 *
 * QEMU's "-kernel" copies the raw image to physical 0x0c800000 and resets
 * the CPU at 0xac800000, the uncached P2 alias, with SR = MD|RB|BL and
 * IMASK 15. We are linked at the cached P1 alias 0x8c800000, so until the
 * jump to P1 this code uses nothing but PC-relative loads of constants.
 * Then: clear .bss, take the boot stack, point VBR at the vectors, and
 * only then clear SR.BL (an exception with BL set resets the CPU, and
 * without VBR there is nowhere to go) and call kmain(), which copies the
 * command line out of QEMU's boot block (arch/sh/setup.c).
 */
#include "sh4.h"

#define BOOT_STACK_SIZE 16384

	.section .boot.text, "ax"
	.globl _start
_start:
	/* Register bank 0 from here on: bank 1 belongs to the trap entry. */
	mov.l	.Lsr_boot, r0
	ldc	r0, sr
	mov.l	.Lin_p1, r0
	jmp	@r0
	nop

	.balign 4
.Lsr_boot:	.long SR_MD | SR_BL | SR_FD | SR_IMASK
.Lin_p1:	.long in_p1

in_p1:
	/* .bss: both ends are 4-byte aligned (linker/sh4.ld). */
	mov.l	.Lbss_start, r1
	mov.l	.Lbss_end, r2
	mov	#0, r0
1:	cmp/hs	r2, r1
	bt	2f
	mov.l	r0, @r1
	bra	1b
	add	#4, r1
2:
	mov.l	.Lstack_top, r15
	mov.l	.Lvectors, r0
	ldc	r0, vbr
	/* BL off; IMASK 14 is "interrupts off" (see sh4.h). */
	mov.l	.Lsr_kernel, r0
	ldc	r0, sr
	/* A zero frame pointer ends every backtrace here. */
	mov	#0, r14
	mov.l	.Lkmain, r0
	jsr	@r0
	nop
	/* kmain() does not return; if it did, stop quietly. */
5:	sleep
	bra	5b
	nop

	.balign 4
.Lbss_start:	.long __bss_start
.Lbss_end:	.long __bss_end
.Lstack_top:	.long sh_boot_stack + BOOT_STACK_SIZE
.Lvectors:	.long sh_vector_base
.Lsr_kernel:	.long SR_KERNEL_BASE | (IRQ_LEVEL_OFF << SR_IMASK_SHIFT)
.Lkmain:	.long kmain

	/* The boot CPU's stack, which later becomes the idle thread's. */
	.section .bss
	.balign 8
	.globl sh_boot_stack
sh_boot_stack:
	.space BOOT_STACK_SIZE
