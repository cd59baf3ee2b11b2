/*
 * ftrace_filter_files.c - set_ftrace_filter and set_ftrace_notrace, the
 * sets of trace_global_ops that every function tracer follows, with
 * Linux's semantics: ">" empties the set (at open: even if the write
 * then fails), ">>" adds, "!pat" removes, a write of nothing but blanks
 * leaves it empty; set_ftrace_filter also takes the traceon/traceoff
 * commands (ftrace_trigger.c). A write is taken whole or refused whole,
 * with one line in error_log saying which word was wrong.
 *
 * Reading lists the set one function per line, in address order, by
 * walking the records (40,000 on a kernel of Linux's size) one chunk at
 * a time, then the triggers.
 */
#include "fs.h"
#include "ftrace_internal.h"
#include "ftrace_trigger.h"
#include "ksym.h"
#include "kstring.h"
#include "seq_file.h"
#include "trace.h"

struct filter_file {
	const char *name;
	bool is_notrace;
	const char *empty; /* what an empty set reads as */
};

static const struct filter_file filter_file = {
	"set_ftrace_filter", false, "#### all functions enabled ####"
};
static const struct filter_file notrace_file = {
	"set_ftrace_notrace", true, "#### no functions disabled ####"
};

/* Per open: the ">" not yet carried out, and the reader's line. */
struct filter_open {
	bool reset; /* opened with ">": the set starts empty */
	u64 cur; /* line being shown: 0 the empty-set line, then records */
};

static const struct filter_file *file_of(struct seq_file *m)
{
	return m->file->node->priv;
}

static struct ftrace_hash *set_of(const struct filter_file *ff)
{
	return ff->is_notrace ? trace_global_ops.notrace_hash
			      : trace_global_ops.filter_hash;
}

/* ---- reading: line 0, then one per record, then the triggers ---- */

static void *filter_pos(struct seq_file *m, u64 *pos)
{
	const struct filter_file *ff = file_of(m);
	struct ftrace_hash *h = set_of(ff);
	struct filter_open *st = m->private;
	u64 nrec = ftrace_stats.sites;

	/* An empty set lists no record: straight to the triggers. */
	if (*pos >= 1 && *pos <= nrec && !(h && h->count))
		*pos = nrec + 1;
	if (*pos > nrec + (ff->is_notrace ? 0 : ftrace_trigger_count()))
		return NULL;
	st->cur = *pos;
	return st;
}

static void *filter_start(struct seq_file *m, u64 *pos)
{
	if (!file_of(m)->is_notrace)
		ftrace_trigger_lock();
	mutex_lock(&ftrace_lock);
	return filter_pos(m, pos);
}

static void *filter_next(struct seq_file *m, void *v, u64 *pos)
{
	++*pos;
	return filter_pos(m, pos);
}

static void filter_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&ftrace_lock);
	if (!file_of(m)->is_notrace)
		ftrace_trigger_unlock();
}

static int filter_show(struct seq_file *m, void *v)
{
	const struct filter_file *ff = file_of(m);
	struct ftrace_hash *h = set_of(ff);
	struct filter_open *st = v;
	u64 nrec = ftrace_stats.sites;
	struct dyn_ftrace *rec;
	unsigned long off;
	const struct ksym *s;

	if (st->cur == 0) {
		if (h && h->count)
			return SEQ_SKIP;
		seq_printf(m, "%s\n", ff->empty);
		return 0;
	}
	if (st->cur > nrec) {
		unsigned long i = (unsigned long)(st->cur - nrec - 1);

		return ftrace_trigger_show(m, i) ? SEQ_SKIP : 0;
	}
	rec = ftrace_rec_at((unsigned long)(st->cur - 1));
	if (!rec || !ftrace_hash_contains(h, rec->ip))
		return SEQ_SKIP;
	s = ksym_lookup(rec->ip, &off);
	seq_printf(m, "%s\n", s ? s->name : "?");
	return 0;
}

static const struct seq_ops filter_seq = { filter_start, filter_next,
					   filter_stop, filter_show };

/* ---- open and release: ">" empties the set, at the latest at close ---- */

static struct filter_open *open_state(struct fs_file *f)
{
	return ((struct seq_file *)f->private)->private;
}

static int set_global(const struct filter_file *ff, const char *globs,
		      bool reset)
{
	return ff->is_notrace
		       ? ftrace_set_notrace(&trace_global_ops, globs, reset)
		       : ftrace_set_filter(&trace_global_ops, globs, reset);
}

static int filter_open(struct fs_file *f)
{
	int r = seq_open_private(f, &filter_seq, sizeof(struct filter_open));

	if (!r && (f->flags & FS_WRITE) && (f->flags & FS_TRUNC))
		open_state(f)->reset = true;
	return r;
}

