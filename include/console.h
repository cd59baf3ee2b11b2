/* console.h - the serial console: input from the arch's UART interrupt. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include "types.h"

/*
 * The arch's receive interrupt hands each byte to console_rx(). One whose
 * UART can hold input back asks console_rx_room() before it takes a byte. When there is
 * no room, console_rx_room() has held the UART back (arch_console_rx_hold)
 * and the interrupt leaves the byte where it is; console_getc() lets input
 * flow again once it has made room.
 */
bool console_rx_room(void);
void console_rx(char c);
/* Blocking read of one input byte (the shell thread). */
char console_getc(void);
/* The shell says when a command starts and ends: while one runs, Ctrl-C
 * is not input but interrupts it (see signal_pending()). */
void console_command_running(bool running);

#endif
