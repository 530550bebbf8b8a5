#!/usr/bin/env bash
# End-to-end tests of a data directory (KAIJI_DATA) broken as a user may
# break a copy of data/: a model file deleted or edited by hand, a lexicon
# with a term Vectorscan refuses, a lint file missing. Each is refused with
# an error naming the file (and line) and a non-zero exit, never read into
# quietly wrong results.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

fresh() { rm -rf "$T/data"; mkdir -p "$T/data/model"; cp -r "$ROOT/data/lexicon" "$ROOT/data/lint" "$ROOT/data/assess" "$T/data/"; cp "$ROOT/data/model/model.tsv" "$T/data/model/"; }
printf '%s\n' '{"id":1,"text":"当社はCSIRTを設置し、不正アクセスに備えています。"}' >"$T/in.jsonl"
printf '当社はCSIRTを設置し、不正アクセスに備えています。\n' >"$T/in.txt"

fresh
KAIJI_DATA="$T/data" run "$KAIJI" classify --jsonl "$T/in.jsonl"
expect_rc "classify with a fresh copy of data/" 0

# the model file missing: the error names it and says how to make it
rm "$T/data/model/model.tsv"
KAIJI_DATA="$T/data" run "$KAIJI" classify --jsonl "$T/in.jsonl"
expect_rc "classify without a model fails" 3
expect_err "a missing model file is named" 'data/model/model\.tsv: cannot open.*make model'

# a bias edited into NaN printed every score of its label as "nan", no JSON
fresh
sed -i 's/^\(label 6 item 7 element -1 bias \)[^ ]*/\1nan/' "$T/data/model/model.tsv"
KAIJI_DATA="$T/data" run "$KAIJI" classify --jsonl "$T/in.jsonl"
expect_rc "classify with a NaN bias in the model fails" 3
expect_err "the NaN bias is named by file and line" 'model\.tsv:[0-9]+: bad bias or threshold of label 6'
expect_no_out "no nan is written" 'nan'

# a model cut short at a line's end loaded with what it still had: with
# no weights at all when cut before its "weights" line, without its
# short-passage factors when cut after its last weight. Its last line
# counts the lines before it; a cut is refused, naming the file, even with
# the model.bin of the whole model beside it (written by the first run)
fresh
KAIJI_DATA="$T/data" run "$KAIJI" classify --jsonl "$T/in.jsonl"
cp "$T/data/model/model.tsv" "$T/model.whole"
total=$(wc -l <"$T/model.whole")
wline=$(grep -n -m1 '^weights ' "$T/model.whole" | cut -d: -f1)
lastw=$(grep -n '^w ' "$T/model.whole" | tail -n1 | cut -d: -f1)
for keep in 5 $((wline - 1)) $wline $((wline + 1000)) $lastw $((total - 1)); do
  head -n "$keep" "$T/model.whole" >"$T/data/model/model.tsv"
  KAIJI_DATA="$T/data" run "$KAIJI" classify --jsonl "$T/in.jsonl"
  expect_rc "classify with a model cut after line $keep of $total fails" 3
  expect_err "... naming the file and saying to retrain" 'model\.tsv: truncated .*make model'
  expect_no_out "... and no scores are written (cut after line $keep)" 'scores'
done
# a line lost from the middle: the end line counts one more
sed '3d' "$T/model.whole" >"$T/data/model/model.tsv"
KAIJI_DATA="$T/data" run "$KAIJI" classify --jsonl "$T/in.jsonl"
expect_rc "classify with a model that lost a line fails" 3
expect_err "... naming the file and the count" 'model\.tsv: [0-9]+ lines before its end line, which counts [0-9]+.*make model'

# a regex term Vectorscan cannot compile is named by file and line
fresh
printf 're:(unclosed\tja\t0\t-\tfigure\t0.5\n' >>"$T/data/lexicon/figures.tsv"
line=$(wc -l <"$T/data/lexicon/figures.tsv")
KAIJI_DATA="$T/data" run "$KAIJI" classify --jsonl "$T/in.jsonl"
expect_rc "classify with a lexicon term that does not compile fails" 3
expect_err "the term that does not compile is named by file and line" \
  "lexicon/figures\\.tsv:$line: cannot compile term 're:\\(unclosed'"

# a lint file missing: named (the read's own message was lost)
fresh
rm "$T/data/lint/rules.tsv"
KAIJI_DATA="$T/data" run "$KAIJI" analyze "$T/in.txt"
expect_rc "analyze without the lint rules fails" 3
expect_err "the missing lint file is named" 'lint/rules\.tsv: cannot open'

# a data file emptied, or cut short to its header comments, loaded with none
# of its entries (an empty products.tsv: no {products} pattern found
# anything; an empty assessment table: the assessment went on without it)
for f in lexicon/items.tsv lint/products.tsv lint/rules.tsv assess/cues.tsv assess/stakeholders.tsv; do
  for body in '' '# a header comment'; do
    fresh
    printf '%s' "$body" >"$T/data/$f"
    KAIJI_DATA="$T/data" run "$KAIJI" analyze "$T/in.txt"
    expect_rc "analyze with $f holding no entries ('$body') fails" 3
    expect_err "... naming the file" "${f//./\\.}: no (entries|terms)"
  done
