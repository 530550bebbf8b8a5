#!/usr/bin/env bash
# End-to-end tests of `analyze --format csv` (render/table.c, render/csv.c,
# cmd_analyze.c): one of the batch tables as CSV, read back with python3's
# csv module and set against the JSON of the same analysis. A file that
# fails leaves the others' rows and the exit status 3; options that do not
# apply are refused; -o FILE is written whole or not at all.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE="$root/data/sample/hoshizora-security-2025.html"
SAMPLE_PDF="$root/data/sample/hoshizora-security-2025.pdf"
EN="$FIX/ingest/ixbrl-10k.htm"
export XDG_DATA_HOME="$T/xdg" # no case collection to read
mkdir "$T/w"
cd "$T/w" || exit 1

# python3 -c CODE FILE: CODE sees rows, the records of the CSV FILE
py() {
  python3 -c "import csv,json,sys; rows=list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig'))); $1" "$2"
}

"$KAIJI" analyze --format json "$SAMPLE" "$SAMPLE_PDF" >both.json
run "$KAIJI" analyze --format csv -o p.csv "$SAMPLE" "$SAMPLE_PDF"
expect_rc "analyze --format csv writes the passages' table" 0
[ "$(head -c 24 p.csv)" = '"File","Location","Page"' ] && ok "... its titles first, in English for Japanese documents" ||
  not_ok "... its titles first, in English for Japanese documents" "$(head -c 80 p.csv)"
[ "$(py 'print(len({len(r) for r in rows}), len(rows[0]))' p.csv)" = "1 23" ] &&
  ok "... 23 fields in every record" || not_ok "... 23 fields in every record" "$(py 'print({len(r) for r in rows})' p.csv)"
[ "$(grep -c $'\r$' p.csv)" -ge 2 ] && ok "... records ended by CRLF" || not_ok "... records ended by CRLF"
# each row against the JSON's passage at the same place
check=$(python3 - both.json p.csv <<'PY'
import csv, json, sys
docs = json.load(open(sys.argv[1]))
want = [(d["document"]["path"] if "document" in d else d["path"], p) for d in docs for p in d["passages"]]
rows = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))[1:]
bad = []
if len(rows) != len(want): bad.append("rows %d, JSON passages %d" % (len(rows), len(want)))
for r, (path, p) in zip(rows, want):
    items = ", ".join(str(i) for i in p["items"])
    if r[0] != path or r[6] != str(p["primary"]) or r[7] != items or r[22] != p["text"]:
        bad.append("%s %s" % (r[:8], (path, p["primary"], items)))
print(len(rows) if not bad else "; ".join(bad[:3]))
PY
)
[[ "$check" =~ ^[0-9]+$ ]] && ok "... each row is the JSON's passage: file, primary item, items, text ($check)" ||
  not_ok "... each row is the JSON's passage: file, primary item, items, text" "$check"

# the other tables
for t in documents coverage sensitive suggestions; do
  run "$KAIJI" analyze --format csv --table $t -o $t.csv "$SAMPLE" "$SAMPLE_PDF"
  [ "$RC" = 0 ] && [ "$(py 'print(len({len(r) for r in rows}))' $t.csv)" = 1 ] &&
    ok "--table $t: records of one length" || not_ok "--table $t: records of one length" "rc $RC, ${ERR:0:200}"
done
[ "$(py 'print(len(rows), rows[1][8], rows[1][9], rows[2][4], rows[2][5])' documents.csv)" = "3 integrated report 2025 ja 4" ] &&
  ok "... documents: a row per document, with its type, year, language and pages" ||
  not_ok "... documents: a row per document, with its type, year, language and pages" "$(head -3 documents.csv)"
