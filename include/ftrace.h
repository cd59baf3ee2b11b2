/* ftrace.h - what the rest of the kernel sees of dynamic function tracing. */
#ifndef FTRACE_H
#define FTRACE_H

#include "compiler.h"
#include "types.h"

/* Boot: find and NOP every call site (before other CPUs start). */
void ftrace_init(void);
/* After SMP bring-up: self-test, record-mode thread. */
void ftrace_late_init(void);

/* First and last acts of every NMI handler (the handshake of DESIGN §5). */
void ftrace_nmi_enter(void);
void ftrace_nmi_exit(void);

/* The body of an NMI, after the handshake: the watchdog's traced work. */
void nmi_handler(void);

#endif
