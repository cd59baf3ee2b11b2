/*
 * ftrace_bp.c - the two ways a patch pass reaches the text, and the
 * second of them: the breakpoint method (docs/patching.md). stop_machine
 * holds every other CPU while the pass writes; the breakpoint method
 * holds none. It collects every change of a pass in a batch, then:
 * writes the trap byte over the first byte of every site, synchronises
 * every CPU; writes the rest of every new instruction, synchronises;
 * writes every new first byte, synchronises. A CPU that runs a site in
 * between traps, and the arch's handler emulates the site as
 * ftrace_bp_decide() says. Three synchronisations per batch however many
 * sites it has.
 *
 * Built without -pg: the trap handler's half runs in any context while
 * sites are half written, and the pass's half writes them.
 */
#include "arch.h"
#include "bootopt.h"
#include "ftrace_internal.h"
#include "kstring.h"
#include "printk.h"
#include "sched.h"
#include "smp.h"

enum ftrace_patch_method ftrace_patch_method = FTRACE_PATCH_STOP_MACHINE;
struct ftrace_patch_stats ftrace_patch_stats[FTRACE_NR_PATCH_METHODS];
u64 ftrace_bp_hits[NR_CPUS];
u64 ftrace_bp_stale;
bool ftrace_bp_batching;
void (*ftrace_bp_test_hook)(enum ftrace_bp_phase phase,
			    const struct ftrace_bp_batch *b);

static const char *const method_names[FTRACE_NR_PATCH_METHODS] = {
	[FTRACE_PATCH_STOP_MACHINE] = "stop_machine",
	[FTRACE_PATCH_BREAKPOINT] = "breakpoint",
};

const char *ftrace_patch_method_name(enum ftrace_patch_method m)
{
	return method_names[m];
}

bool ftrace_bp_supported(void)
{
#ifdef FTRACE_BP_INSN
	return true;
#else
	return false;
#endif
}

int ftrace_patch_method_parse(const char *name)
{
	for (int m = 0; m < FTRACE_NR_PATCH_METHODS; m++) {
		if (strcmp(name, method_names[m]))
			continue;
		if (m == FTRACE_PATCH_BREAKPOINT && !ftrace_bp_supported())
			return -ENODEV;
		return m;
	}
	return -EINVAL;
}

static int patch_option(const char *v)
{
	int m = ftrace_patch_method_parse(v);

	if (m == -ENODEV) {
		printk("ftrace_patch=%s: this arch has no breakpoint method; "
		       "stop_machine stays\n",
		       v);
		return 0;
	}
	if (m < 0)
		return -EINVAL;
	ftrace_patch_method = (enum ftrace_patch_method)m;
	return 0;
}
BOOT_OPTION(ftrace_patch, "ftrace_patch", patch_option,
	    "stop_machine|breakpoint: how patch passes reach the text");

#ifdef FTRACE_BP_INSN

/* The one batch, and where it is. */
static struct ftrace_bp_batch batch;
static volatile enum ftrace_bp_phase phase = FTRACE_BP_IDLE;
/* Trap handlers looking at the batch right now, on any CPU. */
static volatile u32 handlers_in;
/* Synchronisations of the current ftrace_bp_run. */
static u64 run_syncs;

bool ftrace_bp_handle(unsigned long addr, u8 *insn)
{
	const u8 *bytes;

	__atomic_fetch_add(&handlers_in, 1, __ATOMIC_SEQ_CST);
	bytes = ftrace_bp_decide(&batch, phase, addr);
	if (bytes)
		memcpy(insn, bytes, MCOUNT_INSN_SIZE);
	__atomic_fetch_sub(&handlers_in, 1, __ATOMIC_SEQ_CST);
	if (bytes)
		__atomic_fetch_add(&ftrace_bp_hits[arch_cpu_id()], 1,
				   __ATOMIC_RELAXED);
	return bytes != NULL;
}

void ftrace_bp_note_stale(void)
{
	__atomic_fetch_add(&ftrace_bp_stale, 1, __ATOMIC_RELAXED);
}

/* In each other CPU's IPI handler: what it costs that CPU is measured. */
static void sync_cpu(void *unused __unused)
{
	u64 t0 = arch_clock_ns();

	arch_sync_core();
	__atomic_fetch_add(
		&ftrace_patch_stats[FTRACE_PATCH_BREAKPOINT].disturbed_ns,
		arch_clock_ns() - t0, __ATOMIC_RELAXED);
}

