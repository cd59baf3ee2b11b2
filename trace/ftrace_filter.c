/*
 * ftrace_filter.c - from glob patterns to the set of call sites an ops'
 * filter or notrace set holds. Pure: it reads the records and the symbol
 * table and builds a new set; swapping it in and re-patching is
 * ftrace_ops.c's business, so the host tests run this file as it is.
 *
 * Cost, for Linux's 38,000 functions as for our few hundred: a literal
 * name is one lookup by name and one by address (O(log n)); a wildcard
 * is one pass over the records with a glob match each; adding to or
 * removing from the set under construction is O(1). Nothing compares a
 * match with the matches kept before it.
 */
#include "ftrace_internal.h"
#include "glob.h"
#include "ksym.h"
#include "kstring.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Add or remove ip; false when memory ran out. */
static bool apply(struct ftrace_hash **h, unsigned long ip, bool neg)
{
	struct ftrace_hash *r;

	if (neg) {
		ftrace_hash_remove(*h, ip);
		return true;
	}
	r = ftrace_hash_reserve(*h);
	if (!r)
		return false;
	*h = r;
	ftrace_hash_add(r, ip);
	return true;
}

/* Apply one pattern (no '!'); the number of sites it matched, or -errno. */
static long apply_pattern(struct ftrace_hash **h, const char *pat, bool neg)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;
	long matched = 0;

	if (glob_is_literal(pat)) {
		const struct ksym *s = ksym_find(pat);

		rec = s ? ftrace_find_rec_in(s->addr, ksym_end(s)) : NULL;
		if (!rec || (rec->flags & FTRACE_FL_FAILED))
			return 0;
		return apply(h, rec->ip, neg) ? 1 : -ENOMEM;
	}
	for_each_ftrace_rec(pg, rec)
	{
		const struct ksym *s;
		unsigned long off;

		if (rec->flags & FTRACE_FL_FAILED)
			continue; /* never traced again */
		s = ksym_lookup(rec->ip, &off);
		if (!s || !glob_match(pat, s->name))
			continue;
		if (!apply(h, rec->ip, neg))
			return -ENOMEM;
		matched++;
	}
	return matched;
}

int ftrace_filter_build(const struct ftrace_hash *from, bool reset,
			const char *globs, struct ftrace_hash **out,
			const char **bad)
{
	char pat[FTRACE_GLOB_MAX + 1];
	const char *p = globs;
	struct ftrace_hash *h;
	unsigned long i, ip;
	int ret = 0;

	*out = NULL;
	*bad = NULL;
	if (reset)
		from = NULL;
	h = ftrace_hash_alloc(from ? from->count : 0);
	if (!h)
		return -ENOMEM;
	for_each_hash_ip(from, i, ip) ftrace_hash_add(h, ip);
	while (*p) {
		size_t len = 0;
		bool neg;
		long n;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		while (p[len] && !is_space(p[len]))
			len++;
		*bad = p;
		if (len > FTRACE_GLOB_MAX) {
			ret = -E2BIG;
			break;
		}
		memcpy(pat, p, len);
		pat[len] = 0;
		p += len;
		neg = pat[0] == '!';
		if (glob_check(pat + neg)) {
			ret = -EINVAL;
			break;
		}
		n = apply_pattern(&h, pat + neg, neg);
		if (n < 0) {
			ret = (int)n;
			break;
		}
		/* Removing nothing is no error: the set is as asked. */
		if (!n && !neg) {
			ret = -ENOENT;
			break;
		}
	}
	if (ret) {
		kfree(h);
		return ret;
	}
	*bad = NULL;
	*out = h;
	return 0;
}
