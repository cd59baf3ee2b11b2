/* test_ftrace_filter.c - host tests for trace/ftrace_filter.c. */
#include "test.h"

#include "../../trace/ftrace_internal.h"
#include "ksym.h"

/*
 * One record inside each function of the shim's symbol table (alpha,
 * beta, gamma, delta and its alias, omega), as boot makes them.
 */
static const unsigned long site[] = { 0x1004, 0x1204, 0x1304, 0x1404, 0x2004 };
enum { ALPHA, BETA, GAMMA, DELTA, OMEGA, NSITES };

static void setup(void)
{
	test_mem_setup(32);
	ftrace_pages_start = ftrace_pages_last = NULL;
	ftrace_rec_index_drop();
	memset(&ftrace_stats, 0, sizeof(ftrace_stats));
	for (int i = 0; i < NSITES; i++)
		ftrace_alloc_rec(site[i]);
	ftrace_rec_index_build();
}

/* The set as a bit mask over site[]; -1 if it holds anything else. */
static int mask_of(const struct ftrace_hash *h)
{
	unsigned long i, ip;
	int m = 0, n = 0;

	for_each_hash_ip(h, i, ip)
	{
		int k;

		for (k = 0; k < NSITES && site[k] != ip; k++)
			;
		if (k == NSITES)
			return -1;
		m |= 1 << k;
		n++;
	}
	return n == (int)h->count ? m : -1;
}

/* Build from nothing (reset); the mask, or -errno. */
static int build(const char *globs)
{
	struct ftrace_hash *h;
	const char *bad;
	int r = ftrace_filter_build(NULL, true, globs, &h, &bad), m;

	if (r)
		return r;
	m = mask_of(h);
	kfree(h);
	return m;
}

#define BIT(k) (1 << (k))

TEST(filter_literal_and_wildcards)
{
	setup();
	CHECK_EQ(build("alpha"), BIT(ALPHA));
	/* A sizeless symbol runs to the next one: gamma's site is found. */
	CHECK_EQ(build("gamma"), BIT(GAMMA));
	CHECK_EQ(build("*a"),
		 BIT(ALPHA) | BIT(BETA) | BIT(GAMMA) | BIT(DELTA) | BIT(OMEGA));
	CHECK_EQ(build("?e*"), BIT(BETA) | BIT(DELTA));
	CHECK_EQ(build("[ab]*"), BIT(ALPHA) | BIT(BETA));
	CHECK_EQ(build("alpha omega"), BIT(ALPHA) | BIT(OMEGA));
	/* The same site twice is kept once. */
	CHECK_EQ(build("alpha a* alpha"), BIT(ALPHA));
	CHECK_EQ(build(""), 0);
	CHECK_EQ(build("  \t\n"), 0);
}

TEST(filter_negation_in_order)
{
	setup();
	CHECK_EQ(build("* !beta"),
		 BIT(ALPHA) | BIT(GAMMA) | BIT(DELTA) | BIT(OMEGA));
	CHECK_EQ(build("* !*a"), 0);
	/* Order matters: what a later pattern adds stays. */
	CHECK_EQ(build("!alpha alpha"), BIT(ALPHA));
	CHECK_EQ(build("a* !alpha"), 0);
	/* Removing what matches nothing is no error. */
	CHECK_EQ(build("beta !nosuch"), BIT(BETA));
}

TEST(filter_errors_name_the_pattern)
{
	struct ftrace_hash *h = (void *)1;
	const char *bad;
	char big[FTRACE_GLOB_MAX + 2];

	setup();
	CHECK_EQ(ftrace_filter_build(NULL, true, "alpha nosuch beta", &h, &bad),
		 -ENOENT);
	CHECK(h == NULL);
	CHECK(!strncmp(bad, "nosuch", 6));
	CHECK_EQ(ftrace_filter_build(NULL, true, "alpha [ab", &h, &bad),
		 -EINVAL);
	CHECK(!strcmp(bad, "[ab"));
	/* Long patterns are refused for their length, not as malformed. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	CHECK_EQ(ftrace_filter_build(NULL, true, big, &h, &bad), -E2BIG);
	big[FTRACE_GLOB_MAX] = 0;
	big[FTRACE_GLOB_MAX - 1] = '*';
	CHECK_EQ(ftrace_filter_build(NULL, true, big, &h, &bad), -ENOENT);
}

TEST(filter_adds_to_or_replaces_the_old_set)
{
	struct ftrace_hash *old, *h;
	const char *bad;

	setup();
	CHECK_EQ(ftrace_filter_build(NULL, true, "alpha beta", &old, &bad), 0);
	/* Appending ('>>'): the old set plus the new matches. */
	CHECK_EQ(ftrace_filter_build(old, false, "omega", &h, &bad), 0);
	CHECK_EQ(mask_of(h), BIT(ALPHA) | BIT(BETA) | BIT(OMEGA));
	kfree(h);
	CHECK_EQ(ftrace_filter_build(old, false, "!alpha", &h, &bad), 0);
	CHECK_EQ(mask_of(h), BIT(BETA));
	kfree(h);
	/* Replacing ('>'): the old set is ignored. */
	CHECK_EQ(ftrace_filter_build(old, true, "omega", &h, &bad), 0);
	CHECK_EQ(mask_of(h), BIT(OMEGA));
	kfree(h);
	/* The old set itself is never changed. */
	CHECK_EQ(mask_of(old), BIT(ALPHA) | BIT(BETA));
	kfree(old);
}

TEST(filter_skips_failed_sites)
{
	setup();
	ftrace_find_rec_in(site[BETA], site[BETA] + 1)->flags |=
		FTRACE_FL_FAILED;
	CHECK_EQ(build("beta"), -ENOENT);
	CHECK_EQ(build("*"), BIT(ALPHA) | BIT(GAMMA) | BIT(DELTA) | BIT(OMEGA));
}

TEST(filter_many_sites)
{
	struct ftrace_hash *all, *none;
	const char *bad;

	/* 128 sites inside alpha: '*' takes every one, growing the set on
	 * the way, and '!alpha*' takes every one out again. */
	test_mem_setup(64);
	ftrace_pages_start = ftrace_pages_last = NULL;
	ftrace_rec_index_drop();
	memset(&ftrace_stats, 0, sizeof(ftrace_stats));
	for (unsigned long i = 0; i < 128; i++)
		ftrace_alloc_rec(0x1000 + 2 * i);
	CHECK_EQ(ftrace_filter_build(NULL, true, "*", &all, &bad), 0);
	CHECK_EQ(all->count, 128);
	for (unsigned long i = 0; i < 128; i++)
		CHECK(ftrace_hash_contains(all, 0x1000 + 2 * i));
	CHECK_EQ(ftrace_filter_build(all, false, "!alpha*", &none, &bad), 0);
	CHECK_EQ(none->count, 0);
	kfree(all);
	kfree(none);
}
