/*
 * tracer.c - the table of tracers and which of them run. A tracer is a
 * few callbacks (include/tracer.h); this file keeps the one rule they all
 * share: started once, stopped once, reset only while stopped.
 */
#include "mutex.h"
#include "kstring.h"
#include "tracer.h"

extern const struct tracer __tracers_start[], __tracers_end[];

/* One bit per tracer in the table: running. */
static unsigned long running;
static struct mutex tracer_lock = MUTEX_INIT("tracer");

const struct tracer *tracer_next(const struct tracer *prev)
{
	const struct tracer *t = prev ? prev + 1 : __tracers_start;

	return t < __tracers_end ? t : NULL;
}

const struct tracer *tracer_find(const char *name)
{
	for (const struct tracer *t = tracer_next(NULL); t; t = tracer_next(t))
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static unsigned long bit_of(const struct tracer *t)
{
	return 1UL << (t - __tracers_start);
}

bool tracer_running(const struct tracer *t)
{
	return READ_ONCE(running) & bit_of(t);
}

int tracer_start(const struct tracer *t, const char *filter)
{
	int ret;

	mutex_lock(&tracer_lock);
	if (running & bit_of(t)) {
		mutex_unlock(&tracer_lock);
		return -EBUSY;
	}
	t->reset();
	ret = t->start(filter);
	if (!ret)
		running |= bit_of(t);
	mutex_unlock(&tracer_lock);
	return ret;
}

int tracer_stop(const struct tracer *t)
{
	mutex_lock(&tracer_lock);
	if (!(running & bit_of(t))) {
		mutex_unlock(&tracer_lock);
		return -ENOENT;
	}
	t->stop();
	running &= ~bit_of(t);
	mutex_unlock(&tracer_lock);
	return 0;
}
