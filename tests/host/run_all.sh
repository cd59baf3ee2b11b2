#!/bin/sh
# run_all.sh - run the test runner and the test_*.sh scripts; print the summed totals.
#
# Usage: run_all.sh RUNNER 'RUNNER ARGS' [SCRIPT...]
#
# Scripts run with bash. Each program's output is shown once it ends,
# but for its last line, which must read "N passed, M failed" and is
# replaced by "NAME: N passed, M failed". A program that prints no such
# line, or exits non-zero while claiming 0 failures, counts as one
# failure. The very last line is the sum; exit status 1 if it has failures.

runner=$1
runner_args=$2
shift 2

total_pass=0
total_fail=0
log=$(mktemp "${TMPDIR:-/tmp}/host-tests.XXXXXX") || exit 2
trap 'rm -f "$log"' EXIT

run_one() {
	name=$1
	shift
	# Keep the program's own totals line out of sight: only the sum
	# is printed as a totals line.
	"$@" >"$log" 2>&1
	rc=$?
	last=$(tail -n 1 "$log")
	sed '$d' "$log"
	parsed=no
	case $last in
	*" passed, "*" failed")
		p=${last%% passed, *}
		f=${last#* passed, }
		f=${f% failed}
		case "$p$f" in
		"" | *[!0-9]*) ;;
		*) parsed=yes ;;
		esac
		;;
	esac
	if [ $parsed = yes ]; then
		pass=$p
		fail=$f
	else
		[ -n "$last" ] && echo "$last"
		echo "$name: no \"N passed, M failed\" line (exit status $rc)"
		pass=0
		fail=1
	fi
	if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		echo "$name: exit status $rc"
		fail=1
	fi
	echo "$name: $pass passed, $fail failed"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
}

# shellcheck disable=SC2086 # runner_args is a word list on purpose
run_one runner "$runner" $runner_args
for script in "$@"; do
	run_one "$script" bash "./$script"
done

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
