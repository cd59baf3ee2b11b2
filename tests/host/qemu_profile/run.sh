#!/usr/bin/env bash
# run.sh - host tests of the make profile plugin and report: test_prof.c
# over tools/qemu-profile's C files (built here with the host compiler,
# without QEMU), test_report.py over profile_report.py. The last line printed is
# "N passed, M failed".
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=${OUT:-$ROOT/build/host/tests}
HOSTCC=${HOSTCC:-cc}
SRC=$ROOT/tools/qemu-profile
mkdir -p "$OUT"

pass=0 fail=0
add() { # add OUTPUT: sum its "N passed, M failed" line
	local last
	last=$(tail -n 1 <<<"$1")
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		pass=$((pass + BASH_REMATCH[1]))
		fail=$((fail + BASH_REMATCH[2]))
	else
		fail=$((fail + 1))
	fi
}

if $HOSTCC -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -std=gnu11 \
	-I"$SRC" -o "$OUT/test_prof" "$HERE/test_prof.c" "$SRC/symtab.c" \
	"$SRC/prof.c" "$SRC/insn.c"; then
	out=$("$OUT/test_prof")
	echo "$out"
	add "$out"
else
	echo "FAIL: test_prof.c does not build"
	fail=$((fail + 1))
fi
out=$(/usr/bin/python3 "$HERE/test_report.py")
echo "$out"
add "$out"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
