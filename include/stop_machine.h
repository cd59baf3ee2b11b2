/* stop_machine.h - run a function while every other CPU spins, irqs off. */
#ifndef STOP_MACHINE_H
#define STOP_MACHINE_H

#include "types.h"

/*
 * Every other online CPU takes an IPI, says it arrived, and spins with
 * interrupts off; then fn(data) runs here with interrupts off; then they
 * are released and each serialises (arch_sync_core) before going on.
 * Call from a thread with interrupts on. Returns fn's result.
 */
int stop_machine(int (*fn)(void *), void *data);

struct stop_machine_stats {
	u64 calls;
	u64 last_ns; /* from the IPIs going out to the release */
	u64 total_ns;
	/* the time other CPUs spent stopped, each from its arrival to its
	 * release, summed over them */
	u64 held_ns;
};
extern struct stop_machine_stats stop_machine_stats;

#endif
