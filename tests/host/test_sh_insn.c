/* test_sh_insn.c - host tests for arch/sh/ftrace_insn.c and asm/insn.h. */
#include "test.h"

/* Built with arch/sh/include (Makefile): SH-4's MCOUNT_INSN_SIZE. */
#include "asm/insn.h"
#include "ftrace_arch.h"
#include "sh_ftrace.h"

/* What a caller's buffer holds before the call: shows untouched bytes. */
#define FILL 0xa5

/*
 * The encodings compare a bra-style target with these and write
 * ftrace_stub's address for the damage fault; nothing calls them here.
 */
void mcount(void)
{
}
void ftrace_caller(void)
{
}
void ftrace_stub(void)
{
}

/*
 * A site in shim.c's symbol table (alpha at 0x1000, beta at 0x1200...),
 * with "kernel text" from 0x1000 to 0x3000. Literals are 4-aligned.
 */
#define TEXT_START 0x1000UL
#define TEXT_END 0x3000UL
#define IP 0x1230UL

static struct sh_site site(bool bra, unsigned long first, u32 literal)
{
	return (struct sh_site){ .ip = IP,
				 .bra = bra,
				 .first = first,
				 .literal = literal,
				 .text_start = TEXT_START,
				 .text_end = TEXT_END };
}

static void check_bytes(const u8 *buf, u8 b0, u8 b1, u8 b2, u8 b3)
{
	const u8 want[MCOUNT_INSN_SIZE] = { b0, b1, b2, b3 };

	CHECK_MEMEQ(buf, want, MCOUNT_INSN_SIZE);
}

TEST(sh_insn_size_is_four)
{
	CHECK_EQ(MCOUNT_INSN_SIZE, 4);
}

/* ---- asm/insn.h ---- */

TEST(sh_movl_r1_round_trip)
{
	/* The literal counts from (pc & ~3) + 4, in words. */
	CHECK_EQ(sh_movl_r1_insn(IP - 12, IP), 0xd102);
	CHECK_EQ(sh_movl_r1_insn(IP - 10, IP), 0xd102);
	CHECK_EQ(sh_movl_r1_literal(IP - 12, 0xd102), IP);
	CHECK_EQ(sh_movl_r1_literal(IP - 10, 0xd102), IP);
	CHECK_EQ(sh_movl_r1_literal(0x1000, 0xd1ff), 0x1000 + 4 + 255 * 4);
	/* Another register, or another instruction: no literal. */
	CHECK_EQ(sh_movl_r1_literal(IP - 12, 0xd202), 0);
	CHECK_EQ(sh_movl_r1_literal(IP - 12, 0xa006), 0);
}

TEST(sh_bra_round_trip)
{
	/* pc + 4 + disp * 2, disp signed in 12 bits. */
	CHECK_EQ(sh_bra_insn(IP - 12, IP + 4), 0xa006);
	CHECK_EQ(sh_bra_insn(IP - 10, IP + 4), 0xa005);
	CHECK_EQ(sh_bra_target(IP - 12, 0xa006), IP + 4);
	CHECK_EQ(sh_bra_target(IP - 10, 0xa005), IP + 4);
	/* Backwards: -1 is the bra itself minus 2. */
	CHECK_EQ(sh_bra_insn(0x2000, 0x2002), 0xafff);
	CHECK_EQ(sh_bra_target(0x2000, 0xafff), 0x2002);
	CHECK_EQ(sh_bra_target(0x2000, 0xa800), 0x2004 - 4096);
	CHECK_EQ(sh_bra_target(0x2000, 0xa7ff), 0x2004 + 4094);
	CHECK_EQ(sh_bra_target(0x2000, 0xb006), 0); /* bsr, not bra */
	CHECK_EQ(sh_bra_target(0x2000, 0xd102), 0);
}

