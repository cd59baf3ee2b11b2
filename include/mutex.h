/* mutex.h - a sleeping lock for thread context (held across stop_machine). */
#ifndef MUTEX_H
#define MUTEX_H

#include "sched.h"

struct mutex {
	struct waitq wq;
	volatile int locked;
	struct thread *owner;
};

#define MUTEX_INIT(n)                  \
	{                              \
		WAITQ_INIT(n), 0, NULL \
	}

void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);

#endif