/*
 * Every CPU serialises once before this returns, so none can still run
 * instructions fetched before the last stage. The others are interrupted
 * for a moment, not held: none waits for another.
 */
static void sync_all(void)
{
	smp_call_others(sync_cpu, NULL);
	arch_sync_core();
	run_syncs++;
}

/* Each site's bytes as the stage leaves them, written in one store each
 * of the bytes (a byte's store is atomic; unchanged ones stay so). */
static void write_stage(enum ftrace_bp_phase to)
{
	for (unsigned long i = 0; i < batch.n; i++) {
		struct ftrace_bp_site *s = &batch.sites[i];
		u8 buf[MCOUNT_INSN_SIZE];

		memcpy(buf, (const void *)s->addr, sizeof(buf));
		if (to == FTRACE_BP_TRAP)
			buf[0] = FTRACE_BP_INSN;
		else if (to == FTRACE_BP_TAIL)
			memcpy(buf + 1, s->new + 1, MCOUNT_INSN_SIZE - 1);
		else
			buf[0] = s->new[0];
		ftrace_arch_text_write(s->addr, buf, false);
	}
}

static void stage(enum ftrace_bp_phase to)
{
	/* The handler must know the phase before any CPU can see its
	 * bytes: a trap that follows a head write emulates the new. */
	phase = to;
	smp_mb();
	write_stage(to);
	sync_all();
	if (ftrace_bp_test_hook)
		ftrace_bp_test_hook(to, &batch);
}

void ftrace_bp_flush(void)
{
	if (!ftrace_bp_batching || !batch.n)
		return;
	/* ftrace_bp_queue takes each site once per batch: a second change
	 * of a site always comes after a flush. */
	if (ftrace_bp_sort(&batch))
		panic("ftrace: a site twice in one breakpoint batch");
	/* Every CPU traps on the sites until the batch ends: end it
	 * before this CPU's other threads get a turn. */
	preempt_disable();
	stage(FTRACE_BP_TRAP);
	stage(FTRACE_BP_TAIL);
	stage(FTRACE_BP_HEAD);
	ftrace_arch_text_write_done();
	preempt_enable();
	/* Every CPU has serialised since the heads went in: no trap byte of
	 * this batch is left to hit. A handler that trapped before may still
	 * be reading the table (an NMI's IPI waits for the NMI): wait. */
	phase = FTRACE_BP_IDLE;
	smp_mb();
	while (__atomic_load_n(&handlers_in, __ATOMIC_SEQ_CST))
		arch_cpu_relax();
	batch.n = 0;
}

int ftrace_bp_queue(unsigned long addr, const u8 *old, const u8 *new)
{
	if (!memcmp(old, new, MCOUNT_INSN_SIZE))
		return 0;
	if (ftrace_fault_write_fails(addr))
		return -EPERM;
	if (batch.n == batch.size)
		ftrace_bp_flush(); /* more than counted: one more batch */
	return ftrace_bp_add(&batch, addr, old, new);
}

/* Room for every site of the kernel and the assembly ones. */
static int reserve(void)
{
	unsigned long want = ftrace_stats.sites + FTRACE_NR_ASM_SITES;
	struct ftrace_bp_site *s;

	if (batch.size >= want)
		return 0;
	s = kmalloc(want * sizeof(*s));
	if (!s)
		return -ENOMEM;
	kfree(batch.sites);
	batch.sites = s;
	batch.size = want;
	return 0;
}

int ftrace_bp_run(int (*fn)(void *), void *data, int *ret, u64 *syncs)
{
	if (reserve())
		return -ENOMEM;
	run_syncs = 0;
	batch.n = 0;
	ftrace_bp_batching = true;
	*ret = fn(data);
	ftrace_bp_flush();
	ftrace_bp_batching = false;
	*syncs = run_syncs;
	return 0;
}

#else /* no breakpoint method on this arch */

int ftrace_bp_run(int (*fn)(void *) __unused, void *data __unused,
		  int *ret __unused, u64 *syncs __unused)
{
	return -ENODEV;
}

int ftrace_bp_queue(unsigned long addr __unused, const u8 *old __unused,
		    const u8 *new __unused)
{
	return -ENODEV;
}

void ftrace_bp_flush(void)
{
}

#endif
