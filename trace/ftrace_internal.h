/* ftrace_internal.h - shared between the files of trace/, nowhere else. */
#ifndef FTRACE_INTERNAL_H
#define FTRACE_INTERNAL_H

#include "ftrace.h"
#include "ftrace_arch.h"
#include "mm.h"
#include "types.h"

/* rec->flags: the count of ops that want the site, and its state. */
#define FTRACE_FL_REF_MASK 0x00ffffffUL
#define FTRACE_FL_ENABLED (1UL << 24) /* the site calls ftrace_caller */
#define FTRACE_FL_FAILED (1UL << 25) /* never touched again */
#define FTRACE_FL_NEW (1UL << 26) /* record mode: still calls mcount */
#define FTRACE_FL_TODO (1UL << 27) /* listed for the coming pass */
/* Bits 28 to 31: FTRACE_FL_ARCH_MASK (ftrace_arch.h), the arch's own. */

struct ftrace_page {
	struct ftrace_page *next;
	unsigned index; /* records used */
	unsigned size; /* records that fit */
	struct dyn_ftrace records[];
};

#define FTRACE_RECS_PER_PAGE \
	((PAGE_SIZE - sizeof(struct ftrace_page)) / sizeof(struct dyn_ftrace))

/* The first page, and the last, where new records go. */
extern struct ftrace_page *ftrace_pages_start, *ftrace_pages_last;

#define for_each_ftrace_rec(pg, rec)                             \
	for ((pg) = ftrace_pages_start; (pg); (pg) = (pg)->next) \
		for ((rec) = (pg)->records;                      \
		     (rec) < (pg)->records + (pg)->index; (rec)++)

/* Commands of one stop_machine pass (docs/patching.md). */
#define FTRACE_UPDATE_CALLS (1 << 0) /* sites follow what ops want */
#define FTRACE_DISABLE_CALLS (1 << 1) /* every site off */
#define FTRACE_UPDATE_TRACE_FUNC (1 << 2)
#define FTRACE_START_MCOUNT (1 << 3) /* mcount -> recorder */
#define FTRACE_STOP_MCOUNT (1 << 4) /* mcount -> stub */
#define FTRACE_CONVERT_NEW (1 << 5) /* record mode: new sites off */

struct ftrace_stats {
	unsigned long sites, failed, pages;
	u64 boot_convert_ns;
	/* the last pass, and all passes */
	unsigned last_cmd;
	unsigned last_method; /* enum ftrace_patch_method */
	unsigned long last_changed;
	u64 last_ns;
	u64 passes, changed_total, func_updates;
	/* record mode */
	bool record_mode;
	u64 recorded, record_skipped, converted, record_passes;
	unsigned long record_slots;
	bool steady;
};
extern struct ftrace_stats ftrace_stats;

/* ---- ftrace_records.c: the tables (host-tested) ---- */

/* The slot hash of every table: record_hash and ftrace_hash alike. */
unsigned ftrace_hash_ip(unsigned long ip);
/* Append a record for ip (flags 0); NULL when out of pages. */
struct dyn_ftrace *ftrace_alloc_rec(unsigned long ip);
/*
 * Sort every record by ip into the lookup index (after boot conversion
 * and after record mode added records). 0 or -ENOMEM (the old index, if
 * any, stays). While the index does not cover every record, lookups scan
 * the pages.
 */
int ftrace_rec_index_build(void);
/* Record number i in address order (while the index covers every
 * record; in page order otherwise), or NULL past the last: O(1) with
 * the index. */
struct dyn_ftrace *ftrace_rec_at(unsigned long i);
/* Forget the index without freeing it (host tests, between heaps). */
void ftrace_rec_index_drop(void);
/* The first record with start <= ip < end, or NULL: O(log n). */
struct dyn_ftrace *ftrace_find_rec_in(unsigned long start, unsigned long end);
/* The records the index covers: all of them, or 0 while it is stale. */
unsigned long ftrace_rec_index_count(void);
/* The same record's place in address order (ftrace_rec_at), or -1 when
 * there is none or the index is stale: O(log n). */
long ftrace_find_rec_pos(unsigned long start, unsigned long end);
/* An empty set with room for count ips, or NULL; freed with kfree. */
struct ftrace_hash *ftrace_hash_alloc(unsigned count);
/* Add ip (once) to a set not yet published; at most the count above. */
void ftrace_hash_add(struct ftrace_hash *h, unsigned long ip);
/* Remove ip from a set not yet published, if it is there. */
void ftrace_hash_remove(struct ftrace_hash *h, unsigned long ip);
/* h with room for one more ip: h itself, a bigger copy (h freed), or
 * NULL (h untouched) when memory runs out. */
