/*
 * divcheck.c - `divcheck [N [SEED]]`: N pseudo-random divisions and
 * remainders of each kind (32- and 64-bit, unsigned and signed), hashed.
 *
 * On SH-4 every one of them is a call into libgcc, which is easy to link
 * wrongly (see linker/sh4.ld's .got); a boot test computes the same
 * operands and hashes on the host and compares (tests/boot/test_divcheck.py
 * holds the host's side, so the two must change together). The operands
 * come from xorshift64 and are shifted right by random amounts, so that
 * dividends and divisors of every size meet.
 */
#include "arch.h"
#include "kstring.h"
#include "printk.h"
#include "shell.h"

#define DIVCHECK_DEFAULT_N 4096
#define DIVCHECK_MAX_N 1000000
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

enum {
	U32_DIV,
	U32_MOD,
	S32_DIV,
	S32_MOD,
	U64_DIV,
	U64_MOD,
	S64_DIV,
	S64_MOD,
	N_KINDS
};

static u64 xorshift64(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static void mix(u64 *h, u64 v)
{
	*h = (*h ^ v) * FNV_PRIME;
}

/* Negate (modulo 2^64) when bit is set: gives signed operands of both
 * signs without signed overflow. */
static u64 maybe_neg(u64 v, u64 bit)
{
	return bit ? 0 - v : v;
}

/*
 * One case: operands from the generator, each result mixed into its
 * kind's hash. Zero divisors become 1, and the one signed division that
 * overflows (the minimum by -1) divides by 1 instead.
 */
static void divcheck_one(u64 *seed, u64 h[N_KINDS])
{
	u64 r = xorshift64(seed);
	u64 a = xorshift64(seed) >> (r & 63);
	u64 b = xorshift64(seed) >> ((r >> 6) & 63);
	u32 a32 = (u32)(xorshift64(seed) >> 32) >> ((r >> 12) & 31);
	u32 b32 = (u32)(xorshift64(seed) >> 32) >> ((r >> 17) & 31);
	s64 sa = (s64)maybe_neg(a, (r >> 22) & 1);
	s64 sb = (s64)maybe_neg(b, (r >> 23) & 1);
	s32 sa32 = (s32)(u32)maybe_neg(a32, (r >> 24) & 1);
	s32 sb32 = (s32)(u32)maybe_neg(b32, (r >> 25) & 1);

	if (!b)
		b = 1;
	if (!b32)
		b32 = 1;
	if (!sb || (sb == -1 && sa == (s64)(1ULL << 63)))
		sb = 1;
	if (!sb32 || (sb32 == -1 && sa32 == (s32)(1U << 31)))
		sb32 = 1;
	mix(&h[U32_DIV], a32 / b32);
	mix(&h[U32_MOD], a32 % b32);
	mix(&h[S32_DIV], (u64)(s64)(sa32 / sb32));
	mix(&h[S32_MOD], (u64)(s64)(sa32 % sb32));
	mix(&h[U64_DIV], a / b);
	mix(&h[U64_MOD], a % b);
	mix(&h[S64_DIV], (u64)(sa / sb));
	mix(&h[S64_MOD], (u64)(sa % sb));
}

static int cmd_divcheck(int argc, char **argv)
{
	static const char *const names[N_KINDS] = {
		"u32 /", "u32 %", "s32 /", "s32 %",
		"u64 /", "u64 %", "s64 /", "s64 %",
	};
	unsigned long long n = DIVCHECK_DEFAULT_N, seed = 1;
	u64 h[N_KINDS], s, t0, t1;

	if (argc > 3 || (argc > 1 && kstrtoull(argv[1], 0, &n)) ||
	    (argc > 2 && kstrtoull(argv[2], 0, &seed)) || !n ||
	    n > DIVCHECK_MAX_N || !seed) {
		return shell_usage_why(argv[0], "N 1..%u, SEED not 0",
				       DIVCHECK_MAX_N);
	}
	for (unsigned k = 0; k < N_KINDS; k++)
		h[k] = FNV_OFFSET;
	s = seed;
	t0 = arch_clock_ns();
	for (unsigned long long i = 0; i < n; i++)
		divcheck_one(&s, h);
	t1 = arch_clock_ns();
	kprintf("divcheck: %llu cases of each kind, seed %llu, %llu ns\n", n,
		seed, (unsigned long long)(t1 - t0));
	for (unsigned k = 0; k < N_KINDS; k++)
		kprintf("  %s %016llx\n", names[k], (unsigned long long)h[k]);
	return 0;
}
/* clang-format off */
static const char divcheck_text[] =
	"Divides N pairs of pseudo-random numbers (1 to "
		__stringify(DIVCHECK_MAX_N) ", default "
		__stringify(DIVCHECK_DEFAULT_N) ")\n"
	"from SEED (not 0, default 1) for each of the eight kinds,\n"
	"32 and 64 bits, signed and unsigned, quotient and remainder,\n"
	"and prints one hash per kind. The same N and SEED give the same\n"
	"hashes on every machine: a boot test compares them with the\n"
	"host's (on sh4 the divisions are libgcc's helpers).\n";
/* clang-format on */
SHELL_COMMAND_LONG(divcheck, "divcheck", cmd_divcheck, "divcheck [N [SEED]]",
		   "hash N pseudo-random divisions and remainders of each kind",
		   divcheck_text);
