/*
 * trace_error.c - /sys/kernel/tracing/error_log: what the last refused
 * writes to the tracing files got wrong, each as Linux lays its entries
 * out, with a caret under the bad token:
 *
 *   [   12.345678] set_ftrace_filter: error: no function matches
 *     Command: no_such_function
 *              ^
 *
 * The newest TRACE_ERR_LOG_MAX are kept; writing the file empties it.
 */
#include "arch.h"
#include "kstring.h"
#include "mutex.h"
#include "seq_file.h"
#include "trace_internal.h"

#define ERR_CMD_MAX 256
#define ERR_PREFIX "  Command: "

struct err_entry {
	u64 ts;
	char loc[32];
	char msg[96];
	char cmd[ERR_CMD_MAX];
	unsigned pos;
};

static struct err_entry errs[TRACE_ERR_LOG_MAX];
static unsigned err_first, err_count;
static struct mutex err_lock = MUTEX_INIT("error_log");

void trace_error_log(const char *loc, const char *msg, const char *cmd,
		     unsigned pos)
{
	struct err_entry *e;
	size_t n;

	mutex_lock(&err_lock);
	if (err_count == TRACE_ERR_LOG_MAX) {
		err_first = (err_first + 1) % TRACE_ERR_LOG_MAX;
		err_count--;
	}
	e = &errs[(err_first + err_count++) % TRACE_ERR_LOG_MAX];
	e->ts = arch_clock_ns();
	strlcpy(e->loc, loc, sizeof(e->loc));
	strlcpy(e->msg, msg, sizeof(e->msg));
	strlcpy(e->cmd, cmd, sizeof(e->cmd));
	/* What echo wrote ends in a newline: not part of the command. */
	n = strlen(e->cmd);
	while (n && (e->cmd[n - 1] == '\n' || e->cmd[n - 1] == ' '))
		e->cmd[--n] = 0;
	e->pos = MIN(pos, (unsigned)n);
	mutex_unlock(&err_lock);
}

static int error_log_show(struct seq_file *m, void *v)
{
	mutex_lock(&err_lock);
	for (unsigned i = 0; i < err_count; i++) {
		const struct err_entry *e =
			&errs[(err_first + i) % TRACE_ERR_LOG_MAX];

		seq_puts(m, "[");
		trace_print_ts_trunc(m, e->ts);
		seq_printf(m, "] %s: error: %s\n" ERR_PREFIX "%s\n", e->loc,
			   e->msg, e->cmd);
		seq_printf(m, "%*s^\n", (int)(sizeof(ERR_PREFIX) - 1 + e->pos),
			   "");
	}
	mutex_unlock(&err_lock);
	return 0;
}

/* Any write (Linux: echo > error_log) clears it. */
static ssize_t error_log_write(struct fs_file *f, const char *buf, size_t len)
{
	mutex_lock(&err_lock);
	err_first = err_count = 0;
	mutex_unlock(&err_lock);
	return (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(error_log);

void trace_error_log_init(void)
{
	fs_create_file(TRACEFS "error_log", &error_log_fops, NULL);
}