done

# a NUL byte inside a data line cut it short there, and its later columns were lost unsaid
for f in lexicon/items.tsv lint/patterns.tsv assess/cues.tsv; do
  fresh
  line=$(($(wc -l <"$T/data/$f") + 1))
  printf 'CSIRT\tany\t7\0\t7.1\tir\t1.0\n' >>"$T/data/$f"
  KAIJI_DATA="$T/data" run "$KAIJI" analyze "$T/in.txt"
  expect_rc "analyze with a NUL byte in a line of $f fails" 3
  expect_err "... naming the file and line" "${f//./\\.}:$line: the line holds a NUL byte"
done

# said_once NAME RE: stderr of the last run has one line matching RE
said_once() {
  local n
  n=$(grep -c -E -- "$2" "$T/err")
  [ "$n" = 1 ] && ok "$1" || not_ok "$1" "said $n times"
}

# analyze loads the model once the first file is read (reading needs none
# of it): a broken model is said once for a batch, whatever --jobs, and no
# file's analysis is written; a file that could not be read is still named
fresh
sed -i 's/^\(label 6 item 7 element -1 bias \)[^ ]*/\1nan/' "$T/data/model/model.tsv"
cp "$T/in.txt" "$T/in2.txt"
cp "$T/in.txt" "$T/in3.txt"
for jobs in 1 2; do
  KAIJI_DATA="$T/data" run "$KAIJI" analyze --jobs $jobs "$T/in.txt" "$T/in2.txt" "$T/in3.txt"
  expect_rc "analyze --jobs $jobs of three files with a broken model fails" 3
  expect_err "... naming the model file" 'model\.tsv:[0-9]+: bad bias or threshold of label 6'
  said_once "... once, not for each file (--jobs $jobs)" 'bad bias'
  expect_no_out "... and no analysis is written (--jobs $jobs)" 'CSIRT'
done
KAIJI_DATA="$T/data" run "$KAIJI" analyze "$T/missing.txt" "$T/in.txt"
expect_rc "analyze of a missing file and a good one with a broken model fails" 3
expect_err "... naming the missing file" 'missing\.txt: No such file'
expect_err "... and the model" 'model\.tsv:[0-9]+: bad bias'

# lint, as analyze does, loads its rules (and the lexicon and model) once
# the first file is read, not before: rules it cannot load are said once for
# a batch, whatever --jobs, after a file before it that could not be read,
# and no findings are written (none were looked for)
fresh
rm "$T/data/lint/rules.tsv"
printf 'The ERP database runs on db01.corp.example.local.\n' >"$T/host.txt"
for jobs in 1 2; do
  KAIJI_DATA="$T/data" run "$KAIJI" lint --jobs $jobs --format json "$T/host.txt" "$T/in2.txt" "$T/in3.txt"
  expect_rc "lint --jobs $jobs of three files without the lint rules fails" 3
  expect_err "... naming the rules file" 'lint/rules\.tsv: cannot open'
  said_once "... once, not for each file (lint --jobs $jobs)" 'rules\.tsv'
  expect_no_out "... and no findings are written (lint --jobs $jobs)" 'findings'
done
# "after any unreadable file": the missing file first, then the rules
in_order() { # NAME RE1 RE2: in stderr, a line matching RE1 comes before one matching RE2
  local a b
  a=$(grep -n -m1 -E -- "$2" "$T/err" | cut -d: -f1)
  b=$(grep -n -m1 -E -- "$3" "$T/err" | cut -d: -f1)
  if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then ok "$1"; else not_ok "$1" "stderr: ${ERR:0:400}"; fi
}
for jobs in 1 2; do
  KAIJI_DATA="$T/data" run "$KAIJI" lint --jobs $jobs "$T/missing.txt" "$T/host.txt"
  expect_rc "lint --jobs $jobs of a missing file and a good one without the lint rules fails" 3
  in_order "... naming the missing file, then the rules file (lint --jobs $jobs)" \
    'missing\.txt: No such file' 'lint/rules\.tsv: cannot open'
done
# a broken model only leaves severities unweighted: the warning is said
# once, after a file before it that could not be read, and the files are
# still linted
fresh
sed -i 's/^\(label 6 item 7 element -1 bias \)[^ ]*/\1nan/' "$T/data/model/model.tsv"
cp "$T/host.txt" "$T/host2.txt"
for jobs in 1 2; do
  KAIJI_DATA="$T/data" run "$KAIJI" lint --jobs $jobs "$T/missing.txt" "$T/host.txt" "$T/host2.txt"
  expect_rc "lint --jobs $jobs with a broken model and a missing file fails" 3
  in_order "... naming the missing file, then the model (lint --jobs $jobs)" \
    'missing\.txt: No such file' 'warning: .*model\.tsv:[0-9]+: bad bias.*not weighted'
  said_once "... the model said once (lint --jobs $jobs)" 'bad bias'
  n=$(grep -c 'db01\.corp\.example\.local' "$T/out")
  [ "$n" = 2 ] && ok "... and both good files linted (lint --jobs $jobs)" ||
    not_ok "... and both good files linted (lint --jobs $jobs)" "$n findings" "stdout: ${OUT:0:400}"
done
