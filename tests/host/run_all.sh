#!/usr/bin/env bash
# run_all.sh - run the runner and the test scripts; print the summed totals.
#
# Usage: run_all.sh RUNNER 'RUNNER ARGS' [SCRIPT...]
#
# Scripts run with bash. Output streams as it comes, under a "== NAME"
# heading. The last line of each program must read "N passed, M failed";
# one that prints no such line, or exits non-zero while claiming no
# failures, counts as one failure. The very last line is the sum, and the
# exit status is 1 when it has failures.

set -u

runner=$1
runner_args=$2
shift 2

total_pass=0
total_fail=0
log=$(mktemp "${TMPDIR:-/tmp}/host-tests.XXXXXX") || exit 2
trap 'rm -f "$log"' EXIT

totals_re='^([0-9]+) passed, ([0-9]+) failed$'

run_one() {
	local name=$1 rc last pass fail
	shift
	echo "== $name"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	last=$(tail -n 1 "$log")
	if [[ $last =~ $totals_re ]]; then
		pass=${BASH_REMATCH[1]}
		fail=${BASH_REMATCH[2]}
	else
		echo "$name: no \"N passed, M failed\" line at the end" \
			"(exit status $rc): counted as 1 failed"
		pass=0
		fail=1
	fi
	if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		echo "$name: exit status $rc with no failures: counted as 1 failed"
		fail=1
	fi
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
