#!/usr/bin/env bash
# End-to-end tests of what hostile text does to kaiji's outputs: a file
# name, an EDINET section file's name, metadata given on the command line
# and cases imported as JSON lines may carry escape sequences (ESC ] 0;
# retitles a terminal window, ESC [ 2J clears it), C1 controls (U+009B is
# CSI) and bytes that are not UTF-8. Every JSON output stays valid JSON
# (parsed by Python as strict UTF-8) and keeps every record; every text for
# a terminal holds no control character but tab and newline (each other is
# written '?', invalid UTF-8 U+FFFD); columns line up for CJK text; snippets
# are cut at whole characters (a letter keeps its combining marks); the
# HTML report gives no id twice.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE="$root/data/sample/hoshizora-security-2025.html"

# valid_json NAME FILE [PY]: FILE is one JSON value (Python's json, strict
# UTF-8) and the Python expression PY on it (d) is true
valid_json() {
  if python3 - "$2" "${3:-True}" <<'EOF' 2>"$T/py.err"; then ok "$1"; else not_ok "$1" "$(tail -2 "$T/py.err")" "$(head -c 300 "$2")"; fi
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert eval(sys.argv[2]), sys.argv[2]
EOF
}
# valid_jsonl NAME FILE PY: every line of FILE is JSON and PY on the list (d) is true
valid_jsonl() {
  if python3 - "$2" "$3" <<'EOF' 2>"$T/py.err"; then ok "$1"; else not_ok "$1" "$(tail -2 "$T/py.err")" "$(head -c 300 "$2")"; fi
import json, sys
d = [json.loads(l) for l in open(sys.argv[1], "rb").read().decode("utf-8").splitlines() if l]
assert eval(sys.argv[2]), sys.argv[2]
EOF
}
# term_clean NAME FILE: FILE is UTF-8 with no control character but tab and
# newline (C0, DEL, C1)
term_clean() {
  if python3 - "$2" <<'EOF' 2>"$T/py.err"; then ok "$1"; else not_ok "$1" "$(tail -1 "$T/py.err")"; fi
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
bad = [c for c in t if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F]
assert not bad, "control characters: %r" % bad[:5]
EOF
}
# same_column NAME FILE REGEX WORD: on every line of FILE that matches
# REGEX, the first match of the regex WORD starts at the same column (CJK
# characters take two)
same_column() {
  if python3 - "$2" "$3" "$4" <<'EOF' 2>"$T/py.err"; then ok "$1"; else not_ok "$1" "$(tail -1 "$T/py.err")" "$(grep -E "$3" "$2" | head -4)"; fi
import re, sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if re.search(sys.argv[2], l)]
cols = {width(l[:re.search(sys.argv[3], l).start()]) for l in lines}
assert len(lines) >= 2 and len(cols) == 1, "columns %s of %d lines" % (sorted(cols), len(lines))
EOF
}

# a name with escape sequences, BEL, a C1 control and a byte that is not UTF-8
bad=$(printf 'x\033]0;pwned\007\033[2J\302\233\377')
mkdir -p "$T/in"
doc="$T/in/report-$bad.txt"
printf '当社はCISOを設置し、情報セキュリティ委員会でリスクを年4回審議しています。\n\n境界の装置は FortiGate 7.2.4 です。\n' >"$doc"

"$KAIJI" analyze --format json "$doc" >"$T/a.json" 2>"$T/a.err"
valid_json "analyze --format json: a file name that is not UTF-8 gives valid JSON" "$T/a.json" \
  "d['path'].endswith('\ufffd.txt') and '\x1b' in d['path'] and d['passages']"
