#!/usr/bin/env bash
# run.sh - host tests for tools/recordmcount and tools/mksyms (x86_64, sh4).
#
# Run from anywhere (it changes to the repository root). Uses
# build/host/recordmcount and build/host/mksyms, (re)building them with cc
# when missing or older than their sources. The last line printed is
# "N passed, M failed"; the exit status is non-zero when M > 0.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
cd "$ROOT" || exit 1

HOSTCC=${HOSTCC:-cc}
HOSTCFLAGS="-O2 -g -Wall -Wextra -std=gnu11"
RMC=build/host/recordmcount
MKSYMS=build/host/mksyms
SH_PREFIX=sh4-linux-gnu-

W=$(mktemp -d "${TMPDIR:-/tmp}/rmc-test.XXXXXX")
trap 'rm -rf "$W"' EXIT

passed=0
failed=0

pass() {
	passed=$((passed + 1))
	echo "PASS: $*"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL: $*"
}

# check "description" command...: passes when the command succeeds.
check() {
	local desc=$1
	shift
	if "$@"; then
		pass "$desc"
	else
		fail "$desc"
	fi
}

# same "description" GOT WANT
same() {
	if [ "$2" = "$3" ]; then
		pass "$1 ($2)"
	else
		fail "$1: got '$2', want '$3'"
	fi
}

# ---- the tools --------------------------------------------------------------

