/*
 * signal.c - Ctrl-C for console commands. One signal exists: the console's
 * interrupt. A Ctrl-C typed while a command runs sets it and wakes every
 * thread of that command from an interruptible sleep or wait; the command
 * notices it with signal_pending(), stops, and says what it completed.
 */
#include "sched.h"

static volatile bool console_sigint;

bool signal_pending(void)
{
	return __atomic_load_n(&console_sigint, __ATOMIC_RELAXED) &&
	       current_thread()->console_fg;
}

void signal_clear(void)
{
	__atomic_store_n(&console_sigint, false, __ATOMIC_RELAXED);
}

void signal_share(struct thread *t)
{
	t->console_fg = true;
}

static void interrupt_one(struct thread *t, void *unused)
{
	if (t->console_fg)
		sched_interrupt(t);
}

/* The flag is set before any waker takes a run queue lock, so a thread
 * that tests it under that lock and then sleeps cannot miss it. */
void signal_console_interrupt(void)
{
	__atomic_store_n(&console_sigint, true, __ATOMIC_SEQ_CST);
	for_each_thread(interrupt_one, NULL);
}
