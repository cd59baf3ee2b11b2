/* framework.h - the test framework's libc-only half, shared with runner.c. */

/*
 * runner.c includes this alone, never the kernel's renamed functions;
 * test files get it through test.h.
 */
#ifndef FRAMEWORK_H
#define FRAMEWORK_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

struct test_case {
	const char *name;
	const char *file;
	int line;
	void (*fn)(void);
	struct test_case *next;
};

void test_register(struct test_case *tc);

/*
 * The case's function gets a prefix, so a test may share its name with
 * the kernel function it tests.
 */
#define TEST(id)                                                     \
	static void test_fn_##id(void);                              \
	static struct test_case test_case_##id = {                   \
		.name = #id,                                         \
		.file = __FILE__,                                    \
		.line = __LINE__,                                    \
		.fn = test_fn_##id,                                  \
	};                                                           \
	__attribute__((constructor)) static void test_reg_##id(void) \
	{                                                            \
		test_register(&test_case_##id);                      \
	}                                                            \
	static void test_fn_##id(void)

bool test_check(bool ok, const char *file, int line, const char *what);
bool test_check_eq(unsigned long long a, unsigned long long b, const char *file,
		   int line, const char *ea, const char *eb);
bool test_check_streq(const char *a, const char *b, const char *file, int line,
		      const char *ea, const char *eb);
bool test_check_memeq(const void *a, const void *b, size_t n, const char *file,
		      int line, const char *ea, const char *eb);

#define CHECK(cond) test_check(!!(cond), __FILE__, __LINE__, #cond)
/* Integers of any type; compared (and shown) as 64-bit values. */
#define CHECK_EQ(a, b)                                                  \
	test_check_eq((unsigned long long)(a), (unsigned long long)(b), \
		      __FILE__, __LINE__, #a, #b)
#define CHECK_STREQ(a, b) test_check_streq((a), (b), __FILE__, __LINE__, #a, #b)
#define CHECK_MEMEQ(a, b, n) \
	test_check_memeq((a), (b), (n), __FILE__, __LINE__, #a, #b)

/*
 * panic() in the kernel files lands in the shim: while armed it keeps
 * the message in test_panic_msg and jumps back here; unarmed, the test
 * fails and the runner moves on to the next one.
 */
extern char test_panic_msg[512];
void test_panic_arm(jmp_buf *jb);
void test_panic_disarm(void);
jmp_buf *test_panic_target(void);
void test_unexpected_panic(const char *msg) __attribute__((noreturn));

#define CHECK_PANICS(stmt)                                     \
	do {                                                   \
		jmp_buf test_jb_;                              \
		volatile bool test_panicked_ = false;          \
		test_panic_arm(&test_jb_);                     \
		if (setjmp(test_jb_) == 0) {                   \
			stmt;                                  \
		} else {                                       \
			test_panicked_ = true;                 \
		}                                              \
		test_panic_disarm();                           \
		test_check(test_panicked_, __FILE__, __LINE__, \
			   "panics: " #stmt);                  \
	} while (0)

#endif
