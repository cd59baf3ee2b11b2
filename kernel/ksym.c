/* ksym.c - look up kernel symbols by address or name (kallsyms). */

/*
 * ksym_lookup and ksym_format are notrace: trap handlers print
 * backtraces through them and the trace output names every function
 * with them, both while tracing may be on.
 */
#include "arch.h"
#include "compiler.h"
#include "ksym.h"
#include "mm.h"
#include "kstring.h"
#include "printk.h"
#include "sort.h"
#include "types.h"

/* End of symbol i; a symbol with no size runs to the next address. */
static notrace unsigned long sym_end(unsigned long i)
{
	unsigned long j;

	if (ksym_table[i].size)
		return ksym_table[i].addr + ksym_table[i].size;
	for (j = i + 1; j < ksym_count; j++) {
		if (ksym_table[j].addr > ksym_table[i].addr)
			return ksym_table[j].addr;
	}
	/* The last symbol of all: nothing bounds it, so it covers nothing. */
	return ksym_table[i].addr;
}

notrace const struct ksym *ksym_lookup(unsigned long addr, unsigned long *off)
{
	unsigned long lo = 0, hi = ksym_count, mid, i;

	/* Find the last symbol that starts at or below addr. */
	while (lo < hi) {
		mid = lo + ((hi - lo) >> 1);
		if (ksym_table[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/*
	 * Aliases share an address; walk back over them, as one may have a
	 * size that covers addr when another does not.
	 */
	for (i = lo;
	     i-- > 0 && ksym_table[i].addr == ksym_table[lo - 1].addr;) {
		if (addr < sym_end(i)) {
			if (off)
				*off = addr - ksym_table[i].addr;
			return &ksym_table[i];
		}
	}
	return NULL;
}

notrace unsigned long ksym_end(const struct ksym *s)
{
	return sym_end((unsigned long)(s - ksym_table));
}

notrace void ksym_format(unsigned long addr, char *buf, size_t size)
{
	const struct ksym *s;
	unsigned long off;

	s = ksym_lookup(addr, &off);
	if (!s) {
		snprintf(buf, size, "0x%lx", addr);
		return;
	}
	snprintf(buf, size, "%s+0x%lx/0x%lx", s->name, off,
		 sym_end((unsigned long)(s - ksym_table)) - s->addr);
}

/*
 * Symbol numbers sorted by name, so that a function is found by name in
 * O(log n): filters name functions one at a time, and that cost must not
 * grow with the size of the kernel. tools/mksyms writes the index
 * sorted, so boot only checks it: sorting it here took 177 M
 * instructions with 38,000 functions (make bench SCALE=38000). Until
 * then (and if memory ran out) ksym_find scans.
 */
static const unsigned long *by_name;
u64 ksym_init_ns;

static int cmp_name(const void *a, const void *b)
{
	return strcmp(ksym_table[*(const unsigned long *)a].name,
		      ksym_table[*(const unsigned long *)b].name);
}

/* Whether idx holds every symbol number once, in name order: O(n), with
 * a bitmap of the numbers seen. */
static bool index_ok(const unsigned long *idx, unsigned long n)
{
	const unsigned long bits = 8 * sizeof(unsigned long);
	unsigned long *seen = kzalloc((n / bits + 1) * sizeof(*seen));
	bool ok = seen != NULL;

	for (unsigned long i = 0; ok && i < n; i++) {
		unsigned long x = idx[i];

		ok = x < n && !(seen[x / bits] & (1UL << (x % bits))) &&
		     (!i || cmp_name(&idx[i - 1], &idx[i]) <= 0);
		if (ok)
			seen[x / bits] |= 1UL << (x % bits);
	}
	kfree(seen);
	return ok;
}

/* The old way, for an index that fails the check: sort at boot. */
static unsigned long *sort_index(void)
{
	unsigned long *a = kmalloc((ksym_count + 1) * sizeof(*a));

	if (!a)
		return NULL;
	for (unsigned long i = 0; i < ksym_count; i++)
		a[i] = i;
	sort(a, ksym_count, sizeof(*a), cmp_name);
	return a;
}

void ksym_init(void)
{
	u64 t0 = arch_clock_ns();

	if (index_ok(ksym_by_name, ksym_count)) {
		by_name = ksym_by_name;
	} else {
		printk("ksym: the build's index by name is not in order; "
		       "sorting it\n");
		by_name = sort_index();
		if (!by_name)
			printk("ksym: no memory for the name index; lookups "
			       "by name will scan\n");
	}
	ksym_init_ns = arch_clock_ns() - t0;
}

const struct ksym *ksym_find(const char *name)
{
	unsigned long lo = 0, hi = ksym_count;

	if (!by_name) {
		for (unsigned long i = 0; i < ksym_count; i++)
			if (!strcmp(ksym_table[i].name, name))
				return &ksym_table[i];
		return NULL;
	}
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		int c = strcmp(ksym_table[by_name[mid]].name, name);

		if (!c)
			return &ksym_table[by_name[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

unsigned long ksym_addr(const char *name)
{
	const struct ksym *s = ksym_find(name);

	return s ? s->addr : 0;
}
