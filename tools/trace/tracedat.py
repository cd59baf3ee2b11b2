#!/usr/bin/python3
"""Write trace-cmd's trace.dat (file format version 6) from the kernel's
ring-buffer pages, so that `trace-cmd report` and KernelShark read a trace
of this kernel as they read one of Linux.

The pages are kept as the kernel wrote them (include/ring_buffer.h has
their layout, Linux's); around them the file carries what a reader needs
to decode them: the page and event header descriptions, the format of the
four event types the tracers write, the symbol table and the thread
names. Pages that do not hold together (a commit past the page's end, an
event running past the commit) are reported with their offset and left
out, so that the readers never meet them.

    tracedat.py --elf build/ARCH/kernel.elf --sym build/ARCH/kernel.sym \\
                [--cmdlines FILE] --out trace.dat CPU0.raw [CPU1.raw ...]

Each CPUn.raw is what per_cpu/cpuN/trace_pipe_raw gave, whole pages.
Python 3's standard library only.
"""
import argparse
import struct
import sys

PAGE_SIZE = 4096
MAGIC = b"\x17\x08\x44tracing"
VERSION = b"6\0"

# The ring buffer's event header (include/ring_buffer.h).
TYPE_DATA_MAX = 28
TYPE_PADDING = 29
TYPE_TIME_EXTEND = 30
TYPE_TIME_STAMP = 31


class Target:
    """What the traced kernel's binary data looks like: the size of its
    long and its byte order ("<" little-endian, ">" big-endian)."""

    def __init__(self, long_size, order):
        if long_size not in (4, 8) or order not in "<>":
            raise ValueError(f"no such target: long {long_size}, {order!r}")
        self.long_size = long_size
        self.order = order

    @classmethod
    def from_elf(cls, path):
        """The kernel's ELF header says both (EI_CLASS, EI_DATA)."""
        with open(path, "rb") as f:
            ident = f.read(6)
        if len(ident) < 6 or ident[:4] != b"\x7fELF" \
                or ident[4] not in (1, 2) or ident[5] not in (1, 2):
            raise ValueError(f"{path}: not an ELF file")
        return cls(4 if ident[4] == 1 else 8, "<" if ident[5] == 1 else ">")

    def pack(self, fmt, *v):
        return struct.pack(self.order + fmt, *v)

    def unpack_from(self, fmt, data, off):
        return struct.unpack_from(self.order + fmt, data, off)

    def event_header(self, data, off):
        """(type_len, time_delta) of the event header at off: a C
        bit-field, so on a big-endian kernel type_len is the top 5 bits."""
        (hdr,) = self.unpack_from("I", data, off)
        if self.order == ">":
            return hdr >> 27, hdr & ((1 << 27) - 1)
        return hdr & 31, hdr >> 5

    @property
    def long_fmt(self):
        return "Q" if self.long_size == 8 else "I"


# ---- the descriptions trace-cmd decodes the pages with -------------------

def header_page(t):
    """events/header_page: the page's time stamp, commit and data."""
    data = 8 + t.long_size
    return ("\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
            f"\tfield: local_t commit;\toffset:8;\tsize:{t.long_size};"
            "\tsigned:1;\n"
            "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
            f"\tfield: char data;\toffset:{data};"
            f"\tsize:{PAGE_SIZE - data};\tsigned:1;\n")


HEADER_EVENT = ("# compressed entry header\n"
                "\ttype_len    :    5 bits\n"
                "\ttime_delta  :   27 bits\n"
                "\tarray       :   32 bits\n"
                "\n"
                f"\tpadding     : type == {TYPE_PADDING}\n"
                f"\ttime_extend : type == {TYPE_TIME_EXTEND}\n"
                f"\ttime_stamp : type == {TYPE_TIME_STAMP}\n"
                f"\tdata max type_len  == {TYPE_DATA_MAX}\n")

# The fields every event starts with (struct trace_entry).
COMMON = [("unsigned short", "common_type", 2, 0),
          ("unsigned char", "common_flags", 1, 0),
          ("unsigned char", "common_preempt_count", 1, 0),
          ("int", "common_pid", 4, 1)]

