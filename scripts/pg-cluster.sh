#!/usr/bin/env bash
# A throwaway PostgreSQL cluster: a temporary data directory, a free port on 127.0.0.1, trust auth,
# fsync off (the data dies with the run anyway), a database `ocop` owned by a role `ocop` that may create
# the test database.
#
#   scripts/pg-cluster.sh COMMAND...   runs COMMAND with DATABASE_URL pointing at a fresh cluster, then
#                                      stops and deletes the cluster whatever COMMAND did
#   source scripts/pg-cluster.sh       gives pg_cluster_start (sets DATABASE_URL) and pg_cluster_stop;
#                                      the caller traps pg_cluster_stop on EXIT
#
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user.

PG_TMP=""
PG_BIN=""

pg_find_bin() {
    local found
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        PG_BIN="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
        return 0
    fi
    # Debian keeps the server programs off PATH, one folder per major version: take the newest.
    found="$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V | tail -n 1)"
    if [[ -n "$found" && -x "$found/initdb" ]]; then
        PG_BIN="$found"
        return 0
    fi
    return 1
}

pg_as_owner() {
    # Run from the temporary folder: the postgres user may not be allowed into the caller's directory.
    if [[ "$(id -u)" == 0 ]]; then
        (cd "$PG_TMP" && runuser -u postgres -- "$@")
    else
        (cd "$PG_TMP" && "$@")
    fi
}

pg_free_port() {
    "${UV_PYTHON:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the cluster and exports DATABASE_URL; returns non-zero (having cleaned up) if it cannot.
pg_cluster_start() {
    if ! pg_find_bin; then
        echo "PostgreSQL server programs not found: installing Debian's postgresql" >&2
        apt_install postgresql || true
        pg_find_bin || { echo "PostgreSQL is not installed and could not be installed" >&2; return 1; }
    fi
    if [[ "$(id -u)" == 0 ]] && ! id postgres >/dev/null 2>&1; then
        echo "running as root but there is no postgres user to run the cluster as" >&2
        return 1
    fi

    PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/ocop-pg.XXXXXX")"
    [[ "$(id -u)" == 0 ]] && chown postgres: "$PG_TMP"
    chmod 700 "$PG_TMP"

    if ! pg_as_owner "$PG_BIN/initdb" --pgdata="$PG_TMP/data" --username=postgres --auth=trust \
        --encoding=UTF8 --no-locale --no-sync >"$PG_TMP/initdb.log" 2>&1; then
        echo "initdb failed:" >&2
        cat "$PG_TMP/initdb.log" >&2
        pg_cluster_stop
        return 1
    fi

    local port _
    for _ in 1 2 3; do
        # A port found free can be taken before the server binds it: try another one then.
        port="$(pg_free_port)"
        if pg_as_owner "$PG_BIN/pg_ctl" --pgdata="$PG_TMP/data" --log="$PG_TMP/server.log" --wait --timeout=60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null; then
            break
        fi
        port=""
    done
    if [[ -z "$port" ]]; then
        echo "PostgreSQL did not start; its log:" >&2
        tail -n 30 "$PG_TMP/server.log" >&2 || true
        pg_cluster_stop
        return 1
    fi

    local psql=("$PG_BIN/psql" --host=127.0.0.1 --port="$port" --username=postgres --dbname=postgres
        --quiet --no-psqlrc --set=ON_ERROR_STOP=1)
    if ! "${psql[@]}" --command="CREATE ROLE ocop LOGIN PASSWORD 'ocop' CREATEDB" \
        --command="CREATE DATABASE ocop OWNER ocop" </dev/null; then
        echo "could not create the ocop role and database" >&2
        pg_cluster_stop
        return 1
    fi
    export DATABASE_URL="postgres://ocop:ocop@127.0.0.1:$port/ocop"
    echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $PG_TMP)"
}

# Stops the cluster and deletes its files; safe to call twice, or when nothing was started.
pg_cluster_stop() {
    [[ -n "$PG_TMP" ]] || return 0
    if [[ -f "$PG_TMP/data/postmaster.pid" ]]; then
        pg_as_owner "$PG_BIN/pg_ctl" --pgdata="$PG_TMP/data" --mode=immediate --wait stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TMP"
    PG_TMP=""
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    [[ $# -gt 0 ]] || { echo "usage: $0 COMMAND..." >&2; exit 2; }
    source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
    trap pg_cluster_stop EXIT
    pg_cluster_start
    # In the background so that a signal reaches the trap at once instead of after COMMAND ends; stdin is
    # passed on explicitly because a background command would otherwise read from /dev/null.
    "$@" <&0 &
    command_pid=$!
    trap 'kill -TERM "$command_pid" 2>/dev/null; wait "$command_pid"; exit 143' TERM
    trap 'kill -INT "$command_pid" 2>/dev/null; wait "$command_pid"; exit 130' INT
    wait "$command_pid"
fi
