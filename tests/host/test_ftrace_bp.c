/*
 * test_ftrace_bp.c - host tests for trace/ftrace_bp_table.c: the batch
 * table of the breakpoint method (filled, sorted, searched) and the
 * emulation decision the trap handler takes from it.
 */
#include "test.h"

#include "../../trace/ftrace_internal.h"

#define NSITES 64
#define BASE 0x200000UL
#define STEP 24UL

static struct ftrace_bp_site table[NSITES];

/* A batch with room for size sites, empty. */
static struct ftrace_bp_batch empty(unsigned long size)
{
	struct ftrace_bp_batch b = { table, 0, size };

	memset(table, 0, sizeof(table));
	return b;
}

/* Distinct old and new bytes for site i. */
static void bytes_of(unsigned long i, u8 *old, u8 *new)
{
	for (int k = 0; k < MCOUNT_INSN_SIZE; k++) {
		old[k] = (u8)(i + k);
		new[k] = (u8)(0x80 + i + k);
	}
}

/* Fill b with n sites, added in a scrambled order, as a pass that walks
 * a filter's hash would. */
static void fill(struct ftrace_bp_batch *b, unsigned long n)
{
	for (unsigned long j = 0; j < n; j++) {
		unsigned long i = (j * 37) % n; /* 37 is prime to 64, 50 */
		u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];

		bytes_of(i, old, new);
		CHECK_EQ(ftrace_bp_add(b, BASE + i * STEP, old, new), 0);
	}
}

TEST(bp_table_full_refuses)
{
	struct ftrace_bp_batch b = empty(2);
	u8 x[MCOUNT_INSN_SIZE] = { 0 };

	CHECK_EQ(ftrace_bp_add(&b, BASE, x, x), 0);
	CHECK_EQ(ftrace_bp_add(&b, BASE + 8, x, x), 0);
	CHECK_EQ(ftrace_bp_add(&b, BASE + 16, x, x), -ENOSPC);
	CHECK_EQ(b.n, 2UL);
}

TEST(bp_table_sorts_and_keeps_bytes)
{
	struct ftrace_bp_batch b = empty(NSITES);

	fill(&b, 50);
	CHECK_EQ(ftrace_bp_sort(&b), 0);
	for (unsigned long i = 0; i < b.n; i++) {
		u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];

		CHECK_EQ(b.sites[i].addr, BASE + i * STEP);
		bytes_of(i, old, new);
		CHECK_MEMEQ(b.sites[i].old, old, MCOUNT_INSN_SIZE);
		CHECK_MEMEQ(b.sites[i].new, new, MCOUNT_INSN_SIZE);
	}
}

TEST(bp_table_refuses_a_site_twice)
{
	struct ftrace_bp_batch b = empty(NSITES);
	u8 x[MCOUNT_INSN_SIZE] = { 0 };

	fill(&b, 10);
	CHECK_EQ(ftrace_bp_add(&b, BASE + 3 * STEP, x, x), 0);
	CHECK_EQ(ftrace_bp_sort(&b), -EEXIST);
}

TEST(bp_table_finds_every_site_and_nothing_else)
{
	struct ftrace_bp_batch b = empty(NSITES);

	fill(&b, NSITES);
	CHECK_EQ(ftrace_bp_sort(&b), 0);
	for (unsigned long i = 0; i < NSITES; i++) {
		const struct ftrace_bp_site *s =
			ftrace_bp_find(&b, BASE + i * STEP);

		CHECK(s && s->addr == BASE + i * STEP);
		/* Inside a site, between two, before the first, after the
		 * last: none. */
		CHECK(!ftrace_bp_find(&b, BASE + i * STEP + 1));
		CHECK(!ftrace_bp_find(&b, BASE + i * STEP - 1));
	}
	CHECK(!ftrace_bp_find(&b, BASE + NSITES * STEP));
	CHECK(!ftrace_bp_find(&b, 0));
	b.n = 0;
	CHECK(!ftrace_bp_find(&b, BASE));
	b.n = 1;
	CHECK(ftrace_bp_find(&b, BASE) == &b.sites[0]);
}