# The sources of a tool: tools/NAME.c, or every .c in tools/NAME/.
tool_srcs() {
	if [ -d "tools/$1" ]; then
		echo "tools/$1"/*.c
	else
		echo "tools/$1.c"
	fi
}

# Build it when missing or older than a source, a header of its own or
# the SH opcodes it shares with the kernel.
build_tool() {
	local name=$1 src srcs stale=
	srcs=$(tool_srcs "$name")
	[ -x "build/host/$name" ] || stale=1
	for src in $srcs tools/"$name"/*.h arch/sh/include/asm/insn.h; do
		[ "$src" -nt "build/host/$name" ] && stale=1
	done
	if [ -n "$stale" ]; then
		mkdir -p build/host
		echo "building build/host/$name"
		# shellcheck disable=SC2086 # one word per source
		$HOSTCC $HOSTCFLAGS -o "build/host/$name" $srcs || return 1
	fi
}

for t in recordmcount mksyms; do
	if ! build_tool "$t"; then
		fail "build $t"
		echo "$passed passed, $failed failed"
		exit 1
	fi
	# The Makefile's flags must give no warning at all.
	# shellcheck disable=SC2046 # one word per source
	$HOSTCC $HOSTCFLAGS -o "$W/$t.warncheck" $(tool_srcs "$t") \
		2>"$W/$t.warnings"
	check "$t compiles warning-free" test ! -s "$W/$t.warnings"
	[ -s "$W/$t.warnings" ] && cat "$W/$t.warnings"
done

# A sanitizer build catches out-of-bounds reads that would not crash.
RMC_SAN=
if $HOSTCC -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-o "$W/recordmcount.san" $(tool_srcs recordmcount) 2>/dev/null; then
	RMC_SAN=$W/recordmcount.san
	export ASAN_OPTIONS=exitcode=99:detect_leaks=0
	export UBSAN_OPTIONS=exitcode=98:print_stacktrace=1
else
	echo "note: no sanitizer build; fuzzing with the plain binary"
fi

# ---- helpers -----------------------------------------------------------------

# Section table of an object as "idx name type addr off size es flg lk inf al".
sections() {
	"$1" -SW "$2" | sed -n 's/^ *\[ *\([0-9]*\)\] /\1 /p'
}

# Field of a named section's row: secfield READELF FILE NAME FIELD-NUMBER.
secfield() {
	sections "$1" "$2" | awk -v n="$3" -v f="$4" '$2 == n { print $f }'
}

# Words of a section of a linked file, as hex without leading zeros.
section_words() {	# objcopy file section width endian
	"$1" -O binary -j "$3" "$2" "$W/words.bin" || return 1
	od -An -v -w"$4" -t x"$4" --endian="$5" "$W/words.bin" |
		sed 's/ //g; s/^0*\(.\)/\1/'
}

# Overwrite bytes of a file in place: patch FILE OFFSET HEXBYTE...
patch() {
	local f=$1 off=$2 s=
	shift 2
	for b in "$@"; do
		s+="\\x$b"
	done
	printf "$s" | dd of="$f" bs=1 seek="$off" conv=notrunc status=none
}

# Unsigned little/big-endian integer at an offset: readint FILE OFF SIZE END
readint() {
	od -An -j "$2" -N "$3" -t u"$3" --endian="$4" "$1" | tr -d ' '
}

# The run must fail cleanly: exit 1, one "recordmcount: FILE: ..." line,
# no output file and no leftover temporary.
expect_error() {	# description input [pattern]
	local desc=$1 in=$2 pat=${3:-} out="$W/err.out" rc lines
	rm -f "$out" "$out.tmp"
	"$RMC" "$in" "$out" 2>"$W/err.txt" >/dev/null
	rc=$?
	lines=$(wc -l <"$W/err.txt")
	if [ "$rc" -ne 1 ]; then
		fail "$desc: exit status $rc, want 1"
	elif [ "$lines" -ne 1 ] ||
	     ! grep -q "^recordmcount: $in: ." "$W/err.txt"; then
		fail "$desc: bad error output: $(cat "$W/err.txt")"
	elif [ -n "$pat" ] && ! grep -q -- "$pat" "$W/err.txt"; then
		fail "$desc: error does not mention '$pat': $(cat "$W/err.txt")"
	elif [ -e "$out" ] || [ -e "$out.tmp" ]; then
		fail "$desc: left an output file behind"
	else
		pass "$desc: $(cut -d: -f3- "$W/err.txt")"
	fi
}

# ---- one object, end to end ----------------------------------------------------

# check_object ARCH NAME OBJ EXPECTED_FUNCS
# ARCH is x86_64 or sh4; EXPECTED_FUNCS is the number of functions that
# were compiled with an mcount call ("" to skip that comparison).
check_object() {
	local arch=$1 name=$2 obj=$3 want_funcs=$4
	local pfx= ptr=8 endian=little reltype=R_X86_64_64 addr=0x100000
	local ldflags= stub count relocs list out rc
	local loc_row rela_row symtab_idx want_size

	if [ "$arch" = sh4 ]; then
		pfx=$SH_PREFIX
		ptr=4
		reltype=R_SH_DIR32
		addr=0x8c800000
		if "${pfx}readelf" -h "$obj" | grep -q 'big endian'; then
			endian=big
			ldflags=-EB
		fi
	fi

	count=$("$RMC" --count "$obj")
	if [ "$arch" = sh4 ]; then
		relocs=$("${pfx}readelf" -rW "$obj" |
			grep -cE 'R_SH_DIR32 +[0-9a-f]+ +mcount \+ 0$')
	else
		relocs=$("${pfx}objdump" -dr "$obj" |
			grep -cE 'R_X86_64_(PLT32|PC32)[[:space:]]+mcount-0x4$')
	fi
	same "$name: --count equals the mcount relocations" "$count" "$relocs"
	[ -n "$want_funcs" ] &&
		same "$name: --count equals the traced functions" \
			"$count" "$want_funcs"

	list=$("$RMC" --list "$obj")
	same "$name: --list has one line per site" \
		"$(printf '%s\n' "$list" | grep -c .)" "$count"
	check "$name: --list lines look like section+0xoffset" \
		eval '! printf "%s\n" "$list" | grep -vqE "^\.text[^+ ]*\+0x[0-9a-f]+$"'
	check "$name: --list is ascending within each section" \
		ascending_per_section <<<"$list"

	out=$W/$name.out.o
	rm -f "$out"
	"$RMC" "$obj" "$out"
	rc=$?
	same "$name: recordmcount exit status" "$rc" 0
	[ "$rc" -eq 0 ] || return

	# The original bytes are kept, header aside.
	local hdr=64 size
	[ "$ptr" = 4 ] && hdr=52
	size=$(stat -c %s "$obj")
	check "$name: original bytes kept in place" \
		cmp -s -n $((size - hdr)) -i $hdr "$obj" "$out"

	loc_row=$(sections "${pfx}readelf" "$out" |
		awk '$2 == "__mcount_loc"')
	rela_row=$(sections "${pfx}readelf" "$out" |
		awk '$2 == ".rela__mcount_loc"')
	symtab_idx=$(sections "${pfx}readelf" "$out" |
		awk '$3 == "SYMTAB" { print $1 }')
	want_size=$(printf '%06x' $((count * ptr)))
	# idx name type addr off size es flg lk inf al
	same "$name: __mcount_loc type, size, flags, align" \
		"$(echo "$loc_row" | awk '{ print $3, $6, $8, $11 }')" \
		"PROGBITS $want_size A $ptr"
	same "$name: .rela__mcount_loc type, flags, link, info" \
		"$(echo "$rela_row" | awk '{ print $3, $8, $9, $10 }')" \
		"RELA I $symtab_idx $(echo "$loc_row" | awk '{ print $1 }')"
	same "$name: one $reltype per entry" \
		"$("${pfx}readelf" -rW "$out" |
			sed -n '/__mcount_loc/,/^$/p' | grep -c " $reltype ")" \
		"$count"
	check "$name: ${pfx}objdump reads the new object" \
		eval '"${pfx}objdump" -dr "$out" >/dev/null 2>&1'

	expect_error "$name: processing twice is refused" "$out" "__mcount_loc"

	stub=$W/mcount_$arch.o
	[ "$endian" = big ] && stub=$W/mcount_$arch-be.o
	check "$name: ld -r accepts it" \
		"${pfx}ld" $ldflags -r -o "$W/$name.r.o" "$out"

	local linked=$W/$name.elf relinked=$W/$name.r.elf sites entries
	if ! "${pfx}ld" $ldflags -Ttext=$addr -e 0 -o "$linked" "$out" \
		"$stub" 2>"$W/ld.err"; then
		fail "$name: link at $addr: $(cat "$W/ld.err")"
		return
	fi
	pass "$name: links at $addr"

	# Expected sites, from the linked code itself.
	if [ "$arch" = sh4 ]; then
		# Aligned literal words holding mcount's address.
		local mc text_addr
		mc=$("${pfx}nm" "$linked" | awk '$3 == "mcount" { print $1 }' |
			sed 's/^0*//')
		text_addr=$(secfield "${pfx}readelf" "$linked" .text 4)
		sites=$(section_words "${pfx}objcopy" "$linked" .text 4 \
			"$endian" | words_equal_to "$mc" $((16#$text_addr)))
	else
		# Every "call mcount" must be the 5-byte e8 form.
		same "$name: every call to mcount is e8 rel32" \
			"$("${pfx}objdump" -d "$linked" |
				grep -cE '^ *[0-9a-f]+:[[:space:]]+e8 .*call +[0-9a-f]+ <mcount>')" \
			"$("${pfx}objdump" -d "$linked" | grep -cE 'call.*<mcount>')"
		sites=$("${pfx}objdump" -d "$linked" |
			awk '/call.*<mcount>/ { sub(":", "", $1); print $1 }')
	fi
	same "$name: call sites in the linked code" \
		"$(printf '%s\n' "$sites" | grep -c .)" "$count"

	entries=$(section_words "${pfx}objcopy" "$linked" __mcount_loc $ptr \
		"$endian")
	same "$name: __mcount_loc entries are the call-site addresses" \
		"$(printf '%s\n' "$entries" | sort | tr '\n' ' ')" \
		"$(printf '%s\n' "$sites" | sort | tr '\n' ' ')"

	# The same after a partial link, as a kernel build might do.
	if "${pfx}ld" $ldflags -Ttext=$addr -e 0 -o "$relinked" \
		"$W/$name.r.o" "$stub" 2>/dev/null; then
		same "$name: entries survive ld -r" \
			"$(section_words "${pfx}objcopy" "$relinked" \
				__mcount_loc $ptr "$endian" | sort | tr '\n' ' ')" \
			"$(printf '%s\n' "$sites" | sort | tr '\n' ' ')"
	else
		fail "$name: link after ld -r"
	fi
}

# Per section, the offsets of "section+0xoff" lines must be ascending.
ascending_per_section() {
	local line sec off
	local -A last=()

	while read -r line; do
		sec=${line%%+*}
		off=$((${line#*+}))
		if [[ -v last[$sec] ]] && ((off <= last[$sec])); then
			return 1
		fi
		last[$sec]=$off
	done
}

# Addresses of the 4-byte words (read on stdin) equal to a value.
words_equal_to() {	# value base-address
	local w i=0

	while read -r w; do
		[ "$w" = "$1" ] && printf '%x\n' $(($2 + 4 * i))
		i=$((i + 1))
	done
}

# Functions that must carry an mcount call: code symbols not notrace_*.
traced_funcs() {	# nm file
	"$1" "$2" | awk '$2 ~ /^[tTW]$/ && $3 !~ /^notrace_/' | wc -l
}

# Random mutations of an object: one or four bytes overwritten, a third of
# them in the ELF header, a third in the section header table. None may
# crash the tool (or upset the sanitizers); a rejected input gets the
# error line and leaves no output. python3 writes the mutated files (a
# fork per byte patch in bash is slow), seeded so failures reproduce.
# Every SAN_EVERY-th one also goes through the sanitizer build, which is
# too slow to the run them all; FUZZ_SCALE=N runs N times as many.
SAN_EVERY=${SAN_EVERY:-5}
FUZZ_SCALE=${FUZZ_SCALE:-1}
fuzz() {	# name obj runs
	local name=$1 obj=$2 runs=$(($3 * FUZZ_SCALE)) tool
	local dir="$W/fuzz-$name" m rc bad=0 ok=0 rej=0 out="$W/fuzz.out"
	local first i=0 san=0

	if ! command -v python3 >/dev/null; then
		echo "SKIP: $name fuzzing needs python3"
		return
	fi
	mkdir -p "$dir"
	python3 - "$obj" "$dir" "$runs" <<'EOF'
import random, struct, sys
src, dst, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, 'rb').read()
end = '>' if data[5] == 2 else '<'
if data[4] == 2:
    shoff, = struct.unpack_from(end + 'Q', data, 40)
    shsize = struct.unpack_from(end + 'H', data, 60)[0] * 64
else:
    shoff, = struct.unpack_from(end + 'I', data, 32)
    shsize = struct.unpack_from(end + 'H', data, 48)[0] * 40
rng = random.Random(4242)
for i in range(runs):
    m = bytearray(data)
    kind = i % 3
    if kind == 0:
        off = rng.randrange(len(m))
    elif kind == 1:
        off = shoff + rng.randrange(shsize)
    else:
        off = rng.randrange(64)
    n = 1 if i % 2 else 4
    for j in range(n):
        if off + j < len(m):
            m[off + j] = rng.randrange(256)
    open('%s/%04d.o' % (dst, i), 'wb').write(m)
EOF
	for m in "$dir"/*.o; do
		tool=$RMC
		if [ -n "$RMC_SAN" ] && ((i++ % SAN_EVERY == 0)); then
			tool=$RMC_SAN
			san=$((san + 1))
		fi
		"$tool" "$m" "$out" >/dev/null 2>"$W/fuzz.err"
		rc=$?
		first=
		read -r first <"$W/fuzz.err"
		if [ $rc -eq 0 ] && [ -e "$out" ]; then
			ok=$((ok + 1))
			rm -f "$out"
		elif [ $rc -eq 1 ] && [ ! -e "$out" ] && [ ! -e "$out.tmp" ] &&
		     [[ $first == "recordmcount: $m: "* ]]; then
			rej=$((rej + 1))
		else
			bad=$((bad + 1))
			if [ $bad -le 3 ]; then
				echo "  $(basename "$m"): exit $rc"
				head -5 "$W/fuzz.err" | sed 's/^/    /'
			fi
			rm -f "$out" "$out.tmp"
		fi
		# --list takes the same reading paths, minus the writer.
		"$tool" --list "$m" >/dev/null 2>&1
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
			bad=$((bad + 1))
			echo "  $(basename "$m"): --list exit $rc"
		fi
	done
	if [ $bad -eq 0 ]; then
		pass "$name: $runs mutated objects ($san sanitized), no crash ($ok accepted, $rej rejected)"
	else
		fail "$name: $bad of $runs mutated objects crashed or misbehaved"
	fi
}

# ---- x86_64 ----------------------------------------------------------------

echo "== recordmcount, x86_64"
as "$HERE/mcount_x86_64.s" -o "$W/mcount_x86_64.o"

# -fno-pie: Debian's gcc defaults to PIE, which calls mcount through the
# GOT (ff 15, R_X86_64_GOTPCRELX). The kernel is built with -fno-pie.
gcc -pg -O2 -fno-pie -c "$HERE/sample.c" -o "$W/x86.o"
check_object x86_64 x86 "$W/x86.o" "$(traced_funcs nm "$W/x86.o")"

# Without unwind tables or -g, as emits a section symbol only for sections
# something refers to (.text here, through calls to static functions, but
# not .text.unlikely or .text.extra): entries for those are relative to a
# function symbol of the section instead.
gcc -pg -O2 -fno-pie -fno-asynchronous-unwind-tables -c "$HERE/sample.c" \
	-o "$W/x86-nosecsym.o"
check_object x86_64 x86-nosecsym "$W/x86-nosecsym.o" \
	"$(traced_funcs nm "$W/x86-nosecsym.o")"
check "x86-nosecsym: .text.unlikely entry is relative to traced_cold" \
	eval 'readelf -rW "$W/x86-nosecsym.out.o" |
		sed -n "/rela__mcount_loc/,\$p" | grep -q " traced_cold + 4$"'

# Only weak symbols and no section symbol: one must be added.
gcc -pg -O2 -fno-pie -fno-asynchronous-unwind-tables -c "$HERE/weak.c" \
	-o "$W/x86-weak.o"
check_object x86_64 x86-weak "$W/x86-weak.o" 2
check "x86-weak: a .text section symbol was added" \
	eval 'readelf -sW "$W/x86-weak.out.o" | grep -qE " SECTION +LOCAL +DEFAULT +1 "'
check "x86-weak: other relocations still resolve (weak_two calls weak_one)" \
	eval 'objdump -d "$W/x86-weak.elf" | grep -qE "call +[0-9a-f]+ <weak_one>"'

# The kernel's own flags.
gcc -std=gnu11 -O2 -g -ffreestanding -fno-builtin -fno-pie \
	-fno-stack-protector -fno-common -fno-omit-frame-pointer \
	-fno-optimize-sibling-calls -m64 -mno-red-zone -mgeneral-regs-only \
	-mno-sse -mno-mmx -mno-80387 -mcmodel=small \
	-fno-asynchronous-unwind-tables -pg -c "$HERE/sample.c" \
	-o "$W/x86-kflags.o"
check_object x86_64 x86-kflags "$W/x86-kflags.o" \
	"$(traced_funcs nm "$W/x86-kflags.o")"

# -mfentry: the call to __fentry__ comes first.
gcc -pg -mfentry -O2 -fno-pie -c "$HERE/sample.c" -o "$W/x86-fentry.o"
same "x86-fentry: __fentry__ calls are counted" \
	"$("$RMC" --count "$W/x86-fentry.o")" \
	"$(objdump -dr "$W/x86-fentry.o" | grep -cE 'R_X86_64_PLT32[[:space:]]+__fentry__-0x4$')"

# No -pg: nothing to record, the output is the input.
gcc -O2 -fno-pie -c "$HERE/sample.c" -o "$W/x86-nopg.o"
same "x86-nopg: --count" "$("$RMC" --count "$W/x86-nopg.o")" 0
"$RMC" "$W/x86-nopg.o" "$W/x86-nopg.out.o"
check "x86-nopg: output is an unchanged copy" \
	cmp -s "$W/x86-nopg.o" "$W/x86-nopg.out.o"

# Input and output may be the same file (the rename makes it safe).
cp "$W/x86.o" "$W/inplace.o"
"$RMC" "$W/inplace.o" "$W/inplace.o"
same "in-place rewrite: both new sections present" \
	"$(readelf -SW "$W/inplace.o" | grep -c __mcount_loc)" 2

echo "== recordmcount, malformed inputs"
obj=$W/x86.o
osize=$(stat -c %s "$obj")
: >"$W/empty.o"
expect_error "empty file" "$W/empty.o"
head -c 100 "$obj" >"$W/trunc100.o"
expect_error "first 100 bytes of an object" "$W/trunc100.o" "out of file bounds"
head -c $((osize / 2)) "$obj" >"$W/half.o"
expect_error "object cut at half" "$W/half.o"
head -c 40 "$obj" >"$W/hdr40.o"
expect_error "cut inside the ELF header" "$W/hdr40.o" "truncated"
cp "$obj" "$W/magic.o" && patch "$W/magic.o" 1 58
expect_error "bad magic" "$W/magic.o" "bad magic"
cp "$obj" "$W/class.o" && patch "$W/class.o" 4 03
expect_error "unknown ELF class" "$W/class.o" "class"
cp "$obj" "$W/class32.o" && patch "$W/class32.o" 4 01
expect_error "x86_64 object claiming ELF32" "$W/class32.o"
cp "$obj" "$W/machine.o" && patch "$W/machine.o" 18 28 00
expect_error "unsupported machine (ARM)" "$W/machine.o" "machine"
cp "$obj" "$W/exec.o" && patch "$W/exec.o" 16 02 00
expect_error "not a relocatable object" "$W/exec.o" "relocatable"
cp "$obj" "$W/shoff.o" && patch "$W/shoff.o" 40 00 00 00 00 00 00 01 00
expect_error "e_shoff past EOF" "$W/shoff.o" "section header table"
cp "$obj" "$W/shoffwrap.o" && patch "$W/shoffwrap.o" 40 f0 ff ff ff ff ff ff ff
expect_error "e_shoff near 2^64 (overflow)" "$W/shoffwrap.o" "section header table"
cp "$obj" "$W/shnum.o" && patch "$W/shnum.o" 60 f0 fe
expect_error "e_shnum too large" "$W/shnum.o" "section header table"
cp "$obj" "$W/shstrndx.o" && patch "$W/shstrndx.o" 62 f0 00
expect_error "e_shstrndx out of range" "$W/shstrndx.o" "out of range"
head -c 4096 /dev/urandom >"$W/random.o"
expect_error "random bytes" "$W/random.o"
printf '\x7fELF' >"$W/magiconly.o"
expect_error "magic only" "$W/magiconly.o" "truncated"
cp "$HERE/sample.c" "$W/text.o"
expect_error "a C source file" "$W/text.o" "bad magic"
expect_error "missing file" "$W/does-not-exist.o"

# Corruptions that need the section table: find .rela.text and friends.
shoff=$(readint "$obj" 40 8 little)
rela_idx=$(secfield readelf "$obj" .rela.text 1)
rela_off=$((16#$(secfield readelf "$obj" .rela.text 5)))
text_off=$((16#$(secfield readelf "$obj" .text 5)))
cp "$obj" "$W/symidx.o" && patch "$W/symidx.o" $((rela_off + 12)) 00 00 ff 7f
expect_error "symbol index out of range" "$W/symidx.o" "symbol index"
cp "$obj" "$W/relaoff.o" &&
	patch "$W/relaoff.o" $((shoff + rela_idx * 64 + 24)) 00 00 00 00 01 00 00 00
expect_error "relocation section out of bounds" "$W/relaoff.o" "relocation section"
cp "$obj" "$W/relasize.o" &&
	patch "$W/relasize.o" $((shoff + rela_idx * 64 + 32)) f8 ff ff ff ff ff ff ff
expect_error "relocation section size near 2^64" "$W/relasize.o" "out of file bounds"
cp "$obj" "$W/shname.o" && patch "$W/shname.o" $((shoff + 64)) 00 ff ff 7f
expect_error "section name index out of range" "$W/shname.o" "string index"
cp "$obj" "$W/relent.o" &&
	patch "$W/relent.o" $((shoff + rela_idx * 64 + 56)) 10 00 00 00 00 00 00 00
expect_error "bad relocation entry size" "$W/relent.o" "entry size"
# The first mcount site's e8 replaced by a nop.
first=$("$RMC" --list "$obj" | head -1)
first_off=$((${first#*+}))
cp "$obj" "$W/nocall.o" && patch "$W/nocall.o" $((text_off + first_off)) 90
expect_error "mcount reference that is not a call" "$W/nocall.o" \
	"${first%%+*}+$(printf '0x%x' "$first_off")"
gcc -pg -O2 -fpie -c "$HERE/sample.c" -o "$W/x86-pie.o"
expect_error "PIE object (mcount through the GOT)" "$W/x86-pie.o" "fno-pie"

check "usage error exits 2" eval '"$RMC" >/dev/null 2>&1; [ $? -eq 2 ]'

fuzz x86 "$obj" 250
fuzz x86-weak "$W/x86-weak.o" 100

# ---- sh4 ---------------------------------------------------------------------

echo "== recordmcount, sh4"
if ! command -v ${SH_PREFIX}gcc >/dev/null; then
	echo "SKIP: ${SH_PREFIX}gcc not installed (apt-get install gcc-sh4-linux-gnu)"
else
	${SH_PREFIX}as "$HERE/mcount_sh4.s" -o "$W/mcount_sh4.o"
	${SH_PREFIX}as -big "$HERE/mcount_sh4.s" -o "$W/mcount_sh4-be.o"
	SHCC="${SH_PREFIX}gcc -pg -O2 -m4"

	$SHCC -ml -c "$HERE/sample.c" -o "$W/sh.o"
	check "sh: gcc's SH object uses RELA sections, none REL" \
		eval '[ "$(sections ${SH_PREFIX}readelf "$W/sh.o" |
			awk "\$3 == \"REL\"" | wc -l)" = 0 ] &&
			sections ${SH_PREFIX}readelf "$W/sh.o" | grep -q " RELA "'
	check_object sh4 sh "$W/sh.o" "$(traced_funcs ${SH_PREFIX}nm "$W/sh.o")"

	$SHCC -ml -g -c "$HERE/sample.c" -o "$W/sh-g.o"
	check_object sh4 sh-g "$W/sh-g.o" \
		"$(traced_funcs ${SH_PREFIX}nm "$W/sh-g.o")"

	$SHCC -ml -c "$HERE/weak.c" -o "$W/sh-weak.o"
	check_object sh4 sh-weak "$W/sh-weak.o" 2

	if $SHCC -mb -c "$HERE/sample.c" -o "$W/sh-be.o" 2>/dev/null; then
		check_object sh4 sh-be "$W/sh-be.o" \
			"$(traced_funcs ${SH_PREFIX}nm "$W/sh-be.o")"
	else
		echo "SKIP: ${SH_PREFIX}gcc cannot build big-endian (-mb)"
	fi

	obj=$W/sh.o
	head -c 100 "$obj" >"$W/sh-trunc.o"
	expect_error "sh: first 100 bytes" "$W/sh-trunc.o"
	head -c $(($(stat -c %s "$obj") / 2)) "$obj" >"$W/sh-half.o"
	expect_error "sh: cut at half" "$W/sh-half.o"
	cp "$obj" "$W/sh-shoff.o" && patch "$W/sh-shoff.o" 32 00 00 00 7f
	expect_error "sh: e_shoff past EOF" "$W/sh-shoff.o" "section header table"
	cp "$obj" "$W/sh-class.o" && patch "$W/sh-class.o" 4 02
	expect_error "sh: SH object claiming ELF64" "$W/sh-class.o"
	# A mcount literal at an odd offset is not the -pg sequence: move the
	# first mcount relocation of .rela.text two bytes on.
	rela_off=$((16#$(secfield ${SH_PREFIX}readelf "$obj" .rela.text 5)))
	k=$(${SH_PREFIX}readelf -rW "$obj" |
		sed -n "/'.rela.text'/,/^\$/p" | grep -E '^[0-9a-f]{8} ' |
		grep -n ' mcount ' | head -1 | cut -d: -f1)
	r=$((rela_off + 12 * (k - 1)))
	r0=$(($(readint "$obj" "$r" 4 little) + 2))
	cp "$obj" "$W/sh-odd.o" &&
		patch "$W/sh-odd.o" "$r" $(printf '%02x ' $((r0 & 255)) \
			$((r0 >> 8 & 255)) $((r0 >> 16 & 255)) $((r0 >> 24 & 255)))
	expect_error "sh: misaligned mcount literal" "$W/sh-odd.o" "aligned"
	# And a mcount relocation past the end of its section.
	cp "$obj" "$W/sh-past.o" && patch "$W/sh-past.o" "$r" f0 ff 00 00
	expect_error "sh: mcount relocation outside its section" \
		"$W/sh-past.o" "outside"

	fuzz sh "$obj" 150
	fuzz sh-be "$W/sh-be.o" 100
fi

# ---- mksyms ------------------------------------------------------------------

echo "== mksyms"
cat >"$W/nm.txt" <<'EOF'
0000000000401000 0000000000000010 T alpha
0000000000401000 t alpha_alias
0000000000401000 t .Lstart
0000000000401010 t beta.cold
0000000000401020 0000000000000008 W gamma_weak
0000000000401028 t $x
0000000000401030 d some_data
0000000000401040 r ro_data
0000000000401048 0000000000000004 t delta
0000000000401044 t before_delta
0000000000401060 t zeta_local
0000000000401060 T zeta
0000000000401070 0000000000000002 B in_bss
EOF
"$MKSYMS" --ptr 8 <"$W/nm.txt" >"$W/ksyms.S"
same "mksyms: exit status" "$?" 0
check "mksyms: output assembles (gcc -c)" \
	gcc -c "$W/ksyms.S" -o "$W/ksyms.o"
check "mksyms: ksym_table, ksym_count, ksym_by_name: global, read-only" \
	eval '[ "$(nm "$W/ksyms.o" | awk "\$2 == \"R\"" | awk "{print \$3}" |
		sort | tr "\n" " ")" = "ksym_by_name ksym_count ksym_table " ]'
check "mksyms: everything lives in .ksyms" \
	eval 'readelf -SW "$W/ksyms.o" | grep -qE " \.ksyms +PROGBITS .* A +0"'
gcc -O2 -no-pie -o "$W/ksym_check" "$HERE/ksym_check.c" "$W/ksyms.o"
# Sorted, one per address (the global one), no .L / $ / data names,
# sizes from nm or up to the next code symbol, the last unknown (0).
same "mksyms: table read back through struct ksym" \
	"$("$W/ksym_check" | tr '\n' ';')" \
	"count 6;401000 10 alpha;401010 10 beta.cold;401020 8 gamma_weak;401044 4 before_delta;401048 4 delta;401060 0 zeta;by name 0 3 1 4 2 5;"
grep -A1 '^ksym_count:' "$W/ksyms.S" >"$W/count.txt"
check "mksyms: ksym_count in the source is 6" grep -qE '\.quad 6$' "$W/count.txt"

printf '' | "$MKSYMS" --ptr 8 >"$W/empty.S"
check "mksyms: empty input assembles" gcc -c "$W/empty.S" -o "$W/empty.o"
gcc -O2 -no-pie -o "$W/ksym_check0" "$HERE/ksym_check.c" "$W/empty.o"
same "mksyms: empty input gives ksym_count 0" "$("$W/ksym_check0")" "count 0
by name"

if command -v ${SH_PREFIX}gcc >/dev/null; then
	sed 's/^00000000//; s/ 00000000\([0-9a-f]\{8\}\) / \1 /' "$W/nm.txt" \
		>"$W/nm32.txt"
	"$MKSYMS" --ptr 4 <"$W/nm32.txt" >"$W/ksyms32.S"
	check "mksyms --ptr 4: output assembles for sh4" \
		${SH_PREFIX}gcc -c "$W/ksyms32.S" -o "$W/ksyms32.o"
	# 6 entries of three words, then the count.
	same "mksyms --ptr 4: table words and count" \
		"$(section_words ${SH_PREFIX}objcopy "$W/ksyms32.o" .ksyms 4 \
			little | head -19 | awk 'NR % 3 != 0 || NR == 19' |
			tr '\n' ' ')" \
		"401000 10 401010 10 401020 8 401044 4 401048 4 401060 0 6 "
	printf '' | "$MKSYMS" --ptr 4 >"$W/empty32.S"
	${SH_PREFIX}gcc -c "$W/empty32.S" -o "$W/empty32.o"
	same "mksyms --ptr 4: empty input gives ksym_count 0" \
		"$(section_words ${SH_PREFIX}objcopy "$W/empty32.o" .ksyms 4 little)" 0
fi

printf 'ffffffff81000000 T too_big\n' | "$MKSYMS" --ptr 4 >/dev/null 2>"$W/err.txt"
same "mksyms --ptr 4: 64-bit address refused" "$?" 1
printf 'zz T bad\n' | "$MKSYMS" --ptr 8 >/dev/null 2>"$W/err.txt"
same "mksyms: garbage line refused" "$?" 1
"$MKSYMS" --ptr 3 </dev/null >/dev/null 2>&1
same "mksyms: bad --ptr is a usage error" "$?" 2

# Underscore-prefixing toolchains: names come out without the prefix.
printf '00001000 T _foo\n00001010 t _bar\n' | "$MKSYMS" --ptr 4 >"$W/us.S"
check "mksyms: a leading '_' on every name is stripped" \
	eval 'grep -q "\"foo\"" "$W/us.S" && grep -q "\"bar\"" "$W/us.S"'
printf '00001000 T _start\n00001010 t bar\n' | "$MKSYMS" --ptr 4 >"$W/us2.S"
check "mksyms: '_' kept when not every name has it" \
	grep -q '"_start"' "$W/us2.S"

# A real listing: the linked x86 fixture.
if [ -f "$W/x86.elf" ]; then
	nm -n -S --defined-only "$W/x86.elf" >"$W/real.nm"
	"$MKSYMS" --ptr 8 <"$W/real.nm" >"$W/real.S"
	gcc -c "$W/real.S" -o "$W/real.o" &&
		gcc -O2 -no-pie -o "$W/real_check" "$HERE/ksym_check.c" "$W/real.o"
	same "mksyms: real nm listing, one entry per code address" \
		"$("$W/real_check" | head -1)" \
		"count $(awk 'NF >= 3 && $(NF-1) ~ /^[tTWw]$/ && $NF !~ /^[.$]/ { print $1 }' \
			"$W/real.nm" | sort -u | wc -l)"
	same "mksyms: real listing sorted by address" \
		"$("$W/real_check" | sed -n "2,/^by name/{/^by name/!p}" | awk '{ print $1 }' | tr '\n' ' ')" \
		"$("$W/real_check" | sed -n "2,/^by name/{/^by name/!p}" | awk '{ print $1 }' | sort | tr '\n' ' ')"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
