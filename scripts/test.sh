#!/usr/bin/env bash
# `make test`: install what is missing, lint, type-check, then the whole pytest suite twice: on SQLite and
# on a throwaway PostgreSQL cluster. Every step runs even when an earlier one failed, so one run reports
# everything; the exit status is non-zero if any step failed. Arguments go to both pytest runs.
#
# Without PostgreSQL the second run is skipped with a warning, except under CI=true, where it fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$REPO_ROOT/scripts/pg-cluster.sh"

"$REPO_ROOT/scripts/setup.sh" --browser
ensure_uv

REPORT_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ocop-test.XXXXXX")"
# shellcheck disable=SC2317  # called by the trap
cleanup() {
    pg_cluster_stop
    rm -rf "$REPORT_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SUMMARY=()
FAILED=0

check() {
    local name="$1"
    shift
    say "$name: $*"
    if "$@"; then
        SUMMARY+=("$name: ok")
    else
        SUMMARY+=("$name: FAILED")
        FAILED=1
    fi
}

# "N passed, N failed, N skipped" from pytest's JUnit report; errors count as failures.
count_results() {
    "$UV_PYTHON" - "$1" <<'PYTHON'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
total = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(f"{total - failed - skipped} passed, {failed} failed, {skipped} skipped")
PYTHON
}

# Runs the suite against the database the environment names, and records one summary line for it.
run_suite() {
    local backend="$1"
    shift
    local report="$REPORT_DIR/$backend.xml" status=0 counts
    say "pytest on $backend"
    OCOP_EXPECT_DB="$backend" uv run pytest --junitxml="$report" "$@" || status=$?
    counts="$( [[ -f "$report" ]] && count_results "$report" || echo "no report")"
    if [[ $status == 0 ]]; then
        SUMMARY+=("$backend: $counts")
    elif [[ $status == 5 ]]; then
        # pytest's "no tests collected": a suite that tests nothing has not passed.
        SUMMARY+=("$backend: FAILED, no tests ran")
        FAILED=1
    else
        SUMMARY+=("$backend: FAILED (pytest exit $status) - $counts")
        FAILED=1
    fi
}

check "ruff check" uv run ruff check .
check "ruff format" uv run ruff format --check .
check "mypy" uv run mypy .
# Templates resolve {% static %} through the manifest when DEBUG is off, as it is under pytest.
check "collectstatic" uv run python manage.py collectstatic --noinput --verbosity 0

# The first run is SQLite whatever the caller's environment says; the second sets its own DATABASE_URL.
unset DATABASE_URL
run_suite sqlite "$@"

say "starting a throwaway PostgreSQL cluster"
if pg_cluster_start; then
    run_suite postgresql "$@"
    pg_cluster_stop
elif [[ "${CI:-}" == "true" ]]; then
    SUMMARY+=("postgresql: FAILED, PostgreSQL could not be started")
    FAILED=1
else
    warn "################################################################################"
    warn "PostgreSQL could not be started: the suite ran on SQLite ONLY (CI would fail here)"
    warn "################################################################################"
    SUMMARY+=("postgresql: SKIPPED, PostgreSQL could not be started")
fi

echo
say "summary"
printf '%s\n' "${SUMMARY[@]}"
exit "$FAILED"
