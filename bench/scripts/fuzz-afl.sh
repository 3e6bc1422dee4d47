#!/usr/bin/env bash
# Fuzzes one target of bench/Fuzz with afl-fuzz (afl++ from Debian) for a bounded time: the assemblies under test
# are instrumented by SharpFuzz's command-line tool (pinned in .config/dotnet-tools.json), AFL measures their
# branch coverage. An exception other than the target's own typed error, an input allocating over the driver's
# limit, or an input running over the -t limit (10 s) is a finding. Prints AFL's closing figures and replays every
# crash/hang through `Supervision.Fuzz repro`. Exit 0 when nothing was found.
#
# usage: bench/scripts/fuzz-afl.sh TARGET [SECONDS=600] [WORK_DIR=artifacts/fuzz-afl]
# targets: exposition health lineprotocol inventory rules notifications influxresult boards
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?usage: fuzz-afl.sh TARGET [SECONDS] [WORK_DIR]}
seconds=${2:-600}
work=$(realpath -m "${3:-artifacts/fuzz-afl}")
bin="$work/bin"        # instrumented: only runs under afl-fuzz (the instrumentation writes to AFL's shared memory)
plain="$work/plain"    # the same build uninstrumented: writes the seeds, replays the findings

scripts/deps.sh fuzz
dotnet tool restore >/dev/null

# One instrumented build per work folder (instrumenting twice is refused by SharpFuzz): remove $work/bin to rebuild.
if [ ! -f "$bin/.instrumented" ]; then
  rm -rf "$bin" "$plain"
  # The apps' appsettings.json files collide in one folder; the fuzzer reads none of them.
  dotnet publish bench/Fuzz -c Release -o "$plain" -p:ErrorOnDuplicatePublishOutputFiles=false -nologo -v q -clp:ErrorsOnly
  cp -r "$plain" "$bin"
  for dll in Supervision.Core Supervision.Collector Supervision.Alerting Supervision.Dashboard YamlDotNet; do
    dotnet tool run sharpfuzz "$bin/$dll.dll" >/dev/null
  done
  touch "$bin/.instrumented"
fi

seeds="$work/in/$target"
rm -rf "$seeds" && mkdir -p "$seeds"
dotnet "$plain/Supervision.Fuzz.dll" seeds "$target" "$seeds"
copy_corpus() { # copies files under 16 KiB (AFL works best on small inputs), flattening the folders
  find "$@" -type f -size -16k -print0 | while IFS= read -r -d '' f; do cp "$f" "$seeds/corpus-$(sha1sum "$f" | cut -c1-12)"; done
}
case "$target" in
  exposition) copy_corpus tests/conformance/openmetrics-parsers/cases -name metrics ;;
  boards) copy_corpus dashboards -name '*.json' ;;
  rules) copy_corpus rules -name '*.yaml' ;;
  notifications) copy_corpus config -name notifications.yaml ;;
esac

out="$work/out/$target"
rm -rf "$out" && mkdir -p "$work/out"
# -m none: the .NET runtime reserves far more virtual memory than it uses (allocation is checked by the harness);
# AFL_SKIP_BIN_CHECK: afl-fuzz runs `dotnet`, which is not instrumented itself (the assemblies are).
AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
  nice -n 10 afl-fuzz -V "$seconds" -i "$seeds" -o "$out" -x "$seeds.dict" -t 10000 -m none \
  -- dotnet "$bin/Supervision.Fuzz.dll" "$target" --engine afl >"$work/$target.log" 2>&1 || {
    echo "fuzz-afl.sh: afl-fuzz failed, see $work/$target.log" >&2; tail -20 "$work/$target.log" >&2; exit 2; }

stats="$out/default/fuzzer_stats"
field() { sed -n "s/^$1 *: //p" "$stats"; }
echo "$target: $(field run_time) s, execs $(field execs_done) ($(field execs_per_sec)/s), corpus $(field corpus_count), edges $(field edges_found)/$(field total_edges) ($(field bitmap_cvg)), crashes $(field saved_crashes), hangs $(field saved_hangs)"
found=0
for f in "$out"/default/crashes/id:* "$out"/default/hangs/id:*; do
  [ -e "$f" ] || continue
  found=$((found + 1))
  echo "  $f: $(timeout 20 dotnet "$plain/Supervision.Fuzz.dll" repro "$target" "$f" 2>&1 | tail -1)"
done
[ "$found" = 0 ]
