/*
 * ftrace_bp_table.c - the breakpoint method's batch table: every site one
 * pass changes, with its old and new bytes, sorted by address so that the
 * trap handler finds a site in O(log n); and the emulation decision, which
 * of the two instructions a site that traps must behave as at this
 * instant. Pure functions of the table (host-tested); ftrace_bp.c applies
 * a batch and owns its one instance.
 *
 * Built without -pg: the trap handler runs it in any context, NMIs too,
 * while sites are half written.
 */
#include "ftrace_internal.h"
#include "kstring.h"
#include "sort.h"

int ftrace_bp_add(struct ftrace_bp_batch *b, unsigned long addr, const u8 *old,
		  const u8 *new)
{
	struct ftrace_bp_site *s;

	if (b->n >= b->size)
		return -ENOSPC;
	s = &b->sites[b->n++];
	s->addr = addr;
	memcpy(s->old, old, MCOUNT_INSN_SIZE);
	memcpy(s->new, new, MCOUNT_INSN_SIZE);
	return 0;
}

static int cmp_site(const void *a, const void *b)
{
	unsigned long x = ((const struct ftrace_bp_site *)a)->addr;
	unsigned long y = ((const struct ftrace_bp_site *)b)->addr;

	return x < y ? -1 : x > y;
}

/* Most out-of-place sites the linear path takes: the assembly ones. */
#define FEW FTRACE_NR_ASM_SITES

/*
 * A pass over every record queues the call sites in address order, and
 * the assembly sites before or after them: sorted but for a few. Keep a
 * sorted run in place and set aside the sites that break it: when a site
 * is below the run's last, the last goes if the site is above the one
 * before it (the last was too big), else the site goes (it is too
 * small). Returns the sites set aside, or FEW + 1 when there are more
 * (then nothing has moved, if dry).
 */
static unsigned long split_run(struct ftrace_bp_batch *b,
			       struct ftrace_bp_site *aside, bool dry)
{
	struct ftrace_bp_site *s = b->sites;
	unsigned long w = 0, naside = 0, last = 0, before = 0;

	for (unsigned long i = 0; i < b->n; i++) {
		unsigned long a = s[i].addr;

		if (w == 0 || a > last) {
			if (!dry)
				s[w] = s[i];
			before = last;
			last = a;
			w++;
			continue;
		}
		if (naside == FEW)
			return FEW + 1;
		if (w == 1 || a > before) {
			if (!dry) {
				aside[naside] = s[w - 1];
				s[w - 1] = s[i];
			}
			last = a;
		} else if (!dry) {
			aside[naside] = s[i];
		}
		naside++;
	}
	if (!dry)
		b->n = w;
	return naside;
}

/* Put site x into the sorted table b where it belongs: O(n). */
static void insert_sorted(struct ftrace_bp_batch *b,
			  const struct ftrace_bp_site *x)
{
	unsigned long lo = 0, hi = b->n;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (b->sites[mid].addr < x->addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&b->sites[lo + 1], &b->sites[lo],
		(b->n - lo) * sizeof(*b->sites));
	b->sites[lo] = *x;
	b->n++;
}

int ftrace_bp_sort(struct ftrace_bp_batch *b)
{
	struct ftrace_bp_site aside[FEW];
	unsigned long n = split_run(b, aside, true);

	if (n <= FEW) {
		split_run(b, aside, false);
		for (unsigned long i = 0; i < n; i++)
			insert_sorted(b, &aside[i]);
	} else {
		sort(b->sites, b->n, sizeof(*b->sites), cmp_site);
	}
	for (unsigned long i = 1; i < b->n; i++)
		if (b->sites[i].addr == b->sites[i - 1].addr)
			return -EEXIST;
	return 0;
}

const struct ftrace_bp_site *ftrace_bp_find(const struct ftrace_bp_batch *b,
					    unsigned long addr)
{
	unsigned long lo = 0, hi = b->n;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		unsigned long a = b->sites[mid].addr;

		if (a == addr)
			return &b->sites[mid];
		if (a < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Until the first bytes are written (FTRACE_BP_HEAD) a CPU that does not
 * trap still runs the old instruction, so one that traps does the same;
 * from then on, CPUs that do not trap run the new one.
 */
const u8 *ftrace_bp_decide(const struct ftrace_bp_batch *b,
			   enum ftrace_bp_phase phase, unsigned long addr)
{
	const struct ftrace_bp_site *s;

	if (phase == FTRACE_BP_IDLE)
		return NULL;
	s = ftrace_bp_find(b, addr);
	if (!s)
		return NULL;
	return phase >= FTRACE_BP_HEAD ? s->new : s->old;
}
