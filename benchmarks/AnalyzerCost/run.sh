#!/usr/bin/env bash
# Measures every analyzer of the package (and the compiler's own) on a large synthetic consumer project:
#   benchmarks/AnalyzerCost/run.sh                          (after ./build.sh has packed the package; 200 boundary
#                                                            functions, 400 calling methods)
#   FUNCTIONS=2000 CALLERS=20 benchmarks/AnalyzerCost/run.sh (a large boundary, few calls)
#   RUNS=5 ...                                              (more measured builds; the machine is noisy)
#   BUILD_ARGS=-p:BoundaryReadyToRun=false ...              (extra build arguments: here, the portable analyzers
#                                                            instead of their ReadyToRun copy on a linux-x64 host)
#   SHARED=true ...                                         (builds on the compiler server, which keeps the analyzers'
#                                                            compiled code between builds; default: a new compiler
#                                                            process per build, as in CI and containers)
#   BUDGET=0.3 ...                                          (the last line: the median of the package analyzers and
#                                                            how many builds stay within BUDGET seconds)
# The first build warms up (restore caches, the server if SHARED=true); each of the RUNS builds after it is measured. Prints the compiler's
# ReportAnalyzer summary of the last one for the BoundaryAnalyzers assemblies, and the package's analyzer and
# generator totals of every measured build. COST_OUT: where the project is written (default $TMPDIR/boundary-analyzer-cost).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
VERSION=$(sed -n 's:.*<BoundaryVersion>\(.*\)</BoundaryVersion>.*:\1:p' eng/Version.props)
RUNS=${RUNS:-3}
# Outside the repository: no Directory.Build.props or central package management, as in a user's project.
OUT=${COST_OUT:-${TMPDIR:-/tmp}/boundary-analyzer-cost}
rm -rf "$OUT"
python3 benchmarks/AnalyzerCost/generate.py "$OUT" "$ROOT/artifacts/feed" "$VERSION" "$ROOT/artifacts/native"
cd "$OUT"
dotnet restore -nologo -v:q
build() { dotnet build -c Release -nologo --no-restore --no-incremental -p:ReportAnalyzer=true -p:UseSharedCompilation=${SHARED:-false} ${BUILD_ARGS:-} -v:d > "$1" 2>&1; }
# The package's total in the analyzer (or generator) section of a build log.
package_total() {
  awk -v section="$2" '$0 ~ "Total " section " execution time" {on=1; next} /Total (analyzer|generator) execution time/ {on=0} on' "$1" \
    | awk '/Boundary.Analyzers, Version/ && !done {print $1; done = 1}'
}
build warmup.log
analyzers=() generators=() compiles=()
for run in $(seq 1 "$RUNS"); do
  build "run$run.log"
  grep -q "Build succeeded" "run$run.log" || { tail -40 "run$run.log"; exit 1; }
  analyzers+=("$(package_total "run$run.log" analyzer)")
  generators+=("$(package_total "run$run.log" generator)")
  compiles+=("$(grep -m1 -oE 'Time Elapsed [0-9:.]+' "run$run.log" | sed 's/Time Elapsed 00:0*//')")
done
LOG=run$RUNS.log
echo "-- last of $RUNS measured builds: analyzers (time in seconds, share of all analyzers)"
awk '/Total analyzer execution time/ {on=1} /Total generator execution time/ {on=0} on' "$LOG" \
  | grep -E "execution time|Boundary|NetAnalyzers, Version" | sed 's/^ *//'
echo "-- generators"
awk '/Total generator execution time/ {on=1} on' "$LOG" | grep -E "execution time|Boundary|Interop\.[A-Za-z]+Generator, Version" | sed 's/^ *//'
echo "-- every measured build"
echo "whole compile (Time Elapsed): ${compiles[*]}"
echo "package analyzers (s):        ${analyzers[*]}"
echo "package generator (s):        ${generators[*]}"
# The package's analyzers per build against a budget: BUDGET seconds, default 0.3 (the target at 2,000 boundary functions).
printf '%s\n' "${analyzers[@]}" | sort -g | awk -v budget="${BUDGET:-0.3}" '
  { v[NR] = $1; if ($1 <= budget) within++ }
  END { median = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "package analyzers: median %.3f s, %d of %d builds <= %s s\n", median, within, NR, budget }'
