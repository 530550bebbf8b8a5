#!/usr/bin/env bash
# End-to-end tests of `analyze --format xlsx` (render/xlsx.c, cmd_analyze.c):
# a batch of documents as one Excel workbook, its sheets read back with
# python3's zipfile. The workbook goes to -o FILE (written whole or not at
# all) or to standard output when that is not a terminal; a file that
# fails leaves the others in the workbook and the exit status 3; options
# that do not apply to a workbook are refused.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE="$root/data/sample/hoshizora-security-2025.html"
SAMPLE_PDF="$root/data/sample/hoshizora-security-2025.pdf"
EN="$FIX/ingest/ixbrl-10k.htm"
export XDG_DATA_HOME="$T/xdg" # no case collection to read
export TMPDIR="$T/tmp"         # where the workbook is assembled: left empty
mkdir "$T/tmp" "$T/w"
cd "$T/w" || exit 1

# rows of sheet N of workbook $1 as tab-separated cells (strings and numbers)
rows() {
  python3 - "$1" "$2" <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
x = z.read("xl/worksheets/sheet%s.xml" % sys.argv[2]).decode()
for row in re.findall(r"<row [^>]*>(.*?)</row>", x, re.S):
    cells = []
    for c in re.findall(r"<c [^>]*>(.*?)</c>", row, re.S):
        m = re.search(r"<t[^>]*>(.*?)</t>", c, re.S) or re.search(r"<v>(.*?)</v>", c)
        cells.append(m.group(1).replace("\n", " ") if m else "")
    print("\t".join(cells))
EOF
}
sheets() { python3 -c 'import re,sys,zipfile; print(" ".join(re.findall(r"<sheet name=\"([^\"]+)\"", zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode())))' "$1"; }

run "$KAIJI" analyze --format xlsx -o book.xlsx "$SAMPLE" "$SAMPLE_PDF"
expect_rc "analyze --format xlsx -o writes a workbook" 0
[ "$(sheets book.xlsx)" = "文書 網羅性 パッセージ 機微情報 改善提案" ] &&
  ok "... with five sheets named in the first document's language" ||
  not_ok "... with five sheets named in the first document's language" "$(sheets book.xlsx)"
rows book.xlsx 1 >docs.tsv
[ "$(wc -l <docs.tsv)" = 3 ] && ok "... a title row and a row per document" ||
  not_ok "... a title row and a row per document" "$(cat docs.tsv)"
grep -q "^.*hoshizora-security-2025.pdf	株式会社ほしぞら電機.*	pdf	ja	4	" docs.tsv &&
  ok "... the PDF's row: file, title, format, language, pages" ||
  not_ok "... the PDF's row: file, title, format, language, pages" "$(cat docs.tsv)"
grep -q "	統合報告書	2025	10	" docs.tsv && ok "... document type, year and items covered" ||
  not_ok "... document type, year and items covered" "$(cat docs.tsv)"
# the passages: as many rows as analyze's JSON has passages about cybersecurity
n_json=$("$KAIJI" analyze --format json "$SAMPLE" "$SAMPLE_PDF" | python3 -c 'import json,sys; print(sum(len(d["passages"]) for d in json.load(sys.stdin)))')
rows book.xlsx 3 >passages.tsv
[ "$(($(wc -l <passages.tsv) - 1))" = "$n_json" ] && ok "... a row per passage about cybersecurity ($n_json)" ||
  not_ok "... a row per passage about cybersecurity ($n_json)" "$(wc -l <passages.tsv)"
grep -q "CSIRT" passages.tsv && ok "... with the passages' text and evidence" ||
  not_ok "... with the passages' text and evidence"
rows book.xlsx 4 >sensitive.tsv
grep -q "	product-version	" sensitive.tsv && ok "... the lint's findings in a sheet of their own" ||
  not_ok "... the lint's findings in a sheet of their own" "$(head -3 sensitive.tsv)"
rows book.xlsx 2 | grep -q "^.*hoshizora-security-2025.html	" && ok "... and a coverage row per document" ||
  not_ok "... and a coverage row per document"

