/* shim.c - what the kernel files under test need from the rest of it. */

/*
 * The arch hooks are trivial (no interrupts; the CPU number and the
 * clock are whatever the test sets); panic() reports
 * to the test framework instead of halting; printk() keeps the last
 * message so a test can look at it. Memory for page_alloc comes from
 * one host arena, so kmalloc is the real allocator over real pages.
 * Add here whatever a newly tested kernel file needs from outside.
 */
#include "test.h"

#include <stdarg.h>

#include "arch.h"
#include "ksym.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"

void pmm_test_reset(void);
void kmalloc_test_reset(void);

/* ---- arch -------------------------------------------------------- */

static bool irqs_on = true;

unsigned long arch_irq_save(void)
{
	unsigned long flags = irqs_on;

	irqs_on = false;
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	irqs_on = flags;
}

void arch_irq_enable(void)
{
	irqs_on = true;
}

void arch_irq_disable(void)
{
	irqs_on = false;
}

bool arch_irqs_enabled(void)
{
	return irqs_on;
}

void arch_cpu_relax(void)
{
}

unsigned test_cpu_id;

unsigned arch_cpu_id(void)
{
	return test_cpu_id;
}

u64 test_clock_ns;
void (*test_clock_hook)(void);

/* The fake clock; the hook runs inside it, as an interrupt would. */
u64 arch_clock_ns(void)
{
	void (*hook)(void) = test_clock_hook;

	if (hook) {
		test_clock_hook = NULL;
		hook();
	}
	return test_clock_ns;
}

/* ---- printk and panic -------------------------------------------- */

char test_printk_buf[1024];

int vprintk(const char *fmt, va_list ap)
{
	return vsnprintf(test_printk_buf, sizeof(test_printk_buf), fmt, ap);
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

void panic(const char *fmt, ...)
{
	jmp_buf *jb = test_panic_target();
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(test_panic_msg, sizeof(test_panic_msg), fmt, ap);
	va_end(ap);
	if (!jb)
		test_unexpected_panic(test_panic_msg);
	test_panic_disarm();
	longjmp(*jb, 1);
}

/* ---- sleeping and Ctrl-C ---------------------------------------- */

int test_sleeps;
int test_sigint_after = -1;
void (*test_sleep_hook)(void);

bool signal_pending(void)
{
	return test_sigint_after >= 0 && test_sleeps > test_sigint_after;
}

int msleep_interruptible(unsigned ms)
{
	test_sleeps++;
	if (test_sleep_hook)
		test_sleep_hook();
	return signal_pending() ? -EINTR : 0;
}

/* ---- memory ------------------------------------------------------ */

void *test_mem_setup(size_t npages)
{
	static void *arena;
	uintptr_t start;

	if (!arena) {
		arena = aligned_alloc(PAGE_SIZE, TEST_ARENA_PAGES * PAGE_SIZE);
		if (!arena) {
			fprintf(stderr, "test_mem_setup: out of host memory\n");
			exit(2);
		}
	}
	if (npages > TEST_ARENA_PAGES)
		npages = TEST_ARENA_PAGES;
	/* Junk, not zeros: the allocator must not rely on clean memory. */
	memset(arena, 0xa5, npages * PAGE_SIZE);
	pmm_test_reset();
	kmalloc_test_reset();
	start = (uintptr_t)arena;
	pmm_add_range(start, start + npages * PAGE_SIZE);
	pmm_init_done();
	return arena;
}

/* ---- output sinks ------------------------------------------------ */

static void sink_write(struct fs_out *o, const char *s, size_t n)
{
	struct test_sink *t = o->priv;

	while (n-- && t->len < sizeof(t->buf) - 1)
		t->buf[t->len++] = *s++;
	t->buf[t->len] = '\0';
}

void test_sink_init(struct test_sink *s)
{
	s->out.write = sink_write;
	s->out.written = 0;
	s->out.priv = s;
	s->len = 0;
	s->buf[0] = '\0';
}

/* ---- the file layer ---------------------------------------------- */

void test_fs_setup(void)
{
	test_mem_setup(64);
	fs_init();
}

size_t test_read_all(struct fs_file *f, size_t chunk, char *out, size_t size)
{
	size_t len = 0;
	ssize_t got;

	while ((got = fs_read(f, out + len, MIN(chunk, size - 1 - len))) > 0)
		len += (size_t)got;
	out[len] = '\0';
	return len;
}

/* ---- symbols ----------------------------------------------------- */

/*
 * A made-up symbol table for test_ksym.c, sorted by address like the one
 * tools/mksyms generates: two sized functions with a gap between them, a
 * sizeless one that runs to the next, an alias pair, and a last one.
 */
/* clang-format off */
const struct ksym ksym_table[] = {
	{ 0x1000, 0x100, "alpha" },
	{ 0x1200, 0x80, "beta" },
	{ 0x1300, 0, "gamma" },
	{ 0x1400, 0, "delta_alias" },
	{ 0x1400, 0x40, "delta" },
	{ 0x2000, 0x10, "omega" },
};
/* clang-format on */
const unsigned long ksym_count = ARRAY_SIZE(ksym_table);
/* Its numbers in name order, as mksyms writes them. */
const unsigned long ksym_by_name[] = { 0, 1, 4, 3, 2, 5 };
