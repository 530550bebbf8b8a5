#!/usr/bin/env bash
# docs/json.md against the JSON kaiji really writes: for each output it
# documents (a section opened by "<!-- json: NAME -->" and a table whose rows
# begin with a field's path in backticks), the paths of the fields that the
# commands below print, on the sample, the fixtures and a small store, must
# be the paths the table lists, no more and no fewer. A field added to the
# output without a line in the reference, or a documented one that is gone,
# fails here.
#
# Paths: keys joined by ".", an array's elements as "[]" after its key
# (passages[].evidence[].term), a top-level array's as a leading "[]",
# number keys (item numbers, specificity levels) as N; an array of scalars
# is one path (passages[].items).
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
doc="$root/docs/json.md"
sample="$root/data/sample/hoshizora-security-2025"

# The field paths of the JSON values (one or more) on standard input.
paths_of() {
  jq -r '[paths | map(if type == "number" then "[]" elif test("^[0-9]+$") then "N" else . end)
          | join(".")] | .[]' | sed -e 's/\.\[\]/[]/g' -e 's/^\.//' | grep -v '\[\]$' | sort -u
}

# The paths the table of section NAME lists.
documented() {
  awk -v s="<!-- json: $1 -->" '$0 == s { on = 1; next } /^<!-- json: / { on = 0 }
    on && /^\| `/ { split($0, a, "`"); print a[2] }' "$doc" | sort -u
}

# check NAME FILE: the paths of the JSON in FILE against section NAME.
check() {
  local name=$1 got="$T/$1.paths" want="$T/$1.doc"
  paths_of <"$2" >"$got"
  documented "$name" >"$want"
  if [ ! -s "$got" ]; then
    not_ok "$name: the commands printed JSON" "no field found in their output"
    return
  fi
  local extra missing
  extra=$(comm -23 "$got" "$want" | tr '\n' ' ')
  missing=$(comm -13 "$got" "$want" | tr '\n' ' ')
  if [ -z "$extra" ] && [ -z "$missing" ]; then
    ok "$name: docs/json.md lists the $(wc -l <"$got") fields the output has"
  else
    not_ok "$name: docs/json.md and the output agree" \
      "in the output, not documented: ${extra:-none}" \
      "documented, not in the output: ${missing:-none}"
  fi
}

if [ ! -f "$doc" ]; then
  not_ok "docs/json.md exists"
  exit 1
fi

# A lint check that cannot finish: the lint patterns (data) with one more
# that backtracks without end on a long word, and a page with such a word in
# a heading and a paragraph.
cp -r "$root/data" "$T/data"
printf 'cve-id\t-\t(?:[a-z]+[a-z]+)+[0-9]\t-\tbacktracks without end on a long word\n' \
  >>"$T/data/lint/patterns.tsv"
long=abcdefghijklmnopqrstuvwxyzabcdefghijklmn
mkdir -p "$T/gap"
printf '%s\n' '<html><head><title>t</title></head><body>' "<h2>Log $long</h2>" \
  "<p>The log kept the word $long and CVE-2024-0001.</p>" '</body></html>' >"$T/gap/gap.html"
# An assessment cue search that cannot finish: one more kpi cue that
# backtracks the same way, on a passage about security with a figure.
printf 'kpi\tany\t(?:[a-z]+[a-z]+)+[0-9]\n' >>"$T/data/assess/cues.tsv"
printf '%s\n' '<html><head><title>t</title></head><body>' \
  "<p>Our CSIRT handles security incidents and kept the word $long in its log in 2024.</p>" \
  '</body></html>' >"$T/gap/cue.html"

# analyze: a page, a PDF, every passage, an EDINET filing (sections), the
# page again beside a case collection (the examples it suggests), the page
# on which a lint check cannot finish, and one on which a cue search cannot
"$KAIJI" cases import --db "$T/cases.db" "$FIX/store/mini-guide.txt" >/dev/null 2>&1
{
  "$KAIJI" analyze --format json "$sample.html"
  "$KAIJI" analyze --format json --all-passages "$sample.pdf"
  "$KAIJI" analyze --format json "$FIX/ingest/edinet"
  "$KAIJI" analyze --format json --explain 40 "$FIX/ingest/edinet"
  "$KAIJI" analyze --format json --db "$T/cases.db" "$sample.html"
  KAIJI_DATA="$T/data" "$KAIJI" analyze --format json "$T/gap/gap.html"
  KAIJI_DATA="$T/data" "$KAIJI" analyze --format json "$T/gap/cue.html"
} >"$T/analyze.json" 2>/dev/null
check analyze "$T/analyze.json"

# classify: a passage on the topic, one off it, a bad line; with and
# without explanations
printf '%s\n' '{"id": "a", "text": "当社はCSIRTを設置し、年1回の訓練を行っています。"}' \
  '{"id": "b", "text": "当社は本社を移転しました。"}' 'not json' >"$T/classify.in"
{
  "$KAIJI" classify --jsonl "$T/classify.in"
  "$KAIJI" classify --jsonl --explain 40 --explain-items 8 "$T/classify.in"
} >"$T/classify.json" 2>/dev/null
check classify "$T/classify.json"

"$KAIJI" extract --format json "$sample.html" "$sample.pdf" "$FIX/ingest/edinet" \
  >"$T/extract.json" 2>/dev/null
check extract "$T/extract.json"

{
  "$KAIJI" lint --format json "$sample.html"
  KAIJI_DATA="$T/data" "$KAIJI" lint --format json "$T/gap/gap.html"
} >"$T/lint.json" 2>/dev/null
check lint "$T/lint.json"

# the store: the sample analysed and stored, the test guide's examples
db="$T/store.db"
"$KAIJI" analyze --store --db "$db" -o /dev/null "$sample.html" 2>/dev/null
"$KAIJI" cases import --db "$db" "$FIX/store/mini-guide.txt" >/dev/null 2>&1
"$KAIJI" docs list --db "$db" --format json >"$T/docs-list.json" 2>/dev/null
check docs-list "$T/docs-list.json"
"$KAIJI" docs show 1 --passages --db "$db" --format json >"$T/docs-show.json" 2>/dev/null
check docs-show "$T/docs-show.json"
"$KAIJI" docs search CSIRT --db "$db" --format json >"$T/docs-search.json" 2>/dev/null
check docs-search "$T/docs-search.json"
"$KAIJI" cases list --db "$db" --format json >"$T/cases-list.json" 2>/dev/null
check cases-list "$T/cases-list.json"
"$KAIJI" cases show 1 --db "$db" --format json >"$T/cases-show.json" 2>/dev/null
check cases-show "$T/cases-show.json"
"$KAIJI" cases search 方針 --db "$db" --format json >"$T/cases-search.json" 2>/dev/null
check cases-search "$T/cases-search.json"
"$KAIJI" cases refs --db "$db" --format json >"$T/cases-refs.json" 2>/dev/null
check cases-refs "$T/cases-refs.json"
"$KAIJI" cases export --db "$db" >"$T/cases-export.json" 2>/dev/null
check cases-export "$T/cases-export.json"