TEST(sh_pg_literal_shapes)
{
	/* jmp @r1; lds r0,pr; [nop]; .long; lds.l @r15+,pr */
	CHECK(sh_pg_literal(0, SH_INSN_JMP_R1, SH_INSN_LDS_R0_PR,
			    SH_INSN_LDS_POP));
	CHECK(sh_pg_literal(SH_INSN_JMP_R1, SH_INSN_LDS_R0_PR, SH_INSN_NOP,
			    SH_INSN_LDS_POP));
	/* No pop after it: a plain (unsigned long)mcount in C. */
	CHECK(!sh_pg_literal(SH_INSN_JMP_R1, SH_INSN_LDS_R0_PR, SH_INSN_NOP,
			     SH_INSN_NOP));
	CHECK(!sh_pg_literal(0, SH_INSN_LDS_R0_PR, SH_INSN_JMP_R1,
			     SH_INSN_LDS_POP));
	/* With the nop, the jmp must be there too (0: start of section). */
	CHECK(!sh_pg_literal(0, SH_INSN_LDS_R0_PR, SH_INSN_NOP,
			     SH_INSN_LDS_POP));
}

TEST(sh_pg_first_insn_either_state)
{
	CHECK(sh_pg_first_insn(IP - 12, 0xd102, SH_INSN_STS_PR, IP));
	CHECK(sh_pg_first_insn(IP - 12, 0xa006, SH_INSN_STS_PR, IP));
	CHECK(!sh_pg_first_insn(IP - 12, 0xd102, SH_INSN_NOP, IP));
	/* Leads to another literal, or a bra somewhere else. */
	CHECK(!sh_pg_first_insn(IP - 12, 0xd103, SH_INSN_STS_PR, IP));
	CHECK(!sh_pg_first_insn(IP - 12, 0xa005, SH_INSN_STS_PR, IP));
}

/* ---- the literal style ---- */

TEST(sh_literal_call_round_trip)
{
	static const unsigned long targets[] = { TEXT_START, 0x1010, 0x2ffc };
	struct sh_site s = site(false, 0, 0);
	u8 buf[MCOUNT_INSN_SIZE];

	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		CHECK_EQ(sh_call_insn(&s, targets[i], buf), 0);
		CHECK_EQ(sh_get_word(buf), targets[i]);
		CHECK_EQ(sh_call_target(&s, buf), targets[i]);
	}
	CHECK_EQ(sh_call_insn(&s, 0x12345678, buf), 0);
	check_bytes(buf, 0x78, 0x56, 0x34, 0x12); /* little-endian */
	CHECK_EQ(sh_patch_addr(&s), IP);
}

TEST(sh_literal_reaches_anything)
{
	struct sh_site s = site(false, 0, 0);
	u8 buf[MCOUNT_INSN_SIZE];

	CHECK_EQ(sh_call_insn(&s, 0xfffffffcUL, buf), 0);
	check_bytes(buf, 0xfc, 0xff, 0xff, 0xff);
	/* Not kernel text: not a call, whatever it says. */
	CHECK_EQ(sh_call_target(&s, buf), 0);
	CHECK_EQ(sh_call_insn(&s, TEXT_END, buf), 0);
	CHECK_EQ(sh_call_target(&s, buf), 0);
	CHECK_EQ(sh_call_insn(&s, TEXT_END - 4, buf), 0);
	CHECK_EQ(sh_call_target(&s, buf), TEXT_END - 4);
}

TEST(sh_literal_nop_is_the_next_word)
{
	struct sh_site s = site(false, 0, 0);
	u8 buf[MCOUNT_INSN_SIZE];

	memset(buf, FILL, sizeof(buf));
	sh_nop_insn(&s, buf);
	CHECK_EQ(sh_get_word(buf), IP + 4);
	/* In text, but the jump to the pop is no call. */
	CHECK_EQ(sh_call_target(&s, buf), 0);
}

TEST(sh_literal_describe)
{
	struct sh_site s = site(false, 0, 0);
	u8 buf[MCOUNT_INSN_SIZE];
	char out[160];

	sh_call_insn(&s, 0x1010, buf);
	sh_describe(&s, buf, out, sizeof(out));
	CHECK_STREQ(out, "jmp alpha+0x10/0x100");
	sh_nop_insn(&s, buf);
	sh_describe(&s, buf, out, sizeof(out));
	CHECK_STREQ(out, ".long 0x00001234  (jump to the next instruction: "
			 "disabled)");
	sh_literal_bytes(buf, 0x8000);
	sh_describe(&s, buf, out, sizeof(out));
	CHECK_STREQ(out, ".long 0x00008000  (not kernel text: damaged?)");
}

