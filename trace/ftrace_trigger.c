/*
 * ftrace_trigger.c - the traceon and traceoff triggers of
 * set_ftrace_filter ("vfs_read:traceoff:3"), with Linux's semantics: a
 * trigger switches tracing_on when its function is called, and a
 * counted one counts down only the calls on which it actually switched.
 *
 * Each kind of trigger (plain or counted, on or off) holds its functions
 * sorted by address. One static ftrace_ops, whose filter is every
 * triggered function, calls trigger_call(), which finds the ip's
 * triggers by binary search in a table of all of them, sorted by ip and
 * then newest kind first (the order Linux runs its probes in). A change
 * builds a new table and filter and swaps them in whole.
 */
#include "ftrace_internal.h"
#include "ftrace_trigger.h"
#include "glob.h"
#include "ksym.h"
#include "kstring.h"
#include "sort.h"
#include "trace.h"

struct trigger {
	unsigned long ip;
	long count; /* counted kinds: switches left */
	u8 kind;
	bool fresh; /* made by the write being applied */
	bool keep; /* scratch, while a write is committed */
};

/* Every trigger of one kind. */
struct probe {
	unsigned seq; /* when it got its first trigger; 0: it has none */
	unsigned n;
	struct trigger **t; /* sorted by ip */
};

/* What trigger_call() searches. */
struct trigger_table {
	unsigned n;
	struct trigger *t[];
};

static struct probe probes[TRIGGER_KINDS];
static unsigned probe_seq;
static struct trigger_table *volatile trigger_table;
static struct mutex trigger_lock = MUTEX_INIT("ftrace_trigger");

