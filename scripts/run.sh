#!/usr/bin/env bash
# Runs the whole center on the simulated national fleet, all on 127.0.0.1:
#   InfluxDB :8086, simulator :9100, collector :9200, alerting :9300, dashboard :5000.
# Ctrl-C stops everything this script started. Ports: INFLUX_PORT, SIM_PORT, COLLECTOR_PORT,
# ALERTING_PORT, DASHBOARD_PORT. Data and logs: SUPERVISION_DATA (default .data; logs in its logs/, the
# processes' ids in its run.pids, one "name pid" a line, for harnesses).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
influx_port=${INFLUX_PORT:-8086}
sim_port=${SIM_PORT:-9100}
collector_port=${COLLECTOR_PORT:-9200}
alerting_port=${ALERTING_PORT:-9300}
dashboard_port=${DASHBOARD_PORT:-5000}
data=${SUPERVISION_DATA:-$repo/.data}
logs="$data/logs"
mkdir -p "$logs"
# A local secret for the ingest hub and the alerting API; made once, kept out of git.
keyfile="$data/ingest.key"
[ -f "$keyfile" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$keyfile"
key=$(cat "$keyfile")

scripts/deps.sh run
echo "== building"
dotnet build Supervision.sln -c Release -nologo -v q -clp:ErrorsOnly

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "== stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  INFLUX_PORT=$influx_port INFLUX_DATA="$data/influxdb" scripts/influxdb.sh stop || true
}
trap stop_all INT TERM EXIT

INFLUX_PORT=$influx_port INFLUX_DATA="$data/influxdb" scripts/influxdb.sh start

# The inventory points at the simulator's port.
inventory="$data/inventory.yaml"
sed "s#http://127.0.0.1:9100/#http://127.0.0.1:$sim_port/#" inventory/national.yaml >"$inventory"

start() { # name, dll, args...
  local name=$1 dll=$2; shift 2
  dotnet "$dll" "$@" >"$logs/$name.log" 2>&1 &
  pids+=($!)
  echo "$name $!" >>"$data/run.pids"
  echo "   $name (pid $!) → $logs/$name.log"
}
bin() { echo "$repo/src/$1/bin/Release/net10.0/Supervision.$1.dll"; }

echo "== starting"
echo "influxd $(cat "$data/influxdb/influxd.pid")" >"$data/run.pids"
start simulator "$(bin Simulator)" --inventory "$inventory" --port "$sim_port" --scenario "$repo/scenarios/demo.yaml" \
  --holidays "$repo/config/vn-holidays.csv"
start dashboard "$(bin Dashboard)" --urls "http://127.0.0.1:$dashboard_port" --inventory "$inventory" --ingest-key "$key" \
  --Dashboard:Influx:Url="http://127.0.0.1:$influx_port" --users "$repo/config/demo-users.json" \
  --Dashboard:Security:AuditPath="$data/dashboard-audit.log" \
  --Dashboard:Alerting:Url="http://127.0.0.1:$alerting_port" --Dashboard:Alerting:ApiKey="$key"
start collector "$(bin Collector)" --urls "http://127.0.0.1:$collector_port" --inventory "$inventory" \
  --influx "http://127.0.0.1:$influx_port" --dashboard "http://127.0.0.1:$dashboard_port/hubs/ingest" \
  --Collector:Dashboard:ApiKey="$key" --buffer "$data/collector-buffer"
start alerting "$(bin Alerting)" --urls "http://127.0.0.1:$alerting_port" \
  --Alerting:InfluxUrl="http://127.0.0.1:$influx_port" --Alerting:RulesFolder="$repo/rules" \
  --Alerting:StatePath="$data/alerting.db" --Alerting:InventoryPath="$inventory" --Alerting:HolidaysPath="$repo/config/vn-holidays.csv" \
  --Alerting:DashboardUrl="http://127.0.0.1:$dashboard_port" --Alerting:DashboardApiKey="$key" --Alerting:ApiKey="$key" \
  --Notifications:DatabasePath="$data/notifications.db" --Notifications:ConfigFile="$repo/config/notifications.yaml" \
  --Notifications:DashboardUrl="http://127.0.0.1:$dashboard_port"

wait_http() { # name, url
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "$2" 2>/dev/null && return 0; sleep 0.2; done
  echo "run.sh: $1 did not start; see $logs/$1.log" >&2; tail -20 "$logs/$1.log" >&2; return 1
}
wait_http simulator "http://127.0.0.1:$sim_port/healthz"
wait_http dashboard "http://127.0.0.1:$dashboard_port/healthz"
wait_http collector "http://127.0.0.1:$collector_port/healthz"
wait_http alerting "http://127.0.0.1:$alerting_port/healthz" || true

cat <<MSG

Supervision is running on the simulated national fleet ($(grep -c '^  - ' "$inventory") units).
  Wallboard:        http://127.0.0.1:$dashboard_port/   (demo users: admin/admin-demo, engineer/engineer-demo, … see README)
  On-call console:  http://127.0.0.1:$dashboard_port/console
  Status API:       http://127.0.0.1:$dashboard_port/api/status
  Alerts API:       http://127.0.0.1:$alerting_port/api/alerts
  Simulator faults: curl -X POST http://127.0.0.1:$sim_port/control/faults -H 'Content-Type: application/json' \\
                      -d '{"selector":{"province":"79"},"kind":"down","durationSeconds":120}'
  API key (ingest, alerting actions): $keyfile
Ctrl-C stops everything.
MSG
# A harness that stops one part on purpose (bench soak stops the collector to count what it stored) sets
# SUPERVISION_WAIT_ALL=1: the others then run on until Ctrl-C / SIGTERM.
if [ -n "${SUPERVISION_WAIT_ALL:-}" ]; then wait "${pids[@]}" || true; fi
wait -n "${pids[@]}" || true
echo "run.sh: a service exited; see $logs" >&2
