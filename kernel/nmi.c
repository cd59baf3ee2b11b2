/* nmi.c - what an NMI does once the ftrace handshake let it in. */
#include "ftrace.h"

void nmi_handler(void)
{
}