TEST(bp_decide_old_until_heads_then_new)
{
	struct ftrace_bp_batch b = empty(NSITES);
	unsigned long a = BASE + 7 * STEP;
	const struct ftrace_bp_site *s;

	fill(&b, 20);
	CHECK_EQ(ftrace_bp_sort(&b), 0);
	s = ftrace_bp_find(&b, a);
	CHECK(s != NULL);
	/* No batch on: no trap byte is the patcher's. */
	CHECK(ftrace_bp_decide(&b, FTRACE_BP_IDLE, a) == NULL);
	/* Trap bytes or tails going in: CPUs that do not trap still run
	 * the old instruction, so a CPU that does acts as it. */
	CHECK(ftrace_bp_decide(&b, FTRACE_BP_TRAP, a) == s->old);
	CHECK(ftrace_bp_decide(&b, FTRACE_BP_TAIL, a) == s->old);
	/* Heads going in: from now on the new one. */
	CHECK(ftrace_bp_decide(&b, FTRACE_BP_HEAD, a) == s->new);
	/* An address of no site, in any phase: not ours. */
	CHECK(ftrace_bp_decide(&b, FTRACE_BP_TRAP, a + 2) == NULL);
	CHECK(ftrace_bp_decide(&b, FTRACE_BP_HEAD, BASE + 40 * STEP) == NULL);
}

/* Add site i (of the BASE + i * STEP grid). */
static void add_site(struct ftrace_bp_batch *b, unsigned long i)
{
	u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];

	bytes_of(i, old, new);
	CHECK_EQ(ftrace_bp_add(b, BASE + i * STEP, old, new), 0);
}

/* b holds sites 0..n-1 in order, each with its own bytes. */
static bool holds_in_order(const struct ftrace_bp_batch *b, unsigned long n)
{
	if (b->n != n)
		return false;
	for (unsigned long i = 0; i < n; i++) {
		u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];

		bytes_of(i, old, new);
		if (b->sites[i].addr != BASE + i * STEP ||
		    memcmp(b->sites[i].old, old, MCOUNT_INSN_SIZE) ||
		    memcmp(b->sites[i].new, new, MCOUNT_INSN_SIZE))
			return false;
	}
	return true;
}

/* Queue the sites of order[] (grid numbers) in that order and sort:
 * the result of ftrace_bp_sort, and whether b then holds 0..n-1. */
static int sort_order(const unsigned long *order, unsigned long n, bool *ok)
{
	struct ftrace_bp_batch b = empty(NSITES);
	unsigned long max = 0;
	int r;

	for (unsigned long i = 0; i < n; i++) {
		add_site(&b, order[i]);
		max = order[i] > max ? order[i] : max;
	}
	r = ftrace_bp_sort(&b);
	*ok = holds_in_order(&b, max + 1);
	return r;
}

/* The orders a pass queues in: call sites in address order, assembly
 * sites before or after them, or anywhere when few. */
TEST(bp_table_sorts_nearly_sorted_batches)
{
	unsigned long order[NSITES], n;
	bool ok;

	/* Already sorted. */
	for (n = 0; n < 40; n++)
		order[n] = n;
	CHECK_EQ(sort_order(order, n, &ok), 0);
	CHECK(ok);

	/* Big sites first (ftrace_call queued before the records). */
	n = 0;
	order[n++] = 30;
	order[n++] = 20;
	for (unsigned long i = 0; i < 40; i++)
		if (i != 30 && i != 20)
			order[n++] = i;
	CHECK_EQ(sort_order(order, n, &ok), 0);
	CHECK(ok);

	/* Small sites last (mcount_call and another after them). */
	for (n = 0; n < 37; n++)
		order[n] = n + 3;
	order[n++] = 1;
	order[n++] = 0;
	order[n++] = 2;
	CHECK_EQ(sort_order(order, n, &ok), 0);
	CHECK(ok);

	/* One big in the middle, one small near the end. */
	n = 0;
	for (unsigned long i = 0; i < 40; i++) {
		if (i == 10)
			order[n++] = 39;
		if (i != 5 && i != 39)
			order[n++] = i;
		if (i == 35)
			order[n++] = 5;
	}
	CHECK_EQ(sort_order(order, n, &ok), 0);
	CHECK(ok);

	/* Reversed: too many out of place, the heapsort does it. */
	for (n = 0; n < 40; n++)
		order[n] = 39 - n;
	CHECK_EQ(sort_order(order, n, &ok), 0);
	CHECK(ok);

	/* A site twice, on either path. */
	for (n = 0; n < 10; n++)
		order[n] = n;
	order[n++] = 4;
	CHECK_EQ(sort_order(order, n, &ok), -EEXIST);
	for (n = 0; n < 10; n++)
		order[n] = 9 - n;
	order[n++] = 4;
	CHECK_EQ(sort_order(order, n, &ok), -EEXIST);
}
