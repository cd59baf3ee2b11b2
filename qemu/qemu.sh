#!/bin/sh
# qemu.sh - the one place that says how QEMU starts this kernel.
#
# Usage: qemu/qemu.sh ARCH VARIANT [--smp N] [--append TEXT] [--iso]
#                     [--build DIR] [-- EXTRA QEMU ARGS...]
#
#   ARCH     x86_64 or sh4; the kernel is taken from build/ARCH/
#   VARIANT  run    the console on this terminal; Ctrl-A X leaves
#            debug  run, with the CPU stopped and gdb awaited on :1234
#            test   the console on stdio as a plain byte stream, for the
#                   boot tests (no escape key: every byte reaches the guest)
#            bench  test, under -icount shift=0 (guest time = instructions)
#   --smp N      CPUs (x86_64; default 4). The r2d board has one.
#   --append T   the kernel command line
#   --iso        boot build/x86_64/kernel.iso through GRUB instead (x86_64)
#   --build DIR  take the kernel from DIR instead of build/ARCH/ (make
#                bench SCALE=N boots build/ARCH-scaleN/)
#
# make run / make debug, tests/boot/conftest.py and tests/bench/bench.py
# all start QEMU through this script; it execs QEMU, so whoever started it
# can wait for, signal and kill QEMU itself.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)

usage() {
	echo "usage: qemu/qemu.sh x86_64|sh4 run|debug|test|bench" \
		"[--smp N] [--append TEXT] [--iso] [--build DIR]" \
		"[-- QEMU ARGS...]" >&2
	exit 2
}

[ $# -ge 2 ] || usage
arch=$1
variant=$2
shift 2
case "$variant" in
run | debug | test | bench) ;;
*)
	echo "qemu.sh: unknown variant '$variant'" >&2
	usage
	;;
esac

smp=4
append=
iso=
build=$root/build/$arch
while [ $# -gt 0 ]; do
	case "$1" in
	--smp)
		[ $# -ge 2 ] || usage
		smp=$2
		shift 2
		;;
	--append)
		[ $# -ge 2 ] || usage
		append=$2
		shift 2
		;;
	--iso)
		iso=1
		shift
		;;
	--build)
		[ $# -ge 2 ] || usage
		# Absolute: on x86 the kernel's path is the command line's
		# first word, which the kernel skips only if it starts with /.
		case "$2" in
		/*) build=$2 ;;
		*) build=$PWD/$2 ;;
		esac
		shift 2
		;;
	--)
		shift
		break
		;;
	*)
		echo "qemu.sh: unknown option '$1'" >&2
		usage
		;;
	esac
done
# What is left in "$@" goes to QEMU as it is, after the variant's own.

# Variant options both arches share.
case "$variant" in
debug) extra_variant="-s -S" ;;
bench) extra_variant="-icount shift=0,sleep=off" ;;
*) extra_variant= ;;
esac

case "$arch" in
x86_64)
	set -- -machine pc -m 256M -smp "$smp" -no-reboot -net none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-nographic $extra_variant "$@"
	# -nographic muxes the serial port and the monitor on stdio: Ctrl-A X
	# leaves, and Ctrl-C reaches the guest.
	if [ -n "$iso" ]; then
		exec qemu-system-x86_64 -cdrom "$build/kernel.iso" "$@"
	fi
	exec qemu-system-x86_64 -kernel "$build/kernel.elf" \
		-append "$append" "$@"
	;;
sh4)
	[ -z "$iso" ] || {
		echo "qemu.sh: --iso is for x86_64 only" >&2
		exit 2
	}
	# The SCIF console is QEMU's second serial port; the first (SCI)
	# goes nowhere. signal=off: a typed Ctrl-C reaches the shell instead
	# of killing QEMU.
	case "$variant" in
	run | debug)
		# A person's console: muxed, so that Ctrl-A X leaves as with
		# x86's -nographic. Their typing goes through the relay,
		# which paces it for the SCIF's 16-byte FIFO, so that a
		# pasted line arrives whole.
		console=stdio,id=con,mux=on,signal=off
		relay=$root/qemu/sh4-console-relay.py
		;;
	*)
		# The tests' console: not muxed, every byte reaches the guest,
		# typed through the relay that paces it for the SCIF.
		console=stdio,id=con,signal=off
		relay=$root/qemu/sh4-console-relay.py
		;;
	esac
	set -- -M r2d -display none -monitor none -chardev "$console" \
		-serial null -serial chardev:con \
		-kernel "$build/kernel.bin" -append "$append" \
		$extra_variant "$@"
	exec $relay qemu-system-sh4 "$@"
	;;
*)
	echo "qemu.sh: unknown arch '$arch'" >&2
	usage
	;;
esac
