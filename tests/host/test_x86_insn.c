/* test_x86_insn.c - host tests for arch/x86/ftrace_insn.c. */
#include "test.h"

/* Built with arch/x86/include (Makefile): x86_64's MCOUNT_INSN_SIZE. */
#include "ftrace_arch.h"

/* What a caller's buffer holds before the call: shows untouched bytes. */
#define FILL 0xa5

static const u8 nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

/* Encode, then check the bytes and that decoding gives target back. */
static void check_call(unsigned long ip, unsigned long target, const u8 *want)
{
	u8 buf[MCOUNT_INSN_SIZE];

	memset(buf, FILL, sizeof(buf));
	CHECK_EQ(ftrace_arch_call_insn(ip, target, buf), 0);
	CHECK_MEMEQ(buf, want, MCOUNT_INSN_SIZE);
	CHECK_EQ(ftrace_arch_call_target(ip, buf), target);
}

/* Target out of rel32 reach: -ERANGE, and nothing written. */
static void check_erange(unsigned long ip, unsigned long target)
{
	u8 buf[MCOUNT_INSN_SIZE], fill[MCOUNT_INSN_SIZE];

	memset(buf, FILL, sizeof(buf));
	memset(fill, FILL, sizeof(fill));
	CHECK_EQ(ftrace_arch_call_insn(ip, target, buf), -ERANGE);
	CHECK_MEMEQ(buf, fill, MCOUNT_INSN_SIZE);
}

TEST(x86_insn_size_is_five)
{
	CHECK_EQ(MCOUNT_INSN_SIZE, 5);
}

TEST(x86_call_insn_forward)
{
	/* The displacement counts from the end of the call, ip + 5. */
	static const u8 want[] = { 0xe8, 0x00, 0x01, 0x00, 0x00 };

	check_call(0x100000, 0x100105, want);
}

TEST(x86_call_insn_little_endian)
{
	static const u8 want[] = { 0xe8, 0x78, 0x56, 0x34, 0x12 };

	check_call(0x400000, 0x400005 + 0x12345678, want);
}

TEST(x86_call_insn_backwards)
{
	/* 0x100000 - 0x200005 = -0x100005 = 0xffeffffb */
	static const u8 want[] = { 0xe8, 0xfb, 0xff, 0xef, 0xff };

	check_call(0x200000, 0x100000, want);
}

TEST(x86_call_insn_to_itself_and_next)
{
	static const u8 self[] = { 0xe8, 0xfb, 0xff, 0xff, 0xff };
	static const u8 next[] = { 0xe8, 0x00, 0x00, 0x00, 0x00 };

	check_call(0x105000, 0x105000, self);
	check_call(0x105000, 0x105005, next);
}

TEST(x86_call_insn_higher_half)
{
	/* Where a Linux kernel lives: addresses with the top bits set. */
	static const u8 want[] = { 0xe8, 0xfb, 0xff, 0xff, 0xfe };

	check_call(0xffffffff81000000UL, 0xffffffff80000000UL, want);
}

TEST(x86_call_target_round_trip)
{
	static const unsigned long pairs[][2] = {
		{ 0x100000, 0x10c1c0 },
		{ 0x10c1c0, 0x100000 },
		{ 0x1068b7, 0x10ba50 },
		{ 0x7ffffff0, 0x10 },
		{ 0xffffffff80001234UL, 0xffffffff80f00000UL },
		{ 0xffffffffffffff00UL, 0x40 }, /* wraps past the top */
		{ 0x40, 0xffffffffffffff00UL }, /* and back below 0 */
	};

	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		unsigned long ip = pairs[i][0], target = pairs[i][1];
		u8 buf[MCOUNT_INSN_SIZE];
		s32 rel;

		CHECK_EQ(ftrace_arch_call_insn(ip, target, buf), 0);
		CHECK_EQ(buf[0], 0xe8);
		memcpy(&rel, buf + 1, 4);
		CHECK_EQ((unsigned long)(ip + 5 + (long)rel), target);
		CHECK_EQ(ftrace_arch_call_target(ip, buf), target);
	}
}

