# shellcheck shell=bash
# Sourced by the other scripts: finds Python 3.12 and uv, and moves to the repository root.
#
# uv may not download a Python here, so it is pointed at pyenv's newest 3.12 (or a python3.12 on PATH).
# A machine without uv gets one in the git-ignored .tools/ venv, so nothing is installed system-wide.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT" || exit 1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[1;33m!!! %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31m!!! %s\033[0m\n' "$*" >&2; exit 1; }

find_python312() {
    local pyenv_root candidate
    if command -v pyenv >/dev/null 2>&1; then
        pyenv_root="$(pyenv root)"
    else
        pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
    fi
    # Newest patch release first; `sort -V` orders 3.12.10 after 3.12.9.
    candidate="$( (ls -d "$pyenv_root"/versions/3.12.*/bin/python3.12 2>/dev/null || true) | sort -V | tail -n 1)"
    if [[ -n "$candidate" && -x "$candidate" ]]; then
        printf '%s\n' "$candidate"
        return 0
    fi
    # A pyenv shim answers `command -v` even when it has no such version, so ask the interpreter itself.
    if candidate="$(python3.12 -c 'import sys; print(sys.executable)' 2>/dev/null)" && [[ -n "$candidate" ]]; then
        printf '%s\n' "$candidate"
        return 0
    fi
    return 1
}

if [[ -z "${UV_PYTHON:-}" ]]; then
    UV_PYTHON="$(find_python312)" || die "no Python 3.12 found (looked in pyenv's versions and for python3.12 on PATH)"
fi
export UV_PYTHON
export UV_PYTHON_DOWNLOADS=never
# The lockfile is the truth: `uv run` must install from it, never rewrite it behind someone's back.
export UV_FROZEN=1
# Playwright (from PyPI) drives Debian's chromium; it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

ensure_uv() {
    # A pyenv shim for uv exists on some machines without a working uv behind it: run it to be sure.
    if uv --version >/dev/null 2>&1; then
        UV="$(command -v uv)"
    elif [[ -x .tools/bin/uv ]] && .tools/bin/uv --version >/dev/null 2>&1; then
        UV="$REPO_ROOT/.tools/bin/uv"
    else
        say "installing uv into .tools/ (no uv on PATH)"
        # Some Debian python3 builds lack ensurepip (python3-venv): the 3.12 found above has it.
        rm -rf .tools
        python3 -m venv .tools >/dev/null 2>&1 || { rm -rf .tools && "$UV_PYTHON" -m venv .tools; }
        .tools/bin/pip install --quiet --disable-pip-version-check uv
        UV="$REPO_ROOT/.tools/bin/uv"
    fi
    export UV
    # So that `uv` in the plain commands below, and in anything they start, is this one.
    PATH="$(dirname "$UV"):$PATH"
    export PATH
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [[ "$(id -u)" == 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        return 1
    fi
}

# Installs Debian packages without recommends, its chatter kept in a log shown only when it fails.
apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    local log status=0
    log="$(mktemp "${TMPDIR:-/tmp}/ocop-apt.XXXXXX")"
    {
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q \
            && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
    } </dev/null >"$log" 2>&1 || status=$?
    if [[ $status != 0 ]]; then
        tail -n 40 "$log" >&2
    fi
    rm -f "$log"
    return "$status"
}

# True when `manage.py help --commands` lists the command: later work adds some (load_demo, bench).
has_manage_command() {
    local commands
    commands="$(uv run python manage.py help --commands)" || return 2
    grep -qx "$1" <<<"$commands"
}
