#!/usr/bin/env bash
# Sets up what the tests need (Debian packages) and runs every test project.
# Test fixtures start their own servers (InfluxDB, SMTP, the center's services) on 127.0.0.1.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Inventory"]
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/deps.sh test || { echo "test.sh: installing dependencies failed" >&2; exit 1; }

echo "== build"
if ! dotnet build Supervision.sln -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  echo "test.sh: the build failed" >&2
  exit 1
fi

results=artifacts/test-results
rm -rf "$results" && mkdir -p "$results"
passed=0 failed=0 skipped=0 broken=0
# One project at a time: on 2 cores, parallel test hosts with real servers make timing flaky.
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  log="$results/$name.log"
  dotnet test "$project" -c Release --no-build -nologo \
    --blame-hang-timeout 8m --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" 2>&1 | tee "$log" | grep -E '^\s*(Failed |Passed!|Failed!|Skipped!|No test)|error' || true
  summary=$(grep -E '(Passed|Failed|Skipped)!\s+-\s+Failed:' "$log" | tail -1)
  if [ -z "$summary" ]; then
    if grep -q "No test is available\|No test matches" "$log"; then continue; fi
    echo "test.sh: $name produced no test summary (crashed?)" >&2
    broken=$((broken + 1))
    continue
  fi
  f=$(sed -E 's/.*Failed:\s*([0-9]+).*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed:\s*([0-9]+).*/\1/' <<<"$summary")
  s=$(sed -E 's/.*Skipped:\s*([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  # A failing run in CI is read from this output alone: show why each test failed (bounded), not just its name.
  if [ "$f" -gt 0 ]; then grep -A10 -E '^\s*Error Message:' "$log" | head -120; fi
done

echo
echo "$passed passed, $((failed + broken)) failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
