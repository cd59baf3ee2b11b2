/*
 * ftrace_profile.c - the function profiler: how often each function was
 * called and how long its calls took, per CPU, on the functions
 * set_ftrace_filter selects. `echo 1 > function_profile_enabled` starts
 * it afresh, whatever the current tracer is (it is a graph user of its
 * own beside function_graph); trace_stat/functionN shows CPU N's
 * figures in Linux's columns, sorted by total time:
 *
 *   Function  Hit  Time  Avg  s^2
 *
 * Time is the whole call, its callees included (Linux's graph-time);
 * s^2 is the sample variance of the calls' durations, in us^2.
 *
 * Each CPU counts into a table of its own, sized for every call site at
 * the start, so the callbacks never allocate and never fill it up.
 *
 * Built without -pg: its callbacks run inside every profiled call.
 */
#include "fgraph.h"
#include "ftrace_internal.h"
#include "ksym.h"
#include "kstring.h"
#include "mutex.h"
#include "percpu.h"
#include "printk.h"
#include "seq_file.h"
#include "smp.h"
#include "sort.h"
#include "trace_internal.h"

struct profile_rec {
	unsigned long ip; /* 0: a free slot */
	u64 hits;
	u64 time; /* ns, all calls */
	u64 time_sq; /* ns^2, each call's duration squared, summed */
};

struct profile_table {
	unsigned size; /* slots, a power of two */
	struct profile_rec recs[];
};

static DEFINE_PER_CPU(struct profile_table *, profile_tables);
static struct mutex profile_lock = MUTEX_INIT("function_profile");
static bool profile_enabled;

/* The slot of ip in this CPU's table, claimed if new; NULL if none. */
static struct profile_rec *profile_slot(unsigned long ip)
{
	struct profile_table *t = per_cpu(profile_tables, arch_cpu_id());
	unsigned mask, i;

	if (!t)
		return NULL;
	mask = t->size - 1;
	for (i = ftrace_hash_ip(ip) & mask;; i = (i + 1) & mask) {
		struct profile_rec *r = &t->recs[i];
		unsigned long cur = READ_ONCE(r->ip), zero = 0;

		if (cur == ip)
			return r;
		/* An interrupt on this CPU may claim the same slot. */
		if (!cur && __atomic_compare_exchange_n(&r->ip, &zero, ip,
							false, __ATOMIC_RELAXED,
							__ATOMIC_RELAXED))
			return r;
		if (!cur && zero == ip)
			return r;
	}
}

/* Counted on entry, so a call still running counts as a hit. */
static int profile_entry(struct ftrace_graph_ent *trace,
			 struct fgraph_ops *gops)
{
	struct profile_rec *r = profile_slot(trace->func);

	if (!r)
		return 0;
	__atomic_fetch_add(&r->hits, 1, __ATOMIC_RELAXED);
	return 1;
}

static void profile_return(struct ftrace_graph_ret *trace,
			   struct fgraph_ops *gops)
{
	struct profile_rec *r = profile_slot(trace->func);
	u64 d = trace->rettime - trace->calltime;

	if (!r)
		return;
	__atomic_fetch_add(&r->time, d, __ATOMIC_RELAXED);
	__atomic_fetch_add(&r->time_sq, d * d, __ATOMIC_RELAXED);
}

static struct fgraph_ops profile_gops = {
	.entryfunc = profile_entry,
	.retfunc = profile_return,
	.ops = { .name = "profile", .share = &trace_global_ops },
};

static void free_tables(void)
{
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		kfree(per_cpu(profile_tables, cpu));
		per_cpu(profile_tables, cpu) = NULL;
	}
}

/* Fresh tables with room for every call site twice over. */
static int alloc_tables(void)
{
	unsigned size = 64;

	while (size < 2 * ftrace_stats.sites)
		size *= 2;
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		struct profile_table *t =
			kzalloc(sizeof(*t) + size * sizeof(t->recs[0]));

		if (!t) {
			free_tables();
			return -ENOMEM;
		}
		t->size = size;
		per_cpu(profile_tables, cpu) = t;
	}
	return 0;
}

int ftrace_profile_set(bool on)
{
	int r = 0;

	mutex_lock(&profile_lock);
	if (on == profile_enabled)
		goto out;
	if (on) {
		free_tables();
		r = alloc_tables();
		r = r ?: register_ftrace_graph(&profile_gops);
	} else {
		unregister_ftrace_graph(&profile_gops);
	}
	if (!r)
		profile_enabled = on;
out:
	mutex_unlock(&profile_lock);
	return r;
}

