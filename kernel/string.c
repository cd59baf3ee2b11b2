/* string.c - the C memory and string routines, and number parsing. */

/*
 * Every function here is notrace, and the Makefile builds this file
 * without -pg as well: the tracers copy and compare through these, so a
 * traced memcpy would recurse into the tracer that called it.
 *
 * Nothing here divides a 64-bit number at run time: the SH-4 build links
 * no libgcc, and a 64-bit division would need __udivdi3.
 */
#include "compiler.h"
#include "kstring.h"
#include "types.h"

/*
 * The memory routines go a word at a time where both pointers allow it:
 * the kernel is built -fno-builtin, so every memcpy is a real call, and
 * the patcher, kzalloc and the tracers make many of them. A word is
 * used only when every pointer involved is word-aligned (SH-4 traps on
 * an unaligned load); the few bytes before and after go one at a time.
 */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WORD sizeof(word_t)

static notrace __always_inline bool word_aligned(const void *a, const void *b)
{
	return !(((unsigned long)a | (unsigned long)b) & (WORD - 1));
}

notrace void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	word_t w = (unsigned char)c;

	while (n && ((unsigned long)p & (WORD - 1))) {
		*p++ = (unsigned char)c;
		n--;
	}
	w |= w << 8;
	w |= w << 16;
	w |= w << 16 << 16; /* nothing left to fill on a 32-bit word */
	for (; n >= WORD; n -= WORD, p += WORD)
		*(word_t *)p = w;
	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

notrace void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (word_aligned(d, s))
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(word_t *)d = *(const word_t *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

notrace void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Copy backwards when dst overlaps the tail of src. */
	if (d > s && d < s + n) {
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
		return dst;
	}
	return memcpy(dst, src, n);
}

notrace int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	/* Whole equal words are skipped; the first that differs is
	 * compared byte by byte below, for the sign. */
	if (word_aligned(p, q))
		for (; n >= WORD && *(const word_t *)p == *(const word_t *)q;
		     n -= WORD, p += WORD, q += WORD)
			;
	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
	}
	return 0;
}

notrace size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

notrace size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

notrace int strcmp(const char *a, const char *b)
{
	/* Compare as unsigned char, like the C library does. */
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	if (*p == *q)
		return 0;
	return *p < *q ? -1 : 1;
}

notrace int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
		if (!*p)
			break;
	}
	return 0;
}

notrace char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

notrace char *strrchr(const char *s, int c)
{
	const char *found = NULL;

	for (;; s++) {
		if (*s == (char)c)
			found = s;
		if (!*s)
			return (char *)found;
	}
}

notrace size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static notrace int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/*
 * The digits of s after any sign. Reports overflow separately from junk,
 * so that "99999999999999999999x" is -EINVAL like any other bad text.
 */
static notrace int parse_digits(const char *s, unsigned base,
				unsigned long long *val)
{
	unsigned long long v = 0, limit;
	bool overflow = false;
	int d;

	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			base = 16;
		else
			base = 10;
	}
	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;

	/* Constant divisions only: they fold at compile time. */
	switch (base) {
	case 8:
		limit = ~0ULL / 8;
		break;
	case 10:
		limit = ~0ULL / 10;
		break;
	case 16:
		limit = ~0ULL / 16;
		break;
	default:
		return -EINVAL;
	}

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		d = digit_value(*s);
		if (d >= (int)base)
			return -EINVAL;
		if (v > limit || v * base > ~0ULL - (unsigned)d)
			overflow = true;
		v = v * base + (unsigned)d;
	}
	if (overflow)
		return -ERANGE;
	*val = v;
	return 0;
}

notrace int kstrtoull(const char *s, unsigned base, unsigned long long *val)
{
	if (*s == '+')
		s++;
	return parse_digits(s, base, val);
}

notrace int kstrtoll(const char *s, unsigned base, long long *val)
{
	unsigned long long v;
	bool neg = false;
	int err;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	err = parse_digits(s, base, &v);
	if (err)
		return err;
	if (neg) {
		/* -2^63 is the one magnitude only the negative side holds. */
		if (v > (unsigned long long)__LONG_LONG_MAX__ + 1)
			return -ERANGE;
		*val = v ? -(long long)(v - 1) - 1 : 0;
	} else {
		if (v > (unsigned long long)__LONG_LONG_MAX__)
			return -ERANGE;
		*val = (long long)v;
	}
	return 0;
}
