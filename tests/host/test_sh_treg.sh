#!/bin/bash
# test_sh_treg.sh - the SH-4 build's workaround for gcc's sh_treg_combine
# bug takes effect: a reproducer compiled with the kernel's own compiler
# and flags (make ARCH=sh4 cflags, which loads tools/gcc-sh-treg-plugin.cc)
# keeps its 64-bit "v == 0" test, an "or" of the two halves and a "tst"
# of the result, at every -O level. Without the plugin the same check
# must see the bug, which shows that it can.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$ROOT/build/host/tests}
. "$ROOT/tests/host/check.sh"
fails() { ! "$@"; }
mkdir -p "$OUT"
if ! command -v sh4-linux-gnu-gcc >/dev/null; then
	echo "SKIP: no sh4-linux-gnu-gcc"
	echo "0 passed, 0 failed"
	exit 0
fi
# The compiler and flags, with the plugin built; relative to ROOT.
if ! flags=$(make -s --no-print-directory -C "$ROOT" ARCH=sh4 cflags); then
	echo "FAIL: make ARCH=sh4 cflags"
	echo "0 passed, 1 failed"
	exit 1
fi
# shellcheck disable=SC2086
plugin=$(printf '%s\n' $flags | grep -- '^-fplugin=')
check "the kernel's flags load the plugin" [ -n "$plugin" ]
# shellcheck disable=SC2086
unplugged=$(printf "%s " $flags | sed "s|${plugin:-^}||")

src=$OUT/sh_treg.c
cat >"$src" <<'C'
int digits(unsigned long long v, int upper);
void out(int c);
void show(unsigned long long v, unsigned flags, int prec)
{
	int n = digits(v, (flags & 32) != 0);
	if (prec == 0 && v == 0)
		n = 0;
	while (n-- > 0)
		out('0');
}
C
# keeps_test OBJ: show() ors the halves of v into a register and tests it.
keeps_test() {
	sh4-linux-gnu-objdump -d "$1" | awk '
		/\tor\tr[0-9]+,r[0-9]+$/ { split($NF, r, ","); want = r[2]; next }
		want != "" && $NF == want "," want && /\ttst\t/ { found = 1 }
		{ want = "" }
		END { exit !found }'
}
cd "$ROOT" || exit 1
for opt in "" -O1 -Os -O3; do
	name=${opt:-"-O2 (the kernel's)"}
	obj=$OUT/sh_treg${opt:--O2}.o
	# shellcheck disable=SC2086
	$flags $opt -c -o "$obj" "$src"
	check "$name: the v == 0 test survives" keeps_test "$obj"
done
obj=$OUT/sh_treg-bug.o
# shellcheck disable=SC2086
$unplugged -c -o "$obj" "$src"
check "without the plugin the check sees the bug (gcc fixed? then the \
plugin can go)" fails keeps_test "$obj"
# The plugin refuses a gcc it was not built for: here the host one.
so=${plugin#-fplugin=}
check "the plugin refuses another gcc" \
	fails cc -fplugin="$so" -c -o "$OUT/sh_treg-host.o" "$src" 2>/dev/null
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
