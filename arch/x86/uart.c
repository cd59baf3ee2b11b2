/*
 * uart.c - the 16550 serial port COM1: the console. Output is polled so it
 * works anywhere (traps, NMIs, panics); input arrives by interrupt.
 */
#include "arch.h"
#include "console.h"
#include "x86.h"

#define COM1 0x3f8
#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR 0x01
#define LSR_THRE 0x20

void uart_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80); /* divisor latch */
	outb(COM1 + 0, 0x01); /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03); /* 8N1 */
	outb(COM1 + UART_FCR, 0x07); /* FIFOs on and cleared */
	outb(COM1 + UART_MCR, 0x0b); /* DTR, RTS, OUT2 (IRQ gate) */
}

#define IER_RDA 0x01 /* interrupt when received data is available */

void uart_enable_rx_irq(void)
{
	outb(COM1 + UART_IER, IER_RDA);
}

/* With the interrupt off the 16550's FIFO fills and QEMU stops reading its
 * side of the line: the sender waits, nothing is lost. */
bool arch_console_rx_hold(void)
{
	outb(COM1 + UART_IER, 0);
	return true;
}

void arch_console_rx_release(void)
{
	outb(COM1 + UART_IER, IER_RDA);
}

notrace void arch_console_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		arch_cpu_relax();
	outb(COM1 + UART_THR, (u8)c);
}

void uart_irq(void)
{
	while ((inb(COM1 + UART_LSR) & LSR_DR) && console_rx_room())
		console_rx((char)inb(COM1 + UART_RBR));
}
