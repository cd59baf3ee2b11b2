/* console.h - the serial console: input from the arch's UART interrupt. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include "types.h"

/* Called by the arch's receive interrupt for each byte that arrived. */
void console_rx(char c);
/* Blocking read of one input byte (the shell thread). */
char console_getc(void);
/* The shell says when a command starts and ends: while one runs, Ctrl-C
 * is not input but interrupts it (see signal_pending()). */
void console_command_running(bool running);

#endif
