#!/usr/bin/env bash
# Builds the embedded FerretDB (SQLite backend) into .cache/ferretdb/ through the Go module proxy, with our
# patches (patches/ferretdb/*.patch, in name order) applied to the pinned module: FerretDB 1.x is no longer
# maintained, so its fixes are ours to carry. The module source is copied from the Go module cache into
# .cache/ferretdb/build/, patched there, and the launcher is built against it through a -modfile with a
# `replace`; the launcher's own test (scripts/ferretdb/wedge_test.go) and the patches' tests then run against it.
# A second run reuses the binary unless the launcher, the patches or this script changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/scripts/ferretdb"
patches=("$root"/patches/ferretdb/*.patch)
out="$root/.cache/ferretdb"
bin="$out/embedded-ferretdb"
stamp="$out/source.sha256"
build="$out/build"
module="$build/FerretDB"

want="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go "${patches[@]}" "$root/scripts/install-ferretdb.sh" | sha256sum | cut -d' ' -f1)"
up_to_date() { [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; }
if up_to_date; then
  echo "embedded FerretDB is up to date: $bin"
  exit 0
fi
mkdir -p "$out"
# Test workers, replicas and the benchmark may all start here at once: one builds, the others wait for it.
exec 9>"$out/.build.lock"
flock 9
if up_to_date; then
  echo "embedded FerretDB is up to date: $bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Go is needed to build the embedded database (or set MONGODB_URI to a MongoDB server)." >&2
  exit 1
fi

echo "building embedded FerretDB with ${#patches[@]} patches (first run takes a few minutes)…"
rm -rf "$build"
mkdir -p "$build"
pristine="$(cd "$src" && GOFLAGS=-mod=readonly go mod download -json github.com/FerretDB/FerretDB | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[[ -d "$pristine" ]] || { echo "could not find FerretDB's module source" >&2; exit 1; }
cp -R "$pristine" "$module"
chmod -R u+w "$module"
# Its own repository, so `git apply` resolves the patches' paths there and not in the project's repository.
git -C "$module" init -q
for patch in "${patches[@]}"; do
  git -C "$module" apply --whitespace=nowarn "$patch" || { echo "could not apply $patch" >&2; exit 1; }
done

# The launcher's go.mod and go.sum with FerretDB replaced by the patched copy.
cp "$src/go.sum" "$build/go.sum"
sed "s|^module .*|&\n\nreplace github.com/FerretDB/FerretDB => $module|" "$src/go.mod" > "$build/go.mod"

(cd "$src" && GOBIN="$build/bin" GOFLAGS=-mod=readonly go install -modfile="$build/go.mod" .)

echo "testing the patched FerretDB…"
(cd "$src" && GOFLAGS=-mod=readonly go test -count=1 -modfile="$build/go.mod" .)
# FerretDB's own tests want the release metadata that module-proxy builds lack; only while they run.
echo v1.24.2 > "$module/build/version/version.txt"
if ! (cd "$module" && GOFLAGS=-mod=readonly go test -count=1 -run 'TestEqualityPushdownUsesIndexes' ./internal/backends/sqlite/ >"$build/test.log" 2>&1); then
  tail -50 "$build/test.log" >&2
  exit 1
fi
rm "$module/build/version/version.txt"

# Only a binary whose patches passed their tests replaces the one in use.
mv "$build/bin/embedded-ferretdb" "$bin"
echo "$want" > "$stamp"
echo "embedded FerretDB built: $bin"
