"""make debug: a plain gdb in the repository attaches and debugs.

tools/gdb-setup.sh (what make debug runs) must make the repository's
.gdbinit acceptable to gdb's auto-load safe-path, once, and point it at
the arch's symbols and QEMU's gdb server. Runs with a fresh HOME, on a
free port instead of :1234, so a developer's own setup is not touched.
"""
import os
import shutil
import socket
import subprocess

import pytest

from conftest import ROOT, Machine

GDB = {"x86_64": "gdb", "sh4": "gdb-multiarch"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_plain_gdb_attaches(arch, tmp_path):
    if not shutil.which(GDB[arch]):
        pytest.fail(f"{GDB[arch]} is missing: tools/deps.sh debug {arch}")
    env = dict(os.environ, HOME=str(tmp_path))
    env.pop("XDG_CONFIG_HOME", None)
    port = free_port()
    setup = [os.path.join(ROOT, "tools", "gdb-setup.sh"), arch, str(port)]
    first = subprocess.run(setup, env=env, capture_output=True, text=True,
                           check=True).stdout
    line = f"add-auto-load-safe-path {ROOT}/.gdbinit"
    assert f"added '{line}'" in first
    assert GDB[arch] in first
    # Once: a second run adds nothing and says nothing about it.
    again = subprocess.run(setup, env=env, capture_output=True, text=True,
                           check=True).stdout
    assert "added" not in again
    assert (tmp_path / ".gdbinit").read_text().splitlines() == [line]

    m = Machine(arch, extra=["-gdb", f"tcp::{port}", "-S"])
    try:
        # A hardware breakpoint: the loader has not copied the kernel
        # into memory yet when the CPU is stopped at reset.
        out = subprocess.run(
            [GDB[arch], "-batch", "-ex", "hbreak kmain", "-ex", "continue"],
            cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=120).stdout
    finally:
        m.close()
    assert "declined" not in out
    assert "kmain () at kernel/main.c" in out, out
