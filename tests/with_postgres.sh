#!/usr/bin/env bash
# Run a command beside a throwaway PostgreSQL server on loopback, its URL in SCORECARD_TEST_DATABASE_URL.
#
#   tests/with_postgres.sh .venv/bin/python -m pytest -q tests
#
# The server lives in a temporary directory, listens on 127.0.0.1 at a free port, and is stopped and
# deleted when the command ends (or is interrupted). Without Debian's postgresql the command still runs,
# after a loud message, and only the PostgreSQL variants of the store tests skip.
set -uo pipefail

loud() {
    printf '\n%s\n%s\n%s\n\n' "################################################################" \
        "# POSTGRESQL: $*" "################################################################" >&2
}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
    loud "not installed; the PostgreSQL store tests will SKIP (apt-get install postgresql to run them)"
    exec "$@"
fi

# PostgreSQL refuses to run as root: as root, the server runs as the postgres user Debian's package made.
as_owner=()
[ "$(id -u)" = "0" ] && as_owner=(runuser -u postgres --)

workdir=$(mktemp -d "${TMPDIR:-/tmp}/scorecard-pg.XXXXXX")
[ "$(id -u)" = "0" ] && chown postgres: "$workdir"
started=""
stop_server() {
    if [ -n "$started" ]; then
        timeout 30 "${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate -w -t 20 stop >/dev/null 2>&1
    fi
    rm -rf "$workdir"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
if ! timeout 120 "${as_owner[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres -A trust -E UTF8 --no-sync \
        >"$workdir/initdb.log" 2>&1; then
    loud "initdb failed; the PostgreSQL store tests will SKIP. $(tail -n 5 "$workdir/initdb.log")"
    "$@"; exit $?
fi
started=1  # from here on, stop whatever may have started
if ! timeout 60 "${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 45 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off" start >/dev/null 2>&1; then
    loud "the server did not start; the PostgreSQL store tests will SKIP. $(tail -n 5 "$workdir/server.log" 2>/dev/null)"
    "$@"; exit $?
fi
export SCORECARD_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres?connect_timeout=10"
echo "PostgreSQL $(basename "$(dirname "$bindir")") for the store tests at 127.0.0.1:$port" >&2
"$@"
