#!/usr/bin/env bash
# Installs the Debian packages the center and its tests use, only those missing (idempotent).
# Usage: scripts/deps.sh [run|test|bench]
set -euo pipefail
purpose=${1:-test}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

wanted=(influxdb)
case "$purpose" in
  test) wanted+=(chromium python3-aiosmtpd) ;;
  bench) wanted+=(prometheus prometheus-alertmanager) ;;
  run) ;;
  *) echo "deps.sh: unknown purpose '$purpose' (run|test|bench)" >&2; exit 2 ;;
esac

missing=()
for p in "${wanted[@]}"; do installed "$p" || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0

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
