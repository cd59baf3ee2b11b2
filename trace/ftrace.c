/* ftrace.c - the dynamic ftrace core (records, ops, patch commands). */
#include "ftrace.h"
#include "printk.h"

void ftrace_init(void)
{
}

void ftrace_late_init(void)
{
}
