#!/usr/bin/env python3
"""relay_test.py - qemu/sh4-console-relay.py in front of slow_scif.py:
lines typed at once, with erases, reach the slow guest whole."""
import os
import re
import select
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RELAY = os.path.join(HERE, "..", "..", "..", "qemu", "sh4-console-relay.py")
ANSWER = re.compile(rb"line=(.*) dropped=(\d+)\r\n\$ ")

CASES = [
    ("a plain line", b"echo plain-line-0123456789-abcdefghij"),
    ("backspaces", b"abc" + b"\x7f" * 3 + b"x\x08echo bs-0123456789"),
    ("Ctrl-U after long runs", (b"x" * 40 + b"\x15") * 4 + b"echo ok-012345"),
    ("messages redraw the line", b"echo redraw " + b"/proc/sys/kernel" * 8),
]


def edited(line):
    """What slow_scif.py's editor makes of line."""
    out = bytearray()
    for c in line:
        if c in (0x7f, 0x08):
            del out[-1:]
        elif c in (0x15, 0x03):
            out.clear()
        else:
            out.append(c)
    return bytes(out)


def answer(p, timeout=20):
    buf, end = b"", time.time() + timeout
    while time.time() < end:
        ready, _, _ = select.select([p.stdout], [], [], 0.1)
        if ready:
            data = os.read(p.stdout.fileno(), 4096)
            if not data:
                break
            buf += data
            m = ANSWER.search(buf)
            if m:
                return m.group(1), int(m.group(2))
    return None, None


def main():
    p = subprocess.Popen([sys.executable, RELAY, sys.executable,
                          os.path.join(HERE, "slow_scif.py")],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         bufsize=0)
    passed = failed = 0
    try:
        for name, line in CASES:
            p.stdin.write(line + b"\r")
            got, dropped = answer(p)
            want = edited(line)
            if got == want and dropped == 0:
                print(f"PASS: relay: {name}")
                passed += 1
            else:
                print(f"FAIL: relay: {name}: got {got!r}, dropped "
                      f"{dropped}")
                failed += 1
                break
    finally:
        p.kill()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