TEST(x86_nop_insn_bytes)
{
	u8 a[MCOUNT_INSN_SIZE], b[MCOUNT_INSN_SIZE];

	memset(a, FILL, sizeof(a));
	ftrace_arch_nop_insn(0x100000, a);
	CHECK_MEMEQ(a, nop5, MCOUNT_INSN_SIZE);
	/* The NOP does not depend on where it sits. */
	ftrace_arch_nop_insn(0xffffffff81234567UL, b);
	CHECK_MEMEQ(b, nop5, MCOUNT_INSN_SIZE);
}

TEST(x86_rel32_range_edges)
{
	unsigned long ip = 0x100000000000UL, end = ip + 5;
	static const u8 max[] = { 0xe8, 0xff, 0xff, 0xff, 0x7f };
	static const u8 min[] = { 0xe8, 0x00, 0x00, 0x00, 0x80 };

	check_call(ip, end + INT32_MAX, max);
	check_erange(ip, end + INT32_MAX + 1UL);
	check_call(ip, end - 0x80000000UL, min); /* INT32_MIN */
	check_erange(ip, end - 0x80000001UL); /* INT32_MIN - 1 */
}

TEST(x86_rel32_range_far)
{
	/* Low memory to the higher half, and the reverse: 2^64 - 2 GiB
	 * apart one way, so nowhere near either way. */
	check_erange(0x1000, 0xffffffff80000000UL);
	check_erange(0xffffffff80000000UL, 0x1000);
	check_erange(0, 0x7fffffffffffffffUL);
	check_erange(0x7fffffffffffffffUL, 0);
}

TEST(x86_call_target_of_non_call)
{
	static const u8 jmp[] = { 0xe9, 0x00, 0x01, 0x00, 0x00 };
	static const u8 int3[] = { 0xcc, 0xcc, 0xcc, 0xcc, 0xcc };
	static const u8 zero[] = { 0x00, 0x00, 0x00, 0x00, 0x00 };
	/* e8 one byte in: not a call at the site itself. */
	static const u8 late[] = { 0x90, 0xe8, 0x00, 0x01, 0x00 };

	CHECK_EQ(ftrace_arch_call_target(0x100000, nop5), 0);
	CHECK_EQ(ftrace_arch_call_target(0x100000, jmp), 0);
	CHECK_EQ(ftrace_arch_call_target(0x100000, int3), 0);
	CHECK_EQ(ftrace_arch_call_target(0x100000, zero), 0);
	CHECK_EQ(ftrace_arch_call_target(0x100000, late), 0);
}

TEST(x86_describe_site)
{
	u8 buf[MCOUNT_INSN_SIZE];
	char out[128];

	/* shim.c's symbol table: alpha at 0x1000, 0x100 bytes. */
	CHECK_EQ(ftrace_arch_call_insn(0x1205, 0x1010, buf), 0);
	ftrace_arch_describe(0x1205, buf, out, sizeof(out));
	CHECK_STREQ(out, "call alpha+0x10/0x100");

	ftrace_arch_nop_insn(0x1205, buf);
	ftrace_arch_describe(0x1205, buf, out, sizeof(out));
	CHECK_STREQ(out, "nopl 0x0(%rax,%rax,1)  (5-byte NOP: disabled)");

	/* The PATCHABLE build's pad, which boot always converts. */
	memset(buf, 0x90, sizeof(buf));
	ftrace_arch_describe(0x1205, buf, out, sizeof(out));
	CHECK_STREQ(out, "nop x5  (the PATCHABLE build's pad as compiled: not "
			 "converted)");

	memset(buf, 0, sizeof(buf));
	ftrace_arch_describe(0x1205, buf, out, sizeof(out));
	CHECK_STREQ(out, "(not a call or the NOP: damaged?)");

	/* The breakpoint method's int3 over the first byte, whatever the
	 * rest holds. */
	CHECK_EQ(ftrace_arch_call_insn(0x1205, 0x1010, buf), 0);
	buf[0] = FTRACE_BP_INSN;
	ftrace_arch_describe(0x1205, buf, out, sizeof(out));
	CHECK_STREQ(out,
		    "int3  (breakpoint: a patch pass is changing this site)");
}
