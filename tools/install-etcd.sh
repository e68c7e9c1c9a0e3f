#!/usr/bin/env bash
# Unpacks Debian's etcd-server (and etcdctl from etcd-client) into <repo>/.tools/etcd/ for the
# etcd integration tests and benchmarks. Nothing is installed system-wide and no service is
# started: the packages are downloaded with `apt-get download` and extracted with `dpkg-deb -x`.
# The tests look for <repo>/.tools/etcd/usr/bin/etcd (or -Dkubeloop.etcd=, or etcd on PATH).
#
# Usage: tools/install-etcd.sh        (idempotent; does nothing when etcd is already unpacked)
set -euo pipefail
cd "$(dirname "$0")/.."
dest="$PWD/.tools/etcd"

if [ -x "$dest/usr/bin/etcd" ] && [ -x "$dest/usr/bin/etcdctl" ]; then
  echo "etcd already unpacked: $("$dest/usr/bin/etcd" --version | head -1)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "tools/install-etcd.sh: no apt-get here; the etcd tests will be skipped" >&2
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
download() {
  (cd "$work" && apt-get download -qq etcd-server etcd-client)
}
# a fresh machine may not have the package lists yet
if ! download 2>/dev/null; then
  if ! { apt-get update -qq && download; }; then
    # not fatal: the etcd tests skip themselves, saying why
    echo "tools/install-etcd.sh: could not download etcd-server; the etcd tests will be skipped" >&2
    exit 0
  fi
fi
mkdir -p "$dest"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$dest"
done
echo "etcd unpacked into $dest: $("$dest/usr/bin/etcd" --version | head -1)"
