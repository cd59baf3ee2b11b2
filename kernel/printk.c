/*
 * printk.c - the kernel log and console output. Every log line starts with
 * the uptime, "[    1.234567] ", as on Linux. Output is polled through the
 * arch's UART so that traps, NMIs and panics can always print, and every
 * printk is also kept in the log ring that dmesg and /proc/kmsg read.
 */
#include "arch.h"
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
	console_unlock(locked, flags);
}

static void emit_prefixed(const char *s, size_t n)
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
		if (at_line_start)
			emit(pre, (size_t)plen);
		if (log_at_line_start)
			log_store(pre, (size_t)plen);
		emit(s + i, j - i);
		log_store(s + i, j - i);
		at_line_start = log_at_line_start = s[j - 1] == '\n';
		i = j;
	}
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	unsigned long flags;
	bool locked;
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	locked = console_lock(&flags);
	emit_prefixed(buf, len);
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