static notrace void fire(struct trigger *tr)
{
	bool on = tr->kind == TRIGGER_TRACEON ||
		  tr->kind == TRIGGER_TRACEON_COUNT;
	long left;

	if (on == tracing_is_on())
		return;
	if (trigger_kind_counted(tr->kind)) {
		/* One of several CPUs racing here takes the count down. */
		left = READ_ONCE(tr->count);
		if (left <= 0 || !__atomic_compare_exchange_n(
					 &tr->count, &left, left - 1, false,
					 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return;
	}
	if (on)
		tracing_on();
	else
		tracing_off();
}

/*
 * Always reached through the list function (FTRACE_OPS_FL_VIA_LIST), so
 * that ftrace_list_sync() tells when an old table is no longer read.
 */
static notrace void trigger_call(unsigned long ip, unsigned long parent_ip,
				 struct ftrace_ops *op, unsigned long *ret_slot)
{
	struct trigger_table *t = READ_ONCE(trigger_table);
	unsigned lo = 0, hi;

	if (!t)
		return;
	hi = t->n;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (t->t[mid]->ip < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < t->n && t->t[lo]->ip == ip; lo++)
		fire(t->t[lo]);
}

static struct ftrace_ops trigger_ops = {
	.func = trigger_call,
	.name = "trigger",
	.flags = FTRACE_OPS_FL_VIA_LIST,
};

/* ---- changing the triggers (trigger_lock held) ---- */

/* The functions pat (NUL-terminated) matches, sorted: their count, or
 * -EINVAL when none, -ENOMEM. */
static long match_functions(const char *pat, unsigned long **out)
{
	struct ftrace_hash *h;
	const char *bad;
	unsigned long i, ip, *ips;
	long n = 0;
	int r;

	mutex_lock(&ftrace_lock);
	r = ftrace_filter_build(NULL, true, pat, &h, &bad);
	mutex_unlock(&ftrace_lock);
	if (r)
		return r == -ENOMEM ? -ENOMEM : -EINVAL;
	ips = kmalloc((h->count + 1) * sizeof(*ips));
	if (!ips) {
		kfree(h);
		return -ENOMEM;
	}
	for_each_hash_ip(h, i, ip)
		ips[n++] = ip;
	kfree(h);
	sort(ips, (size_t)n, sizeof(*ips), sort_cmp_ulong);
	*out = ips;
	return n;
}

/* Replace p's array by t (of n), freeing the old one if this write made
 * it (old is the committed array). */
static void probe_set(struct probe *p, struct trigger **old, struct trigger **t,
		      unsigned n)
{
	if (p->t != old)
		kfree(p->t);
	p->t = t;
	p->n = n;
}

/* Add kind's trigger on every function in ips[0..m), keeping the count
 * of those that have one: a merge of two sorted lists. */
static int probe_add(struct probe *p, struct trigger **old,
		     const struct filter_tok *tok, const unsigned long *ips,
		     unsigned m, unsigned *seq)
{
	struct trigger **t = kmalloc((p->n + m + 1) * sizeof(*t));
	unsigned i = 0, j = 0, n = 0;

	if (!t)
		return -ENOMEM;
	while (i < p->n || j < m) {
		struct trigger *tr;

		if (j == m || (i < p->n && p->t[i]->ip < ips[j])) {
			t[n++] = p->t[i++];
			continue;
		}
		if (i < p->n && p->t[i]->ip == ips[j]) {
			t[n++] = p->t[i++];
			j++;
			continue;
		}
		tr = kzalloc(sizeof(*tr));
		if (!tr) {
			/* Free what this call made (marked keep), no more. */
			while (n--)
				if (t[n]->keep)
					kfree(t[n]);
			kfree(t);
			return -ENOMEM;
		}
		tr->ip = ips[j++];
		tr->kind = (u8)tok->kind;
		tr->count = tok->count;
		tr->fresh = tr->keep = true;
		t[n++] = tr;
	}
	for (i = 0; i < n; i++)
		t[i]->keep = false;
	if (!p->n)
		p->seq = ++*seq;
	probe_set(p, old, t, n);
	return 0;
}

/* Remove kind's triggers whose function pat matches (every one for ""
 * or "*"): -ENODEV when the kind has none, -EINVAL when none matches. */
static int probe_remove(struct probe *p, struct trigger **old, const char *pat)
{
	bool all = !pat[0] || !strcmp(pat, "*");
	struct trigger **t;
	unsigned i, n = 0;

	if (!p->n)
		return -ENODEV;
	t = kmalloc((p->n + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (i = 0; i < p->n; i++) {
		unsigned long off;
		const struct ksym *s = ksym_lookup(p->t[i]->ip, &off);

		if (!all && !(s && glob_match(pat, s->name)))
			t[n++] = p->t[i];
		else if (p->t[i]->fresh)
			kfree(p->t[i]); /* never seen by anyone */
	}
	if (n == p->n) {
		kfree(t);
		return -EINVAL;
	}
	if (!n)
		p->seq = 0;
	probe_set(p, old, t, n);
	return 0;
}

/* Order of the table: by ip, then the newest kind first. */
static unsigned table_seq[TRIGGER_KINDS];

static int cmp_trigger(const void *a, const void *b)
{
	const struct trigger *x = *(struct trigger *const *)a;
	const struct trigger *y = *(struct trigger *const *)b;

	if (x->ip != y->ip)
		return x->ip < y->ip ? -1 : 1;
	return table_seq[y->kind] < table_seq[x->kind] ? -1 : 1;
}

/* The table and the filter for the triggers in np: 0 or -ENOMEM. */
static int build_table(const struct probe *np, struct trigger_table **tp,
		       struct ftrace_hash **hp)
{
	unsigned total = 0, n = 0;
	struct trigger_table *t;
	struct ftrace_hash *h;

	for (unsigned k = 0; k < TRIGGER_KINDS; k++) {
		total += np[k].n;
		table_seq[k] = np[k].seq;
	}
	t = kmalloc(sizeof(*t) + (total + 1) * sizeof(t->t[0]));
	h = ftrace_hash_alloc(total);
	if (!t || !h) {
		kfree(t);
		kfree(h);
		return -ENOMEM;
	}
	for (unsigned k = 0; k < TRIGGER_KINDS; k++)
		for (unsigned i = 0; i < np[k].n; i++) {
			t->t[n++] = np[k].t[i];
			ftrace_hash_add(h, np[k].t[i]->ip);
		}
	t->n = n;
	sort(t->t, n, sizeof(t->t[0]), cmp_trigger);
	*tp = t;
	*hp = h;
	return 0;
}

/*
 * Make np the triggers: publish the new table, wait until no CPU reads
 * the old one, free what left, then bring the ops' filter and
 * registration in line (the ops unregistered when none is left: an
 * empty filter would mean every function).
 */
static int commit(struct probe *np, unsigned seq, struct trigger_table *t,
		  struct ftrace_hash *h)
{
	struct trigger_table *old_t = trigger_table;
	bool live = trigger_ops.flags & FTRACE_OPS_FL_ENABLED;
	int ret = 0;

	if (!t->n && live)
		ret = unregister_ftrace_function(&trigger_ops);
	__atomic_store_n(&trigger_table, t, __ATOMIC_RELEASE);
	ftrace_list_sync();
	kfree(old_t);
	for (unsigned k = 0; k < TRIGGER_KINDS; k++) {
		for (unsigned i = 0; i < probes[k].n; i++)
			probes[k].t[i]->keep = false;
		for (unsigned i = 0; i < np[k].n; i++)
			np[k].t[i]->keep = true;
		for (unsigned i = 0; i < probes[k].n; i++)
			if (!probes[k].t[i]->keep)
				kfree(probes[k].t[i]);
		for (unsigned i = 0; i < np[k].n; i++)
			np[k].t[i]->fresh = false;
		if (probes[k].t != np[k].t)
			kfree(probes[k].t);
		probes[k] = np[k];
	}
	probe_seq = seq;
	if (ret) {
		kfree(h);
		return ret;
	}
	ret = ftrace_set_filter_hash(&trigger_ops, h);
	if (!ret && t->n && !live)
		ret = register_ftrace_function(&trigger_ops);
	return ret;
}

/* Drop what a failed write made: its arrays and its new triggers. */
static void undo(struct probe *np)
{
	for (unsigned k = 0; k < TRIGGER_KINDS; k++) {
		if (np[k].t == probes[k].t)
			continue;
		for (unsigned i = 0; i < np[k].n; i++)
			if (np[k].t[i]->fresh)
				kfree(np[k].t[i]);
		kfree(np[k].t);
	}
}

static int apply_one(struct probe *np, const char *text,
		     const struct filter_tok *tok, unsigned *seq,
		     const char **msg)
{
	char pat[FTRACE_GLOB_MAX + 1];
	struct probe *p = &np[tok->kind];
	struct trigger **old = probes[tok->kind].t;
	unsigned long *ips;
	long m;
	int r;

	memcpy(pat, text + tok->func_off, tok->func_len);
	pat[tok->func_len] = 0;
	if (tok->neg) {
		r = probe_remove(p, old, pat);
		*msg = r == -ENODEV ? "no such trigger"
				    : "no trigger matches the function";
		return r;
	}
	*msg = "no function matches";
	m = tok->func_len ? match_functions(pat, &ips) : -EINVAL;
	if (m < 0)
		return (int)m;
	r = probe_add(p, old, tok, ips, (unsigned)m, seq);
	kfree(ips);
	return r;
}

int ftrace_trigger_apply(const char *text, const struct filter_tok *toks,
			 unsigned n, unsigned *bad, const char **msg)
{
	struct probe np[TRIGGER_KINDS];
	struct trigger_table *t = NULL;
	struct ftrace_hash *h = NULL;
	unsigned seq, i;
	bool any = false;
	int r = 0;

	mutex_lock(&trigger_lock);
	memcpy(np, probes, sizeof(np));
	seq = probe_seq;
	for (i = 0; i < n && !r; i++) {
		if (!toks[i].is_trigger)
			continue;
		any = true;
		*bad = toks[i].func_off;
		r = apply_one(np, text, &toks[i], &seq, msg);
	}
	if (!r && any) {
		*msg = "out of memory";
		r = build_table(np, &t, &h);
	}
	if (r || !any) {
		undo(np);
		mutex_unlock(&trigger_lock);
		return r;
	}
	r = commit(np, seq, t, h);
	mutex_unlock(&trigger_lock);
	*msg = "could not change the call sites";
	return r;
}

/* ---- reading back ---- */

void ftrace_trigger_lock(void)
{
	mutex_lock(&trigger_lock);
}

void ftrace_trigger_unlock(void)
{
	mutex_unlock(&trigger_lock);
}

unsigned long ftrace_trigger_count(void)
{
	unsigned long n = 0;

	for (unsigned k = 0; k < TRIGGER_KINDS; k++)
		n += probes[k].n;
	return n;
}

int ftrace_trigger_show(struct seq_file *m, unsigned long i)
{
	bool done[TRIGGER_KINDS] = { false };

	/* Kinds by age, newest first: at most TRIGGER_KINDS steps. */
	for (;;) {
		const struct probe *p = NULL;
		const struct trigger *tr;
		unsigned long off;
		const struct ksym *s;
		unsigned k, kp = 0;

		for (k = 0; k < TRIGGER_KINDS; k++)
			if (!done[k] && probes[k].n &&
			    (!p || probes[k].seq > p->seq)) {
				p = &probes[k];
				kp = k;
			}
		if (!p)
			return 1;
		done[kp] = true;
		if (i >= p->n) {
			i -= p->n;
			continue;
		}
		tr = p->t[i];
		s = ksym_lookup(tr->ip, &off);
		seq_printf(m, "%s:%s", s ? s->name : "?",
			   trigger_kind_name(tr->kind));
		if (trigger_kind_counted(tr->kind))
			seq_printf(m, ":count=%ld\n", READ_ONCE(tr->count));
		else
			seq_puts(m, ":unlimited\n");
		return 0;
	}
}
