#!/usr/bin/env bash
# BoundaryAnalyzers build entry point.
#   ./build.sh        build everything, pack the NuGet package, run the samples against real Rust and Go libraries
#   ./build.sh test   the same build, then every test: unit, native helper, end-to-end (through the packed package)
#   ./build.sh bench  the same build, then a short BenchmarkDotNet run: generated stubs vs hand-written [LibraryImport]
#   ./build.sh soak   the same build, then every Go app shape of analyzers.tests/GoStress 30 times (SOAK_RUNS, SOAK_SECONDS),
#                     through the generated stubs and through plain [DllImport], and a table of crash counts
#   ./build.sh fuzz   the unit tests' mutation fuzz test, long: FUZZ_ITERATIONS mutants (default 3000) of seed FUZZ_SEED
#                     (default: new each run, printed), FUZZ_PARALLEL at once (default: the core count); FUZZ_ONLY=n re-runs
#                     mutant n of that seed alone; FUZZ_DUMP=file writes what the package reports for each mutant (the
#                     same seed on two commits, `sort -u` and `diff`: what a change to the analyzers changes). Needs no
#                     native build
# Installs what is missing (Go >= 1.21 from Debian backports) and says so when it cannot.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
MODE=${1:-all}
CONFIG=${CONFIG:-Release}
ARTIFACTS=$ROOT/artifacts
NATIVE=$ARTIFACTS/native
FEED=$ARTIFACTS/feed
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CARGO_TERM_COLOR=never

source eng/toolchains.sh

step() { printf '\n==> %s\n' "$*"; }

# The Go signal shim the package ships (runtimes/linux-x64/native). Built for the oldest glibc symbol versions it can
# use, so the package loads on older distributions than this build machine.
build_signal_shim() {
  if [[ $(uname -s) != Linux || $(uname -m) != x86_64 ]]; then
    echo "note: not an x86_64 Linux machine: the package is packed without its linux-x64 Go signal shim"
    return
  fi
  mkdir -p "$NATIVE/linux-x64"
  gcc -O2 -g -fPIC -shared -Wall -Wextra -Werror -fvisibility=hidden -fno-omit-frame-pointer \
    -o "$NATIVE/linux-x64/libboundary_signals.so" src/native/signals/boundary_signals.c -Wl,--no-as-needed -l:libdl.so.2 -l:libpthread.so.0
}

build_native() {
  step "native libraries (Rust: cargo --offline, Go: $("$GO" env GOVERSION), Go signal shim: gcc)"
  mkdir -p "$NATIVE"
  build_signal_shim
  local crate
  # The test libraries only: the samples' libraries are built by their <ForeignLibrary> items during dotnet run.
  cargo build --offline --release --quiet --manifest-path analyzers.tests/native/rtest/Cargo.toml --target-dir "$ARTIFACTS/cargo"
  cp "$ARTIFACTS/cargo/release/librtest.so" "$NATIVE/"
  (cd analyzers.tests/native/gotest && "$GO" build -buildmode=c-shared -o "$NATIVE/libgotest.so" .)
}

# The samples' native code depends on the helpers by version (boundary-ffi = "0.1", boundaryanalyzers.dev/boundary
# v0.0.0), as a user's code does; outside MSBuild the repository's own tests point them at src/native.
SAMPLE_CARGO_PATCH="patch.crates-io.boundary-ffi.path='$ROOT/src/native/rust/boundary-ffi'"
sample_go_work() { # writes $ARTIFACTS/go.work for samples/go-stats/native and prints its path
  mkdir -p "$ARTIFACTS"
  printf 'go 1.21\n\nuse %s\n\nreplace boundaryanalyzers.dev/boundary => %s\n' \
    "$ROOT/samples/go-stats/native" "$ROOT/src/native/go/boundary" > "$ARTIFACTS/go.work"
  echo "$ARTIFACTS/go.work"
}

build_dotnet() {
  step "solution ($CONFIG)"
  dotnet build BoundaryAnalyzers.sln -c "$CONFIG" -nologo -clp:NoSummary -v:minimal
  step "package"
  mkdir -p "$FEED"
  dotnet pack nuget/BoundaryAnalyzers.csproj -c "$CONFIG" --no-build -nologo -v:minimal
  # Consumers restore the freshly packed package, never a stale copy of the same version from the global cache.
  local version
  version=$(sed -n 's:.*<BoundaryVersion>\(.*\)</BoundaryVersion>.*:\1:p' eng/Version.props)
  rm -rf "${NUGET_PACKAGES:-${HOME:-/root}/.nuget/packages}/boundaryanalyzers/$version"
  # ...and their restore is not skipped as a no-op (it would keep the old package's asset list, e.g. native files).
  rm -f samples/*/*/obj/project.nuget.cache benchmarks/BoundaryBenchmarks/obj/project.nuget.cache \
    analyzers.tests/EndToEnd.Rust/obj/project.nuget.cache analyzers.tests/EndToEnd.Go/obj/project.nuget.cache \
    analyzers.tests/GoStress/obj/project.nuget.cache
  echo "packed $FEED/BoundaryAnalyzers.$version.nupkg"
}

