#!/usr/bin/env bash
# End-to-end tests of `kaiji analyze --jobs N`: several files analysed at
# once give exactly what one at a time gives (the same output in the order
# of the FILEs, the same errors in the same order, the same exit status,
# documents stored in that order), and bad values of N are refused; of
# `kaiji lint --jobs N`, the same; and of `kaiji classify --jsonl --jobs N`,
# whose lines come out as one thread gives them.
# make check also runs this file with the ThreadSanitizer build
# (build-tsan, tests/run.sh): a data race there fails it.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE="$ROOT/data/sample/hoshizora-security-2025"
IN="$FIX/ingest"

# every reader, and bad files among them (their errors must keep their place)
files=("$SAMPLE.html" "$SAMPLE.pdf" "$IN/sample.docx" "$IN/edinet" "$IN/edinet.zip"
  "$IN/sample-sjis.txt" "$IN/junk.pdf" "$IN/sample-utf16le-bom.txt" "$T/missing.txt"
  "$IN/sample.html" "$IN/empty.txt" "$IN/sample-eucjp.txt" "$IN/one-line-paragraphs.txt")

for fmt in json text; do
  "$KAIJI" analyze --format "$fmt" "${files[@]}" >"$T/one.$fmt" 2>"$T/one.$fmt.err"
  one=$?
  for j in 2 5; do
    run "$KAIJI" analyze --jobs "$j" --format "$fmt" "${files[@]}"
    expect_rc "--jobs $j $fmt: exit status as one at a time (3: some file unreadable)" "$one"
    expect_no_crash "--jobs $j $fmt: no crash or sanitizer report"
    if cmp -s "$T/out" "$T/one.$fmt"; then ok "--jobs $j $fmt: output as one at a time"; else
      not_ok "--jobs $j $fmt: output as one at a time" "$(diff "$T/one.$fmt" "$T/out" | head -5)"
    fi
    if cmp -s "$T/err" "$T/one.$fmt.err"; then ok "--jobs $j $fmt: errors as one at a time, in order"; else
      not_ok "--jobs $j $fmt: errors as one at a time, in order" "$(diff "$T/one.$fmt.err" "$T/err" | head -5)"
    fi
  done
done
[ "$one" -eq 3 ] && ok "the batch has unreadable files (exit 3)" || not_ok "the batch has unreadable files (exit 3)" "exit $one"

# kaiji lint --jobs N: the same files, findings as text and as JSON
for fmt in text json; do
  "$KAIJI" lint --strict --format "$fmt" "${files[@]}" >"$T/lint1.$fmt" 2>"$T/lint1.$fmt.err"
  l1=$?
  run "$KAIJI" lint --strict --jobs 3 --format "$fmt" "${files[@]}"
  expect_rc "lint --jobs 3 $fmt: exit status as one at a time (3: some file unreadable)" "$l1"
  expect_no_crash "lint --jobs 3 $fmt: no crash or sanitizer report"
  if cmp -s "$T/out" "$T/lint1.$fmt" && cmp -s "$T/err" "$T/lint1.$fmt.err"; then
    ok "lint --jobs 3 $fmt: findings and errors as one at a time, in order"
  else not_ok "lint --jobs 3 $fmt: findings and errors as one at a time" "$(diff "$T/lint1.$fmt" "$T/out" | head -3)" "$(diff "$T/lint1.$fmt.err" "$T/err" | head -3)"; fi
done
grep -q 'error\[product-version\]' "$T/lint1.text" && ok "lint: the batch has findings" || not_ok "lint: the batch has findings" "$(head -3 "$T/lint1.text")"
run "$KAIJI" lint --jobs 65 "$SAMPLE.html"
expect_rc "lint --jobs 65 is a usage error" 2
expect_err "lint --jobs 65: the message names the option and its range" "--jobs must be a whole number 1\.\.64 or auto, not '65'"

# --jobs auto: one thread a processor, the same output
run "$KAIJI" analyze --jobs auto --format json "${files[@]}"
if cmp -s "$T/out" "$T/one.json"; then ok "--jobs auto: output as one at a time"; else
  not_ok "--jobs auto: output as one at a time" "$(diff "$T/one.json" "$T/out" | head -3)"; fi

