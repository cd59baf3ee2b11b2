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
                     Machine, build_dir, qemu_argv)

# FTK_BUILD=DIR: the x86_64 kernel under test is DIR's (machine.build_dir),
# and the tests of other arches, of the GRUB image and of make debug,
# which boot the default build, are skipped.
OTHER_BUILD = os.environ.get("FTK_BUILD")
DEFAULT_BUILD_ONLY = ("test_debug", "test_sh4_console")


def pytest_collection_modifyitems(config, items):
    if not OTHER_BUILD:
        return
    skip = pytest.mark.skip(reason=f"FTK_BUILD={OTHER_BUILD}: x86_64 only")
    for item in items:
        spec = getattr(item, "callspec", None)
        if (spec and "sh4" in spec.params.values()) or \
                item.module.__name__ in DEFAULT_BUILD_ONLY:
            item.add_marker(skip)


@pytest.fixture
def machine():
    started = []

    def start(arch="x86_64", **kw):
        if OTHER_BUILD and (arch != "x86_64" or kw.get("iso")):
            pytest.skip(f"FTK_BUILD={OTHER_BUILD}: x86_64 without GRUB")
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
