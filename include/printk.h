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

/* Unprefixed console output, for the shell. */
int kprintf(const char *fmt, ...) __printf(1, 2);
void console_write(const char *s, size_t n);

__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#endif
