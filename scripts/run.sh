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
say "scoring sheets (rubrics)"
manage load_rubrics
say "demo accounts"
manage load_demo_users
# The registry's demo data arrives with later work; until then there is nothing to load.
if has_manage_command load_demo; then
    say "demo data"
    manage load_demo
fi
# The demo people are not real: their notifications wait in their inboxes, and no mail is sent.
say "demo dossiers (evaluation)"
EMAIL_BACKEND=none manage load_demo_evaluation
say "demo batches and stamps (traceability)"
EMAIL_BACKEND=none manage load_demo_trace
say "demo buyer, demands and offers (trade)"
EMAIL_BACKEND=none manage load_demo_trade
say "demo connection event, memoranda and contracts (trade)"
EMAIL_BACKEND=none manage load_demo_agreements
say "demo sales points (outlets)"
EMAIL_BACKEND=none manage load_demo_outlets
say "demo targets (reports)"
manage load_demo_targets
# The day's reminders, printed rather than sent: the demo producer finds them in the inbox (/thong-bao/)
# without an SMTP server. Idempotent, like every step here: a second run sends nothing new.
say "daily round (reminders, mail to the console)"
EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend manage ocop_daily
# Collecting and compressing every file again takes several seconds, so it is skipped when nothing that
# decides the result changed: the project's static folders, the npm and Python packages (lockfiles), the
# settings, and DEBUG (which picks the storage).
static_fingerprint() {
    {
        find . \( -path ./.git -o -path ./.venv -o -path ./.tools -o -path ./node_modules -o -path ./staticfiles \
            -o -path ./var \) -prune -o -path '*/static/*' -type f -printf '%p %s %T@\n'
        sha1sum uv.lock package-lock.json config/settings.py node_modules/.package-lock.json
        echo "DEBUG=${DEBUG:-}"
    } | sort | sha1sum | cut -d' ' -f1
}
fingerprint="$(static_fingerprint)"
if [[ -f staticfiles/staticfiles.json && "$(cat staticfiles/.fingerprint 2>/dev/null)" == "$fingerprint" ]]; then
    say "static files: unchanged since the last collectstatic"
else
    say "static files"
    manage collectstatic --noinput --verbosity 1
    echo "$fingerprint" >staticfiles/.fingerprint
fi

exec "$REPO_ROOT/scripts/serve.sh"
