#!/usr/bin/env python3
"""sh4-console-relay.py - run QEMU for SH-4 and type into its console at a
pace the board's SCIF can take.

    sh4-console-relay.py QEMU-COMMAND [ARGS...]

QEMU's SCIF model offers room for 16 bytes whatever its FIFO holds and
drops what does not fit, so a pasted line reaches the guest with holes.
This relay sits between the terminal and QEMU's stdio console: it puts
the terminal in raw mode (as QEMU would), passes QEMU's output straight
through, and sends what is typed at most CHUNK bytes ahead of the guest:
a byte counts as taken when the guest echoes it (the shell echoes what it
reads), so output of its own (a workload's result, a trace) lets nothing
more go. When the guest prints nothing for SILENCE seconds (input it does
not echo as itself, such as Ctrl-C or a backspace) the oldest byte in
flight counts as taken anyway, and the wait doubles for the next one (up
to SILENCE_MAX) until the guest prints again: a guest slowed down (say,
by tracing every function on a busy host) takes its time. Every byte is
passed on unchanged and in order, so Ctrl-C reaches the shell and
Ctrl-A X still reaches QEMU's mux.
The relay ends with QEMU and exits with its status; if the relay dies,
the kernel kills QEMU too.
"""
import collections
import ctypes
import itertools
import os
import select
import signal
import subprocess
import sys
import termios
import tty

CHUNK = 8  # bytes in flight: half the SCIF's 16-byte FIFO
SILENCE = 0.02  # seconds of no output after which one byte goes anyway
SILENCE_MAX = 0.16  # the longest that wait grows to (8 times)
PR_SET_PDEATHSIG = 1


def PRINTABLE(b):
    return 0x20 <= b <= 0x7e


def die_with_parent():
    """In the child: have the kernel send SIGKILL when the relay dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


class EchoWatcher:
    """Reads the guest's output for the echoes of the bytes in flight.

    An echo of a later byte means the ones before it were taken without
    an echo of their own (Ctrl-C, a backspace); but a printable byte is
    always echoed as itself, so none is passed over. Output that only
    looks like echoes must not let more go than the guest has room for:
    a kernel message printed over a half-typed line (kernel/printk.c)
    erases the line (CR, ESC [ K), prints the message and its newline,
    then draws the erased line again. The watcher keeps the line as the
    terminal shows it, and reads neither the message nor that copy of
    the line as echoes.
    """

    def __init__(self):
        self.line = bytearray()  # since the last newline, as shown
        self.esc = b""  # an escape sequence begun
        self.erased = None  # the line erased, while its message comes
        self.redraw = None  # what of the erased line is still to come

    def output(self, data, inflight):
        for b in data:
            if self.esc or b == 0x1b:
                self.esc += bytes([b])
                if self.esc == b"\x1b[K":
                    self.erased, self.redraw = bytes(self.line), None
                    self.line.clear()
                if len(self.esc) == 3 or not b"\x1b[".startswith(self.esc):
                    self.esc = b""
                continue
            echo = self.erased is None
            if self.redraw is not None:
                if self.redraw[:1] == bytes([b]):  # the line drawn again
                    self.redraw = self.redraw[1:] or None
                    echo = False
                else:  # it was not: back to echoes
                    self.redraw = None
            self.track(b)
            if echo and b in inflight:
                n = inflight.index(b)
                if not any(PRINTABLE(x) for x in itertools.islice(inflight,
                                                                  n)):
                    for _ in range(n + 1):
                        inflight.popleft()

    def track(self, b):
        if b == 0x0a:
            self.line.clear()
            if self.erased is not None:  # the message is out
                self.redraw, self.erased = self.erased or None, None
        elif b == 0x08:
            del self.line[-1:]
        elif PRINTABLE(b):
            self.line.append(b)


def relay(qemu, tin, tout):
    q_in, q_out = qemu.stdin.fileno(), qemu.stdout.fileno()
    pending = bytearray()
    inflight = collections.deque()  # sent, not yet echoed
    watcher = EchoWatcher()
    silence = SILENCE
    tin_open = True
    while True:
        credit = CHUNK - len(inflight)
        waiting = bool(pending) and not credit
        fds = [q_out] + ([tin] if tin_open else [])
        ready, _, _ = select.select(fds, [], [], silence if waiting else None)
        if q_out in ready:
            data = os.read(q_out, 4096)
            if not data:
                return
            write_all(tout, data)
            watcher.output(data, inflight)
            silence = SILENCE
        if tin in ready:
            data = os.read(tin, 4096)
            if data:
                pending += data
            else:
                tin_open = False
        if waiting and not ready:
            inflight.popleft()
            silence = min(2 * silence, SILENCE_MAX)
        credit = CHUNK - len(inflight)
        if pending and credit:
            n = min(credit, len(pending))
            try:
                write_all(q_in, bytes(pending[:n]))
            except BrokenPipeError:  # QEMU has gone; its output ends too
                pending.clear()
                continue
            inflight.extend(pending[:n])
            del pending[:n]


def main(argv):
    if not argv:
        sys.exit("usage: sh4-console-relay.py QEMU-COMMAND [ARGS...]")
    tin, tout = sys.stdin.fileno(), sys.stdout.fileno()
    qemu = subprocess.Popen(argv, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, bufsize=0,
                            preexec_fn=die_with_parent)

    def stop(signum, frame):
        qemu.kill()
        sys.exit(128 + signum)

    for s in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        signal.signal(s, stop)
    saved = termios.tcgetattr(tin) if os.isatty(tin) else None
    try:
        if saved:
            tty.setraw(tin)
        relay(qemu, tin, tout)
    finally:
        if saved:
            termios.tcsetattr(tin, termios.TCSADRAIN, saved)
    sys.exit(qemu.wait())


if __name__ == "__main__":
    main(sys.argv[1:])
