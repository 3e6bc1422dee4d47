#!/usr/bin/env bash
# Installs the Debian packages the center and its tests use, only those missing (idempotent).
# Usage: scripts/deps.sh [run|test|bench|ha|fuzz]
# test includes prometheus: the push intake is tested with its real remote_write client.
# fuzz: afl++ for bench/scripts/fuzz-afl.sh (SharpFuzz's instrumenting tool comes from NuGet: dotnet tool restore).
# ha: the high-availability set-up (scripts/run.sh --ha): PostgreSQL, Redis, nginx. test includes them (HA fixtures).
set -euo pipefail
purpose=${1:-test}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

wanted=(influxdb)
case "$purpose" in
  test) wanted+=(chromium poppler-utils python3-aiosmtpd postgresql redis-server nginx prometheus) ;;
  bench) wanted+=(prometheus prometheus-alertmanager postgresql redis-server nginx) ;;
  ha) wanted+=(postgresql redis-server nginx) ;;
  run) ;;
  fuzz) wanted=(afl++) ;;
  *) echo "deps.sh: unknown purpose '$purpose' (run|test|bench|ha|fuzz)" >&2; exit 2 ;;
esac

missing=()
for p in "${wanted[@]}"; do
  installed "$p" || missing+=("$p")
done
# The test OpenID provider runs on node; a node from another source (e.g. nodesource, which bundles npm) is fine.
if [ "$purpose" = test ]; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

# tests/oidc-provider: its pinned packages, installed again only when node_modules is missing or the lock changed.
oidc_provider() {
  local dir stamp sum
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/oidc-provider"
  stamp="$dir/node_modules/.supervision-lock.sha256"
  sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return 0; fi
  echo "deps.sh: npm ci in tests/oidc-provider" >&2
  (cd "$dir" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$sum" > "$stamp"
}

if [ ${#missing[@]} -eq 0 ]; then
  [ "$purpose" = test ] && oidc_provider
  exit 0
fi

echo "deps.sh: installing ${missing[*]}" >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
# Package lists may be missing or old on a fresh machine: update once, then install.
if ! $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  $sudo_cmd apt-get update -q >/dev/null
  $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's influxdb package may start its own service on port 8086; the project runs its own
# influxd with its own config and ports, so that service is not needed.
if [[ " ${missing[*]} " == *" influxdb "* ]] && command -v service >/dev/null 2>&1; then
  $sudo_cmd service influxdb stop >/dev/null 2>&1 || true
fi
# Debian's packages start their own PostgreSQL cluster, Redis and nginx on the default ports; the project runs
# its own instances (scripts/postgres.sh, scripts/redis.sh, run.sh --ha) with their own data and ports.
if command -v service >/dev/null 2>&1; then
  for svc in postgresql redis-server nginx; do
    [[ " ${missing[*]} " == *" ${svc} "* ]] && $sudo_cmd service "$svc" stop >/dev/null 2>&1 || true
  done
fi
[ "$purpose" = test ] && oidc_provider
exit 0
