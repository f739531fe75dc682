#!/usr/bin/env bash
# A private PostgreSQL for development and tests, on 127.0.0.1 only.
#
#   scripts/db.sh start     start it (installs Debian's postgresql when no server exists); a no-op when running
#   scripts/db.sh stop      stop it (fast shutdown)
#   scripts/db.sh status    say whether it runs; exit 0 when it does, 3 when it does not
#   scripts/db.sh psql ...  psql connected to the exchange database, ARGS passed through
#   scripts/db.sh pgbench ...  pgbench against the exchange database, ARGS passed through
#   scripts/db.sh reset     stop, delete every byte of data, start afresh
#   scripts/db.sh url       print the Npgsql connection string
#   scripts/db.sh dir       print the data directory
#
# Environment: EXCHANGE_DB_PORT (default 54329), EXCHANGE_DB_FSYNC=off to trade durability for
# speed (tests may; the default is durable), EXCHANGE_DB_DIR to choose the base directory.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${EXCHANGE_DB_PORT:-54329}
db_user=exchange
db_password=exchange
db_name=exchange

# The server runs as `postgres` when we are root (initdb refuses root), else as ourselves.
if [ "$(id -u)" = 0 ]; then run_as=postgres; else run_as=$(id -un); fi

as_server_user() {
  # From /, because the server user may not be allowed into the caller's working directory.
  if [ "$run_as" = "$(id -un)" ]; then "$@"; else (cd / && runuser -u "$run_as" -- "$@"); fi
}

# CI may clone where the server user cannot enter; then the data lives under /tmp, keyed by the checkout.
choose_base() {
  if [ -n "${EXCHANGE_DB_DIR:-}" ]; then echo "$EXCHANGE_DB_DIR"; return; fi
  if id "$run_as" >/dev/null 2>&1 && as_server_user test -x "$repo" 2>/dev/null && as_server_user test -r "$repo"; then
    echo "$repo/.data/postgres"
  else
    echo "/tmp/exchange-pg-$(printf '%s' "$repo" | sha256sum | cut -c1-16)"
  fi
}

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    if [ -x "$d/postgres" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

install_server() {
  echo "db: no PostgreSQL server found; installing Debian's postgresql package" >&2
  [ "$(id -u)" = 0 ] || { echo "db: need root to install postgresql (apt-get install postgresql)" >&2; exit 1; }
  # We run our own cluster; the package's default cluster on 5432 is not wanted. A drop-in, because
  # createcluster.conf itself belongs to the package.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/token-exchange.conf
  export DEBIAN_FRONTEND=noninteractive
  (
    flock 8
    find_bindir >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql; } >&2
  ) 8>/tmp/.exchange-db-install.lock
}

cmd=${1:-}
[ $# -gt 0 ] && shift

# Install before choosing the data directory: which one is right depends on whether the `postgres`
# user exists, and on a fresh machine it only exists once the package is installed.
case "$cmd" in
  start|reset) find_bindir >/dev/null || install_server ;;
esac

base=$(choose_base)
data="$base/data"
log="$base/postgres.log"
sock="$base/run"
url="Host=127.0.0.1;Port=$port;Username=$db_user;Password=$db_password;Database=$db_name"

# Running means: the pid file names a live, non-zombie postgres serving this very data directory.
# A pid reused by another process (even another cluster of the same user) does not count.
is_running() {
  [ -f "$data/postmaster.pid" ] || return 1
  local pid; pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null)
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-D $data " || return 1
}

psql_exchange() {
  PGPASSWORD=$db_password psql -X -q -h 127.0.0.1 -p "$port" -U "$db_user" -d "$db_name" "$@"
}

wait_accepting() {
  local bindir=$1 i
  for i in $(seq 1 120); do
    if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then return 0; fi
    sleep 0.5
  done
  echo "db: server did not accept connections within 60 s; log follows" >&2
  tail -n 40 "$log" >&2 || true
  return 1
}

do_start() {
  local bindir
  bindir=$(find_bindir) || { install_server; bindir=$(find_bindir); }
  command -v psql >/dev/null || { echo "db: psql missing (install postgresql-client)" >&2; exit 1; }

  mkdir -p "$base" "$sock"
  chown "$run_as" "$base" "$sock" 2>/dev/null || true
  chmod 700 "$base"

  if is_running; then
    wait_accepting "$bindir"
    return 0
  fi

  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    local pwfile; pwfile=$(mktemp)
    echo "$db_password" >"$pwfile"; chown "$run_as" "$pwfile"
    as_server_user "$bindir/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
      || { rm -f "$pwfile"; cat "$base/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
  fi

  # Not running yet a pid file: left by a killed server, possibly naming a pid that someone else has now.
  if [ -f "$data/postmaster.pid" ]; then
    local stale; stale=$(head -n 1 "$data/postmaster.pid")
    # A killed postmaster lingers as a zombie until it is reaped, and its socket lock still names it.
    for _ in $(seq 1 120); do
      [ "$(awk '{print $3}' "/proc/$stale/stat" 2>/dev/null)" = Z ] || break
      sleep 0.25
    done
    echo "db: removing stale postmaster.pid (pid $stale)" >&2
    rm -f "$data/postmaster.pid"
  fi

  local fsync=${EXCHANGE_DB_FSYNC:-on}
  # fd 9 holds our lock: the server must not inherit it.
  # Backends of a killed server may hold its shared memory for a moment more: a few tries, then give up.
  local attempt
  for attempt in 1 2 3 4 5; do
    if as_server_user "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 180 start 9>&- -o \
      "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$sock' -c fsync=$fsync \
       -c full_page_writes=$fsync -c max_connections=300 -c shared_buffers=1GB -c max_wal_size=4GB -c checkpoint_timeout=10min" >/dev/null; then
      break
    fi
    [ "$attempt" = 5 ] && { tail -n 40 "$log" >&2; exit 1; }
    rm -f "$data/postmaster.pid"
    sleep 2
  done
  wait_accepting "$bindir"

  # The exchange's role and database, created once.
  as_server_user psql -X -q -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
SELECT 'CREATE ROLE $db_user LOGIN CREATEDB CREATEROLE PASSWORD ''$db_password'''
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$db_user') \gexec
SELECT 'CREATE DATABASE $db_name OWNER $db_user'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db_name') \gexec
SQL
}

do_stop() {
  local bindir
  bindir=$(find_bindir) || return 0
  if is_running; then
    as_server_user "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
  fi
}

# One start or stop at a time, whoever calls (run.sh and test.sh may race). Beside the base directory,
# not in it, because reset deletes the base directory while holding the lock.
mkdir -p "$(dirname "$base")"
exec 9>"$base.lock"

case "$cmd" in
  start)
    flock 9
    do_start
    echo "db: PostgreSQL on 127.0.0.1:$port, data in $data" >&2
    ;;
  stop)
    flock 9
    do_stop
    ;;
  status)
    if is_running; then echo "running on 127.0.0.1:$port, data in $data"; else echo "not running (data in $data)"; exit 3; fi
    ;;
  psql)
    psql_exchange "$@"
    ;;
  pgbench)
    PGPASSWORD=$db_password pgbench -h 127.0.0.1 -p "$port" -U "$db_user" "$@" "$db_name"
    ;;
  reset)
    flock 9
    do_stop
    rm -rf "$base"
    do_start
    echo "db: PostgreSQL on 127.0.0.1:$port, data in $data (fresh)" >&2
    ;;
  url)
    echo "$url"
    ;;
  dir)
    echo "$data"
    ;;
  *)
    sed -n '2,14p' "$0" >&2
    exit 2
    ;;
esac
