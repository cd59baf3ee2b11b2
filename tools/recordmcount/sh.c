/*
 * sh.c - recordmcount's SH call sites: ELF32, either byte order. gcc -pg
 * jumps through a literal word holding mcount's address (the sequence is
 * in arch/sh/include/asm/insn.h, shared with the kernel's patcher), and
 * the site is that word.
 */

#include "recordmcount.h"
#include "../../arch/sh/include/asm/insn.h"

static void check_class(const struct elf *e)
{
	if (e->is64)
		fail("SH object is not 32-bit");
}

static bool candidate_type(unsigned int type)
{
	return type == R_SH_DIR32;
}

/*
 * Is the word at off in ts a -pg literal? C code that takes mcount's
 * address makes the very same relocation, and must not be patched.
 */
static bool pg_literal_at(const struct elf *e, const struct sec *ts,
			  uint64_t off)
{
	uint64_t at = ts->offset + off;

	if (!in_bounds(off, 6, ts->size) || off < 4)
		return false;
	return sh_pg_literal(off >= 6 ? (unsigned int)get16(e, at - 6) : 0,
			     (unsigned int)get16(e, at - 4),
			     (unsigned int)get16(e, at - 2),
			     (unsigned int)get16(e, at + 4));
}

static bool site_of(const struct elf *e, const struct sec *ts,
		    const char *tname, const struct rel *r, uint64_t *site)
{
	/*
	 * The site is the literal word holding mcount's address; mov.l
	 * only loads aligned words, so anything else is not the -pg
	 * sequence.
	 */
	if (r->offset % 4)
		fail("%s+0x%llx: mcount literal is not 4-byte aligned", tname,
		     (unsigned long long)r->offset);
	if (!pg_literal_at(e, ts, r->offset))
		return false; /* (unsigned long)mcount in C: data, no site */
	*site = r->offset;
	return true;
}

/*
 * SH's BFD backend treats R_SH_DIR32 as "partial in place" even in RELA
 * objects: it adds the word already in the section and ignores r_addend
 * (as does gas, which writes the addend into the word and 0 into
 * r_addend). So the addend goes in both places: right for BFD, and right
 * for anything that reads r_addend the way the ELF spec says.
 */
const struct rmc_machine rmc_sh = {
	.machine = EM_SH,
	/* Toolchains that prefix C names with '_' call it _mcount. */
	.alt_mcount = "_mcount",
	.check_class = check_class,
	.candidate_type = candidate_type,
	.site_of = site_of,
	.loc_rtype = R_SH_DIR32,
	.addend_in_place = true,
};
