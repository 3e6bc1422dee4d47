#!/usr/bin/env bash
# Runs the whole center on the simulated national fleet, all on 127.0.0.1:
#   InfluxDB :8086, simulator :9100, collector :9200, alerting :9300, dashboard :5000.
# With --ha, the high-availability topology on one machine (docs/ha.md): PostgreSQL :5433, Redis :6380,
#   two Alerting nodes :9301 :9302 (Quartz cluster, shared state) behind nginx :9300, two Dashboards
#   :5001 :5002 (Redis backplane) behind nginx :5000, a second InfluxDB :8096 holding the same data (the collector
#   writes every batch to both, every service is given both); collector and simulator as above.
# Ctrl-C stops everything this script started. Ports: INFLUX_PORT, INFLUX_REPLICA_PORT, SIM_PORT, COLLECTOR_PORT,
# ALERTING_PORT, DASHBOARD_PORT (the proxy's with --ha), PG_PORT, REDIS_PORT. Data and logs: SUPERVISION_DATA
# (default .data; logs in its logs/, the processes' ids in its run.pids, one "name pid" a line, for harnesses).
# SUPERVISION_INVENTORY_SOURCE: another inventory in the national file's shape (default inventory/national.yaml;
# the push-tile harness adds push units to it).
# With --seed-history, 30 days of the simulated fleet's history are written first (Supervision.Simulator seed-history,
# README "Simulated history"), so the leaders' summaries and charts show something on a new install; marked as simulated
# on the pages, and refused (the run stops) when the database already holds collected data.
set -euo pipefail
ha=false
seed=false
for arg in "$@"; do
  case "$arg" in
    --ha) ha=true ;;
    --seed-history) seed=true ;;
    *) echo "usage: $0 [--ha] [--seed-history]" >&2; exit 2 ;;
  esac
done
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
influx_port=${INFLUX_PORT:-8086}
replica_port=${INFLUX_REPLICA_PORT:-8096}
sim_port=${SIM_PORT:-9100}
collector_port=${COLLECTOR_PORT:-9200}
alerting_port=${ALERTING_PORT:-9300}
dashboard_port=${DASHBOARD_PORT:-5000}
data=${SUPERVISION_DATA:-$repo/.data}
logs="$data/logs"
mkdir -p "$logs"
# With --ha, PostgreSQL and Redis keep their data in this run's data folder too (a harness's run is its own).
export PG_DATA=${PG_DATA:-$data/postgres} REDIS_DATA=${REDIS_DATA:-$data/redis}
# A local secret for the ingest hub and the alerting API; made once, kept out of git.
keyfile="$data/ingest.key"
[ -f "$keyfile" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$keyfile"
key=$(cat "$keyfile")

if $ha; then scripts/deps.sh ha; else scripts/deps.sh run; fi
echo "== building"
dotnet build Supervision.sln -c Release -nologo -v q -clp:ErrorsOnly

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "== stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  INFLUX_PORT=$influx_port INFLUX_DATA="$data/influxdb" scripts/influxdb.sh stop || true
  if $ha; then
    INFLUX_REPLICA_PORT=$replica_port INFLUX_REPLICA_DATA="$data/influxdb-replica" scripts/influxdb.sh stop --replica || true
    scripts/redis.sh stop || true; scripts/postgres.sh stop || true
  fi
}
trap stop_all INT TERM EXIT

INFLUX_PORT=$influx_port INFLUX_DATA="$data/influxdb" scripts/influxdb.sh start
# With --ha every service gets both servers: the collector writes to each, the readers use the first that answers.
influx_args() { :; }
if $ha; then
  INFLUX_REPLICA_PORT=$replica_port INFLUX_REPLICA_DATA="$data/influxdb-replica" scripts/influxdb.sh start --replica
  influx_args() { echo "--$1:Influx:Replicas:0=http://127.0.0.1:$replica_port"; }
fi

