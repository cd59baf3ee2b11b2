/* printk.h - formatted output: the kernel log and string formatting. */
#ifndef PRINTK_H
#define PRINTK_H

#include "compiler.h"
#include "types.h"

/*
 * Formats: %s %c %d %i %u %x %X %o %p %%, length modifiers l, ll, z;
 * flags '-', '0'; a field width (number or '*'); a precision for %s.
 * %p prints 0x followed by the pointer in hex, zero-padded to its width.
 * Returns the length the output would have had, like C's snprintf.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Kernel log: every line gets a "[    0.012345] " uptime prefix. */
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

/*
 * The kernel log ring holds the latest printk output, lines with their
 * prefix. A position counts bytes since boot. log_read copies from *pos
 * up to len bytes that are there now and advances *pos; a *pos the ring
 * has since overwritten moves on to the oldest whole line first.
 * Returns 0 when there is nothing after *pos. Any context may printk
 * while another reads.
 */
#define LOG_BUF_SIZE 16384UL /* a power of two */
void log_store(const char *s, size_t n); /* printk's own */
unsigned long log_first(void); /* oldest position held */
unsigned long log_end(void); /* after the newest byte */
size_t log_read(unsigned long *pos, char *buf, size_t len);
/* /proc/kmsg and the dmesg command (kernel/kmsg.c). */
void kmsg_init(void);

/* Unprefixed console output, for the shell. */
int kprintf(const char *fmt, ...) __printf(1, 2);
void console_write(const char *s, size_t n);

__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#endif
