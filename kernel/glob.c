/* glob.c - shell-style wildcards for the function filters. */

/*
 * notrace throughout: set_ftrace_filter patterns are matched while the
 * tracer decides whether to record a function.
 *
 * The matcher is iterative and remembers only the last '*' it passed:
 * on a mismatch it lets that star swallow one more character and tries
 * again. Every other pattern item matches exactly one character, so the
 * last star is the only one worth revisiting, and the work stays within
 * pattern length times string length, whatever the pattern (no blow-up
 * on "*a*a*a*a*b" against a long run of a's).
 */
#include "compiler.h"
#include "glob.h"
#include "types.h"

/*
 * Read one class; p is just past the '['. Returns the pattern after the
 * closing ']', or NULL when there is none. A ']' right after '[' (or
 * after '[!') is an ordinary member, so "[]]" and "[!]]" work.
 */
static notrace const char *match_class(const char *p, unsigned char c,
				       bool *matched)
{
	bool neg = false, hit = false, first = true;
	unsigned char lo, hi, t;

	if (*p == '!' || *p == '^') {
		neg = true;
		p++;
	}
	while (first || *p != ']') {
		first = false;
		if (*p == '\\')
			p++;
		if (!*p)
			return NULL;
		lo = hi = (unsigned char)*p++;
		/* A '-' before the ']' is a member, not a range. */
		if (p[0] == '-' && p[1] && p[1] != ']') {
			p++;
			if (*p == '\\')
				p++;
			if (!*p)
				return NULL;
			hi = (unsigned char)*p++;
		}
		/* Forgive "[z-a]" by reading it as "[a-z]". */
		if (lo > hi) {
			t = lo;
			lo = hi;
			hi = t;
		}
		if (c >= lo && c <= hi)
			hit = true;
	}
	*matched = hit != neg;
	return p + 1;
}

notrace bool glob_match(const char *pat, const char *str)
{
	const char *star_pat = NULL, *star_str = NULL, *next;
	unsigned char c;
	bool matched;

	for (;;) {
		if (*pat == '*') {
			while (*pat == '*')
				pat++;
			if (!*pat)
				return true;
			star_pat = pat;
			star_str = str;
			continue;
		}
		c = (unsigned char)*str;
		if (!c)
			return !*pat;
		if (!*pat)
			goto backtrack;

		switch (*pat) {
		case '?':
			pat++;
			str++;
			continue;
		case '[':
			next = match_class(pat + 1, c, &matched);
			if (next) {
				if (!matched)
					goto backtrack;
				pat = next;
				str++;
				continue;
			}
			/* Unterminated (glob_check refuses it): literal '['. */
			break;
		case '\\':
			/* A trailing backslash matches itself. */
			if (pat[1])
				pat++;
			break;
		}
		if ((unsigned char)*pat == c) {
			pat++;
			str++;
			continue;
		}
backtrack:
		if (!star_pat || !*star_str)
			return false;
		pat = star_pat;
		str = ++star_str;
	}
}

notrace int glob_check(const char *pat)
{
	bool matched;

	if (!*pat)
		return -EINVAL;
	while (*pat) {
		if (*pat == '\\') {
			if (!pat[1])
				return -EINVAL;
			pat += 2;
		} else if (*pat == '[') {
			pat = match_class(pat + 1, 0, &matched);
			if (!pat)
				return -EINVAL;
		} else {
			pat++;
		}
	}
	return 0;
}

notrace bool glob_is_literal(const char *pat)
{
	/*
	 * A backslash counts as special too, so that a literal pattern can
	 * be compared with function names as it stands.
	 */
	for (; *pat; pat++) {
		if (*pat == '*' || *pat == '?' || *pat == '[' || *pat == '\\')
			return false;
	}
	return true;
}
