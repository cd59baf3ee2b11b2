/*
 * printk.c - the kernel log and console output. Every log line starts with
 * the uptime, "[    1.234567] ", as on Linux. Output is polled through the
 * arch's UART so that traps, NMIs and panics can always print, and every
 * printk is also kept in the log ring that dmesg and /proc/kmsg read.
 */
#include "arch.h"
#include "console_line.h"
#include "kstring.h"
#include "printk.h"
#include "smp.h"

/*
 * One lock orders whole messages between CPUs. It records its owner so an
 * NMI or trap on the CPU that holds it prints anyway (interleaved, but
 * never deadlocked), and a waiter gives up after a while so a CPU that
 * died holding it cannot silence a panic report.
 */
static volatile int console_owner = -1;
static volatile u32 console_lock_word;
static bool at_line_start = true; /* of the console */
static bool log_at_line_start = true; /* of the log ring */
static struct console_line cur_line; /* under the lock */

/* VT100 "carriage return, erase the line": every serial terminal has it. */
#define ERASE_LINE "\r\033[K"

static bool console_lock(unsigned long *flags)
{
	int me = (int)arch_cpu_id();
	u64 spins = 0;

	*flags = arch_irq_save();
	if (console_owner == me)
		return false; /* nested on this CPU */
	while (__atomic_exchange_n(&console_lock_word, 1, __ATOMIC_ACQUIRE)) {
		if (++spins > 200000000ULL)
			break;
		arch_cpu_relax();
	}
	console_owner = me;
	return true;
}

static void console_unlock(bool locked, unsigned long flags)
{
	if (locked) {
		console_owner = -1;
		__atomic_store_n(&console_lock_word, 0, __ATOMIC_RELEASE);
	}
	arch_irq_restore(flags);
}

static void emit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			arch_console_putc('\r');
		arch_console_putc(s[i]);
	}
}

void console_write(const char *s, size_t n)
{
	unsigned long flags;
	bool locked = console_lock(&flags);

	emit(s, n);
	if (n)
		at_line_start = s[n - 1] == '\n';
	if (locked)
		console_line_add(&cur_line, s, n);
	else
		cur_line.lost = true; /* nested inside another write */
	console_unlock(locked, flags);
}

/* Print s with the uptime at the start of each line, to the console and
 * the log ring; with track, cur_line follows what the console shows. */
static void emit_prefixed(const char *s, size_t n, bool track)
{
	char pre[32];
	u64 ns = arch_clock_ns();
	int plen = snprintf(pre, sizeof(pre), "[%5llu.%06llu] ",
			    (unsigned long long)(ns / 1000000000),
			    (unsigned long long)(ns % 1000000000 / 1000));
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && s[j] != '\n')
			j++;
		if (j < n)
			j++;
		if (at_line_start) {
			emit(pre, (size_t)plen);
			if (track)
				console_line_add(&cur_line, pre, (size_t)plen);
		}
		if (log_at_line_start)
			log_store(pre, (size_t)plen);
		emit(s + i, j - i);
		if (track)
			console_line_add(&cur_line, s + i, j - i);
		log_store(s + i, j - i);
		at_line_start = log_at_line_start = s[j - 1] == '\n';
		i = j;
	}
}

/*
 * A message that comes while the console's line is unfinished (the shell's
 * prompt and half a command, typically, or a command's partial output)
 * goes on a line of its own: the unfinished line is erased, the message
 * printed, and the line drawn again after it, so that both stay readable
 * and whoever types can go on. A line that cannot be drawn again, or a
 * message that itself ends unfinished, is left standing and the message
 * starts below it.
 */
static void print_above_line(const char *s, size_t n)
{
	if (console_line_redrawable(&cur_line) && n && s[n - 1] == '\n') {
		emit(ERASE_LINE, sizeof(ERASE_LINE) - 1);
		at_line_start = true;
		emit_prefixed(s, n, false);
		emit(cur_line.buf, cur_line.len);
		at_line_start = false;
		return;
	}
	emit("\n", 1);
	at_line_start = true;
	console_line_add(&cur_line, "\n", 1);
	emit_prefixed(s, n, true);
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	unsigned long flags;
	bool locked;
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	locked = console_lock(&flags);
	if (!locked) {
		/* A trap or NMI inside this CPU's own write: print as it
		 * comes, it may be the last thing that does. */
		cur_line.lost = true;
		emit_prefixed(buf, len, false);
	} else if (at_line_start) {
		emit_prefixed(buf, len, true);
	} else {
		print_above_line(buf, len);
	}
	console_unlock(locked, flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int kprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}
