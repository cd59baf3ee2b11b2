"""Boot-test harness: start the kernel in QEMU and talk to its serial shell.

Every test gets a Machine (qemu/machine.py) through the `machine` factory
fixture; QEMU is killed when the test ends, whatever happened, so no
emulator outlives a failing test.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "qemu"))
from machine import (ARCHES, PROMPT, ROOT, WRITE_EINVAL,  # noqa: E402,F401
                     Machine, qemu_argv)


@pytest.fixture
def machine():
    started = []

    def start(arch="x86_64", **kw):
        m = Machine(arch, **kw)
        started.append(m)
        m.boot()
        return m

    yield start
    for m in started:
        m.close()


@pytest.fixture(params=ARCHES)
def arch(request):
    return request.param