struct ftrace_hash *ftrace_hash_reserve(struct ftrace_hash *h);
/* False for a NULL or empty set. */
bool ftrace_hash_contains(const struct ftrace_hash *h, unsigned long ip);
/* Each ip of h, in slot order (a NULL h has none). */
#define for_each_hash_ip(h, i, ip)                   \
	for ((i) = 0; (h) && (i) < (h)->size; (i)++) \
		if (((ip) = (h)->ips[(i)]) != 0)

/* The recorder's table (record mode). */
struct record_hash {
	unsigned size; /* power of two */
	unsigned limit; /* stop taking new ips at this count */
	volatile unsigned count;
	volatile unsigned long *ips;
	u8 *has_record; /* written by ftraced only */
};
/* A table of size slots (a power of two) taking size / 2 ips, or NULL. */
struct record_hash *ftrace_record_hash_alloc(unsigned size);
void ftrace_record_hash_free(struct record_hash *h);
/* Lock-free, NMI-safe: 1 recorded, 0 already there, -ENOSPC skipped. */
int ftrace_record_hash_insert(struct record_hash *h, unsigned long ip);
/* Every ip of from, with its has_record flag, into the empty table to. */
void ftrace_record_hash_copy(struct record_hash *to,
			     const struct record_hash *from);

/* ---- ftrace_filter.c: globs to sets (host-tested) ---- */

/* The longest glob pattern a filter takes. */
#define FTRACE_GLOB_MAX 255
/*
 * The set that applying globs ("pat" adds, "!pat" removes, in order) to
 * from (NULL or ignored when reset) gives, as a new set. Returns 0, or
 * -EINVAL (malformed pattern), -E2BIG (pattern longer than
 * FTRACE_GLOB_MAX), -ENOENT (a pattern matches no traceable function),
 * -ENOMEM; then *out is NULL and *bad points at the faulty pattern.
 * Literal names cost O(log n) each; wildcards one pass over the records.
 */
int ftrace_filter_build(const struct ftrace_hash *from, bool reset,
			const char *globs, struct ftrace_hash **out,
			const char **bad);

/* ---- ftrace_ops.c: registration and the list function ---- */

/*
 * The context a CPU runs in (0 thread, 1 interrupt, 2 NMI) and its
 * recursion bit, one each, so that an interrupt landing while a thread is inside a
 * tracing path is traced rather than taken for recursion.
 */
#include "smp.h"
#define FTRACE_CONTEXTS 3
static __always_inline unsigned ftrace_context_index(const struct cpu *c)
{
	if (c->preempt_count & NMI_MASK)
		return 2;
	if (c->preempt_count & HARDIRQ_MASK)
		return 1;
	return 0;
}
/* 1u << ftrace_context_index(), for each value of the counts. */
extern const u8 ftrace_context_bits[256];
static __always_inline unsigned ftrace_context_bit(const struct cpu *c)
{
	unsigned pc = (unsigned)c->preempt_count;

	return ftrace_context_bits[(pc & (HARDIRQ_MASK | NMI_MASK)) >> 16];
}

static __always_inline void ftrace_quiesce_enter(struct ftrace_quiesce *q)
{
	q->depth++;
	smp_mb();
}
static __always_inline void ftrace_quiesce_exit(struct ftrace_quiesce *q)
{
	smp_mb();
	if (--q->depth == 0)
		q->quiescent++;
}
/*
 * Wait until every CPU has been entirely outside the path at least once
 * since the caller unlinked what the path reads; of(cpu) is that CPU's
 * counters.
 */
void ftrace_quiesce_wait(struct ftrace_quiesce *(*of)(unsigned cpu));

extern struct ftrace_ops *volatile ftrace_ops_list;
extern struct ftrace_ops *function_trace_op;
extern unsigned ftrace_users;
void ftrace_ops_list_func(unsigned long ip, unsigned long parent_ip,
			  struct ftrace_ops *op, unsigned long *ret_slot);
/* Wait until no CPU can still hold a pointer to an unlinked ops. */
void ftrace_list_sync(void);
/*
 * Try globs as a fresh filter without setting it: 0 and the number of
 * functions it selects, or the error of ftrace_filter_build with *bad at
 * the faulty pattern. *bad points into globs.
 */
int ftrace_filter_check(const char *globs, unsigned *count, const char **bad);
/* Make the ready set h ops' filter (ops owns h from now on) and
 * re-patch, as ftrace_set_filter does: 0 or -errno. */