# The events the tracers write (trace/trace.h): name, id, fields (C
# type, name, size or "long", signed), print format. The ids are the
# types the kernel stamps them with.
EVENTS = [
    ("function", 1,
     [("unsigned long", "ip", "long", 0),
      ("unsigned long", "parent_ip", "long", 0)],
     '" %ps <-- %ps", (void *)REC->ip, (void *)REC->parent_ip'),
    ("print", 5,
     [("unsigned long", "ip", "long", 0),
      ("char", "buf[]", 0, 1)],
     '"%ps: %s", (void *)REC->ip, REC->buf'),
    ("funcgraph_exit", 10,
     [("unsigned long", "func", "long", 0),
      ("int", "depth", 4, 1),
      ("unsigned int", "overrun", 4, 0),
      ("unsigned long long", "calltime", 8, 0),
      ("unsigned long long", "rettime", 8, 0)],
     '"<-- %ps (%d) (start: %llx  end: %llx) over: %d", (void *)REC->func,'
     ' REC->depth, REC->calltime, REC->rettime, REC->depth'),
    ("funcgraph_entry", 11,
     [("unsigned long", "func", "long", 0),
      ("int", "depth", 4, 1)],
     '"--> %ps (%d)", (void *)REC->func, REC->depth'),
]

EVENT_IDS = {ev[1] for ev in EVENTS}


def field_line(ctype, name, off, size, signed):
    return (f"\tfield:{ctype} {name};\toffset:{off};\tsize:{size};"
            f"\tsigned:{signed};\n")


def event_format(t, name, eid, fields, fmt):
    """events/ftrace/NAME/format for target t: the offsets follow the C
    layout, each field aligned to its size but never beyond a long (a
    32-bit kernel puts a u64 at a 4-byte boundary)."""
    out = [f"name: {name}\nID: {eid}\nformat:\n"]
    off = 0
    for ctype, fname, size, signed in COMMON:
        out.append(field_line(ctype, fname, off, size, signed))
        off += size
    out.append("\n")
    for ctype, fname, size, signed in fields:
        size = t.long_size if size == "long" else size
        align = min(max(size, 1), t.long_size)
        off = (off + align - 1) // align * align
        out.append(field_line(ctype, fname, off, size, signed))
        off += size
    out.append(f"\nprint fmt: {fmt}\n")
    return "".join(out)


# ---- checking the pages --------------------------------------------------

def page_problem(t, page):
    """Why page (PAGE_SIZE bytes) cannot be handed to a reader, or None.
    Walks its events as a reader would, up to its commit."""
    data_off = 8 + t.long_size
    (commit,) = t.unpack_from(t.long_fmt, page, 8)
    if commit > PAGE_SIZE - data_off:
        return f"commit {commit} is beyond the page's {PAGE_SIZE - data_off}" \
               " bytes of data"
    off = 0
    while off < commit:
        if commit - off < 4:
            return f"event at +{off}: its header runs past the commit"
        type_len, delta = t.event_header(page, data_off + off)
        if type_len == TYPE_PADDING and delta == 0:
            break  # the rest of the page is padding
        data = 4
        if 1 <= type_len <= TYPE_DATA_MAX:
            length = 4 + type_len * 4
        elif commit - off < 8:
            return f"event at +{off}: its second word runs past the commit"
        else:
            (a0,) = t.unpack_from("I", page, data_off + off + 4)
            if type_len in (TYPE_TIME_EXTEND, TYPE_TIME_STAMP):
                length = 8
            elif type_len == TYPE_PADDING:
                if a0 % 4:
                    return f"padding at +{off}: length {a0} is not 4-aligned"
                length = 4 + a0
            else:  # 0: the data's length, plus its own 4, in array[0]
                if a0 < 5:
                    return f"event at +{off}: length word {a0} is too small"
                length = 4 + (a0 + 3) // 4 * 4
                data = 8
        if length > commit - off:
            return f"event at +{off}: {length} bytes run past the commit" \
                   f" ({commit})"
        if type_len <= TYPE_DATA_MAX:
            if length - data < 8:
                return f"event at +{off}: {length - data} bytes are too" \
                       " few for an event"
            (eid,) = t.unpack_from("H", page, data_off + off + data)
            if eid not in EVENT_IDS:
                return f"event at +{off}: no event has type {eid}"
        off += length
    return None


def good_pages(t, data, name, report):
    """The pages of one CPU's raw data that hold together, as one bytes
    object; each page left out, and a partial page at the end, is
    reported as 'name: offset N: why'."""
    keep = []
    whole = len(data) // PAGE_SIZE * PAGE_SIZE
    for off in range(0, whole, PAGE_SIZE):
        page = data[off:off + PAGE_SIZE]
        why = page_problem(t, page)
        if why:
            report(f"{name}: offset {off}: page left out: {why}")
        elif t.unpack_from(t.long_fmt, page, 8)[0]:
            keep.append(page)
    if whole != len(data):
        report(f"{name}: offset {whole}: {len(data) - whole} bytes at the"
               f" end are not a whole page ({PAGE_SIZE}): left out")
    return b"".join(keep)


