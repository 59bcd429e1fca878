#!/usr/bin/env bash
# Writes the seed corpus in tests/fuzz/corpus/: small IDX files, good and broken, raw and
# gzipped, a few hundred bytes at most. The committed corpus was made by this script; running it
# again only matters when a new kind of seed is added.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)/corpus"
rm -rf "$out"
mkdir -p "$out"

# be32 N: the 4 bytes of N, most significant first.
be32() { printf "\\x$(printf %02x $(($1 >> 24 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 & 255)))"; }
# bytes N: N bytes of a simple ramp.
bytes() { local i; for ((i = 0; i < $1; i++)); do printf "\\x$(printf %02x $((i * 7 % 256)))"; done; }
# labels N: N labels 0..9.
labels() { local i; for ((i = 0; i < $1; i++)); do printf "\\x$(printf %02x $((i % 10)))"; done; }
images_file() { be32 $((0x803)); be32 "$1"; be32 "$2"; be32 "$3"; bytes $(($1 * $2 * $3)); }
labels_file() { be32 $((0x801)); be32 "$1"; labels "$1"; }
gz() { gzip -9 -n -c; }

images_file 2 4 4 > "$out/images-2x4x4"
images_file 2 4 4 | gz > "$out/images-2x4x4.gz"
images_file 1 28 28 | gz > "$out/images-1x28x28.gz"
labels_file 10 > "$out/labels-10"
labels_file 10 | gz > "$out/labels-10.gz"
{ be32 $((0x803)); be32 3; be32 2; be32 5; bytes 24; } > "$out/images-truncated-body"
{ be32 $((0x803)); be32 1; printf '\x00'; } > "$out/images-truncated-header"
{ images_file 1 3 3; printf '\x00\x00'; } > "$out/images-trailing-bytes"
{ be32 $((0x801)); be32 4; printf '\x00\x01\x02\x0a'; } > "$out/labels-with-10"
{ be32 $((0x801)); be32 0; } > "$out/labels-zero"
{ be32 $((0x803)); be32 0; be32 28; be32 28; } > "$out/images-zero"
{ be32 $((0x803)); be32 4294967295; be32 65536; be32 65536; bytes 4; } > "$out/images-huge-header"
{ be32 $((0x802)); be32 1; be32 2; be32 2; bytes 4; } > "$out/images-wrong-magic"
{ printf '\x1f\x8b'; bytes 60; } > "$out/gzip-garbage"
images_file 2 4 4 | gz > "$out/gzip-whole"
head -c 30 "$out/gzip-whole" > "$out/gzip-cut-short"
rm "$out/gzip-whole"
{ { be32 $((0x801)); be32 8; labels 3; } | gz; labels 5 | gz; } > "$out/gzip-two-members.gz"
{ labels_file 3 | gz; printf 'xyz'; } > "$out/gzip-stray-bytes"
ls -l "$out"