# The inventory points at the simulator's port, and its "center" unit (self-monitoring) at this run's own parts.
inventory="$data/inventory.yaml"
sed -e "s#http://127.0.0.1:9100/#http://127.0.0.1:$sim_port/#" \
    -e "s#\"http://127.0.0.1:9200\"#\"http://127.0.0.1:$collector_port\"#" \
    -e "s#\"http://127.0.0.1:9300\"#\"http://127.0.0.1:$alerting_port\"#" \
    -e "s#\"http://127.0.0.1:5000\"#\"http://127.0.0.1:$dashboard_port\"#" \
    -e "s#\"http://127.0.0.1:8086\"#\"http://127.0.0.1:$influx_port\"#" "${SUPERVISION_INVENTORY_SOURCE:-inventory/national.yaml}" >"$inventory"

start() { # name, dll, args...
  local name=$1 dll=$2; shift 2
  dotnet "$dll" "$@" >"$logs/$name.log" 2>&1 &
  pids+=($!)
  echo "$name $!" >>"$data/run.pids"
  echo "   $name (pid $!) → $logs/$name.log"
}
bin() { echo "$repo/src/$1/bin/Release/net10.0/Supervision.$1.dll"; }

if $seed; then
  echo "== seeding 30 days of simulated history (log: $logs/seed-history*.log)"
  # Before the collector starts, so the database holds no collected data yet; same inventory, seed and holidays as the simulator.
  seed_one() {
    dotnet "$(bin Simulator)" seed-history --influx-url "http://127.0.0.1:$1" --inventory "$inventory" \
      --holidays "$repo/config/vn-holidays.csv" >"$2" 2>&1
  }
  # With --ha each InfluxDB server gets the same history (the generator is deterministic), both at once: readers fail
  # over between them, so a server without it would show leaders an empty month after a switch.
  seed_one "$influx_port" "$logs/seed-history.log" & seeders=($!)
  if $ha; then seed_one "$replica_port" "$logs/seed-history-replica.log" & seeders+=($!); fi
  for s in "${seeders[@]}"; do
    if ! wait "$s"; then
      cat "$logs"/seed-history*.log >&2
      echo "run.sh: seed-history failed (see above); start without --seed-history, or on a fresh SUPERVISION_DATA" >&2
      exit 1
    fi
  done
  cat "$logs"/seed-history*.log
fi

echo "== starting"
echo "influxd $(cat "$data/influxdb/influxd.pid")" >"$data/run.pids"
if $ha; then echo "influxd-replica $(cat "$data/influxdb-replica/influxd.pid")" >>"$data/run.pids"; fi
start simulator "$(bin Simulator)" --inventory "$inventory" --port "$sim_port" --scenario "$repo/scenarios/demo.yaml" \
  --holidays "$repo/config/vn-holidays.csv"