check=$(python3 - both.json coverage.csv <<'PY'
import csv, json, sys
docs = json.load(open(sys.argv[1]))
rows = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
out = []
for d, r in zip(docs, rows[1:]):
    a = d["assessment"]
    got = [int(x) for x in r[3:13]]
    want = [a["items"][str(i)]["level"] if isinstance(a["items"], dict) else a["items"][i - 1]["level"] for i in range(1, 11)]
    if got != want: out.append("%s != %s" % (got, want))
print("; ".join(out) if out else "same")
PY
)
[ "$check" = same ] && ok "... coverage: each item's level as the JSON's assessment gives it" ||
  not_ok "... coverage: each item's level as the JSON's assessment gives it" "$check"
grep -q '"product-version"' sensitive.csv && ok "... sensitive: the lint's findings" ||
  not_ok "... sensitive: the lint's findings" "$(head -3 sensitive.csv)"

# --all-passages, --bom, --jobs
n_all=$("$KAIJI" analyze --format json -A "$SAMPLE" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["passages"]))')
run "$KAIJI" analyze --format csv -A "$SAMPLE"
printf '%s\n' "$OUT" >all.csv
[ "$(py 'print(len(rows) - 1)' all.csv)" = "$n_all" ] && ok "--all-passages: a row for every passage ($n_all)" ||
  not_ok "--all-passages: a row for every passage ($n_all)" "$(py 'print(len(rows))' all.csv)"
"$KAIJI" analyze --format csv --bom --table coverage "$SAMPLE" >bom.csv
[ "$(head -c 3 bom.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok "--bom: a byte order mark first" ||
  not_ok "--bom: a byte order mark first" "$(head -c 8 bom.csv | od -c)"
"$KAIJI" analyze --format csv -j 2 "$SAMPLE" "$SAMPLE_PDF" >jobs.csv
cmp -s jobs.csv p.csv && ok "--jobs 2 writes the same rows in the same order" || not_ok "--jobs 2 writes the same rows in the same order"

# an English document: the same English titles
run "$KAIJI" analyze --format csv --table coverage "$EN"
expect_out "an English document's coverage names the items in English" '"1 Policy"'

# a passage that would be a formula in a spreadsheet
printf '=HYPERLINK("http://example.invalid","x") 当社は情報セキュリティ基本方針を定め、CISOが取締役会に毎年報告しています。\n' >formula.txt
run "$KAIJI" analyze --format csv -A formula.txt
expect_out "a text cell that starts with = gets a ' first" "\"'=HYPERLINK\(\"\"http"

# a batch with a file that fails: the others' rows, exit 3
printf '' >empty.txt
run "$KAIJI" analyze --format csv --table documents "$SAMPLE" empty.txt
expect_rc "a file that fails makes the batch exit 3" 3
expect_err "... naming the file" "empty.txt: empty file"
[ "$(printf '%s\n' "$OUT" | grep -c hoshizora)" = 1 ] && ok "... and the other document's row is written" ||
  not_ok "... and the other document's row is written" "${OUT:0:300}"

# options that do not apply, and -o written whole or not at all
run "$KAIJI" analyze --table coverage "$SAMPLE"
expect_rc "--table without --format csv is a usage error" 2
expect_err "... saying where it applies" "applies to CSV"
run "$KAIJI" analyze --format json --bom "$SAMPLE"
expect_rc "--bom with --format json is a usage error" 2
run "$KAIJI" analyze --format csv --table items "$SAMPLE"
expect_rc "an unknown table is a usage error" 2
expect_err "... listing the tables" "documents, coverage, passages, sensitive, suggestions"
run "$KAIJI" analyze --format csv --explain 3 "$SAMPLE"
expect_rc "--explain with --format csv is a usage error" 2
printf 'an earlier table\n' >kept.csv
run bash -c "ulimit -f 1; exec '$KAIJI' analyze --format csv -A -o kept.csv '$SAMPLE'"
expect_rc "a table cut short by the file size limit fails" 3
[ "$(cat kept.csv)" = "an earlier table" ] && ok "... and the earlier file is left whole" ||
  not_ok "... and the earlier file is left whole" "$(head -c 100 kept.csv | od -c | head -2)"
