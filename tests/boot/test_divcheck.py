"""divcheck: the kernel's divisions and remainders (on SH-4, libgcc's
helpers) against the host's. The host side repeats kernel/divcheck.c's
operands and hashes with C's rules: quotients round towards zero,
remainders take the dividend's sign."""
import re

import pytest

M64 = (1 << 64) - 1
FNV_OFFSET, FNV_PRIME = 0xcbf29ce484222325, 0x100000001b3
KINDS = ["u32 /", "u32 %", "s32 /", "s32 %",
         "u64 /", "u64 %", "s64 /", "s64 %"]


def signed(v, bits):
    return v - (1 << bits) if v >> (bits - 1) & 1 else v


def c_divmod(a, b):
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        q = -q
    return q, a - q * b


def host_divcheck(n, seed):
    s = seed
    h = [FNV_OFFSET] * len(KINDS)

    def nxt():
        nonlocal s
        s ^= (s << 13) & M64
        s ^= s >> 7
        s ^= (s << 17) & M64
        return s

    def neg(v, bit, mask):
        return (-v) & mask if bit else v

    for _ in range(n):
        r = nxt()
        a = nxt() >> (r & 63)
        b = nxt() >> ((r >> 6) & 63)
        a32 = (nxt() >> 32) >> ((r >> 12) & 31)
        b32 = (nxt() >> 32) >> ((r >> 17) & 31)
        sa = signed(neg(a, (r >> 22) & 1, M64), 64)
        sb = signed(neg(b, (r >> 23) & 1, M64), 64)
        sa32 = signed(neg(a32, (r >> 24) & 1, 0xffffffff), 32)
        sb32 = signed(neg(b32, (r >> 25) & 1, 0xffffffff), 32)
        b = b or 1
        b32 = b32 or 1
        if sb == 0 or (sb == -1 and sa == -(1 << 63)):
            sb = 1
        if sb32 == 0 or (sb32 == -1 and sa32 == -(1 << 31)):
            sb32 = 1
        q32, r32 = c_divmod(sa32, sb32)
        q64, r64 = c_divmod(sa, sb)
        results = [a32 // b32, a32 % b32, q32, r32,
                   a // b, a % b, q64, r64]
        for k, v in enumerate(results):
            h[k] = ((h[k] ^ (v & M64)) * FNV_PRIME) & M64
    return h


def kernel_divcheck(m, n, seed):
    out = m.cmd(f"divcheck {n} {seed}", timeout=300)
    assert f"divcheck: {n} cases of each kind, seed {seed}" in out, out
    got = dict(re.findall(r"^  (\S+ \S) ([0-9a-f]{16})$", out, re.M))
    return [int(got[k], 16) for k in KINDS]


@pytest.mark.parametrize("seed", [1, 0x5eed])
def test_divcheck_matches_host(machine, arch, seed):
    m = machine(arch)
    n = 4096
    want = host_divcheck(n, seed)
    got = kernel_divcheck(m, n, seed)
    wrong = [k for k, g, w in zip(KINDS, got, want) if g != w]
    assert not wrong, f"{arch}: kernel and host differ for {wrong}"


def test_divcheck_bad_input(machine, arch):
    m = machine(arch)
    for args in ["0", "x", "5 0", "1 2 3", str(10**7)]:
        out = m.cmd(f"divcheck {args}")
        assert out.strip().startswith("usage: divcheck [N [SEED]]"), out
    assert "u64 /" in m.cmd("divcheck 1")
