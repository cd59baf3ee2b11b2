/*
 * sh4.h - SH-4 (SH7751R) registers and on-chip peripherals of QEMU's r2d
 * board, shared by the C and assembly files of arch/sh.
 *
 * Control registers live in the P4 area (0xff000000 up): always uncached
 * and untranslated, so they can be used before anything is set up.
 */
#ifndef SH4_H
#define SH4_H

/* Status register. */
#define SR_T 0x00000001
#define SR_IMASK 0x000000f0 /* interrupts at or below are masked */
#define SR_IMASK_SHIFT 4
#define SR_FD 0x00008000 /* FPU off: FPU insns trap */
#define SR_BL 0x10000000 /* block exceptions, irqs */
#define SR_RB 0x20000000 /* register bank 1 selected */
#define SR_MD 0x40000000 /* privileged mode */

/*
 * Interrupt levels. The kernel's "interrupts off" is IMASK 14, not 15, so
 * that a source at priority 15 still gets through: that is the pseudo-NMI,
 * TMU2 (QEMU models no NMI for this CPU; see nmi.c and docs/nmi.md).
 * IMASK 15 shuts out everything and is kept for a few instructions at a
 * time.
 */
#define IRQ_LEVEL_OFF 14
#define IRQ_LEVEL_ALL 15

/* SR for kernel code: privileged, bank 0, FPU off, exceptions allowed. */
#define SR_KERNEL_BASE (SR_MD | SR_FD)

/* Exception and interrupt event registers (P4). */
#define SH_TRA 0xff000020 /* TRAPA immediate << 2 */
#define SH_EXPEVT 0xff000024 /* code of the last exception */
#define SH_INTEVT 0xff000028 /* code of the last interrupt */
#define SH_TEA 0xff00000c /* address of a faulting access */
#define SH_PVR 0xff000030 /* processor version */

/* Offsets from VBR of the three vectors. */
#define VEC_GENERAL 0x100
#define VEC_TLB_MISS 0x400
#define VEC_INTERRUPT 0x600

/* Interrupt controller: 16-bit priority registers, 4 bits per source. */
#define INTC_IPRA 0xffd00004 /* TMU0 TMU1 TMU2 RTC */
#define INTC_IPRB 0xffd00008 /* WDT REF SCI1 - */
#define INTC_IPRC 0xffd0000c /* GPIO DMAC SCIF H-UDI */

/* INTEVT codes of the sources this kernel uses. */
#define EVT_TMU0 0x400
#define EVT_TMU1 0x420
#define EVT_TMU2 0x440
#define EVT_TMU2_TICPI 0x460
#define EVT_SCIF_ERI 0x700
#define EVT_SCIF_RXI 0x720
#define EVT_SCIF_BRI 0x740
#define EVT_SCIF_TXI 0x760

/* Timer unit: three 32-bit down-counters clocked by Pphi/4..Pphi/1024. */
#define TMU_BASE 0xffd80000
#define TMU_TOCR (TMU_BASE + 0x00) /* 8-bit */
#define TMU_TSTR (TMU_BASE + 0x04) /* 8-bit: bit n runs ch. n */
#define TMU_TCOR(n) (TMU_BASE + 0x08 + 0x0c * (n)) /* reload */
#define TMU_TCNT(n) (TMU_BASE + 0x0c + 0x0c * (n)) /* counter */
#define TMU_TCR(n) (TMU_BASE + 0x10 + 0x0c * (n)) /* 16-bit */
#define TCR_TPSC_DIV4 0x0000
#define TCR_UNIE 0x0020 /* interrupt on underflow */
#define TCR_UNF 0x0100 /* underflowed; write 0 to ack */

/* Peripheral clock of the r2d board as QEMU models it (sh7750.c). */
#define SH_PCLK_HZ 60000000
#define TMU_HZ (SH_PCLK_HZ / 4) /* 15 MHz, /4 prescaler */

