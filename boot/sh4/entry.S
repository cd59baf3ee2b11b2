/*
 * entry.S - the SH-4 kernel's first instructions on QEMU's r2d board.
 *
 * QEMU's "-kernel" copies the raw image to physical 0x0c800000 and resets
 * the CPU at 0xac800000, the uncached P2 alias, with SR = MD|RB|BL and
 * IMASK 15. We are linked at the cached P1 alias 0x8c800000, so until the
 * jump to P1 this code uses nothing but PC-relative loads of constants.
 * Then: clear .bss, save the command line, take the boot stack, point VBR
 * at the vectors, and only then clear SR.BL (an exception with BL set
 * resets the CPU, and without VBR there is nowhere to go) and call kmain().
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
	/*
	 * The -append text from QEMU's boot block. QEMU copies it with
	 * strncpy into 256 bytes, so a 256-byte line has no NUL: keep 255
	 * and terminate it ourselves.
	 */
	mov.l	.Lcmdline_src, r1
	mov.l	.Lcmdline_dst, r2
	mov.w	.Lcmdline_max, r3
3:	mov.b	@r1+, r0
	tst	r0, r0
	bt	4f
	mov.b	r0, @r2
	dt	r3
	bf/s	3b
	add	#1, r2		/* delay slot: runs either way */
4:	mov	#0, r0
	mov.b	r0, @r2

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
.Lcmdline_src:	.long BOOT_CMDLINE
.Lcmdline_dst:	.long boot_cmdline
.Lstack_top:	.long sh_boot_stack + BOOT_STACK_SIZE
.Lvectors:	.long sh_vector_base
.Lsr_kernel:	.long SR_KERNEL_BASE | (IRQ_LEVEL_OFF << SR_IMASK_SHIFT)
.Lkmain:	.long kmain
.Lcmdline_max:	.word BOOT_CMDLINE_SIZE - 1

	/* The boot CPU's stack, which later becomes the idle thread's. */
	.section .bss
	.balign 8
	.globl sh_boot_stack
sh_boot_stack:
	.space BOOT_STACK_SIZE
