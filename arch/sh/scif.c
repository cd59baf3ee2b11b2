/*
 * scif.c - the console: the SH7751R's SCIF with its 16-byte FIFOs, which
 * QEMU connects to its *second* serial port ("-serial null -serial stdio").
 * Output is polled so that it works anywhere (traps, panics, the
 * pseudo-NMI); input arrives by the receive interrupt.
 *
 * The first port, the plain SCI at 0xffe00000, is barely modelled by QEMU
 * (reading most of its registers stops the emulator) and is not touched.
 * QEMU's SCIF also aborts on reads of BRR and FTDR, so those are only
 * ever written.
 */
#include "arch.h"
#include "console.h"
#include "sh4.h"
#include "sh_arch.h"

/* Below IRQ_LEVEL_OFF (14) so that "interrupts off" holds it back. */
#define SCIF_PRIORITY 10
/* 115200 baud: BRR = Pphi / (32 * 115200) - 1. QEMU ignores it. */
#define SCIF_BRR_115200 15

void scif_init(void)
{
	sh_writew(SCIF_SCR, 0); /* stop while reprogramming */
	sh_writew(SCIF_FCR, FCR_TFRST | FCR_RFRST);
	sh_writew(SCIF_SMR, 0); /* 8N1, clock Pphi/1 */
	sh_writeb(SCIF_BRR, SCIF_BRR_115200);
	sh_writew(SCIF_FCR, 0); /* receive trigger: every byte */
	/* Clear errors and receive flags; 1 bits leave a flag alone. */
	sh_writew(SCIF_FSR, FSR_TEND | FSR_TDFE);
	sh_writew(SCIF_SCR, SCR_TE | SCR_RE);
}

/*
 * Wait for room in the transmit FIFO (TDFE), write the byte, and clear
 * TDFE and TEND the way the SCIF wants: by writing 0 to a flag that was
 * read as 1. The other bits are written as 1, which leaves the receive
 * flags alone. No '\n' translation here: printk sends "\r\n" itself.
 */
notrace void arch_console_putc(char c)
{
	while (!(sh_readw(SCIF_FSR) & FSR_TDFE))
		arch_cpu_relax();
	sh_writeb(SCIF_FTDR, (u8)c);
	sh_writew(SCIF_FSR, (u16) ~(FSR_TDFE | FSR_TEND));
}

/*
 * Empty the receive FIFO into the console. The flags are cleared before
 * reading, not after: a byte arriving after our last look at FDR then
 * raises the interrupt again, instead of sitting unseen behind a flag we
 * cleared too late.
 */
static void scif_drain(void)
{
	for (;;) {
		unsigned n;

		sh_writew(SCIF_FSR, (u16) ~(FSR_RDF | FSR_DR));
		n = sh_readw(SCIF_FDR) & 0x1f;
		if (!n)
			break;
		while (n--)
			console_rx((char)sh_readb(SCIF_FRDR));
	}
}

/*
 * The SCIF cannot hold input back: QEMU's drops whatever does not fit in
 * its 16-byte FIFO, and a real one overruns. A full ring drops the newest
 * bytes instead (qemu/sh4-console-relay.py types no faster than the echo),
 * and the receive interrupt need not ask console_rx_room().
 */
bool arch_console_rx_hold(void)
{
	return false;
}

void arch_console_rx_release(void)
{
}

void scif_enable_rx_irq(void)
{
	sh_writew(SCIF_SCR, SCR_TE | SCR_RE | SCR_RIE);
	intc_set_priority(INTC_SCIF, SCIF_PRIORITY);
	/*
	 * QEMU raises RXI only when a byte arrives with RIE already set:
	 * whatever was typed during boot would wait for the next key.
	 */
	scif_drain();
}

/*
 * Take back the interrupt's cause, at IMASK 15, before the handler runs
 * at 14 (see tmu_tick_ack() for why): the receive flags, or an error: a
 * framing or parity error, a break or an overrun, whose bytes are lost
 * anyway. TXI is never enabled (output is polled); if it comes, stop it.
 */
void scif_ack(unsigned long intevt)
{
	if (intevt == EVT_SCIF_TXI) {
		sh_writew(SCIF_SCR, SCR_TE | SCR_RE | SCR_RIE);
		return;
	}
	if (intevt == EVT_SCIF_ERI || intevt == EVT_SCIF_BRI) {
		sh_writew(SCIF_FSR, (u16) ~(FSR_ER | FSR_BRK));
		(void)sh_readw(SCIF_LSR);
		sh_writew(SCIF_LSR, 0); /* ORER */
	}
	sh_writew(SCIF_FSR, (u16) ~(FSR_RDF | FSR_DR));
}

/* RXI, ERI or BRI (INTEVT 0x720, 0x700, 0x740), at IMASK 14. */
void scif_interrupt(unsigned long intevt)
{
	if (intevt != EVT_SCIF_TXI)
		scif_drain();
}
