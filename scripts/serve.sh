#!/usr/bin/env bash
# Runs the web server alone: gunicorn on 127.0.0.1:${PORT:-8000} against whatever DATABASE_URL says.
# It migrates and collects nothing; `make run` does that first (static files need collectstatic
# whenever DEBUG is off). Settings in config/gunicorn.conf.py.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ensure_uv

say "serving on http://${HOST:-127.0.0.1}:${PORT:-8000}/ (DEBUG=${DEBUG:-0}; Ctrl-C stops)"
exec uv run gunicorn config.wsgi:application --config config/gunicorn.conf.py
