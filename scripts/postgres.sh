#!/usr/bin/env bash
# Runs the project's own PostgreSQL (Debian's postgresql) on 127.0.0.1 with data under .data/, for the
# Alerting cluster (Storage=Postgres: Quartz's clustered job store, alert state, outbox).
# Usage: scripts/postgres.sh start|stop|restart|status|wait|url
# Environment: PG_PORT (default 5433, beside a system cluster on 5432), PG_DATA (default .data/postgres),
#   PG_USER / PG_DATABASE (default supervision), PG_PASSWORD (default: made once into $PG_DATA.password).
# Run as root, the server runs as Debian's 'postgres' user (PostgreSQL refuses to run as root).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
port=${PG_PORT:-5433}
data=${PG_DATA:-$repo/.data/postgres}
user=${PG_USER:-supervision}
db=${PG_DATABASE:-supervision}
pwfile="$data.password"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

password() {
  if [ -n "${PG_PASSWORD:-}" ]; then echo "$PG_PASSWORD"; return; fi
  [ -f "$pwfile" ] || { mkdir -p "$(dirname "$pwfile")"; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$pwfile"; chmod 600 "$pwfile"; }
  cat "$pwfile"
}

running() { [ -f "$data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

wait_ready() {
  for _ in $(seq 1 100); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && return 0
    sleep 0.2
  done
  echo "postgres.sh: no answer on 127.0.0.1:$port after 20 s; log: $data/postgres.log" >&2
  return 1
}

init() {
  [ -f "$data/PG_VERSION" ] && return 0
  mkdir -p "$data"
  local pw; pw=$(password)
  local tmp; tmp=$(mktemp); printf '%s\n' "$pw" >"$tmp"
  [ "$(id -u)" -eq 0 ] && chown postgres "$data" "$tmp"
  chmod 700 "$data"
  # Password (SCRAM) over TCP, the only way in: listen_addresses is 127.0.0.1 and the socket stays in the data folder.
  as_pg "$bin/initdb" -D "$data" -U "$user" --pwfile="$tmp" --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --locale=C.UTF-8 >"$data.initdb.log" 2>&1 \
    || { rm -f "$tmp"; echo "postgres.sh: initdb failed; see $data.initdb.log" >&2; return 1; }
  rm -f "$tmp"
}

url() { echo "Host=127.0.0.1;Port=$port;Database=$db;Username=$user;Password=$(password)"; }

case "${1:-}" in
  start)
    [ -x "$bin/initdb" ] || "$repo/scripts/deps.sh" ha
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    if running; then echo "postgres.sh: already running on 127.0.0.1:$port"; exit 0; fi
    init
    # The data folder's parents must be passable for the postgres user when run as root.
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/postgres.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=200" start >/dev/null
    wait_ready
    if ! PGPASSWORD=$(password) "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      PGPASSWORD=$(password) "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db"
    fi
    echo "postgres.sh: PostgreSQL on 127.0.0.1:$port (data $data, database $db, user $user)"
    ;;
  stop) if running; then as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi ;;
  restart) "$0" stop; "$0" start ;;
  status) if running; then echo "running on 127.0.0.1:$port"; else echo "stopped"; exit 1; fi ;;
  wait) wait_ready ;;
  url) url ;;
  *) echo "usage: $0 start|stop|restart|status|wait|url" >&2; exit 2 ;;
esac
