#!/bin/bash
# test_qemu_sh.sh - qemu/qemu.sh, the one definition of QEMU's command
# lines: what each arch and variant passes to QEMU, checked against a fake
# QEMU on PATH that prints its arguments one a line.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$ROOT/build/host/tests}
SCRIPT=$ROOT/qemu/qemu.sh
. "$ROOT/tests/host/check.sh"

fake=$OUT/fake-qemu
mkdir -p "$fake"
for q in qemu-system-x86_64 qemu-system-sh4; do
	# Its parent goes first: the relay, when one is put in front.
	printf '#!/bin/sh\necho "parent: $(tr "\\\\0" " " </proc/$PPID/cmdline)"\necho "%s"\nfor a; do echo "$a"; done\n' \
		"$q" >"$fake/$q"
	chmod +x "$fake/$q"
done

# argv ARGS...: what QEMU receives, one argument a line.
argv() { PATH=$fake:$PATH "$SCRIPT" "$@" 2>&1; }
# has OUTPUT ARG...: QEMU received these arguments, in a row.
has() {
	local out=$1 want joined
	shift
	joined=$'\001'$(printf '%s' "$out" | tr '\n' '\001')$'\001'
	want=$'\001'$(IFS=$'\001' && echo "$*")$'\001'
	[[ $joined == *"$want"* ]]
}
hasnt() { ! has "$@"; }

out=$(argv x86_64 run --smp 2 --append "a=1 b=2")
check "x86_64 run: QEMU is x86_64" has "$out" qemu-system-x86_64
check "x86_64 run: -smp" has "$out" -smp 2
check "x86_64 run: -append is one argument" has "$out" -append "a=1 b=2"
check "x86_64 run: -nographic" has "$out" -nographic
check "x86_64 run: the ELF kernel" has "$out" -kernel \
	"$ROOT/build/x86_64/kernel.elf"
check "x86_64 run: not stopped" hasnt "$out" -S
check "x86_64: default 4 CPUs" has "$(argv x86_64 test)" -smp 4

out=$(argv x86_64 bench --build /tmp/k-scale10)
check "x86_64 --build: the kernel from there" has "$out" -kernel \
	/tmp/k-scale10/kernel.elf
out=$(argv sh4 bench --build /tmp/k-scale10)
check "sh4 --build: the kernel from there" has "$out" -kernel \
	/tmp/k-scale10/kernel.bin

out=$(argv x86_64 debug)
check "x86_64 debug: waits for gdb" has "$out" -s -S

out=$(argv x86_64 test --iso --smp 1)
check "x86_64 --iso: the ISO" has "$out" -cdrom \
	"$ROOT/build/x86_64/kernel.iso"
check "x86_64 --iso: no -kernel" hasnt "$out" -kernel

out=$(argv x86_64 bench -- -d int)
check "bench: icount" has "$out" -icount shift=0,sleep=off
check "extra arguments last" has "$out" -icount shift=0,sleep=off -d int

out=$(argv sh4 run --append "x=y")
check "sh4 run: QEMU is sh4" has "$out" qemu-system-sh4
check "sh4 run: muxed console, Ctrl-C to the guest" has "$out" \
	-chardev stdio,id=con,mux=on,signal=off
check "sh4: console on the second serial port" has "$out" \
	-serial null -serial chardev:con
check "sh4 run: the raw image" has "$out" -kernel \
	"$ROOT/build/sh4/kernel.bin"
check "sh4 run: -append" has "$out" -append x=y
check "sh4 debug: muxed and waiting for gdb" has "$(argv sh4 debug)" \
	-chardev stdio,id=con,mux=on,signal=off
check "sh4 debug: -s -S" has "$(argv sh4 debug)" -s -S
relayed() { grep -q "^parent: .*sh4-console-relay.py" <<<"$1"; }
check "sh4 run: through the relay, which paces pasted text" relayed "$(argv sh4 run)"
out=$(argv sh4 test)
check "sh4 test: typed through the relay" relayed "$out"
check "sh4 test: plain console" has "$out" -chardev stdio,id=con,signal=off
check "sh4 test: no -smp" hasnt "$out" -smp

# Bad input: one line on stderr, status 2, QEMU never started.
for bad in "mips run" "x86_64 walk" "x86_64 run --frob" "x86_64" \
	"sh4 run --iso" "x86_64 run --smp"; do
	# shellcheck disable=SC2086 # word lists on purpose
	out=$(PATH=$fake:$PATH "$SCRIPT" $bad 2>/dev/null)
	# shellcheck disable=SC2086
	PATH=$fake:$PATH "$SCRIPT" $bad >/dev/null 2>&1
	rc=$?
	check "'$bad': refused with status 2 (got $rc)" [ "$rc" = 2 ]
	check "'$bad': QEMU not started" [ -z "$out" ]
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
