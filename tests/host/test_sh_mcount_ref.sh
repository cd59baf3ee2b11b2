#!/bin/bash
# test_sh_mcount_ref.sh - on SH, C code that takes mcount's address makes
# the same R_SH_DIR32 relocation as a -pg call site; recordmcount must
# count only the literals inside the -pg sequence.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$ROOT/build/host/tests}
TOOL=$ROOT/build/host/recordmcount
. "$ROOT/tests/host/check.sh"
mkdir -p "$OUT"
[ -x "$TOOL" ] || cc -O2 -o "$TOOL" "$ROOT"/tools/recordmcount/*.c
if ! command -v sh4-linux-gnu-gcc >/dev/null; then
	echo "SKIP: no sh4-linux-gnu-gcc"
	echo "0 passed, 0 failed"
	exit 0
fi
src=$OUT/sh_mcount_ref.c
cat >"$src" <<'C'
extern void mcount(void);
unsigned long where_is_mcount(void) { return (unsigned long)mcount; }
int traced(int x) { return x * 3; }
C
for opt in -O0 -O2; do
	obj=$OUT/sh_mcount_ref$opt.o
	sh4-linux-gnu-gcc -m4-nofpu -ml -pg $opt -ffreestanding -c -o "$obj" "$src"
	relocs=$(sh4-linux-gnu-readelf -rW "$obj" | grep -c 'R_SH_DIR32.*mcount')
	n=$("$TOOL" --count "$obj")
	check "$opt: three mcount relocations in the object" [ "$relocs" = 3 ]
	check "$opt: only the two -pg literals are sites (got $n)" [ "$n" = 2 ]
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
