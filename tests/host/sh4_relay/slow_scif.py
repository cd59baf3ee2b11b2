#!/usr/bin/env python3
"""slow_scif.py - a stand-in for QEMU's SH-4 console, for the relay test.

Like the SCIF, it has room for 16 bytes and drops what does not fit; like
a guest kept off the CPU by a loaded host, it reads one byte every TICK
seconds; like the line editor, it echoes printable bytes, answers DEL or
backspace with "\\b \\b" and Ctrl-U with one per character, Ctrl-C with
"^C" and a new prompt, and on Enter
prints the line it got and how many bytes it dropped, then "$ ". While
the line holds "redraw", every REDRAW bytes it read a kernel message
comes, as the kernel prints one over a half-typed line: erase the line,
the message, then the prompt and the line drawn again (kernel/printk.c).
"""
import os
import select
import sys
import time

FIFO = 16
TICK = 0.002
REDRAW = 5


def main():
    fifo, line, dropped = bytearray(), bytearray(), 0
    out = sys.stdout.buffer

    def emit(b):
        out.write(b)
        out.flush()

    emit(b"$ ")
    last = time.time()
    while True:
        ready, _, _ = select.select([0], [], [], TICK)
        if ready:
            data = os.read(0, 4096)
            if not data:
                return
            room = FIFO - len(fifo)
            fifo += data[:room]
            dropped += max(0, len(data) - room)
        if not fifo or time.time() - last < TICK:
            continue
        last = time.time()
        c = fifo.pop(0)
        if 0x20 <= c <= 0x7e:
            line.append(c)
            emit(bytes([c]))
            if b"redraw" in line and len(line) % REDRAW == 0:
                emit(b"\r\x1b[K[    1.000000] run: a message\r\n$ " +
                     bytes(line))
        elif c in (0x7f, 0x08):
            if line:
                line.pop()
                emit(b"\b \b")
        elif c == 0x15:
            emit(b"\b \b" * len(line))
            line.clear()
        elif c == 0x03:
            emit(b"^C\r\n$ ")
            line.clear()
        elif c == 0x0d:
            emit(b"\r\nline=%s dropped=%d\r\n$ " % (bytes(line), dropped))
            line.clear()


if __name__ == "__main__":
    main()
