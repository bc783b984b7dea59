#!/usr/bin/env bash
# Thread CPU time of each analyzer of the package (and of the generator), run in process over the project generate.py
# writes (CpuTime/): unlike run.sh's ReportAnalyzer figures (wall-clock time inside a real build), it does not grow with
# the machine's load, so before/after comparisons hold on a busy machine. Builds the analyzers from source.
#   FUNCTIONS=2000 CALLERS=20 benchmarks/AnalyzerCost/cpu.sh       (ITERATIONS=8 compilations; the first is cold)
#   FLOW=1 ITERATIONS=30 benchmarks/AnalyzerCost/cpu.sh            (only the ownership flow analysis, per calling method:
#                                                                   Roslyn's flow graph and the analysis, warm rounds)
#   ALLOCATIONS=1 ONLY=ShippedAbiAnalyzer benchmarks/AnalyzerCost/cpu.sh
#                                                                  (also what the callbacks allocate, by type, from the
#                                                                   runtime's allocation samples; ONLY: these analyzers)
# Besides CPU it prints the megabytes each analyzer's callbacks allocate: in a build, memory the garbage collector hands
# out fresh costs page faults and clearing inside the callback, so allocation is a large part of ReportAnalyzer's figure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT=${COST_OUT:-${TMPDIR:-/tmp}/boundary-analyzer-cpu}
rm -rf "$OUT"
python3 benchmarks/AnalyzerCost/generate.py "$OUT" unused unused unused
dotnet run -c Release --project benchmarks/AnalyzerCost/CpuTime -- "$OUT" "${ITERATIONS:-8}" ${FLOW:+--flow}