/*
 * The set is emptied when the first write is applied (so that a write
 * replaces it in one step, with no moment of every function traced), or
 * here if no write was.
 */
static void filter_release(struct fs_file *f)
{
	if (open_state(f)->reset)
		set_global(f->node->priv, "", true);
	seq_release_private(f);
}

/* ---- writing ---- */

/* The words of text, checked; n of them into toks. 0 or -errno. */
static int parse_words(const struct filter_file *ff, const char *text,
		       size_t len, struct filter_tok *toks, unsigned *n,
		       unsigned *bad, const char **msg)
{
	size_t pos = 0;
	int r;

	*n = 0;
	while ((r = ftrace_filter_next(text, len, &pos, !ff->is_notrace,
				       &toks[*n], bad, msg)) > 0)
		++*n;
	return r;
}

/*
 * The globs of the write, the commands blanked out (so offsets stay
 * those of text), and, in check, the same with each "!" blanked too:
 * what a removal names must exist as much as what an addition names.
 */
static bool glob_text(const char *text, size_t len,
		      const struct filter_tok *toks, unsigned n, char *globs,
		      char *check)
{
	bool any = false;

	memset(globs, ' ', len);
	globs[len] = 0;
	for (unsigned i = 0; i < n; i++) {
		if (toks[i].is_trigger)
			continue;
		any = true;
		memcpy(globs + toks[i].off, text + toks[i].off, toks[i].len);
	}
	memcpy(check, globs, len + 1);
	for (unsigned i = 0; i < n; i++)
		if (!toks[i].is_trigger && toks[i].neg && toks[i].len > 1)
			check[toks[i].off] = ' ';
	return any;
}

/* What a refused glob was: Linux answers every kind with -EINVAL. */
static int glob_error(int r, const char **msg)
{
	switch (r) {
	case -ENOENT:
		*msg = "no function matches";
		return -EINVAL;
	case -E2BIG:
		*msg = "pattern too long";
		return -EINVAL;
	case -EINVAL:
		*msg = "malformed glob";
		return -EINVAL;
	default:
		*msg = "out of memory";
		return r;
	}
}

static int filter_apply(const struct filter_file *ff, struct filter_open *st,
			char *text, size_t len, unsigned *bad, const char **msg)
{
	/* Room for every word: each takes two bytes with its blank. */
	struct filter_tok *toks = kmalloc((len / 2 + 1) * sizeof(*toks));
	char *globs = kmalloc(2 * (len + 1)), *check = globs + len + 1;
	const char *badp;
	unsigned n, count;
	bool any;
	int r = -ENOMEM;

	*msg = "out of memory";
	*bad = 0;
	if (!toks || !globs)
		goto out;
	r = parse_words(ff, text, len, toks, &n, bad, msg);
	if (r)
		goto out;
	any = glob_text(text, len, toks, n, globs, check);
	if (any) {
		r = ftrace_filter_check(check, &count, &badp);
		if (r) {
			r = glob_error(r, msg);
			*bad = badp ? (unsigned)(badp - check) : 0;
			goto out;
		}
	}
	if (!ff->is_notrace) {
		r = ftrace_trigger_apply(text, toks, n, bad, msg);
		if (r)
			goto out;
	}
	if (any || st->reset) {
		*bad = 0;
		*msg = "could not change the call sites";
		r = set_global(ff, globs, st->reset);
		if (!r)
			st->reset = false;
	}
out:
	kfree(toks);
	kfree(globs);
	return r;
}

static ssize_t filter_write(struct fs_file *f, const char *buf, size_t len)
{
	const struct filter_file *ff = f->node->priv;
	char *text = kmalloc(len + 1);
	const char *msg;
	unsigned bad;
	int r;

	if (!text)
		return -ENOMEM;
	memcpy(text, buf, len);
	text[len] = 0;
	/* A NUL would end the globs early: it separates words, as a blank. */
	for (size_t i = 0; i < len; i++)
		if (!text[i])
			text[i] = ' ';
	r = filter_apply(ff, open_state(f), text, len, &bad, &msg);
	if (r)
		trace_error_log(ff->name, msg, text, bad);
	kfree(text);
	return r ? r : (ssize_t)len;
}

static const struct fs_file_ops filter_fops = { .open = filter_open,
						.release = filter_release,
						.read = seq_read,
						.write = filter_write };

void ftrace_filter_files_init(void)
{
	fs_create_file(TRACEFS "set_ftrace_filter", &filter_fops,
		       (void *)&filter_file);
	fs_create_file(TRACEFS "set_ftrace_notrace", &filter_fops,
		       (void *)&notrace_file);
}
