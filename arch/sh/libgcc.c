/*
 * libgcc.c - 64-bit division for the SH-4 build, in place of libgcc's.
 *
 * gcc turns u64 / and % into calls to __udivdi3 and friends. The copies
 * in Debian's sh4 libgcc (gcc 12.2.0-13) are C compiled at -O2 by the same
 * gcc whose SH-specific optimisation drops comparisons (see build.mk), and
 * they give wrong answers: 15310179 / 1000000000 came back as 1, which
 * made printk timestamps jump by a second. The hand-written assembly parts
 * of libgcc look fine, but libgcc is not linked at all: div32.S has the
 * 32-bit helpers.
 *
 * Plain shift-and-subtract: at most 64 steps, and one 32-bit division when
 * both operands fit in 32 bits (the common case for timestamps).
 * Built without -pg: printk, the clock and the tracers divide.
 */
#include "compiler.h"
#include "types.h"

u64 __udivdi3(u64 n, u64 d);
u64 __umoddi3(u64 n, u64 d);
s64 __divdi3(s64 n, s64 d);
s64 __moddi3(s64 n, s64 d);

static notrace u64 udivmod64(u64 n, u64 d, u64 *rem)
{
	u64 q = 0;
	unsigned shift = 0;

	if (!d) {
		/* Undefined in C; answer something harmless rather than trap. */
		*rem = n;
		return ~0ULL;
	}
	if (!(n >> 32) && !(d >> 32)) {
		*rem = (u32)n % (u32)d;
		return (u32)n / (u32)d;
	}
	/* Line d up under the top of n, then take off one bit at a time. */
	while (d < n && !(d >> 63)) {
		d <<= 1;
		shift++;
	}
	for (;;) {
		if (n >= d) {
			n -= d;
			q |= 1ULL << shift;
		}
		if (!shift)
			break;
		d >>= 1;
		shift--;
	}
	*rem = n;
	return q;
}

notrace u64 __udivdi3(u64 n, u64 d)
{
	u64 r;

	return udivmod64(n, d, &r);
}

notrace u64 __umoddi3(u64 n, u64 d)
{
	u64 r;

	udivmod64(n, d, &r);
	return r;
}

/* C rounds towards zero: the quotient is negative when the signs differ,
 * the remainder has the sign of the dividend. */
notrace s64 __divdi3(s64 n, s64 d)
{
	u64 un = n < 0 ? 0 - (u64)n : (u64)n;
	u64 ud = d < 0 ? 0 - (u64)d : (u64)d;
	u64 r, q = udivmod64(un, ud, &r);

	return (n < 0) != (d < 0) ? (s64)(0 - q) : (s64)q;
}

notrace s64 __moddi3(s64 n, s64 d)
{
	u64 un = n < 0 ? 0 - (u64)n : (u64)n;
	u64 ud = d < 0 ? 0 - (u64)d : (u64)d;
	u64 r;

	udivmod64(un, ud, &r);
	return n < 0 ? (s64)(0 - r) : (s64)r;
}