"$KAIJI" lint --format json "$doc" >"$T/l.json" 2>"$T/l.err"
valid_json "lint --format json: ... valid JSON" "$T/l.json" "d['count'] >= 1 and d['findings'][0]['file'].endswith('\ufffd.txt')"
"$KAIJI" extract --format json "$doc" >"$T/x.json" 2>"$T/x.err"
valid_jsonl "extract --format json: ... valid JSON" "$T/x.json" "len(d) == 1 and d[0]['path'].endswith('\ufffd.txt')"
"$KAIJI" analyze "$doc" >"$T/a.txt" 2>"$T/a.err"
term_clean "analyze: the file name reaches the terminal without its escape sequences" "$T/a.txt"
if grep -q "report-x?\\]0;pwned??\\[2J?$(printf '\357\277\275')\\.txt" "$T/a.txt"; then ok "... each control written as ?"
else not_ok "... each control written as ?" "$(head -1 "$T/a.txt")"; fi
"$KAIJI" lint "$doc" >"$T/l.txt" 2>"$T/l.err"
term_clean "lint: ... nor a C1 control" "$T/l.txt"
"$KAIJI" extract "$doc" "$SAMPLE" >"$T/x.txt" 2>"$T/x.err"
term_clean "extract: ... nor in its heading line" "$T/x.txt"
"$KAIJI" analyze "$T/in/missing-$bad.pdf" >/dev/null 2>"$T/m.err"
term_clean "an error naming the file has no escape sequence either" "$T/m.err"
if grep -q 'missing-x?\]0;pwned' "$T/m.err"; then ok "... and still names the file"; else not_ok "... and still names the file" "$(cat "$T/m.err")"; fi

# an EDINET filing whose section file's name is the hostile one: the
# section is named by it in every passage's location
mkdir -p "$T/filing"
printf '<html><body><h2>（1）サイバーセキュリティ</h2><p>当社はCISOを設置し、情報セキュリティ委員会でリスクを審議しています。境界の装置は FortiGate 7.2.4 です。</p></body></html>' \
  >"$T/filing/honbun-$bad.htm"
"$KAIJI" analyze --as edinet --format json "$T/filing" >"$T/e.json" 2>"$T/e.err"
valid_json "analyze --format json: a section named by bytes that are not UTF-8 gives valid JSON" "$T/e.json" \
  "d['passages'][0]['section'].endswith('\ufffd.htm')"
"$KAIJI" analyze --as edinet "$T/filing" >"$T/e.txt" 2>"$T/e.err"
term_clean "analyze: the section's name in a location has no escape sequence" "$T/e.txt"
"$KAIJI" lint --as edinet "$T/filing" >"$T/el.txt" 2>&1
term_clean "lint: ... nor in a finding's location" "$T/el.txt"

# the store: metadata given on the command line, listed as text and JSON
DB="$T/k.db"
"$KAIJI" analyze --db "$DB" --company "Acme$bad" --code 1234 "$doc" >/dev/null 2>"$T/s.err"
term_clean "analyze --store: its note names the file without escape sequences" "$T/s.err"
"$KAIJI" analyze --db "$DB" --company 星空電機株式会社 --code 1234 "$SAMPLE" >/dev/null 2>&1
"$KAIJI" docs list --db "$DB" --format json >"$T/dl.json" 2>&1
valid_json "docs list --format json keeps a document whose company and source are not UTF-8" "$T/dl.json" \
  "len(d) == 2 and any(x['company'] == 'Acmex\x1b]0;pwned\x07\x1b[2J\x9b\ufffd' for x in d)"
"$KAIJI" docs show --db "$DB" --format json 1 >"$T/ds.json" 2>&1
valid_json "docs show --format json shows it" "$T/ds.json" "d['id'] == 1 and d['source'].endswith('\ufffd.txt') and d['passage_list']"
"$KAIJI" docs search --db "$DB" --format json CISO >"$T/dq.json" 2>&1
valid_json "docs search --format json finds passages of both" "$T/dq.json" "{h['document'] for h in d} == {1, 2}"
"$KAIJI" docs list --db "$DB" >"$T/dl.txt" 2>&1
term_clean "docs list: company and source without escape sequences" "$T/dl.txt"
same_column "docs list: the code column lines up after a company in kanji" "$T/dl.txt" '1234' '1234'
"$KAIJI" docs show --db "$DB" 1 >"$T/ds.txt" 2>&1
term_clean "docs show: ... " "$T/ds.txt"
"$KAIJI" docs search --db "$DB" CISO >"$T/dq.txt" 2>&1
term_clean "docs search: ..." "$T/dq.txt"

