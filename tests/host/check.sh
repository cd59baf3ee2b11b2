# check.sh - sourced by the test_*.sh scripts here: count checks, say
# which failed. Each script ends with its "N passed, M failed" line.
pass=0 fail=0
check() { # check NAME CONDITION...
	local name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $name"
		fail=$((fail + 1))
	fi
}
