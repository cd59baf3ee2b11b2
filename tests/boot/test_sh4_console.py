"""The SH-4 console through qemu/sh4-console-relay.py: QEMU's SCIF drops
whatever does not fit its 16-byte FIFO, so without the relay a pasted
line arrives with holes (here: only its first 16 bytes)."""
import random
import string

import pexpect

from conftest import PROMPT, qemu_argv


def test_sh4_pasted_line_arrives_whole(machine):
    m = machine("sh4")
    rng = random.Random(300)
    word = "".join(rng.choice(string.ascii_letters + string.digits)
                   for _ in range(295))
    # One write, as a terminal delivers a paste.
    m.p.send("echo " + word + "\r")
    m.wait_prompt()
    lines = m.p.before.replace("\r", "").strip("\n").split("\n")
    assert lines[0] == "echo " + word
    assert lines[-1] == word
    # Ctrl-C still reaches the shell.
    m.p.send("echo never\x03")
    m.expect(r"\^C")
    m.wait_prompt()
    assert "never" not in m.cmd("echo ok")


def test_sh4_ctrl_a_x_leaves_through_the_relay():
    # As make ARCH=sh4 run has it: the console muxed with QEMU's own keys.
    argv = qemu_argv("sh4", variant="run")
    p = pexpect.spawn(argv[0], argv[1:], encoding="utf-8",
                      codec_errors="replace", timeout=60)
    try:
        p.expect(PROMPT)
        p.send("\x01x")
        p.expect(pexpect.EOF)
        p.close()
        assert p.exitstatus == 0
    finally:
        if p.isalive():
            p.terminate(force=True)
