/*
 * tracer.h - what a tracer is: something that, once started, records
 * what the functions it was started on do, and prints it. Tracers declare
 * themselves with TRACER; the console finds them by name.
 */
#ifndef TRACER_H
#define TRACER_H

#include "compiler.h"
#include "fs.h"
#include "types.h"

struct seq_file;
struct trace_iterator;
struct tracer_opt;

struct tracer {
	const char *name;
	const char *help;
	/*
	 * Start recording on the functions filter selects (glob patterns
	 * as for set_ftrace_filter; "" means every function). Returns 0, or
	 * -errno with nothing left registered.
	 */
	int (*start)(const char *filter);
	/* Stop recording; what was recorded stays readable. */
	void (*stop)(void);
	/* Forget and free what was recorded. Only while stopped. */
	void (*reset)(void);
	/* Print what was recorded. 0 or -errno. */
	int (*print)(struct fs_out *out);

	/*
	 * Tracefs tracers only (trace/trace.h): listed in available_tracers
	 * and chosen with current_tracer, which calls start(NULL) (the
	 * filter is set_ftrace_filter's) and stop(); they record into the
	 * ring buffer, which the trace files print.
	 */
	bool tracefs;
	/* The lines above the events in trace; NULL: the core's. */
	void (*print_header)(struct seq_file *m);
	/* One event; TRACE_TYPE_UNHANDLED lets the core print it. */
	int (*print_line)(struct trace_iterator *iter);
	/* Around one read of trace or trace_pipe: per-read state. */
	int (*open)(struct trace_iterator *iter);
	void (*close)(struct trace_iterator *iter);
	/* Its own options (trace/trace.h), bits of *opt_flags. */
	const struct tracer_opt *opts;
	unsigned long *opt_flags;
	int (*set_flag)(unsigned long bit, bool on);
};

#define TRACER(id, ...)                                                       \
	static const struct tracer __tracer_##id __used __section(".tracers") \
		__aligned(sizeof(void *)) = { __VA_ARGS__ }

/* The tracer named name, or NULL. */
const struct tracer *tracer_find(const char *name);
/* Each tracer, in link order. */
const struct tracer *tracer_next(const struct tracer *prev);

/*
 * Start t (reset first) unless it runs already (-EBUSY), and stop it.
 * The console and tracefs go through these, so that a tracer is never
 * started twice or stopped when it does not run (-ENOENT).
 */
int tracer_start(const struct tracer *t, const char *filter);
int tracer_stop(const struct tracer *t);
bool tracer_running(const struct tracer *t);

#endif
