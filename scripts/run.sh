#!/usr/bin/env bash
# `make run`: install what is missing, bring the database up to date, load the reference and demo data,
# collect the static files, then serve. Every step is idempotent, so a second run only starts the server.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/scripts/setup.sh"
ensure_uv

manage() { uv run python manage.py "$@"; }

say "database: ${DATABASE_URL:-SQLite in var/ocop.sqlite3}"
manage migrate --noinput
say "administrative units"
manage load_units
say "demo accounts"
manage load_demo_users
# The registry's demo data arrives with later work; until then there is nothing to load.
if has_manage_command load_demo; then
    say "demo data"
    manage load_demo
fi
say "static files"
manage collectstatic --noinput --verbosity 1

exec "$REPO_ROOT/scripts/serve.sh"
