/*
 * ftrace_arch.h - what each architecture provides to the trace core: the
 * bytes of a call site in each state, the one way to write kernel text,
 * and the addresses of its patchable assembly sites.
 */
#ifndef FTRACE_ARCH_H
#define FTRACE_ARCH_H

#include "compiler.h"
#include "types.h"

#if defined(__x86_64__)
#define MCOUNT_INSN_SIZE 5 /* e8 rel32 */
#elif defined(__sh__)
/* The literal word the site jumps through (ftrace_sh=literal), or the
 * first two instructions of its -pg sequence (ftrace_sh=bra). */
#define MCOUNT_INSN_SIZE 4
#else
#define MCOUNT_INSN_SIZE 8 /* host unit tests */
#endif

/* gcc's -pg target, and the assembly entry points in arch/<arch>/. */
void mcount(void);
void ftrace_caller(void);
void ftrace_stub(void);
/* Patchable sites inside that assembly: the call in ftrace_caller to the
 * trace function, and the call in mcount (stub, or the recorder). */
extern char ftrace_call[], mcount_call[];

/*
 * The bytes that make the site at ip call target. Returns 0, or -ERANGE
 * when the site cannot reach target (x86_64: target - (ip + 5) does not
 * fit a signed 32-bit displacement); buf is then left untouched.
 */
int ftrace_arch_call_insn(unsigned long ip, unsigned long target, u8 *buf);
/* The bytes of a disabled site at ip. */
void ftrace_arch_nop_insn(unsigned long ip, u8 *buf);
/* The call target encoded in buf at ip, or 0 if buf is no call. */
unsigned long ftrace_arch_call_target(unsigned long ip, const u8 *buf);

/*
 * Write len bytes of kernel text at ip. nmi: called from the NMI hook
 * (must use separate scratch state). Returns 0 or -EPERM. The change is
 * not yet guaranteed visible to instruction fetch on other CPUs.
 */
int ftrace_arch_text_write(unsigned long ip, const u8 *buf, size_t len,
			   bool nmi);
/* End of a pass of writes: drop temporary mappings. */
void ftrace_arch_text_write_done(void);
/* Make this CPU refetch instructions (x86: serialise; sh: flush icache). */
void arch_sync_core(void);
/* Fault switch for tests: writes to this site fail (0: none). */
extern unsigned long ftrace_fail_write_ip;
/* One line saying what the bytes at a site mean, e.g. "call mcount". */
void ftrace_arch_describe(unsigned long ip, const u8 *buf, char *out,
			  size_t size);
/* True when ip lies in kernel text. */
bool ftrace_arch_in_text(unsigned long ip);

/*
 * A call site is known by its record ip: where the call's return address
 * points back to (x86_64: the call; sh4: the literal word). The bytes that
 * decide what the site does may live elsewhere; every function above that
 * takes a site's ip and bytes means the MCOUNT_INSN_SIZE bytes there.
 */

/* Read the arch's boot options, before any call site is converted. */
void ftrace_arch_init(void);
/*
 * Where the MCOUNT_INSN_SIZE bytes of the site at ip live, which
 * ftrace_modify_code reads, compares and writes: ip itself (x86_64, sh4
 * literal style), or the first instruction of the -pg sequence (sh4 bra
 * style). 0 when the site has no such place.
 */
unsigned long ftrace_arch_patch_addr(unsigned long ip);
/*
 * Before the first conversion of the site at ip: check what the site
 * holds outside its patched bytes (which ftrace_modify_code checks).
 * Changes nothing. Returns 0; -EINVAL with the MCOUNT_INSN_SIZE bytes it
 * expected and found there; or -ENOENT when the site's patch address
 * cannot be found.
 */
int ftrace_arch_check_site(unsigned long ip, u8 *expected, u8 *found);
/*
 * Right after the first conversion of the site at ip (the site calls
 * what it did, mcount, or is disabled): set up what its later states
 * need, once. Returns 0 or -EPERM.
 */
int ftrace_arch_prepare_site(unsigned long ip);
/* Test fault (ftrace_damage=): corrupt the site at ip so that its
 * conversion must fail. Returns 0 or an error. */
int ftrace_arch_damage_site(unsigned long ip);

#endif
