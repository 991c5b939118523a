#!/usr/bin/env bash
# `make bench`: the project's benchmarks, once a `bench` management command exists.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/scripts/setup.sh"
ensure_uv
if has_manage_command bench; then
    exec uv run python manage.py bench "$@"
fi
echo "no benchmarks yet"
