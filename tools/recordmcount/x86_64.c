/*
 * x86_64.c - recordmcount's x86_64 call sites: ELF64, little-endian; gcc
 * -pg emits "call mcount" (or __fentry__), a 5-byte e8 rel32 whose
 * displacement the relocation fills, and the site is the call itself.
 */

#include "recordmcount.h"

/* x86_64 "call rel32" opcode: the byte the kernel patcher expects. */
#define X86_CALL_OPCODE 0xe8

static void check_class(const struct elf *e)
{
	if (!e->is64 || e->big)
		fail("x86_64 object is not 64-bit little-endian");
}

/* The GOT ones are taken too, to refuse them with a clear reason. */
static bool candidate_type(unsigned int type)
{
	return type == R_X86_64_PLT32 || type == R_X86_64_PC32 ||
	       type == R_X86_64_GOTPCREL || type == R_X86_64_GOTPCRELX ||
	       type == R_X86_64_REX_GOTPCRELX;
}

static bool site_of(const struct elf *e, const struct sec *ts,
		    const char *tname, const struct rel *r, uint64_t *site)
{
	unsigned long long off = (unsigned long long)r->offset;

	if (r->type != R_X86_64_PLT32 && r->type != R_X86_64_PC32)
		fail("%s+0x%llx: mcount is called through the GOT "
		     "(compile with -fno-pie)",
		     tname, off);
	/* The site is the call instruction, one opcode byte before. */
	if (r->offset < 1)
		fail("%s+0x%llx: mcount reference has no opcode before it",
		     tname, off);
	if (e->buf[ts->offset + r->offset - 1] != X86_CALL_OPCODE)
		fail("%s+0x%llx: mcount reference is not a call "
		     "(opcode 0x%02x)",
		     tname, off - 1, e->buf[ts->offset + r->offset - 1]);
	*site = r->offset - 1;
	return true;
}

/* ld takes the whole value from the RELA entry: the words stay zero. */
const struct rmc_machine rmc_x86_64 = {
	.machine = EM_X86_64,
	.alt_mcount = "__fentry__",
	.check_class = check_class,
	.candidate_type = candidate_type,
	.site_of = site_of,
	.loc_rtype = R_X86_64_64,
	.addend_in_place = false,
};
