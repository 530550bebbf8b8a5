#!/usr/bin/env bash
# Run kaiji's libFuzzer targets (fuzz/fuzz_*.c, built by `make fuzz` into
# BUILD_DIR with -DKJ_FUZZ=ON) one after the other, FUZZ_SECONDS each
# (default 60), one process at a time. Seeds are copied into a scratch
# directory under BUILD_DIR (the fixtures and data are never touched):
#   fuzz_ingest   every file of tests/fixtures/ingest but the bombs
#   fuzz_analyze  data/sample, the text extracted from it, and passages of
#                 data/train alone and run together into documents
#   fuzz_search   queries and texts for the store's search (query, newline,
#                 text), a few written here and some from data/train
#   fuzz_html     the HTML files of tests/fixtures/ingest and data/sample, each
#                 after a byte that sets how often it is also read as parsed
#   fuzz_docx     the word/document.xml of the DOCX files of tests/fixtures/ingest,
#                 each after such a byte
# Each target keeps a corpus in BUILD_DIR/fuzz/TARGET/corpus that grows
# across runs; a crash, leak, sanitizer report, hang (-timeout=10) or
# memory blow-up (-rss_limit_mb=2048) leaves its input beside it as
# crash-*, leak-*, timeout-* or oom-* and makes the script exit 1.
# Usage: tools/fuzz.sh BUILD_DIR [TARGET...]   (default: every target)
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
bdir=${1:?usage: tools/fuzz.sh BUILD_DIR [TARGET...]}
shift
[ $# -gt 0 ] || set -- fuzz_ingest fuzz_analyze fuzz_search fuzz_html fuzz_docx
secs=${FUZZ_SECONDS:-60}
export KAIJI_DATA="$root/data"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# the precompiled lexicon, so that each target starts in a second
lexicon_compile() {
  ASAN_OPTIONS=detect_leaks=0 "$bdir/kaiji" lexicon info 2>/dev/null | grep -q "precompiled" ||
    ASAN_OPTIONS=detect_leaks=0 "$bdir/kaiji" lexicon compile >/dev/null
}

# The bombs (*-bomb.*: a PDF string of 40 million characters, a DOCX of 4
# million elements) are refused at a limit after seconds of work, minutes
# under the sanitizers, past the 10 s a fuzz input may take: they are
# tested in tests/e2e/test_hostile.sh instead.
seed_ingest() {
  find tests/fixtures/ingest -type f ! -name '*-bomb.*' | while IFS= read -r f; do
    cp "$f" "$1/$(printf '%s' "${f#tests/fixtures/ingest/}" | tr / _)"
  done
}

# Three passages of each training file alone, and its first twelve joined
# by blank lines into a document (paragraphs, headings, mixed labels).
seed_train() {
  for f in data/train/*.jsonl; do
    local b i=0
    b=$(basename "$f" .jsonl)
    head -n 3 "$f" | while IFS= read -r line; do
      i=$((i + 1))
      printf '%s' "$line" | jq -j .text >"$1/train-$b-$i.txt"
    done
    head -n 12 "$f" | jq -j '.text + "\n\n"' >"$1/train-$b-doc.txt"
  done
}

seed_analyze() {
  cp data/sample/*.html "$1/"
  for f in data/sample/*.html data/sample/*.pdf; do
    ASAN_OPTIONS=detect_leaks=0 "$bdir/kaiji" extract "$f" 2>/dev/null | cut -f2- \
      >"$1/extract-$(basename "$f").txt"
  done
  seed_train "$1"
}

# Pages after the byte that sets how many bytes the parser goes between two
# reads of what it has finished (byte % 64): 0 (every element's end) and 49.
seed_html() {
  for f in tests/fixtures/ingest/*.html data/sample/*.html; do
    { printf '@'; cat "$f"; } >"$1/s0-$(basename "$f")"
    { printf '1'; cat "$f"; } >"$1/s49-$(basename "$f")"
  done
}

# The body of each DOCX of tests/fixtures/ingest that has one (its
# word/document.xml, but not the bombs': see seed_ingest), after the byte
# that sets how often the body is read as parsed: 0 and 49, as for HTML.
seed_docx() {
  python3 - "$1" tests/fixtures/ingest/*.docx <<'PY'
import os, sys, zipfile
for f in sys.argv[2:]:
    name = os.path.basename(f)[:-5]
    if name.endswith("-bomb"):
        continue
    try:
        body = zipfile.ZipFile(f).read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        continue
    for mark, step in ((b"@", 0), (b"1", 49)):
        with open(os.path.join(sys.argv[1], "s%d-%s.xml" % (step, name)), "wb") as out:
            out.write(mark + body)
PY
}

# Queries and texts (query, newline, text): short and long terms, full-width
# letters, separators, the phrases of the training passages.
seed_search() {
  printf '訓練\n年に一度、全社で訓練を実施' >"$1/short.txt"
  printf 'IT\nＩＴ部門がＣＳＩＲＴを運営' >"$1/width.txt"
  printf '情報セキュリティ 監査\n情報セキュリティ監査を毎年受けています。' >"$1/long.txt"
  printf 'a\xe3\x80\x80b\nab\xe3\x80\x80cd I T it' >"$1/space.txt"
  local i=0
  head -n 20 data/train/ja-w01.jsonl data/train/en.jsonl 2>/dev/null | grep '^{' | while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" | jq -j '(.text | .[0:2]) + "\n" + .text' >"$1/train-$i.txt"
  done
}

# run_target NAME: seed, fuzz, report; returns libFuzzer's status.
run_target() {
  local t=$1 dir="$bdir/fuzz/$1"
  [ -x "$bdir/$t" ] || { echo "fuzz.sh: $bdir/$t is missing; run make fuzz" >&2; return 1; }
  rm -rf "$dir/seeds"
  mkdir -p "$dir/seeds" "$dir/corpus"
  case $t in
    fuzz_ingest) seed_ingest "$dir/seeds" ;;
    fuzz_analyze) seed_analyze "$dir/seeds" ;;
    fuzz_search) seed_search "$dir/seeds" ;;
    fuzz_html) seed_html "$dir/seeds" ;;
    fuzz_docx) seed_docx "$dir/seeds" ;;
  esac
  # inputs that once failed (fuzz/regress/TARGET), replayed first as seeds
  cp fuzz/regress/"$t"/* "$dir/seeds/" 2>/dev/null
  echo "== $t: ${secs}s, log in $dir/log"
  "$bdir/$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$dir/" "$dir/corpus" "$dir/seeds" >"$dir/log" 2>&1
  local rc=$?
  grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)" "$dir/log"
  if [ $rc -ne 0 ]; then
    grep -E "ERROR: |runtime error|SUMMARY|Test unit written" "$dir/log" | head -10
    echo "$t: FAILED (libFuzzer exit $rc); reproduce with: KAIJI_DATA=data $bdir/$t ARTIFACT"
  fi
  return $rc
}

lexicon_compile || { echo "fuzz.sh: cannot compile the lexicon" >&2; exit 1; }
failed=()
for t in "$@"; do
  run_target "$t" || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failing: ${failed[*]}"
  exit 1
fi
echo "fuzz: $# targets, no crash in ${secs}s each"