int ftrace_set_filter_hash(struct ftrace_ops *ops, struct ftrace_hash *h);
u64 ftrace_recursion_skips(void);
/* The trace function and ops that ftrace_caller should call now. */
void ftrace_choose_trace_func(ftrace_func_t *func, struct ftrace_ops **op);

/* ---- ftrace.c: the core ---- */

#include "mutex.h"
extern struct mutex ftrace_lock;
/*
 * Bring the text in line with the registered ops, in one stop_machine
 * pass of only the command bits something changed (plus extra). When
 * only the ips of the sets in only[] can have changed their wanted state
 * (an ops with a filter came or went, or its filter changed), only their
 * records are looked at; only NULL means every record. ftrace_lock held.
 * Returns 0 or an error; *ran (may be NULL) says whether a pass ran.
 */
int ftrace_update(unsigned extra, const struct ftrace_hash *const *only,
		  unsigned nonly, bool *ran);
/* The record of the function named name, or NULL. */
struct dyn_ftrace *ftrace_find_rec_of(const char *name);
void ftrace_format_bytes(const u8 *b, char *buf, size_t size);
/* A record mode pass: ftrace_record.c's part of a patch pass. */
void ftrace_convert_new(unsigned long *changed);
/* The bytes of the last compare that failed, for the bug report. */
struct ftrace_bug_bytes {
	bool valid;
	unsigned long addr;
	u8 expected[MCOUNT_INSN_SIZE];
	u8 actual[MCOUNT_INSN_SIZE];
};
extern struct ftrace_bug_bytes ftrace_bug_bytes;
/* Report a site that failed (the ftrace bug report); rec is marked. */
enum ftrace_bug_op { FTRACE_BUG_INIT, FTRACE_BUG_NOP, FTRACE_BUG_CALL };
void ftrace_note_failure(struct dyn_ftrace *rec, int err,
			 enum ftrace_bug_op op);
/* Print what ftrace_note_failure collected (outside stop_machine). */
void ftrace_report_failures(void);
/* The first conversion of the site of rec, from the call to mcount. */
int ftrace_convert_site(struct dyn_ftrace *rec, bool want);

/* ---- ftrace_record.c: record mode ---- */
void ftrace_record_ip(unsigned long ip, unsigned long parent_ip,
		      struct ftrace_ops *op, unsigned long *ret_slot);
/* Record mode's boot: mcount starts calling the recorder. */
void ftrace_record_mode_init(void);
void ftrace_record_mode_late_init(void);
/* Convert what was recorded now, not at the next second. */
void ftrace_record_flush(void);
/* Test fault: make sure ip is recorded (its site may no longer reach
 * the recorder once damaged). */
void ftrace_record_force(unsigned long ip);

/* ---- ftrace_fault.c: test faults ---- */
/* For fault injection only: ftrace_modify_code without the compare (the
 * address check and the NMI handshake stay). */
int ftrace_poke_unchecked(unsigned long addr, const u8 *new);
/* Fails when addr lies in the function ftrace_failwrite= names. */
bool ftrace_fault_write_fails(unsigned long addr);
/* Applies ftrace_damage=, before the sites are first converted. */
void ftrace_fault_damage(void);
void ftrace_fault_late_init(void);

/* ---- nmi_handshake.c ---- */
/* One write with the handshake: alone (flag up, write, flag down), or
 * inside a pass, where the flag is already up (publish, write). */
int ftrace_nmi_safe_write(unsigned long addr, const u8 *buf);
/* A stop_machine pass's writes: the flag goes up once for all of them. */
void ftrace_nmi_pass_begin(void);
void ftrace_nmi_pass_end(void);
extern u64 ftrace_nmi_wait_count, ftrace_nmi_update_count;
/* Wait until no NMI runs anywhere (the argument is unused). */
int ftrace_nmi_wait_idle(void *unused);

/* ---- ftrace_bp_table.c: the breakpoint method's batch (host-tested) ---- */

/* One site of a batch: where, what it holds, what it will hold. */
struct ftrace_bp_site {
	unsigned long addr;
	u8 old[MCOUNT_INSN_SIZE];
	u8 new[MCOUNT_INSN_SIZE];
};
/* Where a batch is: what the sites' bytes are, and CPUs must see. */
enum ftrace_bp_phase {
	FTRACE_BP_IDLE, /* no batch: no trap byte is ours */
	FTRACE_BP_TRAP, /* trap bytes going in over the first bytes */
	FTRACE_BP_TAIL, /* the rest of each new instruction going in */
	FTRACE_BP_HEAD, /* the new first bytes going in over the traps */
};
struct ftrace_bp_batch {
	struct ftrace_bp_site *sites; /* sorted by addr once applied */
	unsigned long n, size; /* used, room for */
};
/* Append a site; -ENOSPC when the table is full. */
int ftrace_bp_add(struct ftrace_bp_batch *b, unsigned long addr, const u8 *old,
		  const u8 *new);