# more jobs than files, and -j
run "$KAIJI" analyze -j 64 --format json "$SAMPLE.html" "$IN/sample.html"
expect_rc "-j 64 with two files" 0
expect_out "-j 64: a JSON array of two results" '^\['

# stored in the order given, whatever finishes first
run "$KAIJI" analyze --jobs 3 --db "$T/kaiji.db" "$SAMPLE.pdf" "$IN/sample.docx" "$SAMPLE.html"
expect_rc "--jobs with --store" 0
expect_err "--store: the first file is document 1" "hoshizora-security-2025.pdf: stored as document 1 "
expect_err "--store: the second is document 2" "sample.docx: stored as document 2 "
expect_err "--store: the third is document 3" "hoshizora-security-2025.html: stored as document 3 "

for bad in 0 65 two; do
  run "$KAIJI" analyze --jobs "$bad" "$SAMPLE.html"
  expect_rc "--jobs $bad is a usage error" 2
  expect_err "--jobs $bad: the message names the option and its range" "--jobs must be a whole number 1\.\.64 or auto, not '$bad'"
done

# kaiji classify --jsonl --jobs N: the held-out passages, with bad lines
# among them, give exactly what one
# thread gives (more lines than the pool holds at once, 256 a thread):
# output lines, messages in order, exit status
HELD="$ROOT/tests/heldout"
{ head -300 "$HELD/en.jsonl"; printf 'not json\n{"id": "x"}\n'; head -200 "$HELD/ja.jsonl"
  printf '{"id": "h", "text": "Backups are tested quarterly.", "heading": 7}\n'; cat "$HELD/short-ja.jsonl"; } >"$T/lines.jsonl"
"$KAIJI" classify --jsonl "$T/lines.jsonl" >"$T/c1.out" 2>"$T/c1.err"
c1=$?
[ "$c1" -eq 3 ] && ok "classify: the lines include bad ones (exit 3)" || not_ok "classify: bad lines give exit 3" "exit $c1"
for j in 2 3; do
  run "$KAIJI" classify --jsonl --jobs "$j" "$T/lines.jsonl"
  expect_rc "classify --jobs $j: exit status as one thread" "$c1"
  expect_no_crash "classify --jobs $j: no crash or sanitizer report"
  if cmp -s "$T/out" "$T/c1.out" && cmp -s "$T/err" "$T/c1.err"; then
    ok "classify --jobs $j: output and messages as one thread, in order"
  else not_ok "classify --jobs $j: output and messages as one thread" "$(diff "$T/c1.out" "$T/out" | head -3 | cut -c1-200)" "$(diff "$T/c1.err" "$T/err" | head -3)"; fi
done
run bash -c "cat '$T/lines.jsonl' | '$KAIJI' classify --jsonl --jobs 2 -"
if cmp -s "$T/out" "$T/c1.out"; then ok "classify --jobs 2 reads standard input"; else not_ok "classify --jobs 2 from standard input" "${ERR:0:300}"; fi
run "$KAIJI" classify --jsonl --jobs 65 "$T/lines.jsonl"
expect_rc "classify --jobs 65 is a usage error" 2
expect_err "classify --jobs 65: the message names the option and its range" "--jobs must be a whole number 1\.\.64 or auto, not '65'"

# standard input among the files: read by whichever thread takes it, output
# in the order given
"$KAIJI" analyze --format json "$IN/sample.html" - "$IN/sample.docx" <"$SAMPLE.pdf" >"$T/stdin1.json" 2>&1
run bash -c "'$KAIJI' analyze --jobs 3 --format json '$IN/sample.html' - '$IN/sample.docx' <'$SAMPLE.pdf'"
expect_rc "--jobs 3 with standard input among the files" 0
if cmp -s "$T/out" "$T/stdin1.json" && [ "$(jq -r '.[1].path' "$T/out")" = "<stdin>" ]; then
  ok "--jobs 3: standard input read as one at a time reads it, in its place"
else not_ok "--jobs 3 with standard input" "$(diff "$T/stdin1.json" "$T/out" | head -3 | cut -c1-200)"; fi
