/* asm/slowcall.h for host builds: plain calls, as on SH-4. */
#include "../../../../arch/sh/include/asm/slowcall.h"
