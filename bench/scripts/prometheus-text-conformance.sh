#!/usr/bin/env bash
# Runs the built collector's `check --format prometheus` (one process per case, as a user runs it) on every case
# extracted from Prometheus's text-format parser tests (expfmt's text_parse_test.go and the server's
# promparse_test.go, pinned commits in tests/conformance/prometheus-text/README.md) and reports how many verdicts
# agree with the case's reference. Where the two references read the same bytes differently (`conflict` in the
# index) check follows expfmt, the library promtool's `check metrics` runs: those are counted apart, and agree when
# check refuses them. The same cases, with the samples each valid one must give, run in-process in Collector.Tests
# (PrometheusTextConformanceTests), so `scripts/test.sh` covers them too.
#
# usage: bench/scripts/prometheus-text-conformance.sh [SUITE_DIR] [COLLECTOR_DLL]
set -u
cd "$(dirname "$0")/../.."
suite=${1:-tests/conformance/prometheus-text}
dll=${2:-src/Collector/bin/Release/net10.0/Supervision.Collector.dll}
[ -f "$dll" ] || dotnet build src/Collector -c Release -nologo -v q -clp:ErrorsOnly || exit 2
agree=0; disagree=0; differ=0
while IFS=$'\t' read -r id file expected conflict; do
  message=$(dotnet "$dll" check "$suite/$file" --format prometheus 2>&1 >/dev/null)
  actual=$?
  if [ "$conflict" = 1 ]; then
    [ "$actual" = 1 ] && { differ=$((differ + 1)); continue; }
    expected=1
  elif [ "$expected" = any ] && [ "$actual" -le 1 ]; then
    agree=$((agree + 1)); continue
  elif [ "$actual" = "$expected" ]; then
    agree=$((agree + 1)); continue
  fi
  disagree=$((disagree + 1))
  echo "DISAGREE $id: expected exit $expected, got $actual ${message}"
done < <(python3 -c '
import json, sys
for c in json.load(open(sys.argv[1] + "/index.json", encoding="utf-8"))["cases"]:
    expected = "any" if c["valid"] is None else ("0" if c["valid"] else "1")
    print(c["id"], c["file"], expected, 1 if c["conflict"] else 0, sep="\t")
' "$suite")
echo "agree $agree, disagree $disagree, references differ $differ (check follows expfmt), cases $((agree + disagree + differ))"
[ "$disagree" = 0 ]
