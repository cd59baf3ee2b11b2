"""Ring-buffer pages as the kernel writes them, made on the host: the
events the tracers record, for a 64-bit or a 32-bit kernel of either
byte order. tests/tools/test_tracedat.py checks trace.dat with them and
tests/fuzz/trace_fuzz.py starts from them."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "trace"))
import tracedat  # noqa: E402

PAGE = tracedat.PAGE_SIZE
X86 = tracedat.Target(8, "<")
SH4 = tracedat.Target(4, "<")
BIG32 = tracedat.Target(4, ">")  # no such board here; the format has it
FIB, FIB_THREAD, MARK = 0x1000, 0x1100, 0x1200
SYMS = (f"{FIB:016x} 0000000000000040 T fib\n"
        f"{FIB_THREAD:016x} 0000000000000040 T fib_thread\n"
        f"{MARK:016x} t tracing_mark_write\n"
        "0000000000002000 0000000000000010 D some_data\n")


def common(t, eid, pid=5):
    return t.pack("HBBi", eid, 0, 1, pid)


def fn_event(t, ip, parent):
    return common(t, 1) + t.pack(t.long_fmt * 2, ip, parent)


def ent_event(t, func, depth):
    return common(t, 11) + t.pack(t.long_fmt + "i", func, depth)


def ret_event(t, func, depth, call, ret):
    body = common(t, 10) + t.pack(t.long_fmt + "iI", func, depth, 0)
    if t.long_size == 8:
        body += bytes(-len(body) % 8)
    return body + t.pack("QQ", call, ret)


def print_event(t, text):
    return common(t, 5) + t.pack(t.long_fmt, MARK) + text.encode() + b"\0"


def header(t, type_len, delta):
    """An event header: type_len in the low 5 bits of the bit-field on a
    little-endian kernel, in the top 5 on a big-endian one."""
    if t.order == ">":
        return t.pack("I", type_len << 27 | delta)
    return t.pack("I", delta << 5 | type_len)


def page(t, ts, events, commit=None):
    """A page in the kernel's layout: events are (delta, data)."""
    data = bytearray()
    for delta, ev in events:
        ev = ev + bytes(-len(ev) % 4)
        if len(ev) <= 4 * tracedat.TYPE_DATA_MAX:
            data += header(t, len(ev) // 4, delta) + ev
        else:
            data += header(t, 0, delta) + t.pack("I", len(ev) + 4) + ev
    head = t.pack("Q", ts) + t.pack(t.long_fmt, len(data) if commit is None
                                    else commit)
    return head + data + bytes(PAGE - len(head) - len(data))


def graph_page(t, ts=1_000_000_000):
    return page(t, ts, [
        (0, ent_event(t, FIB, 0)),
        (1000, ent_event(t, FIB, 1)),
        (500, ret_event(t, FIB, 1, ts + 1000, ts + 1500)),
        (2000, ret_event(t, FIB, 0, ts, ts + 3500)),
        (10, print_event(t, "hello")),
    ])


def fn_page(t, ts=2_000_000_000):
    return page(t, ts, [(0, fn_event(t, FIB, FIB_THREAD)),
                        (1234, fn_event(t, FIB, FIB))])
