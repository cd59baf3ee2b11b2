/*
 * trace_options.c - the options: trace_options (every option of the
 * core and of the current tracer, "name" or "noname"; a write sets one)
 * and options/NAME (0 or 1), which lists every tracer's options too.
 */
#include "kstring.h"
#include "mutex.h"
#include "printk.h"
#include "seq_file.h"
#include "trace_internal.h"

static struct mutex options_lock = MUTEX_INIT("trace_options");

/* Set the core's option i; 0 or -errno. */
static int set_core_option(unsigned i, bool on)
{
	const struct tracer *t = trace_current_tracer();
	bool was = trace_option(i);

	if (was == on)
		return 0;
	if (on)
		__atomic_fetch_or(&trace_flags, 1UL << i, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&trace_flags, ~(1UL << i), __ATOMIC_RELAXED);
	if (i == TRACE_ITER_OVERWRITE)
		ring_buffer_set_overwrite(on);
	/* function-trace: the function tracer's hooks come and go. */
	if (i == TRACE_ITER_FUNCTION_TRACE && t && !strcmp(t->name, "function"))
		trace_set_tracer("nop"), trace_set_tracer("function");
	return 0;
}

static int set_tracer_option(const struct tracer *t, const struct tracer_opt *o,
			     bool on)
{
	unsigned long was = *t->opt_flags & o->bit;
	int r;

	if (!!was == on)
		return 0;
	if (t->set_flag) {
		r = t->set_flag(o->bit, on);
		if (r)
			return r;
	}
	if (on)
		*t->opt_flags |= o->bit;
	else
		*t->opt_flags &= ~o->bit;
	return 0;
}

/*
 * Find the option called name: the core's (index into
 * trace_option_names) or a tracer's (*tp, *op). Only the current
 * tracer's when current_only. -EINVAL when none.
 */
static int find_option(const char *name, bool current_only, int *core,
		       const struct tracer **tp, const struct tracer_opt **op)
{
	for (unsigned i = 0; i < TRACE_ITER_NR; i++)
		if (!strcmp(name, trace_option_names[i])) {
			*core = (int)i;
			return 0;
		}
	*core = -1;
	for (const struct tracer *t = tracer_next(NULL); t;
	     t = tracer_next(t)) {
		if (!t->opts || (current_only && t != trace_current_tracer()))
			continue;
		for (const struct tracer_opt *o = t->opts; o->name; o++)
			if (!strcmp(name, o->name)) {
				*tp = t;
				*op = o;
				return 0;
			}
	}
	return -EINVAL;
}

static int set_option(const char *name, bool on, bool current_only)
{
	const struct tracer *t;
	const struct tracer_opt *o;
	int core, r;

	mutex_lock(&options_lock);
	r = find_option(name, current_only, &core, &t, &o);
	if (!r)
		r = core >= 0 ? set_core_option((unsigned)core, on)
			      : set_tracer_option(t, o, on);
	mutex_unlock(&options_lock);
	return r;
}

static int trace_options_show(struct seq_file *m, void *v)
{
	const struct tracer *t = trace_current_tracer();

	for (unsigned i = 0; i < TRACE_ITER_NR; i++)
		seq_printf(m, "%s%s\n", trace_option(i) ? "" : "no",
			   trace_option_names[i]);
	if (t && t->opts)
		for (const struct tracer_opt *o = t->opts; o->name; o++)
			seq_printf(m, "%s%s\n",
				   *t->opt_flags & o->bit ? "" : "no", o->name);
	return 0;
}

static ssize_t trace_options_write(struct fs_file *f, const char *buf,
				   size_t len)
{
	char word[TRACE_WORD_MAX];
	bool on = true;
	const char *name = word;
	int r = trace_get_word(buf, len, word);

	if (!r && !strncmp(word, "no", 2)) {
		/* "no" + a name; but also a name of its own that starts so. */
		const struct tracer *t;
		const struct tracer_opt *o;
		int core;

		if (find_option(word, true, &core, &t, &o)) {
			on = false;
			name = word + 2;
		}
	}
	if (!r)
		r = set_option(name, on, true);
	if (r)
		trace_error_log("trace_options", "no such option", buf,
				on ? 0 : 2);
	return r ? r : (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(trace_options);

/* options/NAME: node priv is the name; reads 0 or 1, takes 0 or 1. */
static int option_show(struct seq_file *m, void *v)
{
	const struct tracer *t;
	const struct tracer_opt *o;
	int core;

	if (find_option(m->private, false, &core, &t, &o))
		return -ENOENT;
	seq_printf(m, "%d\n",
		   core >= 0 ? trace_option((unsigned)core)
			     : !!(*t->opt_flags & o->bit));
	return 0;
}

static int option_open(struct fs_file *f)
{
	return single_open(f, option_show, f->node->priv);
}

static ssize_t option_write(struct fs_file *f, const char *buf, size_t len)
{
	unsigned long long v;
	int r = fs_parse_number(buf, len, 1, &v);

	if (r) {
		trace_error_log("options", "expected 0 or 1", buf, 0);
		return r;
	}
	r = set_option(f->node->priv, v, false);
	return r ? r : (ssize_t)len;
}

static const struct fs_file_ops option_fops = { .open = option_open,
						.release = single_release,
						.read = seq_read,
						.write = option_write };

/* trace_options, and options/NAME for each option of the core and of
 * every tracer. */
void trace_options_init(void)
{
	char path[FS_PATH_MAX];

	fs_create_file(TRACEFS "trace_options", &trace_options_fops, NULL);

	for (unsigned i = 0; i < TRACE_ITER_NR; i++) {
		snprintf(path, sizeof(path), TRACEFS "options/%s",
			 trace_option_names[i]);
		fs_create_file(path, &option_fops,
			       (void *)trace_option_names[i]);
	}
	for (const struct tracer *t = tracer_next(NULL); t; t = tracer_next(t))
		for (const struct tracer_opt *o = t->opts; o && o->name; o++) {
			snprintf(path, sizeof(path), TRACEFS "options/%s",
				 o->name);
			fs_create_file(path, &option_fops, (void *)o->name);
		}
}
