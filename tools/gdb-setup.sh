#!/bin/sh
# gdb-setup.sh - make a plain `gdb` in this directory attach to `make debug`.
#
# Usage: tools/gdb-setup.sh ARCH [PORT]
#
# Writes build/debug.gdb, which the repository's .gdbinit sources: the
# kernel's symbols for ARCH and the connection to QEMU's gdb server on
# PORT (default 1234). gdb only runs a .gdbinit from a directory its
# auto-load safe-path allows, so the first time this adds that one file
# to the user's own gdbinit (the one gdb reads) and says so.
set -eu

arch=${1:-}
port=${2:-1234}
root=$(cd "$(dirname "$0")/.." && pwd)

case "$arch" in
x86_64) gdb=gdb ;;
# The host's gdb knows only the host's instruction set.
sh4) gdb=gdb-multiarch ;;
*)
	echo "usage: tools/gdb-setup.sh x86_64|sh4 [PORT]" >&2
	exit 2
	;;
esac

mkdir -p "$root/build"
cat >"$root/build/debug.gdb" <<GDB
# Written by tools/gdb-setup.sh for make ARCH=$arch debug.
file $root/build/$arch/kernel.elf
target remote :$port
GDB

# gdb reads the first of these that exists (gdb's manual, "Home
# directory initialization file"); create ~/.gdbinit when none does.
home_init=$HOME/.gdbinit
for f in "${XDG_CONFIG_HOME:-$HOME/.config}/gdb/gdbinit" "$HOME/.gdbinit"; do
	if [ -f "$f" ]; then
		home_init=$f
		break
	fi
done
line="add-auto-load-safe-path $root/.gdbinit"
if ! grep -Fxq "$line" "$home_init" 2>/dev/null; then
	echo "$line" >>"$home_init"
	echo "debug: added '$line' to $home_init, so that gdb run here" \
		"loads this repository's .gdbinit"
fi
echo "debug: QEMU waits for gdb on :$port. In another terminal, run" \
	"'$gdb' in $root (its .gdbinit loads build/$arch/kernel.elf and" \
	"connects)."