# --all-passages: every passage; --no-lint: no findings
run "$KAIJI" analyze --format xlsx -A --no-lint -o all.xlsx "$SAMPLE"
expect_rc "--all-passages applies to the workbook" 0
n_all=$("$KAIJI" analyze --format json -A "$SAMPLE" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["passages"]))')
[ "$(($(rows all.xlsx 3 | wc -l) - 1))" = "$n_all" ] && ok "... a row for every passage ($n_all)" ||
  not_ok "... a row for every passage ($n_all)"
[ "$(rows all.xlsx 4 | wc -l)" = 1 ] && ok "... and --no-lint leaves the findings' sheet its titles" ||
  not_ok "... and --no-lint leaves the findings' sheet its titles"

# an English document first: English titles
run "$KAIJI" analyze --format xlsx -o en.xlsx "$EN" "$SAMPLE"
[ "$(sheets en.xlsx)" = "Documents Coverage Passages Sensitive Suggestions" ] &&
  ok "a batch that starts with an English document has English sheet names" ||
  not_ok "a batch that starts with an English document has English sheet names" "$(sheets en.xlsx)"
rows en.xlsx 1 >en.tsv
head -1 en.tsv | grep -q "^File	Title	Company	" && ok "... and English titles" ||
  not_ok "... and English titles" "$(head -1 en.tsv)"

# standard output, when it is not a terminal
"$KAIJI" analyze --format xlsx "$SAMPLE" >stdout.xlsx 2>"$T/err"
[ "$(sheets stdout.xlsx)" = "文書 網羅性 パッセージ 機微情報 改善提案" ] &&
  ok "the workbook goes to standard output when it is redirected" ||
  not_ok "the workbook goes to standard output when it is redirected" "$(cat "$T/err")"

# a batch with a file that fails: the others are in the workbook, exit 3
printf '' >empty.txt
run "$KAIJI" analyze --format xlsx -o partial.xlsx "$SAMPLE" empty.txt
expect_rc "a file that fails makes the batch exit 3" 3
expect_err "... naming the file" "empty.txt: empty file"
[ "$(rows partial.xlsx 1 | wc -l)" = 2 ] && ok "... and the workbook has the other document" ||
  not_ok "... and the workbook has the other document"

# options that do not apply, and a place that cannot be written
run "$KAIJI" analyze --format xlsx --explain 3 -o x.xlsx "$SAMPLE"
expect_rc "--explain with --format xlsx is a usage error" 2
expect_err "... saying where it applies" "applies to JSON and the HTML report"
run "$KAIJI" analyze --format xlsx --passages 3 -o x.xlsx "$SAMPLE"
expect_rc "--passages with --format xlsx is a usage error" 2
printf 'an earlier workbook\n' >kept.xlsx
run "$KAIJI" analyze --format xlsx -o "$T/no/such/dir/book.xlsx" "$SAMPLE"
expect_rc "a workbook where no file can be made fails" 3
expect_err "... naming it" "no/such/dir/book.xlsx: cannot write"
run bash -c "ulimit -f 1; exec '$KAIJI' analyze --format xlsx -o kept.xlsx '$SAMPLE'"
expect_rc "a workbook cut short by the file size limit fails" 3
expect_err "... saying so of the file named, not of a temporary one" "kaiji: kept\.xlsx: cannot write the workbook: File too large"
[ "$(cat kept.xlsx)" = "an earlier workbook" ] && ok "... and the earlier file is left whole" ||
  not_ok "... and the earlier file is left whole" "$(head -c 100 kept.xlsx | od -c | head -2)"
run "$KAIJI" analyze --format xls -o x.xlsx "$SAMPLE"
expect_rc "an unknown format is a usage error" 2
expect_err "... listing xlsx among the formats" "text, json, html, xlsx"
[ -z "$(ls -A "$T/tmp")" ] && ok "no temporary workbook is left behind" ||
  not_ok "no temporary workbook is left behind" "$(ls -A "$T/tmp")"
