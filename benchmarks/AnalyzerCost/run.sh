#!/usr/bin/env bash
# Measures every analyzer of the package (and the compiler's own) on a large synthetic consumer project:
#   benchmarks/AnalyzerCost/run.sh                (after ./build.sh has packed the package; 400 calling methods)
#   CALLERS=20 benchmarks/AnalyzerCost/run.sh     (few boundary calls)
# Prints the compiler's ReportAnalyzer summary for the BoundaryAnalyzers assemblies.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
VERSION=$(sed -n 's:.*<BoundaryVersion>\(.*\)</BoundaryVersion>.*:\1:p' eng/Version.props)
# Outside the repository: no Directory.Build.props or central package management, as in a user's project.
OUT=${COST_OUT:-${TMPDIR:-/tmp}/boundary-analyzer-cost}
rm -rf "$OUT"
python3 benchmarks/AnalyzerCost/generate.py "$OUT" "$ROOT/artifacts/feed" "$VERSION" "$ROOT/artifacts/native"
cd "$OUT"
dotnet restore -nologo -v:q
for run in 1 2; do  # the first build warms up the build server; the second is reported
  dotnet build -c Release -nologo --no-restore --no-incremental -p:ReportAnalyzer=true -v:d > build.log 2>&1
done
grep -q "Build succeeded" build.log || { tail -40 build.log; exit 1; }
echo "compile: $(grep -m1 -oE 'Time Elapsed [0-9:.]+' build.log)"
echo "-- analyzers (time in seconds, share of all analyzers)"
awk '/Total analyzer execution time/ {on=1} /Total generator execution time/ {on=0} on' build.log \
  | grep -E "execution time|Boundary|NetAnalyzers, Version" | sed 's/^ *//'
echo "-- generators"
awk '/Total generator execution time/ {on=1} on' build.log | grep -E "execution time|Boundary|Interop\.[A-Za-z]+Generator, Version" | sed 's/^ *//'
