# A throwaway PostgreSQL for tests and the local cluster: its own folder, its own port on
# 127.0.0.1, nothing shared with a cluster Debian's postgresql package may have started.
# Sourced, not run. Works as root (the server runs as the `postgres` user, which initdb and
# pg_ctl demand) and as an ordinary user (it runs as that user).
#
#   pg_start DIR PORT      initialise DIR on first use, then start (waits until it accepts)
#   pg_stop DIR [MODE]     stop (MODE: fast by default, or smart/immediate); quiet if not running
#   pg_running DIR         exit 0 while the server of DIR runs
#   pg_create_db PORT NAME create database NAME unless it exists
#   pg_url PORT [NAME]     postgres://postgres@127.0.0.1:PORT/NAME (default postgres)
#
# DIR holds data/ (PGDATA), socket/ (the Unix socket) and postgres.log. As root, DIR is
# owned by `postgres`, so every folder above it must let that user through (o+x); /tmp does.
# Set WHEELHOUSE_PG_BIN to use binaries other than the newest /usr/lib/postgresql/*/bin.

pg_bin_dir() {
    if [ -n "${WHEELHOUSE_PG_BIN:-}" ]; then
        echo "$WHEELHOUSE_PG_BIN"
        return 0
    fi
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
        return 1
    fi
    echo "$dir"
}

# Runs a command as the owner of the database files: `postgres` when we are root.
_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_running() {
    local dir="$1" bin
    bin="$(pg_bin_dir)" || return 1
    [ -f "$dir/data/PG_VERSION" ] || return 1
    _pg_as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

pg_start() {
    local dir="$1" port="$2" bin
    bin="$(pg_bin_dir)" || return 1
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || { echo "no 'postgres' user (apt-get install postgresql)" >&2; return 1; }
        chown postgres: "$dir"
        chmod 0700 "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            echo "the postgres user cannot reach $dir: every folder above it needs o+x" >&2
            return 1
        fi
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        _pg_as_owner mkdir -p "$dir/socket"
        _pg_as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-instructions \
            >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; echo "initdb failed in $dir/data" >&2; return 1; }
    fi
    if pg_running "$dir"; then
        return 0
    fi
    # fsync stays on: the tests check durability. The Unix socket goes to our own folder, not
    # to /var/run/postgresql, so a system cluster and this one never meet.
    if ! _pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c max_connections=200" \
        start >/dev/null; then
        tail -n 30 "$dir/postgres.log" >&2 || true
        echo "PostgreSQL did not start on 127.0.0.1:$port (log: $dir/postgres.log)" >&2
        return 1
    fi
}

pg_stop() {
    local dir="$1" mode="${2:-fast}" bin
    bin="$(pg_bin_dir)" || return 1
    pg_running "$dir" || return 0
    _pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m "$mode" -w -t 60 stop >/dev/null
}

pg_create_db() {
    local port="$1" name="$2" bin exists
    bin="$(pg_bin_dir)" || return 1
    # psql substitutes :'name' (quoted safely) only in what it reads, not in -c.
    exists="$(echo "SELECT 1 FROM pg_database WHERE datname = :'name';" \
        | "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XtAq -v name="$name")" || return 1
    [ "$exists" = "1" ] && return 0
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
}

pg_url() {
    echo "postgres://postgres@127.0.0.1:$1/${2:-postgres}"
}