/* ---- the bra style ---- */

/* Both layouts gcc emits: with the alignment nop (12 bytes back), or
 * without (10). The mov.l is the same, the bra one halfword shorter. */
TEST(sh_bra_call_and_nop_bytes)
{
	struct sh_site s12 = site(true, IP - 12, MCOUNT_ADDR);
	struct sh_site s10 = site(true, IP - 10, MCOUNT_ADDR);
	u8 buf[MCOUNT_INSN_SIZE];

	CHECK_EQ(sh_call_insn(&s12, MCOUNT_ADDR, buf), 0);
	check_bytes(buf, 0x02, 0xd1, 0x22, 0x4f);
	CHECK_EQ(sh_call_insn(&s12, FTRACE_ADDR, buf), 0);
	check_bytes(buf, 0x02, 0xd1, 0x22, 0x4f);
	sh_nop_insn(&s12, buf);
	check_bytes(buf, 0x06, 0xa0, 0x22, 0x4f);
	CHECK_EQ(sh_patch_addr(&s12), IP - 12);

	CHECK_EQ(sh_call_insn(&s10, FTRACE_ADDR, buf), 0);
	check_bytes(buf, 0x02, 0xd1, 0x22, 0x4f);
	sh_nop_insn(&s10, buf);
	check_bytes(buf, 0x05, 0xa0, 0x22, 0x4f);
	CHECK_EQ(sh_patch_addr(&s10), IP - 10);
}

TEST(sh_bra_out_of_range)
{
	struct sh_site s = site(true, IP - 12, 0x1010);
	struct sh_site none = site(true, 0, 0x1010);
	u8 buf[MCOUNT_INSN_SIZE], fill[MCOUNT_INSN_SIZE];

	memset(fill, FILL, sizeof(fill));
	/* Only what the literal can hold is in reach. */
	memset(buf, FILL, sizeof(buf));
	CHECK_EQ(sh_call_insn(&s, 0x1010, buf), -ERANGE);
	CHECK_EQ(sh_call_insn(&s, (unsigned long)ftrace_stub, buf), -ERANGE);
	CHECK_MEMEQ(buf, fill, MCOUNT_INSN_SIZE);
	/* No first instruction: no bytes at all, and no patch address. */
	CHECK_EQ(sh_call_insn(&none, FTRACE_ADDR, buf), -ERANGE);
	CHECK_MEMEQ(buf, fill, MCOUNT_INSN_SIZE);
	sh_nop_insn(&none, buf);
	check_bytes(buf, 0, 0, 0, 0);
	CHECK_EQ(sh_patch_addr(&none), 0);
}

TEST(sh_bra_call_target_is_the_literal)
{
	struct sh_site s = site(true, IP - 12, 0x1010);
	struct sh_site out_of_text = site(true, IP - 12, 0x8000);
	u8 buf[MCOUNT_INSN_SIZE];

	CHECK_EQ(sh_call_insn(&s, FTRACE_ADDR, buf), 0);
	CHECK_EQ(sh_call_target(&s, buf), 0x1010);
	CHECK_EQ(sh_call_target(&out_of_text, buf), 0);
	sh_nop_insn(&s, buf);
	CHECK_EQ(sh_call_target(&s, buf), 0);
	/* The mov.l without its push, or loading another literal. */
	sh_literal_bytes(buf, 0x0009d102);
	CHECK_EQ(sh_call_target(&s, buf), 0);
	sh_literal_bytes(buf, 0x4f22d103);
	CHECK_EQ(sh_call_target(&s, buf), 0);
}

