#!/bin/bash
# test_clang_format.sh - .clang-format knows every for_each_* macro in the
# tree (so their loops are formatted as loops) and never splits a string
# literal (so a grep for a message finds it whole).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$ROOT/build/host/tests}
CONFIG=$ROOT/.clang-format
. "$ROOT/tests/host/check.sh"

listed=$(sed -n '/^ForEachMacros:/,/^[^ ]/s/^  - \([a-z_0-9]*\)$/\1/p' "$CONFIG")
macros=$(cd "$ROOT" && find . -path ./build -prune -o -path ./.git -prune \
	-o \( -name '*.c' -o -name '*.h' \) -print0 |
	xargs -0 sed -n 's/^#define \([a-z_0-9]*for_each[a-z_0-9]*\)(.*/\1/p' |
	sort -u)
check "the tree has a for_each_* macro to look for" [ -n "$macros" ]
for m in $macros; do
	check "ForEachMacros lists $m" grep -Fxq "$m" <<<"$listed"
done
check "BreakStringLiterals: false" grep -Fxq "BreakStringLiterals: false" \
	"$CONFIG"

if command -v clang-format >/dev/null; then
	mkdir -p "$OUT"
	sample=$OUT/clang_format_sample.c
	m=$(head -n 1 <<<"$macros")
	cat >"$sample" <<C
void f(void)
{
	$m(a, b) {
		g();
	}
	printk("a message far too long to fit on one line of eighty columns, whatever: %d\n", 1);
}
C
	got=$(cd "$ROOT" && clang-format --style=file \
		--assume-filename="$ROOT/x.c" <"$sample")
	check "a long string literal stays whole" grep -Fq \
		'"a message far too long to fit on one line of eighty columns, whatever: %d\n"' \
		<<<"$got"
	check "$m(...) is a loop: its brace stays on its line" grep -Fxq \
		"	$m(a, b) {" <<<"$got"
else
	echo "note: no clang-format; only the configuration was read"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
