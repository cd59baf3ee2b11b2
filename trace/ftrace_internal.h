/* ftrace_internal.h - shared between the files of trace/, nowhere else. */
#ifndef FTRACE_INTERNAL_H
#define FTRACE_INTERNAL_H

#include "ftrace.h"
#include "ftrace_arch.h"
#include "mm.h"
#include "types.h"

/* One record per call site. */
struct dyn_ftrace {
	unsigned long ip;
	unsigned long flags;
};

#define FTRACE_FL_REF_MASK 0x00ffffffUL /* ops that want this site */
#define FTRACE_FL_ENABLED (1UL << 24) /* the site calls ftrace_caller */
#define FTRACE_FL_FAILED (1UL << 25) /* never touched again */
#define FTRACE_FL_NEW (1UL << 26) /* record mode: still calls mcount */

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

/* Commands of one stop_machine pass. */
#define FTRACE_ENABLE_CALLS (1 << 0) /* wanted sites on, others off */
#define FTRACE_DISABLE_CALLS (1 << 1) /* every site off */
#define FTRACE_UPDATE_TRACE_FUNC (1 << 2)
#define FTRACE_START_MCOUNT (1 << 3) /* mcount -> recorder */
#define FTRACE_STOP_MCOUNT (1 << 4) /* mcount -> stub */
#define FTRACE_CONVERT_NEW (1 << 5) /* record mode: new sites off */

struct ftrace_stats {
	unsigned long sites, failed, pages;
	u64 boot_convert_ns;
	/* the last pass and all passes */
	unsigned last_cmd;
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

/* ftrace_entry.c: the tracing path */
extern ftrace_func_t ftrace_trace_function;
extern struct ftrace_ops *function_trace_op;
extern struct ftrace_ops *volatile ftrace_ops_list;
void ftrace_ops_list_func(unsigned long ip, unsigned long parent_ip,
			  struct ftrace_ops *op);
void ftrace_record_ip(unsigned long ip, unsigned long parent_ip,
		      struct ftrace_ops *op);
void ftrace_list_sync(void);
/* Per-CPU state of the tracing path. */
struct ftrace_cpu {
	volatile unsigned long list_seq; /* odd inside the list func */
	int recursion;
	u64 recursion_skips;
};
extern struct ftrace_cpu ftrace_cpus[];

/* The recorder's table (record mode). */
struct record_hash {
	unsigned size; /* power of two */
	unsigned limit; /* stop taking new ips at this count */
	volatile unsigned count;
	volatile unsigned long *ips;
	u8 *has_record; /* written by ftraced only */
};
extern struct record_hash *volatile record_hash;

/* ftrace_records.c: the tables, without the patching (host-tested). */
/* The slot hash of every table: record_hash and ftrace_hash alike. */
unsigned ftrace_hash_ip(unsigned long ip);
/* Append a record for ip (flags 0); NULL when out of pages. */
struct dyn_ftrace *ftrace_alloc_rec(unsigned long ip);
/* The first record with start <= ip < end, or NULL. */
struct dyn_ftrace *ftrace_find_rec_in(unsigned long start, unsigned long end);
/* An empty set with room for count ips, or NULL; freed with kfree. */
struct ftrace_hash *ftrace_hash_alloc(unsigned count);
/* Add ip (once) to a set not yet published; at most the count above. */
void ftrace_hash_add(struct ftrace_hash *h, unsigned long ip);
/* False for a NULL or empty set. */
bool ftrace_hash_contains(const struct ftrace_hash *h, unsigned long ip);
/* A table of size slots (a power of two) taking size / 2 ips, or NULL. */
struct record_hash *ftrace_record_hash_alloc(unsigned size);
void ftrace_record_hash_free(struct record_hash *h);
/* Lock-free, NMI-safe: 1 recorded, 0 already there, -ENOSPC skipped. */
int ftrace_record_hash_insert(struct record_hash *h, unsigned long ip);
/* Every ip of from, with its has_record flag, into the empty table to. */
void ftrace_record_hash_copy(struct record_hash *to,
			     const struct record_hash *from);

/* nmi_handshake.c */
int ftrace_nmi_safe_write(unsigned long ip, const u8 *buf, size_t len);
extern u64 ftrace_nmi_wait_count, ftrace_nmi_update_count;
/* Wait until no NMI runs anywhere (the argument is unused). */
int ftrace_nmi_wait_idle(void *unused);

/* ftrace.c */
int ftrace_modify_code(unsigned long ip, const u8 *old, const u8 *new);
extern struct mutex ftrace_lock;
extern unsigned ftrace_users;
void ftrace_format_bytes(const u8 *b, char *buf, size_t size);
/* Record mode: convert what was recorded now, not at the next second. */
void ftrace_record_flush(void);
int ftrace_selftest(void);

#endif
