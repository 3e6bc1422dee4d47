#!/usr/bin/env bash
# Runs the project's own InfluxDB (Debian's influxdb 1.6) on 127.0.0.1 with data under .data/.
# Usage: scripts/influxdb.sh start|stop|status|wait [--replica]
# Environment: INFLUX_PORT (default 8086; the RPC port is INFLUX_PORT+2), INFLUX_DATA (default .data/influxdb).
# --replica: a second server holding the same data (the relay pattern, docs/ha.md): the same configuration and setup
# (scripts/influxdb-setup.iql), on INFLUX_REPLICA_PORT (default 8096) with data in INFLUX_REPLICA_DATA (default
# .data/influxdb-replica). The collector writes to both when Collector:Influx:Replicas lists it (run.sh --ha does).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
replica=false
for arg in "${@:2}"; do
  case "$arg" in
    --replica) replica=true ;;
    *) echo "usage: $0 start|stop|status|wait [--replica]" >&2; exit 2 ;;
  esac
done
if $replica; then
  port=${INFLUX_REPLICA_PORT:-8096}
  data=${INFLUX_REPLICA_DATA:-$repo/.data/influxdb-replica}
else
  port=${INFLUX_PORT:-8086}
  data=${INFLUX_DATA:-$repo/.data/influxdb}
fi
pidfile="$data/influxd.pid"
url="http://127.0.0.1:$port"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

wait_ready() {
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$url/ping" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "influxdb.sh: no answer from $url/ping after 20 s; log: $data/influxd.log" >&2
  return 1
}

setup() {
  # One statement per request: InfluxQL multi-statement queries stop at the first error.
  grep -v '^--' "$repo/scripts/influxdb-setup.iql" | grep -v '^\s*$' | while IFS= read -r stmt; do
    out=$(curl -sS -XPOST "$url/query" --data-urlencode "q=$stmt")
    if grep -q '"error"' <<<"$out" && ! grep -q 'already exists' <<<"$out"; then
      echo "influxdb.sh: '$stmt' failed: $out" >&2
      return 1
    fi
  done
}

write_config() {
  local tuning=""
  # INFLUX_TUNED=0 gives Debian's defaults, for comparison runs; each setting is chosen by a measurement in
  # bench/RESULTS.md ("InfluxDB tuning").
  if [ "${INFLUX_TUNED:-1}" = 1 ]; then
    # A snapshot of the cache sorts every key in it, and the fleet's keys are all in it whatever its size: with the
    # default 25 MB the sort ran every few seconds (14 % of influxd's CPU in a profile at national load).
    tuning='
  cache-snapshot-memory-size = "256m"'
  fi
  cat >"$data/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((port + 2))"
[meta]
  dir = "$data/meta"
[data]
  dir = "$data/data"
  wal-dir = "$data/wal"
  query-log-enabled = false$tuning
[http]
  enabled = true
  bind-address = "127.0.0.1:$port"
  log-enabled = false
  max-body-size = 0
[continuous_queries]
  run-interval = "1m"
CONF
}

case "${1:-}" in
  start)
    "$repo/scripts/deps.sh" run
    if running; then echo "influxdb.sh: already running on $url (pid $(cat "$pidfile"))"; exit 0; fi
    mkdir -p "$data"
    write_config
    # Go's garbage collector took a fifth of influxd's CPU at national load: collect when the heap has grown by 3x the
    # live heap instead of 1x, under a soft limit that makes it collect sooner before memory runs short. The limit is
    # 1.5 GiB: at 2 GiB the heap sat at the limit (median RSS 1.9 GiB, run D) for a live heap of about 0.5 GiB, and
    # influxd's CPU (10 % of a core) had room for the more frequent collections (run E, bench/RESULTS.md).
    if [ "${INFLUX_TUNED:-1}" = 1 ]; then
      GOGC=${INFLUX_GOGC:-300} GOMEMLIMIT=${INFLUX_GOMEMLIMIT:-1536MiB} nohup influxd -config "$data/influxdb.conf" >"$data/influxd.log" 2>&1 &
    else
      nohup influxd -config "$data/influxdb.conf" >"$data/influxd.log" 2>&1 &
    fi
    echo $! >"$pidfile"
    wait_ready
    setup
    echo "influxdb.sh: InfluxDB on $url (data $data)"
    ;;
  stop)
    if running; then
      pid=$(cat "$pidfile"); kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
    ;;
  status) if running; then echo "running on $url"; else echo "stopped"; exit 1; fi ;;
  wait) wait_ready ;;
  *) echo "usage: $0 start|stop|status|wait [--replica]" >&2; exit 2 ;;
esac
