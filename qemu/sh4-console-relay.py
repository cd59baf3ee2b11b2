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


def die_with_parent():
    """In the child: have the kernel send SIGKILL when the relay dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def relay(qemu, tin, tout):
    q_in, q_out = qemu.stdin.fileno(), qemu.stdout.fileno()
    pending = bytearray()
    inflight = collections.deque()  # sent, not yet echoed
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
            for b in data:
                # An echo of a later byte: the ones before it were taken
                # without an echo of their own (Ctrl-C, a backspace).
                if b in inflight:
                    for _ in range(inflight.index(b) + 1):
                        inflight.popleft()
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
