#!/usr/bin/env bash
# Runs the collector's `check --format openmetrics` on every case of the OpenMetrics project's parser suite
# (a checkout's tests/testdata/parsers: one folder per case, `metrics` and `test.json` with "shouldParse")
# and reports how many verdicts agree; each disagreement is printed with check's message.
#
# usage: bench/scripts/openmetrics-conformance.sh SUITE_DIR [COLLECTOR_DLL]
set -u
suite=${1:?usage: openmetrics-conformance.sh SUITE_DIR [COLLECTOR_DLL]}
dll=${2:-src/Collector/bin/Release/net10.0/Supervision.Collector.dll}
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
