/* insn.c - recognise call instructions of x86_64 and SH-4. */
#include "insn.h"

#include <stdbool.h>

static bool x86_prefix(uint8_t b)
{
	switch (b) {
	case 0x26:
	case 0x2e:
	case 0x36:
	case 0x3e:
	case 0x64:
	case 0x65:
	case 0x66:
	case 0x67:
	case 0xf0:
	case 0xf2:
	case 0xf3:
		return true;
	}
	return (b & 0xf0) == 0x40; /* REX */
}

/* call rel32 (e8), or call r/m (ff /2). */
static unsigned x86_call(const uint8_t *code, size_t len)
{
	size_t i = 0;

	while (i < len && x86_prefix(code[i]))
		i++;
	if (i < len && code[i] == 0xe8)
		return (unsigned)len;
	if (i + 1 < len && code[i] == 0xff && ((code[i + 1] >> 3) & 7) == 2)
		return (unsigned)len;
	return 0;
}

/* jsr @Rn (4n0b), bsr (bddd), bsrf Rn (0n03): each has a delay slot, so
 * the callee returns past the next instruction as well. */
static unsigned sh_op(const uint8_t *code);

static unsigned sh_call(const uint8_t *code, size_t len)
{
	unsigned op;

	if (len != 2)
		return 0;
	op = sh_op(code); /* r2d runs little-endian */
	if ((op & 0xf0ff) == 0x400b || (op & 0xf000) == 0xb000 ||
	    (op & 0xf0ff) == 0x0003)
		return 4;
	return 0;
}

static unsigned sh_op(const uint8_t *code)
{
	return code[0] | (unsigned)code[1] << 8;
}

int sh_mova_r0(uint64_t pc, const uint8_t *code, size_t len, uint64_t *r0)
{
	if (len != 2 || (sh_op(code) & 0xff00) != 0xc700)
		return 0;
	*r0 = (pc & ~(uint64_t)3) + 4 + 4 * (sh_op(code) & 0xff);
	return 1;
}

int sh_jmp_sets_pr(const uint8_t *jmp, size_t len, const uint8_t *next,
		   size_t next_len)
{
	return len == 2 && next_len == 2 && (sh_op(jmp) & 0xf0ff) == 0x402b &&
	       sh_op(next) == 0x402a;
}

unsigned call_return_offset(enum guest g, const uint8_t *code, size_t len)
{
	return g == GUEST_SH4 ? sh_call(code, len) : x86_call(code, len);
}