run_samples() {
  step "sample: Rust geo index (samples/rust-geo)"
  dotnet run --project samples/rust-geo/GeoSample -c "$CONFIG" -v:quiet
  step "sample: Go running statistics (samples/go-stats)"
  dotnet run --project samples/go-stats/StatsSample -c "$CONFIG" -v:quiet
}

TEST_SUMMARY=()
dotnet_test() { # $1 = project or solution
  local log
  log=$(mktemp)
  set +e
  dotnet test "$1" -c "$CONFIG" -nologo -v:minimal "${@:2}" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  TEST_SUMMARY+=("$(grep -E '(Passed|Failed)!' "$log" || true)")
  rm -f "$log"
  return "$rc"
}

run_tests() {
  step "native helper tests"
  local crate
  for crate in src/native/rust/boundary-ffi analyzers.tests/native/rtest; do
    cargo test --offline --quiet --manifest-path "$crate/Cargo.toml" --target-dir "$ARTIFACTS/cargo-test"
  done
  cargo test --offline --quiet --manifest-path samples/rust-geo/native/Cargo.toml --target-dir "$ARTIFACTS/cargo-test" \
    --config "$SAMPLE_CARGO_PATCH"
  local mod
  for mod in src/native/go/boundary analyzers.tests/native/gotest; do
    (cd "$mod" && "$GO" vet ./... && "$GO" test ./...)
  done
  local work
  work=$(sample_go_work)
  # Workspace mode refuses -mod=mod (eng/toolchains.sh sets it for the modules above).
  (cd samples/go-stats/native && GOWORK=$work GOFLAGS= "$GO" vet ./... && GOWORK=$work GOFLAGS= "$GO" test ./...)

  step "benchmarks compile (run them with ./build.sh bench)"
  dotnet build benchmarks/BoundaryBenchmarks -c "$CONFIG" -nologo -v:quiet

  step "unit tests: generator, analyzers, code fixes"
  dotnet_test BoundaryAnalyzers.sln --no-build
  # One set of tests (analyzers.tests/EndToEnd.Shared) in two projects, each its own test process: Go never shares one with Rust.
  step "end-to-end tests, Rust: the real librtest.so through the packed package"
  dotnet_test analyzers.tests/EndToEnd.Rust/BoundaryAnalyzers.EndToEnd.Rust.Tests.csproj
  step "end-to-end tests, Go: the real libgotest.so through the packed package"
  dotnet_test analyzers.tests/EndToEnd.Go/BoundaryAnalyzers.EndToEnd.Go.Tests.csproj

  step "summary"
  printf '%s\n' "${TEST_SUMMARY[@]}"
  local passed=0 failed=0 line n
  for line in "${TEST_SUMMARY[@]}"; do
    while read -r n; do passed=$((passed + n)); done < <(grep -oE 'Passed: +[0-9]+' <<<"$line" | grep -oE '[0-9]+')
    while read -r n; do failed=$((failed + n)); done < <(grep -oE 'Failed: +[0-9]+' <<<"$line" | grep -oE '[0-9]+')
  done
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}

[[ $MODE == fuzz ]] || ensure_toolchains
case "$MODE" in
  all) build_native; build_dotnet; run_samples ;;
  test) build_native; build_dotnet; run_samples; run_tests ;;
  bench)
    build_native; build_dotnet
    step "benchmarks (short job; results in BenchmarkDotNet.Artifacts/)"
    dotnet run --project benchmarks/BoundaryBenchmarks -c "$CONFIG" -- --filter '*' --job short \
      --warmupCount 3 --iterationCount 5 --launchCount 1 --exporters github
    ;;
  soak)
    build_native; build_dotnet
    step "Go signal soak: every app shape ${SOAK_RUNS:-30} times, ${SOAK_SECONDS:-5} s each, a fresh process per run"
    dotnet build analyzers.tests/GoStress -c "$CONFIG" -nologo -v:quiet
    dotnet "analyzers.tests/GoStress/bin/$CONFIG/net10.0/GoStress.dll" soak "${SOAK_RUNS:-30}" "${SOAK_SECONDS:-5}" "${SOAK_VIAS:-generated,raw}"
    ;;
  fuzz)
    export FUZZ_ITERATIONS=${FUZZ_ITERATIONS:-3000} FUZZ_SEED=${FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))} FUZZ_PARALLEL=${FUZZ_PARALLEL:-$(nproc)}
    step "mutation fuzz: $FUZZ_ITERATIONS mutants, seed $FUZZ_SEED (generator, every analyzer, every code fix)"
    dotnet test analyzers.tests/BoundaryAnalyzers.Tests -c "$CONFIG" -nologo -v:minimal \
      --filter "FullyQualifiedName~BoundaryAnalyzers.Tests.Fuzz.MutationFuzzTests" --logger "console;verbosity=detailed"
    ;;
  *) echo "usage: ./build.sh [test|bench|soak|fuzz]" >&2; exit 2 ;;
esac