# ---- the symbol table and the thread names -------------------------------

def kallsyms(text, width, name, report):
    """/proc/kallsyms lines ("ADDR T name") from nm's listing (kernel.sym:
    "ADDR [SIZE] TYPE NAME"), symbols of the text sections only: they are
    what the events' addresses point into."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        f = line.split()
        if len(f) == 4:
            f = [f[0], f[2], f[3]]
        try:
            if len(f) != 3 or len(f[1]) != 1:
                raise ValueError
            addr = int(f[0], 16)
        except ValueError:
            report(f"{name}: line {n}: not a symbol line: {line[:60]!r}")
            continue
        if f[1] in "tTwW":
            out.append(f"{addr:0{width}x} {f[1]} {f[2]}\n")
    return "".join(out)


def cmdlines(text, name, report):
    """saved_cmdlines lines ("PID COMM"), the bad ones reported."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        pid, _, comm = line.partition(" ")
        if not pid.isdigit() or not comm:
            report(f"{name}: line {n}: not 'PID COMM': {line[:60]!r}")
            continue
        out.append(f"{int(pid)} {comm}\n")
    return "".join(out)


# ---- the file ------------------------------------------------------------

def build(t, cpus, syms="", comms=""):
    """trace.dat's bytes: cpus is a list of each CPU's checked pages
    (bytes, whole pages), syms the kallsyms text, comms saved_cmdlines'."""
    def text(s):
        return s.encode()

    out = bytearray(MAGIC + VERSION)
    out += bytes([0 if t.order == "<" else 1, t.long_size])
    out += t.pack("I", PAGE_SIZE)
    hp, he = text(header_page(t)), text(HEADER_EVENT)
    out += b"header_page\0" + t.pack("Q", len(hp)) + hp
    out += b"header_event\0" + t.pack("Q", len(he)) + he
    out += t.pack("I", len(EVENTS))
    for ev in EVENTS:
        fmt = text(event_format(t, *ev))
        out += t.pack("Q", len(fmt)) + fmt
    out += t.pack("I", 0)  # no event systems besides ftrace
    ks = text(syms)
    out += t.pack("I", len(ks)) + ks
    out += t.pack("I", 0)  # no trace_printk formats
    cl = text(comms)
    out += t.pack("Q", len(cl)) + cl
    out += t.pack("I", len(cpus))
    out += b"flyrecord\0"
    # Each CPU's pages start at a page boundary after the table.
    table_end = len(out) + 16 * len(cpus)
    offset = (table_end + PAGE_SIZE - 1) // PAGE_SIZE * PAGE_SIZE
    for pages in cpus:
        out += t.pack("QQ", offset, len(pages))
        offset += len(pages)
    out += bytes(-len(out) % PAGE_SIZE)
    for pages in cpus:
        out += pages
    return bytes(out)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Write trace-cmd's trace.dat from ring-buffer pages.")
    ap.add_argument("--elf", required=True,
                    help="the kernel (its long size and byte order)")
    ap.add_argument("--sym", help="nm's listing of the kernel (kernel.sym)")
    ap.add_argument("--cmdlines", help="saved_cmdlines as the kernel gave it")
    ap.add_argument("--out", required=True)
    ap.add_argument("raw", nargs="+", help="CPU 0's pages, CPU 1's, ...")
    a = ap.parse_args(argv)

    def report(msg):
        print(f"tracedat: {msg}", file=sys.stderr)

    try:
        t = Target.from_elf(a.elf)
        syms = comms = ""
        if a.sym:
            with open(a.sym, errors="replace") as f:
                syms = kallsyms(f.read(), 2 * t.long_size, a.sym, report)
        if a.cmdlines:
            with open(a.cmdlines, errors="replace") as f:
                comms = cmdlines(f.read(), a.cmdlines, report)
        cpus = []
        for path in a.raw:
            with open(path, "rb") as f:
                cpus.append(good_pages(t, f.read(), path, report))
        data = build(t, cpus, syms, comms)
        with open(a.out, "wb") as f:
            f.write(data)
    except (OSError, ValueError) as e:
        report(str(e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
