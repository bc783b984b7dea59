#!/usr/bin/env bash
# Ensures the toolchains the build needs: dotnet (SDK >= 8), cargo (Rust, std only), and Go >= 1.21.
# Idempotent: does nothing when everything is already there. Sourced by build.sh; exports GO.
#
# Why Go >= 1.21: a C->Go call from a .NET thread costs ~8,400 ns with Debian stable's Go 1.19
# and ~76 ns with Go 1.23 (SPEC section 7), so an old Go is treated as missing.

toolchain_die() { echo "build.sh: $*" >&2; exit 1; }

go_version_ok() { # $1 = go binary; true when it is Go >= 1.21
  local v
  v=$("$1" env GOVERSION 2>/dev/null) || return 1
  v=${v#go}
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  (( major > 1 || (major == 1 && minor >= 21) ))
}

find_go() {
  local candidate
  for candidate in "${GO:-}" "$(command -v go 2>/dev/null)" /usr/lib/go-1.2[3-9]/bin/go /usr/lib/go-1.2[1-2]/bin/go /usr/local/go/bin/go; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    if go_version_ok "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

install_go() {
  if [[ $(id -u) -ne 0 ]]; then
    toolchain_die "Go >= 1.21 is required and missing. Install it (Debian: 'sudo apt-get install -t bookworm-backports golang-1.23-go' after adding bookworm-backports to the apt sources) or set GO=/path/to/go. Not root, so build.sh cannot install it."
  fi
  if ! grep -qs '^ID=debian' /etc/os-release; then
    toolchain_die "Go >= 1.21 is required and missing, and this is not Debian, so build.sh cannot install it. Install Go >= 1.21 and put it on PATH or set GO=/path/to/go."
  fi
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [[ -n "$codename" ]] || toolchain_die "cannot read the Debian codename from /etc/os-release"
  echo "build.sh: installing golang-1.23-go from ${codename}-backports (Go >= 1.21 is needed: calls from .NET into Go 1.19 are ~100x slower)"
  local list=/etc/apt/sources.list.d/boundary-backports.list
  if ! grep -rqs "${codename}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "deb http://deb.debian.org/debian ${codename}-backports main" > "$list"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq -o Dpkg::Use-Pty=0 >/dev/null \
    || toolchain_die "apt-get update failed; cannot install Go"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 -t "${codename}-backports" golang-1.23-go >/dev/null \
    || toolchain_die "apt-get install golang-1.23-go failed"
}

ensure_toolchains() {
  command -v dotnet >/dev/null || toolchain_die "dotnet (the .NET SDK) is required: https://dot.net"
  command -v cargo >/dev/null || toolchain_die "cargo (Rust) is required: https://rustup.rs"
  command -v gcc >/dev/null || toolchain_die "gcc is required (cgo needs a C compiler)"
  if ! GO=$(find_go); then
    install_go
    GO=$(find_go) || toolchain_die "Go was installed but no Go >= 1.21 binary was found"
  fi
  export GO
  # Go writes its build cache under HOME; keep it working when HOME is unset (CI without a login shell).
  export GOCACHE="${GOCACHE:-${HOME:-/tmp}/.cache/go-build}"
  export GOFLAGS="${GOFLAGS:--mod=mod}"
  export GOTOOLCHAIN=local GOPROXY=off GO111MODULE=on
}