# The demo's receivers (config/notifications.yaml: webhook :9095, chat :9096, dead-man's monitor :9097, SMTP :2525)
# answer, so alert pages show deliveries; what they receive is in $logs/demo-sinks.log.
python3 "$repo/scripts/demo-sinks.py" >"$logs/demo-sinks.log" 2>&1 &
pids+=($!)
echo "demo-sinks $!" >>"$data/run.pids"
echo "   demo-sinks (pid $!) → $logs/demo-sinks.log"
if $ha; then
  scripts/postgres.sh start
  scripts/redis.sh start
  # Harnesses sample every process of the topology: the postmaster (its backends are its children) and redis-server.
  echo "postgres $(head -1 "$PG_DATA/postmaster.pid")" >>"$data/run.pids"
  echo "redis-server $(cat "$REDIS_DATA/redis.pid")" >>"$data/run.pids"
  pg=$(scripts/postgres.sh url)
  redis="127.0.0.1:${REDIS_PORT:-6380}"
  nginx_dir="$data/nginx"
  mkdir -p "$nginx_dir/tmp"
  # nginx: sticky by client address (SignalR's negotiate and its WebSocket must reach the same node); a node that
  # refuses or dies is skipped (proxy_next_upstream), so clients reconnect to the other within a second or two.
  cat >"$nginx_dir/nginx.conf" <<CONF
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
daemon off;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $nginx_dir/tmp/body;
  proxy_temp_path $nginx_dir/tmp/proxy;
  fastcgi_temp_path $nginx_dir/tmp/fastcgi;
  uwsgi_temp_path $nginx_dir/tmp/uwsgi;
  scgi_temp_path $nginx_dir/tmp/scgi;
  client_max_body_size 64m;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream dashboards { ip_hash; server 127.0.0.1:$((dashboard_port + 1)) max_fails=1 fail_timeout=5s; server 127.0.0.1:$((dashboard_port + 2)) max_fails=1 fail_timeout=5s; }
  upstream alerting { server 127.0.0.1:$((alerting_port + 1)) max_fails=1 fail_timeout=5s; server 127.0.0.1:$((alerting_port + 2)) max_fails=1 fail_timeout=5s; }
  server {
    listen 127.0.0.1:$dashboard_port;
    location / {
      proxy_pass http://dashboards;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
  server {
    listen 127.0.0.1:$alerting_port;
    location / {
      proxy_pass http://alerting;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
CONF
  for n in 1 2; do
    # The first node creates and migrates the schema (Quartz's tables too); the second starts once it answers.
    start "alerting-$n" "$(bin Alerting)" --urls "http://127.0.0.1:$((alerting_port + n))" \
      --Alerting:Storage=Postgres --Alerting:Postgres:ConnectionString="$pg" --Alerting:NodeName="alerting-$n" \
      --Alerting:Influx:Url="http://127.0.0.1:$influx_port" $(influx_args Alerting) --Alerting:RulesFolder="$repo/rules" \
      --Alerting:StatePath="$data/alerting-$n.db" --Alerting:InventoryPath="$inventory" --Alerting:HolidaysPath="$repo/config/vn-holidays.csv" \
      --Alerting:Dashboard:Url="http://127.0.0.1:$dashboard_port" --Alerting:Dashboard:ApiKey="$key" --Alerting:ApiKey="$key" \
      --Notifications:ConfigFile="$repo/config/notifications.yaml" --Notifications:DashboardUrl="http://127.0.0.1:$dashboard_port" \
      --Alerting:Watchdog:Receiver=deadman
    [ "$n" = 1 ] && { for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$((alerting_port + 1))/healthz" 2>/dev/null && break; sleep 0.2; done; }
  done
  for n in 1 2; do
    start "dashboard-$n" "$(bin Dashboard)" --urls "http://127.0.0.1:$((dashboard_port + n))" --inventory "$inventory" --ingest-key "$key" \
      --Dashboard:Influx:Url="http://127.0.0.1:$influx_port" $(influx_args Dashboard) --users "$repo/config/demo-users.json" \
      --Dashboard:Security:AuditPath="$data/dashboard-$n-audit.log" --Dashboard:Reports:ArchivePath="$data/reports" \
      --Dashboard:Alerting:Url="http://127.0.0.1:$alerting_port" --Dashboard:Alerting:ApiKey="$key" \
      --Dashboard:Cluster:Redis="$redis" --Dashboard:Cluster:NodeName="dashboard-$n"
  done
  nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" >"$logs/nginx.log" 2>&1 &
  pids+=($!)
  echo "nginx $!" >>"$data/run.pids"
  echo "   nginx (pid $!) → $logs/nginx.log"
  start collector "$(bin Collector)" --urls "http://127.0.0.1:$collector_port" --inventory "$inventory" \
    --influx "http://127.0.0.1:$influx_port" $(influx_args Collector) --dashboard "http://127.0.0.1:$dashboard_port" \
    --Collector:Dashboard:ApiKey="$key" --buffer "$data/collector-buffer"
else
  start dashboard "$(bin Dashboard)" --urls "http://127.0.0.1:$dashboard_port" --inventory "$inventory" --ingest-key "$key" \
    --Dashboard:Influx:Url="http://127.0.0.1:$influx_port" --users "$repo/config/demo-users.json" \
    --Dashboard:Security:AuditPath="$data/dashboard-audit.log" --Dashboard:Reports:ArchivePath="$data/reports" \
    --Dashboard:Alerting:Url="http://127.0.0.1:$alerting_port" --Dashboard:Alerting:ApiKey="$key"
  start collector "$(bin Collector)" --urls "http://127.0.0.1:$collector_port" --inventory "$inventory" \
    --influx "http://127.0.0.1:$influx_port" --dashboard "http://127.0.0.1:$dashboard_port" \
    --Collector:Dashboard:ApiKey="$key" --buffer "$data/collector-buffer"
  start alerting "$(bin Alerting)" --urls "http://127.0.0.1:$alerting_port" \
    --Alerting:Influx:Url="http://127.0.0.1:$influx_port" --Alerting:RulesFolder="$repo/rules" \
    --Alerting:StatePath="$data/alerting.db" --Alerting:InventoryPath="$inventory" --Alerting:HolidaysPath="$repo/config/vn-holidays.csv" \
    --Alerting:Dashboard:Url="http://127.0.0.1:$dashboard_port" --Alerting:Dashboard:ApiKey="$key" --Alerting:ApiKey="$key" \
    --Notifications:DatabasePath="$data/notifications.db" --Notifications:ConfigFile="$repo/config/notifications.yaml" \
    --Notifications:DashboardUrl="http://127.0.0.1:$dashboard_port" --Alerting:Watchdog:Receiver=deadman
fi

wait_http() { # name, url
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "$2" 2>/dev/null && return 0; sleep 0.2; done
  echo "run.sh: $1 did not start; see $logs/$1.log" >&2; tail -20 "$logs/$1.log" >&2; return 1
}
wait_http simulator "http://127.0.0.1:$sim_port/healthz"
if $ha; then
  wait_http dashboard-1 "http://127.0.0.1:$((dashboard_port + 1))/healthz"
  wait_http dashboard-2 "http://127.0.0.1:$((dashboard_port + 2))/healthz"
  wait_http alerting-1 "http://127.0.0.1:$((alerting_port + 1))/healthz" || true
  wait_http alerting-2 "http://127.0.0.1:$((alerting_port + 2))/healthz" || true
  wait_http nginx "http://127.0.0.1:$dashboard_port/healthz"
else
  wait_http dashboard "http://127.0.0.1:$dashboard_port/healthz"
  wait_http alerting "http://127.0.0.1:$alerting_port/healthz" || true
fi
wait_http collector "http://127.0.0.1:$collector_port/healthz"

cat <<MSG

Supervision is running on the simulated national fleet ($(grep -c '^  - ' "$inventory") units).
  Wallboard:        http://127.0.0.1:$dashboard_port/   (demo users: admin/admin-demo, engineer/engineer-demo, … see README)
  On-call console:  http://127.0.0.1:$dashboard_port/console
  Status API:       http://127.0.0.1:$dashboard_port/api/status   (signed in)
  Public status:    http://127.0.0.1:$dashboard_port/status       (citizens, no sign-in)
  Alerts API:       http://127.0.0.1:$alerting_port/api/alerts
  Simulator faults: curl -X POST http://127.0.0.1:$sim_port/control/faults -H 'Content-Type: application/json' \\
                      -d '{"selector":{"province":"79"},"kind":"down","durationSeconds":120}'
  API key (ingest, alerting actions): $keyfile
Ctrl-C stops everything.
MSG
if $ha; then
  # The point of the topology: a node that dies (or is killed to try a failover) leaves the others running.
  while [ "$(jobs -rp | wc -l)" -gt 0 ]; do
    wait -n || true
    echo "run.sh: a service exited (the others carry on); see $logs" >&2
  done
else
  # A harness that stops one part on purpose (bench soak stops the collector to count what it stored) sets
  # SUPERVISION_WAIT_ALL=1: the others then run on until Ctrl-C / SIGTERM.
  if [ -n "${SUPERVISION_WAIT_ALL:-}" ]; then wait "${pids[@]}" || true; fi
  wait -n "${pids[@]}" || true
  echo "run.sh: a service exited; see $logs" >&2
fi