# cases imported from JSON lines, where \u001b is ESC once decoded
CDB="$T/c.db"
cat >"$T/evil.jsonl" <<'EOF'
{"key":"evil\u001b[2J","item":1,"elements":["1.1"],"company":"Evil\u001b]0;pwned\u0007 Corp\u009b31m","document":"統合報告書","doc_type":"integrated","year":2024,"title":"Evil\u001b[31m 統合報告書 2024","body":"トップメッセージ\n当社は\u001b[2J経営の柱として情報セキュリティに取り組み、CISOが取締役会に報告しています。","commentary":"第二行\n\u001b[1m説明","note":"n\u001b","tags":"t\u001b","source":"import"}
{"key":"事例-一","item":1,"elements":["1.1"],"company":"星空電機株式会社","document":"統合報告書","doc_type":"integrated","year":2024,"title":"星空電機株式会社 統合報告書 2024","body":"当社は経営の柱として情報セキュリティに取り組んでいます。","source":"import"}
{"key":"plain-key-2","item":1,"elements":["1.1"],"company":"Plain Co","document":"report","doc_type":"integrated","year":2024,"title":"Plain Co report 2024","body":"The CISO reports to the board on cybersecurity.","source":"import"}
EOF
"$KAIJI" cases import-jsonl --db "$CDB" "$T/evil.jsonl" >/dev/null 2>&1
"$KAIJI" cases list --db "$CDB" >"$T/cl.txt" 2>&1
term_clean "cases list: imported titles without escape sequences" "$T/cl.txt"
same_column "cases list: titles line up after a key in kanji" "$T/cl.txt" ' (Evil|星空|Plain)' 'Evil|星空|Plain'
"$KAIJI" cases show --db "$CDB" 1 >"$T/cs.txt" 2>&1
term_clean "cases show: key, company, title, body, commentary, note, tags without escape sequences" "$T/cs.txt"
if grep -q '^トップメッセージ$' "$T/cs.txt" && grep -q '^第二行$' "$T/cs.txt"; then ok "cases show: the body's and commentary's lines are kept"
else not_ok "cases show: the body's and commentary's lines are kept" "$(cat "$T/cs.txt")"; fi
"$KAIJI" cases search --db "$CDB" 情報 >"$T/cq.txt" 2>&1
term_clean "cases search: ..." "$T/cq.txt"
"$KAIJI" cases search --db "$CDB" --format json "$(printf 'CISO\377')" >"$T/cq.json" 2>&1
valid_json "cases search --format json: a query that is not UTF-8 still gives JSON" "$T/cq.json" "d['count'] == len(d['results'])"
"$KAIJI" analyze --db "$CDB" "$SAMPLE" >"$T/ex.txt" 2>/dev/null
if grep -q '^examples from the case collection' "$T/ex.txt"; then ok "analyze lists examples from the cases"
else not_ok "analyze lists examples from the cases" "$(tail -20 "$T/ex.txt")"; fi
term_clean "analyze: an example's title without escape sequences" "$T/ex.txt"

# CJK widths: the stakeholders' scores and what each looks for line up (取引先
# is three characters, 利用者・メディア eight)
"$KAIJI" analyze "$SAMPLE" >"$T/sample.txt" 2>&1
python3 - "$T/sample.txt" >"$T/stake.txt" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
at = lines.index("ステークホルダー別")
for l in lines[at + 1:at + 4]:
    print(l.replace(l.split()[2], "LOOKS", 1))
EOF
same_column "analyze: the stakeholders' scores and what they look for line up" "$T/stake.txt" 'LOOKS' 'LOOKS'

# a snippet cut at 70 characters keeps the combining mark of its 70th
# (か and U+309A, which has no precomposed form)
printf '当社はCISOを設置し、情報セキュリティ委員会でリスクを審議しています。委員会は年四回開かれ、役員全員が出席して、重要な方針と計画の決定し\343\201\213\343\202\232ます。\n' >"$T/cut.txt"
"$KAIJI" analyze "$T/cut.txt" >"$T/cut.out" 2>&1
if grep -q "$(printf 'し\343\201\213\343\202\232…')" "$T/cut.out"; then ok "analyze: a snippet is not cut between a letter and its mark"
else not_ok "analyze: a snippet is not cut between a letter and its mark" "$(grep -a '0\.' "$T/cut.out")"; fi

# the HTML report gives each id once (a passage shown under two items was
# given its id twice)
"$KAIJI" analyze --format html -o "$T/s.html" "$SAMPLE" 2>/dev/null
dups=$(grep -o ' id="[^"]*"' "$T/s.html" | sort | uniq -d)
if [ -z "$dups" ]; then ok "html: no id given twice"; else not_ok "html: no id given twice" $dups; fi