static int function_profile_enabled_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", profile_enabled ? 1 : 0);
	return 0;
}

static ssize_t function_profile_enabled_write(struct fs_file *f,
					      const char *buf, size_t len)
{
	unsigned long long v;
	int r = fs_parse_number(buf, len, ~0ULL, &v);

	if (r) {
		trace_error_log("function_profile_enabled", "not a number", buf,
				0);
		return r;
	}
	r = ftrace_profile_set(v != 0);
	return r ? r : (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(function_profile_enabled);

/* ---- trace_stat/functionN: a sorted copy taken at open ---- */

struct profile_snapshot {
	unsigned n;
	struct profile_rec recs[];
};

static int by_time(const void *a, const void *b)
{
	const struct profile_rec *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? 1 : -1;
	if (x->hits != y->hits)
		return x->hits < y->hits ? 1 : -1;
	return x->ip < y->ip ? -1 : x->ip > y->ip;
}

static void *stat_start(struct seq_file *m, u64 *pos)
{
	struct profile_snapshot *s = m->private;

	/* Record 0 is the header; 1..n the functions. */
	return *pos <= s->n ? (void *)(unsigned long)(*pos + 1) : NULL;
}

static void *stat_next(struct seq_file *m, void *v, u64 *pos)
{
	++*pos;
	return stat_start(m, pos);
}

static void stat_stop(struct seq_file *m, void *v)
{
}

static int stat_show(struct seq_file *m, void *v)
{
	struct profile_snapshot *s = m->private;
	unsigned long i = (unsigned long)v - 1, off;
	const struct profile_rec *r;
	const struct ksym *sym;
	u64 avg, var = 0;

	if (i == 0) {
		seq_puts(m, "  Function                               "
			    "Hit    Time            Avg             s^2\n"
			    "  --------                               "
			    "---    ----            ---             ---\n");
		return 0;
	}
	r = &s->recs[i - 1];
	sym = ksym_lookup(r->ip, &off);
	seq_printf(m, "  %-30.30s  %10llu    ", sym ? sym->name : "?",
		   (unsigned long long)r->hits);
	avg = r->time / r->hits;
	/* n sum(x^2) - (sum x)^2 over n (n - 1), in us^2 once the duration
	 * printer has divided by 1000 a second time. */
	if (r->hits > 1)
		var = (r->hits * r->time_sq - r->time * r->time) /
		      (r->hits * (r->hits - 1) * 1000);
	trace_print_graph_duration(m, r->time);
	seq_puts(m, "    ");
	trace_print_graph_duration(m, avg);
	seq_puts(m, "    ");
	trace_print_graph_duration(m, var);
	seq_puts(m, "\n");
	return 0;
}

static const struct seq_ops stat_seq = { stat_start, stat_next, stat_stop,
					 stat_show };

static int stat_open(struct fs_file *f)
{
	unsigned cpu = (unsigned)(unsigned long)f->node->priv;
	struct profile_table *t;
	struct profile_snapshot *s;
	unsigned n = 0;
	int r;

	mutex_lock(&profile_lock);
	t = per_cpu(profile_tables, cpu);
	s = kzalloc(sizeof(*s) + (t ? t->size : 0) * sizeof(s->recs[0]));
	if (!s) {
		mutex_unlock(&profile_lock);
		return -ENOMEM;
	}
	for (unsigned i = 0; t && i < t->size; i++) {
		struct profile_rec rec = t->recs[i];

		/* A call counted but not returned yet has a hit and no
		 * time; shown as it stands. */
		if (rec.ip && rec.hits)
			s->recs[n++] = rec;
	}
	mutex_unlock(&profile_lock);
	s->n = n;
	sort(s->recs, n, sizeof(s->recs[0]), by_time);
	r = seq_open(f, &stat_seq);
	if (r) {
		kfree(s);
		return r;
	}
	((struct seq_file *)f->private)->private = s;
	return 0;
}

static const struct fs_file_ops stat_fops = { .open = stat_open,
					      .release = seq_release_private,
					      .read = seq_read };

void ftrace_profile_init(void)
{
	char path[FS_PATH_MAX];

	fs_create_file(TRACEFS "function_profile_enabled",
		       &function_profile_enabled_fops, NULL);
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		snprintf(path, sizeof(path), TRACEFS "trace_stat/function%u",
			 cpu);
		fs_create_file(path, &stat_fops, (void *)(unsigned long)cpu);
	}
}
