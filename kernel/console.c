/*
 * console.c - console input: bytes from the UART interrupt go into a small
 * ring; the shell thread sleeps until there is something to read. While a
 * command runs, Ctrl-C is taken out of the stream here and interrupts it.
 */
#include "arch.h"
#include "console.h"
#include "sched.h"

#define RX_SIZE 4096
#define CTRL_C 0x03

static volatile bool command_running;

static char rx_buf[RX_SIZE];
static volatile unsigned rx_head, rx_tail; /* head: next write */
static struct waitq rx_wait = WAITQ_INIT("console");

/* When the ring is full the newest byte is dropped: the shell, not the
 * interrupt handler, decides what to do with a flood. */
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
		__atomic_store_n(&rx_head, next, __ATOMIC_RELEASE);
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
	__atomic_store_n(&rx_tail, (rx_tail + 1) % RX_SIZE, __ATOMIC_RELEASE);
	return c;
}

void console_command_running(bool running)
{
	__atomic_store_n(&command_running, running, __ATOMIC_RELEASE);
}
