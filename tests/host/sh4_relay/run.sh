#!/usr/bin/env bash
# sh4_relay/run.sh - the SH-4 console relay paces typing for a slow guest.
exec /usr/bin/python3 "$(dirname "$0")/relay_test.py"
