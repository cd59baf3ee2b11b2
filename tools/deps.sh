#!/bin/sh
# deps.sh - install the Debian packages a make target needs, when missing.
# Usage: tools/deps.sh build|run|debug|test|profile|trace|fuzz [ARCH].
# Says what it installs.
set -e
what=$1
arch=${2:-x86_64}

need=""
want() { # want COMMAND PACKAGE
	command -v "$1" >/dev/null 2>&1 || need="$need $2"
}
want_py() { # want_py MODULE PACKAGE (Debian's python3, not a venv's)
	/usr/bin/python3 -c "import $1" >/dev/null 2>&1 || need="$need $2"
}

want gcc gcc
want make make
case "$what:$arch" in
*:sh4 | test:* | fuzz:*)
	want sh4-linux-gnu-gcc gcc-sh4-linux-gnu
	want sh4-linux-gnu-ld binutils-sh4-linux-gnu
	;;
esac
case "$what" in
run | debug | test | profile | trace)
	case "$arch:$what" in
	x86_64:* | *:test) want qemu-system-x86_64 qemu-system-x86 ;;
	esac
	case "$arch:$what" in
	sh4:* | *:test) want qemu-system-sh4 qemu-system-misc ;;
	esac
	;;
esac
if [ "$what" = debug ]; then
	# The host's gdb reads only host code; SH-4 needs the multiarch one.
	case "$arch" in
	sh4) want gdb-multiarch gdb-multiarch ;;
	*) want gdb gdb ;;
	esac
fi
if [ "$what" = profile ]; then
	# make profile types its scenario through the boot tests' harness.
	[ -x /usr/bin/python3 ] || need="$need python3"
	want_py pexpect python3-pexpect
fi
# make fuzz: libFuzzer and the sanitizers' runtimes come with clang's
# compiler-rt package; the console fuzz boots both kernels like the tests.
if [ "$what" = fuzz ]; then
	want clang clang
	rt=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)
	[ -f "$rt" ] || need="$need libclang-rt-dev"
	want qemu-system-x86_64 qemu-system-x86
	want qemu-system-sh4 qemu-system-misc
	want_py pytest python3-pytest
	want_py pexpect python3-pexpect
fi
if [ "$what" = test ]; then
	want grub-mkrescue grub-common
	[ -d /usr/lib/grub/i386-pc ] || need="$need grub-pc-bin"
	want xorriso xorriso
	want mformat mtools
	[ -x /usr/bin/python3 ] || need="$need python3"
	want_py pytest python3-pytest
	want_py pexpect python3-pexpect
	want gdb gdb
	want gdb-multiarch gdb-multiarch
	# tests/tools opens the trace report in a headless browser.
	want chromium chromium
	want chromedriver chromium-driver
	want_py selenium python3-selenium
fi
# make trace writes a trace.dat for trace-cmd (the tests read it back
# with trace-cmd report) and drives the console with pexpect.
case "$what" in
test | trace) want trace-cmd trace-cmd ;;
esac
[ "$what" != trace ] || want_py pexpect python3-pexpect

install() { # install: apt-get install what $need lists, then empty it
	[ -z "$need" ] && return 0
	echo "deps: installing Debian packages:$need"
	if [ "$(id -u)" = 0 ]; then
		sudo=""
	else
		sudo="sudo"
	fi
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -q
	# shellcheck disable=SC2086
	$sudo apt-get install -y -q --no-install-recommends $need
	need=""
}
install

# The SH-4 build loads a plugin into sh4-linux-gnu-gcc (arch/sh/build.mk
# says why): it needs that gcc's plugin headers, whose package is named
# after its major version, so it is looked for once the compiler is in.
case "$what:$arch" in
*:sh4 | test:* | fuzz:*)
	want g++ g++
	dir=$(sh4-linux-gnu-gcc -print-file-name=plugin)
	ver=$(sh4-linux-gnu-gcc -dumpversion | cut -d. -f1)
	[ -f "$dir/include/gcc-plugin.h" ] ||
		need="$need gcc-$ver-plugin-dev-sh4-linux-gnu"
	install
	;;
esac
