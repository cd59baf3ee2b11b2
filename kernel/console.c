/*
 * console.c - console input: bytes from the UART interrupt go into a small
 * ring; the shell thread sleeps until there is something to read. While a
 * command runs, Ctrl-C is taken out of the stream here and interrupts it.
 * When the ring is full the UART is held back rather than bytes lost.
 */
#include "arch.h"
#include "console.h"
#include "sched.h"
#include "spinlock.h"

#define RX_SIZE 4096
#define CTRL_C 0x03

static volatile bool command_running;

static char rx_buf[RX_SIZE];
static volatile unsigned rx_head, rx_tail; /* head: next write */
static struct waitq rx_wait = WAITQ_INIT("console");
/* Taken, interrupts off, to hold or release the UART: see console_rx_room. */
static struct spinlock rx_hold_lock = SPINLOCK_INIT("console rx");
static bool rx_held;

/* After the reader made room, or a command started: input may flow again. */
static void release_rx(void)
{
	unsigned long flags = spin_lock_irqsave(&rx_hold_lock);

	if (rx_held) {
		rx_held = false;
		arch_console_rx_release();
	}
	spin_unlock_irqrestore(&rx_hold_lock, flags);
}

static bool ring_full(void)
{
	return (__atomic_load_n(&rx_head, __ATOMIC_SEQ_CST) + 1) % RX_SIZE ==
	       __atomic_load_n(&rx_tail, __ATOMIC_SEQ_CST);
}

/*
 * A full ring holds the UART back, so that a paste longer than the ring
 * loses nothing: the sender waits. Not while a command runs, though: the
 * shell reads nothing then, and a held UART would keep Ctrl-C from it; the
 * newest bytes are dropped instead. Nor on a UART that cannot hold input.
 */
bool console_rx_room(void)
{
	bool room = true;

	if (!ring_full())
		return true;
	spin_lock(
		&rx_hold_lock); /* the receive interrupt: interrupts are off */
	if (ring_full() &&
	    !__atomic_load_n(&command_running, __ATOMIC_SEQ_CST) &&
	    arch_console_rx_hold()) {
		rx_held = true;
		room = false;
	}
	spin_unlock(&rx_hold_lock);
	return room;
}

void console_rx(char c)
{
	unsigned next = (rx_head + 1) % RX_SIZE;

	if (c == CTRL_C &&
	    __atomic_load_n(&command_running, __ATOMIC_ACQUIRE)) {
		signal_console_interrupt();
		return;
	}
	if (next != rx_tail) {
		rx_buf[rx_head] = c;
		__atomic_store_n(&rx_head, next, __ATOMIC_SEQ_CST);
	}
	waitq_wake_all(&rx_wait);
}

static bool rx_ready(void *unused)
{
	return __atomic_load_n(&rx_head, __ATOMIC_ACQUIRE) != rx_tail;
}

char console_getc(void)
{
	char c;

	waitq_wait(&rx_wait, rx_ready, NULL);
	c = rx_buf[rx_tail];
	__atomic_store_n(&rx_tail, (rx_tail + 1) % RX_SIZE, __ATOMIC_SEQ_CST);
	release_rx();
	return c;
}

void console_command_running(bool running)
{
	__atomic_store_n(&command_running, running, __ATOMIC_SEQ_CST);
	/* A held UART could keep the command's Ctrl-C from us. */
	if (running)
		release_rx();
}
