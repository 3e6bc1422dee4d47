#!/usr/bin/env bash
# Runs the project's own Redis (Debian's redis-server) on 127.0.0.1 with data under .data/, the Dashboards'
# SignalR backplane and shared keys (Dashboard:Cluster:Redis).
# Usage: scripts/redis.sh start|stop|restart|status|wait
# Environment: REDIS_PORT (default 6380, beside a system redis on 6379), REDIS_DATA (default .data/redis).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
port=${REDIS_PORT:-6380}
data=${REDIS_DATA:-$repo/.data/redis}
pidfile="$data/redis.pid"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

wait_ready() {
  for _ in $(seq 1 100); do
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.2
  done
  echo "redis.sh: no answer on 127.0.0.1:$port after 20 s; log: $data/redis.log" >&2
  return 1
}

case "${1:-}" in
  start)
    command -v redis-server >/dev/null || "$repo/scripts/deps.sh" ha
    if running; then echo "redis.sh: already running on 127.0.0.1:$port"; exit 0; fi
    mkdir -p "$data"
    # Append-only file: data-protection keys and lock-out counters survive a restart of Redis itself.
    cat >"$data/redis.conf" <<CONF
bind 127.0.0.1
port $port
protected-mode yes
daemonize yes
pidfile $pidfile
logfile $data/redis.log
dir $data
appendonly yes
appendfsync everysec
save ""
CONF
    redis-server "$data/redis.conf"
    wait_ready
    echo "redis.sh: Redis on 127.0.0.1:$port (data $data)"
    ;;
  stop)
    if running; then
      pid=$(cat "$pidfile"); redis-cli -h 127.0.0.1 -p "$port" shutdown >/dev/null 2>&1 || kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -f "$pidfile"
    ;;
  restart) "$0" stop; "$0" start ;;
  status) if running; then echo "running on 127.0.0.1:$port"; else echo "stopped"; exit 1; fi ;;
  wait) wait_ready ;;
  *) echo "usage: $0 start|stop|restart|status|wait" >&2; exit 2 ;;
esac
