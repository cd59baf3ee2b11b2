"""Drive the kernel's serial console from Python: start it in QEMU through
qemu/qemu.sh and talk to its shell with pexpect. The boot tests, the
bench and `make trace` all use this Machine.
"""
import os
import re

import pexpect

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PROMPT = re.compile(r"ftk:[^\s$]*\$ ")
ARCHES = ["x86_64", "sh4"]
# All a failed "echo ... > FILE" prints, as busybox sh does for EINVAL.
WRITE_EINVAL = "sh: write error: Invalid argument\n"


def build_dir(arch):
    """Where arch's kernel and its build's files are: build/ARCH/, or for
    x86_64 the directory FTK_BUILD names when it is set (FTK_BUILD=
    build/x86_64-patchable runs the boot tests on make PATCHABLE=1's
    kernel)."""
    other = os.environ.get("FTK_BUILD")
    if other and arch == "x86_64":
        return os.path.join(ROOT, other)
    return os.path.join(ROOT, "build", arch)


def qemu_argv(arch, variant="test", smp=4, append="", iso=False, extra=(),
              build=None):
    """QEMU's command line, from the one place that defines it; build is
    another directory to take the kernel from than build_dir(arch)."""
    argv = [os.path.join(ROOT, "qemu", "qemu.sh"), arch, variant,
            "--smp", str(smp), "--append", append]
    if iso:
        argv.append("--iso")
    argv += ["--build", build or build_dir(arch)]
    return argv + ["--"] + list(extra)


class Machine:
    def __init__(self, arch, smp=4, append="", iso=False, extra=(),
                 timeout=60, variant="test", build=None):
        self.arch = arch
        self.smp = smp if arch == "x86_64" else 1
        argv = qemu_argv(arch, variant, smp, append, iso, extra, build)
        self.log = []
        self.p = pexpect.spawn(argv[0], argv[1:], encoding="utf-8",
                               codec_errors="replace", timeout=timeout,
                               dimensions=(200, 1000))
        self.p.delaybeforesend = None

    def wait_prompt(self, timeout=None):
        self.p.expect(PROMPT, timeout=timeout or self.p.timeout)
        return self.p.before

    def boot(self, timeout=60):
        out = self.wait_prompt(timeout)
        self.boot_log = out
        return out

    def send(self, text):
        self.p.send(text)

    def start(self, line, timeout=None):
        """Type a line and wait for its echo, not for the prompt."""
        self.send(line + "\r")
        # The shell echoes the line; match it so the output starts after
        # it.
        self.p.expect_exact(line[-60:] if len(line) > 60 else line,
                            timeout=timeout or self.p.timeout)

    def cmd(self, line, timeout=None, window=None):
        """Type a line, return what it printed (echo and prompt removed).
        For a long output, window (characters) limits where the prompt
        is looked for to the end of what came, so that the search does
        not go over everything again at each read."""
        self.start(line, timeout)
        self.p.expect(PROMPT, timeout=timeout or self.p.timeout,
                      searchwindowsize=window)
        return self.p.before.replace("\r", "").lstrip("\n")

    def interrupt(self, pattern, tries=20):
        """Press Ctrl-C until the running command prints pattern, then
        return its output up to the prompt. (A Ctrl-C that comes before
        the command has started is a dropped line after it, harmless.)"""
        for _ in range(tries):
            self.p.send("\x03")
            try:
                self.p.expect(pattern, timeout=3)
                break
            except pexpect.TIMEOUT:
                continue
        else:
            raise AssertionError(f"Ctrl-C never gave {pattern!r}")
        out = self.p.before + self.p.match.group(0)
        self.p.expect(PROMPT)
        return (out + self.p.before).replace("\r", "")

    def expect(self, pattern, timeout=None):
        self.p.expect(pattern, timeout=timeout or self.p.timeout)
        return self.p.match

    def close(self):
        if self.p.isalive():
            self.p.terminate(force=True)

    def exitstatus(self, timeout=30):
        self.p.expect(pexpect.EOF, timeout=timeout)
        self.p.close()
        return self.p.exitstatus
