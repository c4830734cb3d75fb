#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis servers on loopback, for the many-replica tests.
#
#   scripts/test-services.sh install                 # Debian packages, only when missing
#                                                    # (and pgvector in the PostgreSQL server)
#   scripts/test-services.sh start [PG_PORT REDIS_PORT]
#       installs if needed, starts both in a new folder under /tmp and prints
#       HG_TEST_SERVICES_DIR=...  HG_TEST_POSTGRES_URL=...  HG_TEST_REDIS_URL=...
#   scripts/test-services.sh stop DIR                # stops both and removes the folder
#
# PostgreSQL runs as the `postgres` user when started by root (it refuses to run as root),
# with trust authentication on 127.0.0.1 only, fsync off: test data, nothing to keep.
set -euo pipefail

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install() {
    local wanted=()
    pg_bin >/dev/null || wanted+=(postgresql)
    command -v redis-server >/dev/null || wanted+=(redis-server)
    [ ${#wanted[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "test-services: installing ${wanted[*]}" >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${wanted[@]}" >&2
}

# pgvector in the server `pg_bin` finds (the research index): the Debian package
# postgresql-<major>-pgvector where apt has one, else the copy in third_party/pgvector built
# against postgresql-server-dev-<major> (Debian 12 has no pgvector package for PostgreSQL 15).
install_pgvector() {
    local bin major sudo="" build
    bin=$(pg_bin) || return 0
    major=$(basename "$(dirname "$bin")")
    [ -f "/usr/share/postgresql/$major/extension/vector.control" ] && return 0
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    if apt-cache policy "postgresql-$major-pgvector" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        echo "test-services: installing postgresql-$major-pgvector" >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "postgresql-$major-pgvector" >&2
        return 0
    fi
    if [ ! -x "$bin/pg_config" ] || [ ! -d "/usr/include/postgresql/$major/server" ]; then
        echo "test-services: installing postgresql-server-dev-$major to build pgvector" >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
            "postgresql-server-dev-$major" make gcc >&2
    fi
    echo "test-services: building pgvector from third_party/pgvector for PostgreSQL $major" >&2
    build=$(mktemp -d /tmp/hybridgate-pgvector.XXXXXX)
    cp -r "$(dirname "$0")/../third_party/pgvector/." "$build"
    # OPTFLAGS="": portable code, not this CPU's; with_llvm=no: no JIT bitcode (needs clang).
    make -C "$build" -s -j"$(nproc)" PG_CONFIG="$bin/pg_config" OPTFLAGS="" with_llvm=no >&2
    $sudo make -C "$build" -s install PG_CONFIG="$bin/pg_config" OPTFLAGS="" with_llvm=no >&2
    rm -rf "$build"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    install
    install_pgvector
    local pg_port=${1:-$(free_port)} redis_port=${2:-$(free_port)} bin dir
    bin=$(pg_bin)
    dir=$(mktemp -d /tmp/hybridgate-services.XXXXXX)
    chmod 755 "$dir"
    mkdir "$dir/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pg"
    as_postgres "$bin/initdb" -D "$dir/pg" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1
    as_postgres "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w -t 60 start \
        -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
        >"$dir/pg_ctl.log" 2>&1 || { cat "$dir/pg_ctl.log" "$dir/pg/server.log" >&2; exit 1; }
    echo "$redis_port" >"$dir/redis.port"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize yes --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log"
    for _ in $(seq 100); do
        redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    redis-cli -p "$redis_port" ping >/dev/null
    echo "HG_TEST_SERVICES_DIR=$dir"
    echo "HG_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$pg_port/postgres"
    echo "HG_TEST_REDIS_URL=redis://127.0.0.1:$redis_port/0"
}

stop() {
    local dir=${1:?usage: test-services.sh stop DIR} bin
    case "$dir" in /tmp/hybridgate-services.*) ;; *) echo "not a services folder: $dir" >&2; exit 2 ;; esac
    bin=$(pg_bin)
    if [ -f "$dir/pg/postmaster.pid" ]; then
        as_postgres "$bin/pg_ctl" -D "$dir/pg" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ -f "$dir/redis.port" ]; then
        redis-cli -p "$(cat "$dir/redis.port")" shutdown nosave >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    install) install; install_pgvector ;;
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 install | start [PG_PORT REDIS_PORT] | stop DIR" >&2; exit 2 ;;
esac
