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
#define MCOUNT_INSN_SIZE 5	/* e8 rel32 */
#elif defined(__sh__)
#define MCOUNT_INSN_SIZE 4	/* the literal word the site jumps through */
#else
#define MCOUNT_INSN_SIZE 8	/* host unit tests */
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

#endif
