#!/usr/bin/env bash
# Runs the whole pytest suite. pytest exits 5 when it collected no tests;
# that means the suite is broken, not that it passed, so treat it as failure.
set -u
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "run_pytest: pytest collected no tests; failing" >&2
  exit 1
fi
exit "$status"