TEST(sh_bra_describe)
{
	struct sh_site s = site(true, IP - 12, 0x1010);
	struct sh_site bad_lit = site(true, IP - 12, 0x8000);
	struct sh_site none = site(true, 0, 0x1010);
	u8 buf[MCOUNT_INSN_SIZE];
	char out[160];

	sh_call_insn(&s, FTRACE_ADDR, buf);
	sh_describe(&s, buf, out, sizeof(out));
	CHECK_STREQ(out, "mov.l 0x00001230,r1; sts.l pr,@-r15  (literal "
			 "0x00001010: jmp alpha+0x10/0x100)");
	sh_describe(&bad_lit, buf, out, sizeof(out));
	CHECK_STREQ(out, "mov.l 0x00001230,r1; sts.l pr,@-r15  (literal "
			 "0x00008000: not kernel text: damaged?)");
	sh_nop_insn(&s, buf);
	sh_describe(&s, buf, out, sizeof(out));
	CHECK_STREQ(out, "bra 0x00001234; sts.l pr,@-r15  (bra to the pop, "
			 "skipping the call: disabled)");
	buf[2] = 0x09;
	buf[3] = 0x00;
	sh_describe(&s, buf, out, sizeof(out));
	CHECK_STREQ(out, "(the push is gone: damaged?)");
	sh_literal_bytes(buf, 0x4f220009);
	sh_describe(&s, buf, out, sizeof(out));
	CHECK_STREQ(out, "(neither the mov.l nor the bra: damaged?)");
	sh_describe(&none, buf, out, sizeof(out));
	CHECK_STREQ(out, "(no mov.l or bra before the literal: not a -pg "
			 "sequence?)");
}

/* ---- finding the first instruction ---- */

/* The 16 bytes before IP, as sh_find_first_insn is given them: text[i]
 * at IP - 16 + 2 * i. */
#define WINDOW 8

static unsigned long find(const u16 *text)
{
	return sh_find_first_insn(IP, text, WINDOW);
}

TEST(sh_find_first_insn_both_layouts)
{
	/* mov.l; sts.l; mova; jmp; lds; nop | literal */
	const u16 with_nop[WINDOW] = { 0x0009, 0x0009, 0xd102, 0x4f22,
				       0xc701, 0x412b, 0x402a, 0x0009 };
	/* ...; mov.l; sts.l; mova; jmp; lds | literal */
	const u16 without[WINDOW] = { 0x0009, 0x0009, 0x0009, 0xd102,
				      0x4f22, 0xc701, 0x412b, 0x402a };
	u16 disabled[WINDOW];

	CHECK_EQ(find(with_nop), IP - 12);
	CHECK_EQ(find(without), IP - 10);
	/* Disabled: the bra is found just the same. */
	memcpy(disabled, with_nop, sizeof(disabled));
	disabled[2] = 0xa006;
	CHECK_EQ(find(disabled), IP - 12);
}

TEST(sh_find_first_insn_none)
{
	/* A mov.l of another literal, a bra elsewhere, no push. */
	const u16 other[WINDOW] = { 0x0009, 0x0009, 0xd103, 0x4f22,
				    0xa005, 0x4f22, 0xd102, 0x0009 };
	const u16 full[WINDOW] = { 0x0009, 0x0009, 0xd102, 0x4f22,
				   0xc701, 0x412b, 0x402a, 0x0009 };

	CHECK_EQ(find(other), 0);
	/* A window too short to reach it (the start of text). */
	CHECK_EQ(sh_find_first_insn(IP, full + 3, WINDOW - 3), 0);
	CHECK_EQ(sh_find_first_insn(IP, full, 0), 0);
	CHECK_EQ(sh_find_first_insn(IP, full + 7, 1), 0);
}

TEST(sh_find_first_insn_nearest_first)
{
	/* Two instructions that both lead to IP: the nearer one wins. */
	const u16 two[WINDOW] = { 0xd103, 0x4f22, 0xd102, 0x4f22,
				  0xc701, 0x412b, 0x402a, 0x0009 };

	CHECK_EQ(sh_movl_r1_literal(IP - 16, 0xd103), IP);
	CHECK_EQ(find(two), IP - 12);
}

TEST(sh_damage_is_a_literal_of_ftrace_stub)
{
	unsigned long addr = 0;
	u8 buf[MCOUNT_INSN_SIZE];

	CHECK_EQ(ftrace_arch_damage(IP, &addr, buf), 0);
	CHECK_EQ(addr, IP);
	CHECK_EQ(sh_get_word(buf), (u32)(unsigned long)ftrace_stub);
}
