#!/usr/bin/env bash
# `make bench`: the project's benchmarks, once a `bench` management command exists.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/scripts/setup.sh"
ensure_uv
# The search's figures with 4 connections at once come from wrk, a Debian package: installed here when
# missing (as root, or through sudo), as scripts/pg-cluster.sh installs PostgreSQL. When it cannot be, the
# table says so on that line rather than leaving the figures out.
if ! command -v wrk >/dev/null 2>&1 && [[ " $* " != *" --no-wrk "* ]]; then
    say "installing Debian's wrk for the search figures under 4 connections"
    apt_install wrk || warn "wrk could not be installed (apt-get install -y wrk as root): the 4-connection figures will be missing"
fi
# Lighthouse (the statistics page on a simulated slow phone) is a measuring tool of 185 MB: it has a
# package.json and lockfile of its own in bench/lighthouse, installed here only, never by `make run` or
# `make test`. As in setup.sh, npm ci runs only when either file is newer than the last install.
lighthouse_dir="$REPO_ROOT/bench/lighthouse"
if [[ ! -f "$lighthouse_dir/node_modules/.package-lock.json" \
    || "$lighthouse_dir/package-lock.json" -nt "$lighthouse_dir/node_modules/.package-lock.json" \
    || "$lighthouse_dir/package.json" -nt "$lighthouse_dir/node_modules/.package-lock.json" ]]; then
    say "Lighthouse for the statistics page's figure (bench/lighthouse)"
    if npm ci --prefix "$lighthouse_dir" --no-audit --no-fund; then
        touch "$lighthouse_dir/node_modules/.package-lock.json"
    else
        warn "Lighthouse could not be installed: the statistics page's line will say so"
    fi
fi
if has_manage_command bench; then
    exec uv run python manage.py bench "$@"
fi
echo "no benchmarks yet"
