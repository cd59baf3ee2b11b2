/*
 * trace_count.c - the count tracer: hits per function, from a dynamically
 * allocated ftrace_ops (so it always goes through the list function and
 * shows that path). `ftrace count GLOB...` starts it.
 */
#include "ftrace_internal.h"
#include "ksym.h"
#include "kstring.h"
#include "sort.h"
#include "tracer.h"

struct count_data {
	unsigned n;
	unsigned long *ips; /* sorted, for the binary search below */
	u64 *hits;
};

static struct ftrace_ops *count_ops;
static struct count_data *count_cd; /* kept after stop, for print */

/* notrace: a tracer callback, called from the list function. */
static notrace void count_func(unsigned long ip, unsigned long parent_ip,
			       struct ftrace_ops *op, unsigned long *ret_slot)
{
	struct count_data *cd = op->private;
	unsigned lo = 0, hi = cd->n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (cd->ips[mid] == ip) {
			__atomic_fetch_add(&cd->hits[mid], 1, __ATOMIC_RELAXED);
			return;
		}
		if (cd->ips[mid] < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
}

static void free_data(struct count_data *cd)
{
	if (!cd)
		return;
	kfree(cd->ips);
	kfree(cd->hits);
	kfree(cd);
}

/* The filter's sites, sorted, with a counter each. */
static struct count_data *data_for(const struct ftrace_hash *h)
{
	struct count_data *cd = kzalloc(sizeof(*cd));
	unsigned long i, ip;

	if (!cd)
		return NULL;
	cd->ips = kmalloc((h->count + 1) * sizeof(*cd->ips));
	cd->hits = kzalloc((h->count + 1) * sizeof(*cd->hits));
	if (!cd->ips || !cd->hits) {
		free_data(cd);
		return NULL;
	}
	for_each_hash_ip(h, i, ip) cd->ips[cd->n++] = ip;
	sort(cd->ips, cd->n, sizeof(*cd->ips), sort_cmp_ulong);
	return cd;
}

static void free_ops(struct ftrace_ops *ops)
{
	ftrace_ops_free_hashes(ops);
	kfree(ops);
}

static int count_start(const char *filter)
{
	struct ftrace_ops *ops = kzalloc(sizeof(*ops));
	struct count_data *cd;
	int r;

	if (!ops)
		return -ENOMEM;
	ops->func = count_func;
	ops->name = "count";
	r = ftrace_set_filter(ops, filter, true);
	if (r) {
		free_ops(ops);
		return r;
	}
	/* Patterns that leave nothing would mean every function. */
	if (*filter && !ops->filter_hash->count) {
		free_ops(ops);
		return -ENOENT;
	}
	cd = data_for(ops->filter_hash);
	if (!cd) {
		free_ops(ops);
		return -ENOMEM;
	}
	ops->private = cd;
	r = register_ftrace_function(ops);
	if (r) {
		free_ops(ops);
		free_data(cd);
		return r;
	}
	count_ops = ops;
	count_cd = cd;
	return 0;
}

static void count_stop(void)
{
	unregister_ftrace_function(count_ops);
	/* At once: unregistering waited until no CPU can be calling it. */
	free_ops(count_ops);
	count_ops = NULL;
}

static void count_reset(void)
{
	free_data(count_cd);
	count_cd = NULL;
}

static int count_print(struct fs_out *out)
{
	struct count_data *cd = count_cd;

	if (!cd)
		return -ENOENT;
	fs_printf(out, "  %-32s %12s\n", "Function", "Hit");
	for (unsigned i = 0; i < cd->n; i++) {
		unsigned long off;
		const struct ksym *s = ksym_lookup(cd->ips[i], &off);

		fs_printf(out, "  %-32s %12llu\n", s ? s->name : "?",
			  (unsigned long long)cd->hits[i]);
	}
	return 0;
}

/* How many functions a count started with: for the console's message. */
unsigned trace_count_functions(void)
{
	return count_cd ? count_cd->n : 0;
}

TRACER(count, .name = "count", .help = "hits per function",
       .start = count_start, .stop = count_stop, .reset = count_reset,
       .print = count_print);
