#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: Debian's server, a temporary data directory, trust
# authentication on a loopback port. Nothing about it is fit for real data.
#
#   Scripts/postgres-test-cluster.sh start   # prints postgresql://carequeue@127.0.0.1:PORT/carequeue
#   Scripts/postgres-test-cluster.sh stop    # stops it and removes its data directory
#
# `start` reuses the cluster it started before (the state file below) while that one still runs, so
# CI, several test processes and a developer's repeated `swift test` share one server; each test makes
# its own database in it. Only the URL goes to stdout; progress and errors go to stderr.
#
# initdb refuses to run as root: as root the cluster belongs to a system user `cqpg` (made when
# missing); as anyone else it belongs to the caller. fsync stays on (the server's default) and
# synchronous_commit is on explicitly: the store's durability is what the PostgreSQL tests are about.
set -euo pipefail

state_dir="${CAREQUEUE_PG_TEST_STATE:-/tmp/carequeue-pg-test-$(id -u)}"
state_file="$state_dir/state"
owner_user=cqpg
superuser=carequeue
database=carequeue
first_port=54329
ports_to_try=40

say() { echo "postgres-test-cluster: $*" >&2; }
die() { say "$*"; exit 1; }

# The newest Debian server (/usr/lib/postgresql/<major>/bin), or one that PATH finds.
find_bin_dir() {
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4n | tail -1 || true)
    if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then echo "$newest"; return; fi
    if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
    die "no PostgreSQL server found (install Debian's postgresql package: apt-get install postgresql)"
}

# Runs a server command as the cluster's owner: cqpg when we are root, else ourselves.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$owner_user" -- "$@"; else "$@"; fi
}

ensure_owner_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    id "$owner_user" >/dev/null 2>&1 && return 0
    say "creating system user $owner_user (initdb refuses to run as root)"
    useradd -M -r -s /usr/sbin/nologin "$owner_user"
}

read_state() {
    data_dir="" port=""
    [ -f "$state_file" ] || return 1
    # shellcheck disable=SC1090
    . "$state_file"
    [ -n "$data_dir" ] && [ -n "$port" ]
}

is_running() {
    [ -d "$data_dir" ] && as_owner "$bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1 \
        && "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 5
}

# Runs a command with nothing open above stderr. The server it starts outlives us: it must not hold our
# lock, nor our caller's pipes and sockets (Foundation's Process learns that a child exited when a
# socket the child inherited closes — held by the server, it never would, and `swift test` would hang).
detached() {
    (
        fd=3
        while [ "$fd" -lt 255 ]; do
            eval "exec $fd>&-"
            fd=$((fd + 1))
        done
        "$@"
    )
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

url() { echo "postgresql://$superuser@127.0.0.1:$port/$database"; }

ensure_database() {
    local exists
    exists=$("$bin/psql" -h 127.0.0.1 -p "$port" -U "$superuser" -d postgres -XAtq \
        -c "SELECT 1 FROM pg_database WHERE datname = '$database'")
    [ "$exists" = 1 ] || "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$superuser" "$database"
}

init_cluster() {
    data_dir=$(mktemp -d /tmp/carequeue-pg-data-XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then chown "$owner_user" "$data_dir"; fi
    chmod 0700 "$data_dir"
    local locale=C.UTF-8
    locale -a 2>/dev/null | grep -qix 'c.utf-\?8' || locale=C
    as_owner "$bin/initdb" -D "$data_dir" --auth=trust -U "$superuser" -E UTF8 --locale="$locale" >/dev/null \
        || die "initdb failed in $data_dir"
}

# Starts the cluster at $data_dir on the first free port from $first_port; sets $port.
start_server() {
    local candidate=$first_port last=$((first_port + ports_to_try))
    while [ "$candidate" -lt "$last" ]; do
        if ! port_in_use "$candidate"; then
            if detached as_owner "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 \
                -o "-p $candidate -k $data_dir -c listen_addresses=127.0.0.1 -c synchronous_commit=on" \
                start >/dev/null; then
                port=$candidate
                return 0
            fi
            # Lost a race for the port, most likely: try the next one.
            say "could not start on port $candidate: $(tail -n 3 "$data_dir/server.log" 2>/dev/null | tr '\n' ' ')"
        fi
        candidate=$((candidate + 1))
    done
    die "no free loopback port in $first_port..$((last - 1))"
}

start() {
    ensure_owner_user
    if read_state && is_running; then
        ensure_database
        url
        return
    fi
    if [ -n "${data_dir:-}" ] && [ -f "$data_dir/PG_VERSION" ]; then
        say "restarting the cluster in $data_dir"
    else
        init_cluster
    fi
    start_server
    printf 'data_dir=%q\nport=%q\n' "$data_dir" "$port" >"$state_file"
    ensure_database
    say "started on 127.0.0.1:$port (data in $data_dir)"
    url
}

stop() {
    if ! read_state; then
        say "no cluster recorded in $state_file"
        return 0
    fi
    if [ -d "$data_dir" ]; then
        as_owner "$bin/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$data_dir"
    fi
    rm -f "$state_file"
    say "stopped the cluster on port $port"
}

command=${1:-}
case "$command" in
    start|stop) ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
bin=$(find_bin_dir)
mkdir -p "$state_dir"
chmod 0700 "$state_dir"
# One start or stop at a time: test processes may ask at once.
exec 9>"$state_dir/lock"
flock 9
"$command"
