#!/usr/bin/env bash
# Installs whatever is missing, and nothing that is already there, so a second run takes a second.
#
#   scripts/setup.sh            uv, the Python packages of uv.lock (dev group included), the npm packages
#   scripts/setup.sh --browser  also Debian's chromium and chromium-driver, for the Playwright tests
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

want_browser=""
for argument in "$@"; do
    case "$argument" in
        --browser) want_browser=1 ;;
        *) die "unknown option: $argument" ;;
    esac
done

ensure_uv
say "Python packages ($("$UV_PYTHON" --version), uv $("$UV" --version | cut -d' ' -f2))"
uv sync --frozen

if ! command -v npm >/dev/null 2>&1; then
    say "installing Debian's nodejs and npm (no npm on PATH)"
    apt_install nodejs npm || die "npm is missing and could not be installed"
fi
# npm ci wipes node_modules, so it runs only when the lockfile is newer than the last install.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    say "npm packages"
    npm ci --no-audit --no-fund
    touch node_modules/.package-lock.json
fi

# WeasyPrint (the certificate PDFs) draws text with Pango, in DejaVu Serif: every Vietnamese diacritic.
if ! { ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -q "DejaVu Serif"; }; then
    say "installing Debian's Pango and DejaVu fonts for the certificate PDFs"
    apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig \
        || warn "could not install Pango and the DejaVu fonts: /c/<number>.pdf will fail"
fi

if [[ -n "$want_browser" && ! ( -x /usr/bin/chromium && -x /usr/bin/chromedriver ) ]]; then
    say "installing Debian's chromium and chromium-driver for the browser tests"
    # Fonts are only recommended by chromium, but pages without them render Vietnamese text as boxes.
    if ! apt_install chromium chromium-driver fonts-liberation fonts-dejavu-core; then
        [[ "${CI:-}" == "true" ]] && die "could not install chromium"
        warn "could not install chromium: the browser tests will fail"
    fi
fi
