/*
 * kernel_glue.c - for the harnesses over kernel files: what
 * tests/host/shim.c expects from the host tests' framework, and the few
 * console and thread calls kernel/shell.c makes that the harnesses do
 * not test. A panic here is a bug found: it aborts, so the fuzzer keeps
 * the input.
 */
#include <setjmp.h>
#include <stdarg.h>

#include "fuzz.h"

#include "../host/framework.h"
#include "../host/host_rename.h"

#undef __always_inline
#include "console.h"
#include "printk.h"
#include "sched.h"

char test_panic_msg[512];

jmp_buf *test_panic_target(void)
{
	return NULL;
}

void test_panic_disarm(void)
{
}

void test_unexpected_panic(const char *msg)
{
	fuzz_fail("kernel panic: %s", msg);
}

/* The console: output is formatted (that is code under test) and
 * dropped; there is never input, so the shell's loop is never run. */
void console_write(const char *s, size_t n)
{
}

/* Formatted like the kernel's (through shim.c's printk buffer). */
int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

char console_getc(void)
{
	fuzz_fail("console_getc: the harness reads no console");
}

void console_command_running(bool running)
{
}

void signal_clear(void)
{
}

void signal_share(struct thread *t)
{
}

struct thread *current_thread(void)
{
	return NULL;
}
