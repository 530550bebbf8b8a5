#!/usr/bin/env bash
# tools/compare_builds.sh - do two builds of kaiji say the same things?
# Runs `kaiji classify --jsonl` of both builds on the worked examples of the
# guide (their text with its PDF line wraps, as ../shared/eval gives it), the
# dev sets and kaiji's held-out sets, and `kaiji analyze --format json` on
# the shared corpus's files and its EDINET filings (each directory as one
# document), the bundled sample, mutool's text of the sample's and the
# corpus's PDFs, the test fixtures and generated text; prints each input whose output
# differs and a count.
# A refactoring should print none; a change of method should print only the
# inputs it means to change. Inputs with raw line breaks, tabs and full-width
# text are among them on purpose: identity checks without them once let a
# change to the normaliser through (docs/MEASUREMENTS.md, eleventh release).
#
# usage: tools/compare_builds.sh KAIJI_A DATA_A KAIJI_B DATA_B
#   e.g. a worktree of the previous commit built with
#   cmake -S . -B b -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build b --target kaiji
set -u
[ $# -eq 4 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
A=$1 DA=$2 B=$3 DB=$4
cd "$(dirname "$0")/.."
SHARED=${KAIJI_SHARED:-../shared}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
diffs=0 n=0
same() { # NAME: compare $T/a and $T/b
  n=$((n + 1))
  cmp -s "$T/a" "$T/b" || { echo "differs: $1"; diffs=$((diffs + 1)); }
}
inputs=(tests/heldout/*.jsonl)
if [ -f "$SHARED/eval/seed-cases.jsonl" ]; then
  python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    g = json.loads(l)
    print(json.dumps({"id": g["id"], "text": g["body"]}, ensure_ascii=False))' \
    "$SHARED/eval/seed-cases.jsonl" >"$T/seeds.jsonl"
  inputs+=("$T/seeds.jsonl" "$SHARED"/eval/dev-*.jsonl)
fi
for f in "${inputs[@]}"; do
  KAIJI_DATA=$DA "$A" classify --jsonl "$f" >"$T/a" 2>&1
  KAIJI_DATA=$DB "$B" classify --jsonl "$f" >"$T/b" 2>&1
  same "classify $f"
done
mkdir -p "$T/gen"
if [ -x build/bench_gencorpus ]; then
  build/bench_gencorpus data/train "$T/gen" 2 2 ja >/dev/null 2>&1
  build/bench_gencorpus data/train "$T/gen" 1 1 en >/dev/null 2>&1
fi
# mutool's text of PDFs, the way users may hand kaiji a PDF: the bundled
# sample's is double-spaced (its lines are blocks of their own); the shared
# corpus's have pages split by form feeds, with a browser print's running
# headers and footers
if command -v mutool >/dev/null; then
  for f in data/sample/*.pdf "$SHARED"/corpus/pdf/*.pdf; do
    [ -f "$f" ] && mutool draw -F txt -o "$T/gen/$(basename "$f" .pdf)-mutool.txt" "$f" 2>/dev/null
  done
fi
# files one by one, and each EDINET filing's directory as one document
is_filing() { [ -d "$1" ] && compgen -G "$1/*.htm*" >/dev/null; }
for f in "$SHARED"/corpus/*/* "$SHARED"/corpus/*/*/* data/sample/* tests/fixtures/*/* "$T"/gen/*; do
  [ -f "$f" ] || is_filing "$f" || continue
  KAIJI_DATA=$DA "$A" analyze --format json "$f" >"$T/a" 2>&1
  KAIJI_DATA=$DB "$B" analyze --format json "$f" >"$T/b" 2>&1
  same "analyze $f"
done
echo "compare_builds: $n inputs, $diffs differ"
