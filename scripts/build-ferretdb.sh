#!/usr/bin/env bash
# Builds FerretDB 1.24.2 (MongoDB wire protocol over SQLite, Apache-2.0) into .tools/bin/ferretdb.
# The module zip on the Go proxy ships without build/version/version.txt, and FerretDB's binary
# panics at start without it, so a plain `go install …@v1.24.2` yields a binary that cannot run.
# We therefore download the module, copy its source, write the version file and build that copy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="v1.24.2"
bin="$root/.tools/bin/ferretdb"
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version: $version"; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go is not installed, and MONGODB_URI is not set. Install Go 1.22 or newer (https://go.dev/doc/install, or 'apt-get install golang'), or set MONGODB_URI to a MongoDB 6+ server." >&2
  exit 1
fi
echo "Building FerretDB $version into .tools/bin (first run only; takes a few minutes)…" >&2
dir="$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "Could not download github.com/FerretDB/FerretDB@$version from the Go module proxy." >&2
  exit 1
fi
src="$root/.tools/src/ferretdb-$version"
rm -rf "$src"
mkdir -p "$(dirname "$src")" "$root/.tools/bin"
cp -r "$dir" "$src"
chmod -R u+w "$src"
echo "$version" > "$src/build/version/version.txt"
(cd "$src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -o "$bin.tmp" ./cmd/ferretdb)
mv "$bin.tmp" "$bin"
rm -rf "$src"
"$bin" --version | head -1 >&2