/* SCIF, QEMU's second serial port (the SCI at 0xffe00000 is not used). */
#define SCIF_BASE 0xffe80000
#define SCIF_SMR (SCIF_BASE + 0x00) /* 16-bit */
#define SCIF_BRR (SCIF_BASE + 0x04) /* 8-bit, write only here */
#define SCIF_SCR (SCIF_BASE + 0x08) /* 16-bit */
#define SCIF_FTDR (SCIF_BASE + 0x0c) /* 8-bit, write only */
#define SCIF_FSR (SCIF_BASE + 0x10) /* 16-bit */
#define SCIF_FRDR (SCIF_BASE + 0x14) /* 8-bit */
#define SCIF_FCR (SCIF_BASE + 0x18) /* 16-bit */
#define SCIF_FDR (SCIF_BASE + 0x1c) /* 16-bit: bytes in the FIFOs */
#define SCIF_LSR (SCIF_BASE + 0x24) /* 16-bit: ORER bit 0 */
#define SCR_RIE 0x0040
#define SCR_TE 0x0020
#define SCR_RE 0x0010
#define FSR_ER 0x0080
#define FSR_TEND 0x0040
#define FSR_TDFE 0x0020
#define FSR_BRK 0x0010
#define FSR_FER 0x0008
#define FSR_PER 0x0004
#define FSR_RDF 0x0002
#define FSR_DR 0x0001
#define FCR_TFRST 0x0004
#define FCR_RFRST 0x0002

/* MMU control: address translation on, TLB invalidated. */
#define SH_MMUCR 0xff000010
#define MMUCR_AT 0x00000001
#define MMUCR_TI 0x00000004

/* r2d board FPGA, area 1 (physical 0x04000000), reached through P2. */
#define R2D_FPGA_POWOFF 0xa4000030 /* 16-bit: 1 = power off */

/* The 64 MiB of SDRAM (physical 0x0c000000) as the kernel sees it: P1. */
#define SDRAM_START 0x8c000000
#define SDRAM_END 0x90000000
/* QEMU's boot block: Linux-style parameters, command line at +0x100. */
#define BOOT_PARAMS 0x8c010000
#define BOOT_CMDLINE (BOOT_PARAMS + 0x100)
#define BOOT_CMDLINE_SIZE 256

#ifndef __ASSEMBLY__

#include "compiler.h"
#include "types.h"

static __always_inline u8 sh_readb(unsigned long a)
{
	return *(volatile u8 *)a;
}

static __always_inline u16 sh_readw(unsigned long a)
{
	return *(volatile u16 *)a;
}

static __always_inline u32 sh_readl(unsigned long a)
{
	return *(volatile u32 *)a;
}

static __always_inline void sh_writeb(unsigned long a, u8 v)
{
	*(volatile u8 *)a = v;
}

static __always_inline void sh_writew(unsigned long a, u16 v)
{
	*(volatile u16 *)a = v;
}

static __always_inline void sh_writel(unsigned long a, u32 v)
{
	*(volatile u32 *)a = v;
}

/*
 * SR access. ldc to SR also rewrites the T bit, so it is a clobber; the
 * memory clobber keeps loads and stores on their side of an IMASK change.
 */
static __always_inline unsigned long sh_get_sr(void)
{
	unsigned long sr;

	__asm__ __volatile__("stc sr, %0" : "=r"(sr));
	return sr;
}

static __always_inline void sh_set_sr(unsigned long sr)
{
	__asm__ __volatile__("ldc %0, sr" : : "r"(sr) : "memory", "t");
}

/* Set IMASK to level; return the old SR. */
static __always_inline unsigned long sh_set_imask(unsigned level)
{
	unsigned long sr = sh_get_sr();

	sh_set_sr((sr & ~SR_IMASK) | (level << SR_IMASK_SHIFT));
	return sr;
}

static __always_inline unsigned sh_sr_level(unsigned long sr)
{
	return (sr & SR_IMASK) >> SR_IMASK_SHIFT;
}

/*
 * Start or stop TMU channel ch. TSTR holds the start bits of all three
 * channels, and the pseudo-NMI handler (nmi.c) rewrites it too, so the
 * read-modify-write is done at IMASK 15, where that handler cannot cut in.
 */
static __always_inline void tmu_set_running(unsigned ch, bool run)
{
	unsigned long sr = sh_set_imask(IRQ_LEVEL_ALL);
	u8 tstr = sh_readb(TMU_TSTR);

	if (run)
		tstr |= (u8)(1u << ch);
	else
		tstr &= (u8) ~(1u << ch);
	sh_writeb(TMU_TSTR, tstr);
	sh_set_sr(sr);
}

#endif /* __ASSEMBLY__ */
#endif
