/* runner.c - runs every registered host test case and prints the totals. */

/*
 * Plain C library code: this file does not see the kernel's renamed
 * functions, so the framework's own messages never depend on the code
 * under test. Usage: runner [-v] [SUBSTRING] runs the cases whose name
 * contains SUBSTRING (all by default); -v lists passing cases too.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "framework.h"

#define TEST_TIMEOUT_S 20

static struct test_case *all_tests;
static const struct test_case *current;
static int current_failures;
static jmp_buf abort_jb;
static jmp_buf *panic_jb;
static int passed, failed;

char test_panic_msg[512];

void test_register(struct test_case *tc)
{
	tc->next = all_tests;
	all_tests = tc;
}

static void note_failure(const char *file, int line)
{
	if (!current_failures++)
		printf("FAIL %s (%s)\n", current->name, current->file);
	printf("  %s:%d: ", file, line);
}

bool test_check(bool ok, const char *file, int line, const char *what)
{
	if (!ok) {
		note_failure(file, line);
		printf("CHECK(%s) failed\n", what);
	}
	return ok;
}

bool test_check_eq(unsigned long long a, unsigned long long b, const char *file,
		   int line, const char *ea, const char *eb)
{
	if (a != b) {
		note_failure(file, line);
		printf("%s == %s failed: %lld (%#llx) != %lld (%#llx)\n", ea,
		       eb, (long long)a, a, (long long)b, b);
	}
	return a == b;
}

bool test_check_streq(const char *a, const char *b, const char *file, int line,
		      const char *ea, const char *eb)
{
	bool ok = (a && b) ? strcmp(a, b) == 0 : a == b;

	if (!ok) {
		note_failure(file, line);
		printf("%s == %s failed: \"%s\" != \"%s\"\n", ea, eb,
		       a ? a : "(NULL)", b ? b : "(NULL)");
	}
	return ok;
}

bool test_check_memeq(const void *a, const void *b, size_t n, const char *file,
		      int line, const char *ea, const char *eb)
{
	bool ok = memcmp(a, b, n) == 0;

	if (!ok) {
		note_failure(file, line);
		printf("%s == %s failed over %zu bytes\n", ea, eb, n);
	}
	return ok;
}

void test_panic_arm(jmp_buf *jb)
{
	test_panic_msg[0] = '\0';
	panic_jb = jb;
}

void test_panic_disarm(void)
{
	panic_jb = NULL;
}

jmp_buf *test_panic_target(void)
{
	return panic_jb;
}

void test_unexpected_panic(const char *msg)
{
	note_failure(current->file, current->line);
	printf("unexpected panic: %s\n", msg);
	longjmp(abort_jb, 1);
}

static void on_timeout(int sig)
{
	(void)sig;
	/* Not async-signal-safe, but the process is about to end anyway. */
	printf("FAIL %s (%s)\n  timed out after %d s\n", current->name,
	       current->file, TEST_TIMEOUT_S);
	printf("%d passed, %d failed\n", passed, failed + 1);
	fflush(stdout);
	_exit(1);
}

static int by_place(const void *a, const void *b)
{
	const struct test_case *x = *(const struct test_case *const *)a;
	const struct test_case *y = *(const struct test_case *const *)b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->line - y->line;
}

/* Alone in its function, so no caller's locals live across setjmp. */
static bool run_case(const struct test_case *tc)
{
	current = tc;
	current_failures = 0;
	panic_jb = NULL;
	alarm(TEST_TIMEOUT_S);
	if (setjmp(abort_jb) == 0)
		tc->fn();
	alarm(0);
	return current_failures == 0;
}

int main(int argc, char **argv)
{
	const char *filter = NULL;
	struct test_case **list, *tc;
	bool verbose = false;
	size_t n = 0, i;

	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-v"))
			verbose = true;
		else
			filter = argv[a];
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_timeout);

	/* Run in file and line order, whatever order constructors ran in. */
	for (tc = all_tests; tc; tc = tc->next)
		n++;
	list = calloc(n ? n : 1, sizeof(*list));
	if (!list)
		return 2;
	n = 0;
	for (tc = all_tests; tc; tc = tc->next)
		list[n++] = tc;
	qsort(list, n, sizeof(*list), by_place);

	for (i = 0; i < n; i++) {
		if (filter && !strstr(list[i]->name, filter))
			continue;
		if (run_case(list[i])) {
			passed++;
			if (verbose)
				printf("ok   %s\n", list[i]->name);
		} else {
			failed++;
		}
	}
	free(list);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
