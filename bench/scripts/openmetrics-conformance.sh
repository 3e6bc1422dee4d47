#!/usr/bin/env bash
# Runs the built collector's `check --format openmetrics` (one process per case, as a user runs it) on every case
# of the OpenMetrics project's parser suite (one folder per case, `metrics` and `test.json` with "shouldParse")
# and reports how many verdicts agree; each disagreement is printed with check's message. The suite is vendored at
# a pinned commit in tests/conformance/openmetrics-parsers (source and licence in its README); the same cases run
# in-process in Collector.Tests (OpenMetricsConformanceTests), so `scripts/test.sh` covers them too.
#
# usage: bench/scripts/openmetrics-conformance.sh [SUITE_DIR] [COLLECTOR_DLL]
set -u
cd "$(dirname "$0")/../.."
suite=${1:-tests/conformance/openmetrics-parsers/cases}
dll=${2:-src/Collector/bin/Release/net10.0/Supervision.Collector.dll}
[ -f "$dll" ] || dotnet build src/Collector -c Release -nologo -v q -clp:ErrorsOnly || exit 2
agree=0; disagree=0
for case in "$suite"/*/; do
  case=${case%/}
  expected=1
  grep -q '"shouldParse": *true' "$case/test.json" && expected=0
  message=$(dotnet "$dll" check "$case/metrics" --format openmetrics 2>&1 >/dev/null)
  actual=$?
  if [ "$actual" = "$expected" ]; then
    agree=$((agree + 1))
  else
    disagree=$((disagree + 1))
    echo "DISAGREE $(basename "$case"): expected exit $expected, got $actual ${message}"
  fi
done
echo "agree $agree, disagree $disagree, cases $((agree + disagree))"
[ "$disagree" = 0 ]
