/*
 * ftrace_record.c - record mode (boot option ftrace=record), the older
 * design: call sites stay calls to mcount, which hands every caller to
 * the recorder; a kernel thread, ftraced, woken at most once a second,
 * turns what was recorded into records and NOPs and grows the recorder's
 * table when it fills, until nothing is left to patch (docs/record-mode.md).
 *
 * Built without -pg: the recorder runs on every unconverted call.
 */
#include "arch.h"
#include "bootopt.h"
#include "fs.h"
#include "ftrace_internal.h"
#include "kstring.h"
#include "printk.h"
#include "sched.h"
#include "stop_machine.h"

/* The recorder's table at boot; it doubles whenever half full. */
#define RECORD_SLOTS_MIN 4
#define RECORD_SLOTS_MAX 65536
static unsigned record_slots_at_boot = 256;

static struct record_hash *volatile record_hash;

static int slots_option(const char *v)
{
	unsigned long long n;

	if (kstrtoull(v, 0, &n) || n < RECORD_SLOTS_MIN ||
	    n > RECORD_SLOTS_MAX || (n & (n - 1)))
		return -EINVAL;
	record_slots_at_boot = (unsigned)n;
	return 0;
}
BOOT_OPTION(ftrace_record_slots, "ftrace_record_slots", slots_option,
	    "N: the recorder's first table, a power of two from 4 to 65536");

static int record_option(const char *v)
{
	if (strcmp(v, "record"))
		return -EINVAL;
	ftrace_stats.record_mode = true;
	return 0;
}
BOOT_OPTION(ftrace, "ftrace", record_option,
	    "record: sites stay calls to mcount, which records them");

/*
 * mcount calls this for every unconverted site, from any context, an NMI
 * included. The ip goes into the table without a lock, or is skipped
 * while the table is as full as allowed and recorded on a later call.
 *
 * Interrupts stay off while the table is in use: ftraced frees a table it
 * replaced only after a stop_machine, which every other CPU joins from an
 * interrupt, so no CPU can then be inside an insert into it. (With
 * interrupts on, a thread preempted halfway would resume writing into
 * freed memory.) NMIs are waited for separately.
 */
void ftrace_record_ip(unsigned long ip, unsigned long parent_ip,
		      struct ftrace_ops *unused, unsigned long *ret_slot)
{
	unsigned long flags = arch_irq_save();
	struct record_hash *h = READ_ONCE(record_hash);

	if (h)
		ftrace_record_hash_insert(h, ip);
	arch_irq_restore(flags);
}

void ftrace_record_force(unsigned long ip)
{
	ftrace_record_ip(ip, 0, NULL, NULL);
}

/* Part of a patch pass: sites recorded since the last pass stop calling
 * mcount (straight to ftrace_caller when an ops wants them already). */
void ftrace_convert_new(unsigned long *changed)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;

	for_each_ftrace_rec(pg, rec)
	{
		bool want;
		int ret;

		if (!(rec->flags & FTRACE_FL_NEW))
			continue;
		rec->flags &= ~FTRACE_FL_NEW;
		want = ftrace_enabled && (rec->flags & FTRACE_FL_REF_MASK);
		ret = ftrace_convert_site(rec, want);
		if (ret) {
			ftrace_note_failure(rec, ret, FTRACE_BUG_INIT);
			continue;
		}
		if (want)
			rec->flags |= FTRACE_FL_ENABLED;
		ftrace_stats.converted++;
		(*changed)++;
	}
}

/* Records for what the recorder saw; how many are new. ftrace_lock held. */
static unsigned take_recorded(struct record_hash *h)
{
	unsigned fresh = 0;

	for (unsigned i = 0; i < h->size; i++) {
		unsigned long ip = h->ips[i];
		struct dyn_ftrace *rec;

		if (!ip || h->has_record[i])
			continue;
		rec = ftrace_alloc_rec(ip);
		if (!rec)
			break;
		rec->flags |= FTRACE_FL_NEW;
		h->has_record[i] = 1;
		fresh++;
	}
	if (fresh && ftrace_rec_index_build())
		printk("ftraced: no memory to re-index the records: lookups "
		       "will scan\n");
	return fresh;
}

/* More than half full: double the table. Sites recorded into the old one
 * meanwhile are lost and simply recorded again later. */
static void grow(struct record_hash *h)
{
	struct record_hash *bigger = ftrace_record_hash_alloc(h->size * 2);

	if (!bigger)
		return;
	ftrace_record_hash_copy(bigger, h);
	__atomic_store_n(&record_hash, bigger, __ATOMIC_SEQ_CST);
	/* Every CPU takes an IPI (so is outside the recorder, see above),
	 * and no NMI runs, after the switch: nobody still reads h. */
	stop_machine(ftrace_nmi_wait_idle, NULL);
	ftrace_record_hash_free(h);
	ftrace_stats.record_slots = bigger->size;
}

static void ftraced_pass(void)
{
	struct record_hash *h;
	unsigned fresh;

	mutex_lock(&ftrace_lock);
	h = record_hash;
	fresh = take_recorded(h);
	if (!fresh) {
		if (!ftrace_stats.steady)
			printk("ftraced: steady state: %lu call sites "
			       "recorded, nothing left to patch\n",
			       ftrace_stats.sites);
		ftrace_stats.steady = true;
		mutex_unlock(&ftrace_lock);
		return;
	}
	ftrace_stats.steady = false;
	ftrace_stats.record_passes++;
	ftrace_update(FTRACE_CONVERT_NEW, NULL, 0, NULL);
	if (h->count >= h->limit)
		grow(h);
	printk("ftraced: converted %u new call sites (%lu in all, %lu "
	       "slots)\n",
	       fresh, ftrace_stats.sites, ftrace_stats.record_slots);
	mutex_unlock(&ftrace_lock);
}

void ftrace_record_flush(void)
{
	if (ftrace_stats.record_mode)
		ftraced_pass();
}

static void ftraced(void *unused)
{
	for (;;) {
		/* At most once a second (docs/record-mode.md). */
		msleep(1000);
		ftraced_pass();
	}
}

void ftrace_record_mode_init(void)
{
	int ret;

	record_hash = ftrace_record_hash_alloc(record_slots_at_boot);
	if (!record_hash)
		panic("ftrace: no memory for the recorder");
	ftrace_fault_damage();
	ret = ftrace_asm_site_set(FTRACE_SITE_MCOUNT,
				  (unsigned long)ftrace_record_ip);
	if (ret)
		panic("ftrace: cannot point mcount at the recorder (%s)",
		      strerror(ret));
	ftrace_arch_text_write_done();
	arch_sync_core();
	printk("ftrace: record mode: the build's call sites stay calls; "
	       "mcount records them as they run\n");
}

void ftrace_record_mode_late_init(void)
{
	if (ftrace_stats.record_mode &&
	    !kthread_create("ftraced", ftraced, NULL, -1))
		panic("ftrace: cannot start ftraced");
}