/* Sort by address: O(n log n). -EEXIST when two sites share one. */
int ftrace_bp_sort(struct ftrace_bp_batch *b);
/* The site at addr in a sorted table, or NULL: O(log n). */
const struct ftrace_bp_site *ftrace_bp_find(const struct ftrace_bp_batch *b,
					    unsigned long addr);
/*
 * The bytes the site at addr must act as in phase: its old instruction
 * before FTRACE_BP_HEAD, its new one from then on; NULL when idle or
 * addr is none of the batch's sites.
 */
const u8 *ftrace_bp_decide(const struct ftrace_bp_batch *b,
			   enum ftrace_bp_phase phase, unsigned long addr);

/* ---- ftrace_bp.c: choosing the method, and the breakpoint method ---- */

enum ftrace_patch_method {
	FTRACE_PATCH_STOP_MACHINE,
	FTRACE_PATCH_BREAKPOINT,
	FTRACE_NR_PATCH_METHODS
};
extern enum ftrace_patch_method ftrace_patch_method;
/* What each method has done since boot (ftrace stats). */
struct ftrace_patch_stats {
	u64 passes, sites, syncs;
	u64 ns; /* the passes themselves, on the patching CPU */
	u64 held_ns; /* other CPUs kept from running, summed over them */
	u64 disturbed_ns; /* other CPUs in the method's IPIs, summed */
};
extern struct ftrace_patch_stats ftrace_patch_stats[FTRACE_NR_PATCH_METHODS];
/* Int3 hits the handler emulated, per CPU; stale traps re-run. */
extern u64 ftrace_bp_hits[NR_CPUS];
extern u64 ftrace_bp_stale;
const char *ftrace_patch_method_name(enum ftrace_patch_method m);
/* The method called name, or -EINVAL; -ENODEV when this arch has
 * no such method. */
int ftrace_patch_method_parse(const char *name);
/* Whether this arch has the breakpoint method. */
bool ftrace_bp_supported(void);
/*
 * Run a pass's fn(data) with no CPU stopped: text writes are queued
 * (ftrace_modify_code) and applied in batches by ftrace_bp_flush(), once
 * more after fn. *syncs gets the machine-wide synchronisations made.
 * -ENOMEM when the table cannot be had (nothing done: the caller then
 * uses stop_machine). ftrace_lock held, interrupts on.
 */
int ftrace_bp_run(int (*fn)(void *), void *data, int *ret, u64 *syncs);
/* While ftrace_bp_run runs fn: whether writes are queued. */
extern bool ftrace_bp_batching;
/* Queue one change of a site already checked to hold old. */
int ftrace_bp_queue(unsigned long addr, const u8 *old, const u8 *new);
/* Apply what is queued (no-op outside ftrace_bp_run, or when empty). */
void ftrace_bp_flush(void);
/*
 * Test hook: called after each phase of a batch has been written and
 * synchronised, with the batch (NULL outside tests).
 */
extern void (*ftrace_bp_test_hook)(enum ftrace_bp_phase phase,
				   const struct ftrace_bp_batch *b);
/* `ftrace patch-test trap|stray` (ftrace_bp_test.c). */
int ftrace_bp_test(const char *what);

/* ---- ftrace_files.c, ftrace_cmd.c, ftrace_selftest.c ---- */
/* ftrace_stress.c: the stress loops' callback, counting into
 * *op->private. */
void ftrace_stress_func(unsigned long ip, unsigned long parent_ip,
			struct ftrace_ops *op, unsigned long *ret_slot);
/* One dynamic ops (kzalloc'd) with the filter globs registered,
 * unregistered and freed; its calls added to *hits. 0 or the error. */
int ftrace_stress_dyn_cycle(const char *globs, u64 *hits);
/* `ftrace stress mix`; 0, or the first step's error.
 * fixed_method: never change the patch method. */
int ftrace_stress_mix(unsigned long n, u64 seed, bool fixed_method);

void ftrace_files_init(void);
int ftrace_selftest(void);
/* max_graph_depth, set_graph_function, set_graph_notrace. */
void graph_files_init(void);
/* `ftrace graph-selftest` (fgraph_selftest.c). */
int fgraph_selftest(void);
/* Runs the self-test if ftrace_selftest=1 asked for it. */
void ftrace_selftest_late_init(void);
/* "malformed glob" and the like, for a filter error. */
const char *ftrace_filter_error(int err);

#endif
