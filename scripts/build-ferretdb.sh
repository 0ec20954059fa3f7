#!/usr/bin/env bash
# Builds FerretDB 1.24.2 (MongoDB wire protocol over SQLite, Apache-2.0) into .tools/bin/ferretdb,
# or into the path given as the first argument.
# The module zip on the Go proxy ships without build/version/version.txt, and FerretDB's binary
# panics at start without it, so a plain `go install …@v1.24.2` yields a binary that cannot run.
# We therefore download the module, copy its source, write the version file and build that copy.
#
# One fix is applied to that copy (the build is stamped with it in "$bin.build", and a binary
# without the stamp is rebuilt):
#   sqlite-id-index: the SQLite backend looks documents up by `_ferretdb_sjson->'$._id'` (find,
#   update and delete by _id), but creates the _id index on `_ferretdb_sjson->"_id"`. SQLite
#   uses an expression index only for the identical expression, so every lookup by _id was a full
#   scan that parsed every document's JSON (36–68 ms at 20,000 documents, growing with the
#   collection). Both expressions give the same value, so the lookups are changed to the
#   indexed one; existing data folders keep working, as their indexes are unchanged.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="v1.24.2"
# Keep equal to ferretDbBuildId in server/db/ferretdb.ts, which rebuilds a binary stamped otherwise.
build_id="$version+sqlite-id-index"
bin="${1:-$root/.tools/bin/ferretdb}"
if [ -x "$bin" ] && [ "$(cat "$bin.build" 2>/dev/null)" = "$build_id" ] && "$bin" --version 2>/dev/null | grep -q "version: $version"; then
  exit 0
fi
install_go="Install Go 1.21 or newer from https://go.dev/dl/ (Debian 12's golang-go package, Go 1.19, is too old), or set MONGODB_URI to a MongoDB 6+ server (e.g. MONGODB_URI=mongodb://localhost:27017/waymark)."
if ! command -v go >/dev/null 2>&1; then
  echo "Go is not installed, and MONGODB_URI is not set. $install_go" >&2
  exit 1
fi
# Go 1.21+ downloads the newer toolchain FerretDB's go.mod asks for (go 1.24) by itself.
go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [ -n "$go_minor" ] && [ "$go_minor" -lt 21 ]; then
  echo "Go is too old ($(go env GOVERSION)). $install_go" >&2
  exit 1
fi
echo "Building FerretDB $version into $bin (first run only; takes a few minutes)…" >&2
dir="$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "Could not download github.com/FerretDB/FerretDB@$version from the Go module proxy (is https://proxy.golang.org reachable?)." >&2
  exit 1
fi
src="$root/.tools/src/ferretdb-$version-$$"
rm -rf "$src"
mkdir -p "$(dirname "$src")" "$(dirname "$bin")"
trap 'rm -rf "$src"' EXIT
cp -r "$dir" "$src"
chmod -R u+w "$src"
echo "$version" > "$src/build/version/version.txt"
id_column="$src/internal/backends/sqlite/metadata/metadata.go"
if ! grep -qF 'IDColumn = DefaultColumn + "->'"'"'$._id'"'"'"' "$id_column"; then
  echo "FerretDB $version's source is not as expected ($id_column): cannot apply the sqlite-id-index fix." >&2
  exit 1
fi
sed -i 's|IDColumn = DefaultColumn + "->'"'"'$._id'"'"'"|IDColumn = DefaultColumn + `->"_id"`|' "$id_column"
grep -q 'IDColumn = DefaultColumn + `->"_id"`' "$id_column"
(cd "$src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -o "$bin.tmp.$$" ./cmd/ferretdb)
mv "$bin.tmp.$$" "$bin"
echo "$build_id" > "$bin.build"
"$bin" --version | head -1 >&2
