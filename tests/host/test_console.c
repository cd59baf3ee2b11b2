/* test_console.c - host tests for kernel/console.c's input ring: a full
 * ring holds the UART back instead of losing bytes, except while a command
 * runs (Ctrl-C must still get through). */
#include "test.h"

#include "arch.h"
#include "console.h"
#include "sched.h"

#define RING_BYTES 4095 /* what the ring takes before it is full */

static bool uart_can_hold = true;
static bool held;
static int holds, releases, interrupts;

bool arch_console_rx_hold(void)
{
	if (!uart_can_hold)
		return false;
	held = true;
	holds++;
	return true;
}

void arch_console_rx_release(void)
{
	held = false;
	releases++;
}

void waitq_wait(struct waitq *wq, bool (*cond)(void *), void *arg)
{
	(void)wq;
	/* The tests read only what is there: waiting would hang. */
	if (!cond(arg))
		abort();
}

void waitq_wake_all(struct waitq *wq)
{
	(void)wq;
}

void signal_console_interrupt(void)
{
	interrupts++;
}

/* What a receive interrupt does with n bytes of c waiting in the UART:
 * returns how many it took. */
static int uart_delivers(char c, int n)
{
	int taken = 0;

	while (taken < n && console_rx_room()) {
		console_rx(c);
		taken++;
	}
	return taken;
}

static void drain(int n, char expect)
{
	for (int i = 0; i < n; i++)
		CHECK_EQ(console_getc(), expect);
}

TEST(console_full_ring_holds_the_uart_and_loses_nothing)
{
	CHECK_EQ(uart_delivers('x', RING_BYTES + 10), RING_BYTES);
	CHECK(held);
	CHECK_EQ(holds, 1);
	/* Reading one byte lets input flow again; the UART's bytes follow. */
	drain(1, 'x');
	CHECK(!held);
	CHECK_EQ(releases, 1);
	CHECK_EQ(uart_delivers('x', 9), 1);
	CHECK(held);
	drain(RING_BYTES - 1, 'x');
	CHECK(!held);
	CHECK_EQ(uart_delivers('\r', 1), 1);
	drain(1, 'x');
	CHECK_EQ(console_getc(), '\r');
	holds = releases = 0;
}

TEST(console_full_ring_while_a_command_runs_drops_and_sees_ctrl_c)
{
	console_command_running(true);
	CHECK_EQ(uart_delivers('y', RING_BYTES + 5), RING_BYTES + 5);
	CHECK(!held);
	CHECK_EQ(holds, 0);
	CHECK_EQ(uart_delivers('\x03', 1), 1);
	CHECK_EQ(interrupts, 1);
	console_command_running(false);
	drain(RING_BYTES, 'y');
	interrupts = 0;
}

TEST(console_command_start_releases_a_held_uart)
{
	CHECK_EQ(uart_delivers('z', RING_BYTES + 1), RING_BYTES);
	CHECK(held);
	console_command_running(true);
	CHECK(!held);
	CHECK_EQ(uart_delivers('\x03', 1), 1);
	CHECK_EQ(interrupts, 1);
	console_command_running(false);
	drain(RING_BYTES, 'z');
	interrupts = holds = releases = 0;
}

TEST(console_uart_that_cannot_hold_drops_the_newest)
{
	uart_can_hold = false;
	CHECK_EQ(uart_delivers('a', RING_BYTES), RING_BYTES);
	CHECK_EQ(uart_delivers('b', 3), 3);
	CHECK(!held);
	drain(RING_BYTES, 'a');
	uart_can_hold = true;
}
