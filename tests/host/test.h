/* test.h - a small unit-test framework for the host tests. */

/*
 * Every test file includes this first, before any kernel header: it
 * brings in the C library, then host_rename.h and the kernel's string
 * and printf headers, so that later calls to memcpy, snprintf,
 * strerror... reach the kernel's versions (printf and friends stay
 * libc's).
 *
 *	TEST(fs_lookup_dotdot)
 *	{
 *		CHECK_EQ(fs_lookup(NULL, "/a/..", &n), 0);
 *	}
 *
 * A test case passes when none of its checks fail; a failed check
 * prints file:line and the test goes on. The runner counts test cases,
 * not checks, and ends with "N passed, M failed".
 */
#ifndef TEST_H
#define TEST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framework.h"
#include "host_rename.h"

/* glibc's sys/cdefs.h has its own; the kernel's compiler.h wins here. */
#undef __always_inline

#include "fs.h"
#include "kstring.h"
#include "printk.h"

/*
 * A fresh physical allocator and heap over npages of host memory (at
 * most TEST_ARENA_PAGES); returns the start of that memory. Tests that
 * touch page_alloc, kmalloc or anything that allocates call it first.
 */
#define TEST_ARENA_PAGES 1024
void *test_mem_setup(size_t npages);

/* An fs_out that collects text, for read handlers and the line editor. */
struct test_sink {
	struct fs_out out;
	char buf[8192];
	size_t len;
};
void test_sink_init(struct test_sink *s);

/* A fresh heap and an empty file tree, for the file-layer tests. */
void test_fs_setup(void);
/* Read all of f in chunks of chunk bytes into out (NUL-terminated);
 * returns the length read. */
size_t test_read_all(struct fs_file *f, size_t chunk, char *out, size_t size);

/*
 * Sleeping for the file layer's waits: msleep_interruptible() counts
 * itself in test_sleeps and runs test_sleep_hook (if set), as if time
 * passed; Ctrl-C "arrives" once test_sleeps exceeds test_sigint_after
 * (-1: never). A test that changes them puts them back.
 */
extern int test_sleeps;
extern int test_sigint_after;
extern void (*test_sleep_hook)(void);

/*
 * The shim's arch_cpu_id() answers test_cpu_id, and arch_clock_ns()
 * test_clock_ns; test_clock_hook, when set, is cleared and run inside the
 * next clock read (a test's stand-in for an interrupt).
 */
extern unsigned test_cpu_id;
extern uint64_t test_clock_ns;
extern void (*test_clock_hook)(void);

/* True when all n bytes at p equal c (poison and zero-fill checks). */
static inline bool all_bytes(const void *p, int c, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)c)
			return false;
	return true;
}

#endif
