#!/usr/bin/env bash
# Builds the embedded FerretDB (SQLite backend) into .cache/ferretdb/ through the Go module proxy.
# A second run reuses the binary unless the pinned module files changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/scripts/ferretdb"
out="$root/.cache/ferretdb"
bin="$out/embedded-ferretdb"
stamp="$out/source.sha256"

want="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -d' ' -f1)"
if [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "embedded FerretDB is up to date: $bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Go is needed to build the embedded database (or set MONGODB_URI to a MongoDB server)." >&2
  exit 1
fi

mkdir -p "$out"
echo "building embedded FerretDB (first run takes about a minute)…"
(cd "$src" && GOBIN="$out" GOFLAGS=-mod=readonly go install .)
echo "$want" > "$stamp"
echo "embedded FerretDB built: $bin"
