#!/usr/bin/env bash
# End-to-end tests of `kaiji analyze` and `kaiji classify --jsonl` (the
# evaluation contract) on the bundled sample and on every kind of bad input:
# each bad file gets a one-line error naming it, a non-zero exit, no crash,
# and the other files of a batch are still analysed.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE="$ROOT/data/sample/hoshizora-security-2025"
IN="$FIX/ingest"

run "$KAIJI" --version
expect_rc "version exits 0" 0
expect_out "version prints the version" '^kaiji [0-9]+\.[0-9]+'
run "$KAIJI" --help
expect_out "help lists analyze" 'analyze'
expect_out "help lists classify" 'classify'
run "$KAIJI" help analyze
expect_out "help analyze shows options" '--format'
run "$KAIJI" nosuchcommand
expect_rc "unknown command is a usage error" 2

run "$KAIJI" analyze "$SAMPLE.html"
expect_rc "analyze sample html" 0
expect_out "sample html: items covered" 'items covered: [0-9]+ of 10'
expect_out "sample html: CSIRT passage found for item 7" '7 緊急対応体制.*: [1-9]'
expect_out "sample html: evidence shown" 'evidence: '
# the summary's evidence names each match once: not the words inside a longer match of the item
printf '当社は情報セキュリティ基本方針を定め、サイバー攻撃に備えて全従業員に教育を行っています。\n' > "$T/nested.txt"
run "$KAIJI" analyze "$T/nested.txt"
expect_out "evidence: the longer match shown" 'evidence: 情報セキュリティ基本方針'
expect_no_out "evidence: no words inside it" '(: |, )(セキュリティ基本方針|基本方針)(,|\])'
run "$KAIJI" analyze "$SAMPLE.pdf"
expect_rc "analyze sample pdf" 0
expect_out "sample pdf: pages reported" '[0-9]+ pages'
expect_out "sample pdf: locations are pages and headings" 'p\.[0-9]+ “[^”]+”: '
# the PDF's text layer gives 方 of 基本方針 as a Kangxi radical; the heading shows the ideograph
expect_out "sample pdf: a heading shown with ideographs, not radicals" 'p\.1 “（1）基本方針”: '
expect_out "sample pdf: principle signals name the page of their passage" 'P1 .*top-message\+[0-9]+ \(p\.[0-9]+\)'
expect_no_out "sample pdf: ... not a passage index" '[a-z]\+[0-9]+@[0-9]'
run "$KAIJI" analyze "$SAMPLE.html"
expect_out "sample html: locations are lines and headings" 'line [0-9]+ “[^”]+”: '
expect_out "sample html: principle signals name the line of their passage" 'P1 .*top-message\+[0-9]+ \(line [0-9]+\)'
# the sample's president speaks in the top message only: where the CISO reports to the
# president, or the president chairs the risk committee, no one speaks from the top
expect_no_out "sample html: no message from a reporting line or a committee chair" 'top-message\+17'

# a filing written on one line (as SEC filings often are): passages are placed by
# their heading, not "line 1"; its table of contents is not a passage about anything
{
  printf '<html><body><table><tr><td>Part I</td><td>1</td></tr><tr><td>Item 1A. Risk Factors</td><td>4</td></tr>'
  printf '<tr><td>Item 1C. Cybersecurity</td><td>9</td></tr><tr><td>Item 2. Properties</td><td>11</td></tr>'
  printf '<tr><td>Item 7. Management Discussion</td><td>15</td></tr></table>'
  printf '<h2>Item 1C. Cybersecurity</h2><h3>Governance</h3>'
  printf '<p>Our Chief Information Security Officer leads the security team and reports to the Audit Committee of the Board each quarter on cybersecurity risks.</p>'
  printf '<h3>Incident response</h3><p>Our incident response team follows a written plan to contain and recover from cybersecurity incidents, and it holds a tabletop exercise with executives every year.</p>'
  printf '<p>We train all employees on phishing every year.</p><p>Revenue grew.</p><p>Costs fell.</p>'
  printf '<p><b>Third-Party Risk.</b> We assess the cybersecurity practices of our vendors before we engage them and review their controls every year.</p></body></html>'
} > "$T/oneline.html"
run "$KAIJI" analyze "$T/oneline.html"
expect_rc "one-line filing analysed" 0
expect_out "one-line filing: placed by item and heading" '§Item 1C\. Cybersecurity “Governance”: Our Chief'
expect_no_out "one-line filing: no line numbers" ' line 1: '
expect_out "one-line filing: a paragraph placed by its run-in heading" '§Item 1C\. Cybersecurity “Third-Party Risk”: We assess the'

# a risk section: under a heading that names another subject, a passage that names the
# topic only with a word of several senses mentions it in passing; a sure term still counts,
# and the same passage under a heading that names the topic counts
pass='当社グループは、顧客データの漏洩を防ぐため、アクセス権限を管理し、従業員への教育を行っております。'
{
  printf '<html><body><h2>２【事業等のリスク】</h2>'
  printf '<h3>（8）自然災害に関するリスク</h3><p>%s</p>' "$pass"
  printf '<h3>（9）コンプライアンスに関するリスク</h3><p>当社グループでは、ランサムウェアによる被害を防ぐため、全従業員に訓練を行っております。</p>'
  printf '<h3>（10）情報セキュリティに関するリスク</h3><p>%s</p></body></html>' "$pass"
} > "$T/risks.html"
run "$KAIJI" analyze --format json "$T/risks.html"
if printf '%s' "$OUT" | jq -e '[.passages[] | select(.items | length > 0) | .heading]
     == ["（9）コンプライアンスに関するリスク", "（10）情報セキュリティに関するリスク"]' >/dev/null; then
  ok "risk headings: a passing mention under another risk is not flagged; a sure term and a topic heading are"
else not_ok "risk headings: a passing mention under another risk is not flagged; a sure term and a topic heading are" \
  "$(printf '%s' "$OUT" | jq -c '[.passages[] | {heading, items}]' | head -c 400)"; fi

run "$KAIJI" analyze --format json "$T/oneline.html"
if printf '%s' "$OUT" | jq -e '[.passages[].text | select(test("Risk Factors"))] | length == 0' >/dev/null; then
  ok "table of contents is not a passage about cybersecurity"
else not_ok "table of contents is not a passage about cybersecurity" "$(printf '%s' "$OUT" | head -c 300)"; fi

# a table's short cells are joined, across its rows, but never with another table's
{
  printf '<html><body><h2>推進体制</h2><table><tr><td>委員会</td><td>四半期ごと</td></tr>'
  printf '<tr><td>教育</td><td>年1回</td></tr></table>'
  printf '<table><tr><td>CSIRT</td><td>24時間対応</td></tr></table></body></html>'
} > "$T/rows.html"
run "$KAIJI" analyze --format json --all-passages "$T/rows.html"
if printf '%s' "$OUT" | jq -e '[.passages[].text] == ["委員会 | 四半期ごと | 教育 | 年1回", "CSIRT | 24時間対応"]' >/dev/null; then
  ok "table cells: one passage a table"
else not_ok "table cells: one passage a table" "$(printf '%s' "$OUT" | jq -c '[.passages[].text]')"; fi

run "$KAIJI" analyze --format json "$SAMPLE.html"
expect_rc "analyze json" 0
printf '%s' "$OUT" > "$T/a.json"
if jq -e '.framework == "mic-2019" and (.items | length) == 10 and (.passages | length) > 5
          and ([.passages[].items[]] | length) > 0 and has("assessment")' "$T/a.json" >/dev/null; then
  ok "json has framework, 10 items, passages with items, assessment"
else not_ok "json has framework, 10 items, passages with items, assessment" "$(head -c 300 "$T/a.json")"; fi
if jq -e '[.passages[] | . as $p | .evidence[] | . as $e | $p.text[$e.start:$e.end]] | length > 0' "$T/a.json" >/dev/null \
   && jq -e 'all(.passages[]; . as $p | all(.evidence[]; ($p.text[.start:.end]) == .term))' "$T/a.json" >/dev/null; then
  ok "json evidence offsets point at the term in the passage text"
else not_ok "json evidence offsets point at the term in the passage text"; fi
run "$KAIJI" analyze --format json --all-passages "$SAMPLE.html"
printf '%s' "$OUT" > "$T/all.json"
if jq -e '([.passages[] | select(.items | length > 0) | .relevance] | min) > 0
          and ([.passages[] | select(.relevance == 0) | .items | length] | max) == 0
          and ([.passages[] | select(.relevance == 0)] | length) > 0' "$T/all.json" >/dev/null; then
  ok "json relevance: above 0 for passages with items, 0 (not scored) for off-topic ones"
else not_ok "json relevance: above 0 for passages with items, 0 (not scored) for off-topic ones" \
  "$(jq -c '[.passages[] | {relevance, items}]' "$T/all.json" | head -c 300)"; fi

run "$KAIJI" analyze --format json "$SAMPLE.html" "$SAMPLE.pdf"
if printf '%s' "$OUT" | jq -e 'type == "array" and length == 2' >/dev/null; then ok "json for two files is an array of two"
else not_ok "json for two files is an array of two"; fi

run "$KAIJI" analyze --format yaml "$SAMPLE.html"
expect_rc "unknown format is a usage error" 2
expect_err "unknown format named" "yaml"

# a number option's value is checked, not read as 0 or silently replaced
run "$KAIJI" analyze --year 20x4 "$SAMPLE.html"
expect_rc "analyze --year that is not a number is a usage error" 2
expect_err "the bad --year is named with its range" "--year must be a whole number 1900..2100, not '20x4'"
run "$KAIJI" analyze --year 1850 "$SAMPLE.html"
expect_rc "analyze --year out of range is a usage error" 2
run "$KAIJI" analyze --passages 9 "$SAMPLE.html"
expect_rc "analyze --passages above what is shown is a usage error" 2
expect_err "the bad --passages is named with its range" "--passages must be a whole number 1..8"
run "$KAIJI" analyze --passages 5 --year 2025 "$SAMPLE.html"
expect_rc "analyze --passages 5 --year 2025" 0
if [ "$(printf '%s\n' "$OUT" | grep -cE '^       [01]\.[0-9]{2} ')" -gt "$(( 10 * 2 ))" ]; then
  ok "--passages 5 shows more than two passages for some item"
else not_ok "--passages 5 shows more than two passages for some item" "${OUT:0:400}"; fi

# --- bad input: one line naming the file, non-zero exit, no crash ---------
truncate -s 500M "$T/huge.txt"
mkdir -p "$T/emptydir" "$T/locked"
printf 'x' > "$T/locked/f.txt"; chmod 000 "$T/locked/f.txt"
for f in "$IN/empty.txt" "$IN/junk.bin" "$IN/junk.pdf" "$IN/truncated.pdf" "$IN/encrypted.pdf" \
         "$IN/invalid-utf8.txt" "$IN/nosections" "$IN/not-a-docx.docx" "$IN/scanned.pdf" \
         "$T/huge.txt" "$T/emptydir" "$T/does-not-exist.pdf"; do
  name=$(basename "$f")
  run "$KAIJI" analyze "$f"
  expect_no_crash "bad input $name: no crash"
  if [ "$RC" -ne 0 ] && [ "$(printf '%s\n' "$ERR" | grep -c .)" -eq 1 ] && printf '%s' "$ERR" | grep -q "$name"; then
    ok "bad input $name: one-line error naming the file, exit $RC"
  else not_ok "bad input $name: one-line error naming the file" "exit $RC" "stderr: ${ERR:0:300}"; fi
done
if [ "$(id -u)" -ne 0 ]; then
  run "$KAIJI" analyze "$T/locked/f.txt"
  expect_err "unreadable file named" "f.txt"
fi
run "$KAIJI" analyze "$IN/empty.txt" "$SAMPLE.html" "$IN/junk.bin"
expect_rc "batch with bad files exits 3" 3
expect_out "batch: the good file is still analysed" 'items covered'
expect_err "batch: the bad file is named" 'empty.txt'
run "$KAIJI" analyze "$IN/pdf-named.txt"
expect_rc "a PDF with a .txt name is read by content" 0

# --- the evaluation contract ---------------------------------------------
cat > "$T/in.jsonl" <<'JSONL'
{"id": "a", "text": "当社はCSIRTを設置し、インシデント発生時の初動対応と再発防止に取り組んでいます。", "lang": "ja"}
{"id": "b", "text": "Our CISO reports to the Audit Committee of the Board of Directors each quarter on cybersecurity risks."}
{"id": "c", "text": "当期の売上高は前期比で増加しました。"}
{"id": 4, "text": "全従業員を対象に標的型メール訓練を年2回実施しています。"}
JSONL
run "$KAIJI" classify --jsonl "$T/in.jsonl"
expect_rc "classify exits 0" 0
if [ "$(printf '%s\n' "$OUT" | wc -l)" -eq 4 ] && printf '%s\n' "$OUT" | jq -s -e '
    [.[].id] == ["a","b","c",4]
    and all(.[]; (.scores | keys | length) == 10 and all(.scores[]; . >= 0 and . <= 1))
    and all(.[]; has("primary") and has("items") and has("elements") and has("evidence") and (.spec >= 1 and .spec <= 4))' >/dev/null; then
  ok "classify: one line per input in order, all fields, scores in [0,1]"
else not_ok "classify: one line per input in order, all fields" "${OUT:0:400}"; fi
expect_jsonl "classify: CSIRT passage is item 7, sales passage null, drill passage item 3" '.[0].primary == 7 and .[2].primary == null and .[3].primary == 3'
expect_jsonl "classify: evidence offsets are code points into text" '.[0] as $r | ($r.evidence | map(select(.term == "CSIRT")) | .[0] | .start == 3 and .end == 8)'
expect_jsonl "classify: topic says which terms make a passage about cybersecurity (null when none do)" '.[0].topic.by == "text" and (.[0].topic.terms | map(.term) | index("CSIRT") != null)
    and .[2].topic == null'
# the same passages with line breaks where a PDF's lines would wrap them:
# inside a Japanese word, between English words (\n and \r\n), inside an
# English word broken with a hyphen
cat > "$T/wrapped.jsonl" <<'JSONL'
{"id": "a", "text": "当社はCSIRTを設置し、インシデント発生時の初動対\n応と再発防止に取り組んでいます。", "lang": "ja"}
{"id": "b", "text": "Our CISO reports to the Audit\nCommittee of the Board of Direc-\ntors each\r\nquarter on cybersecurity risks."}
JSONL
run "$KAIJI" classify --jsonl "$T/in.jsonl"
head -2 "$T/out" | jq -c '{primary, items, scores, elements}' > "$T/flat"
run "$KAIJI" classify --jsonl "$T/wrapped.jsonl"
if printf '%s\n' "$OUT" | jq -c '{primary, items, scores, elements}' | cmp -s - "$T/flat"; then
  ok "classify: a line break inside a Japanese word joins it, between English words it is a space, after a broken word's hyphen nothing"
else not_ok "classify: line breaks as a PDF's wraps leave them" "$(cat "$T/flat")" "${OUT:0:600}"; fi
# a file saved as "UTF-8 with BOM", with CRLF line ends: the same lines
{ printf '\357\273\277'; sed 's/$/\r/' "$T/in.jsonl"; } >"$T/bom.jsonl"
run "$KAIJI" classify --jsonl "$T/in.jsonl"
printf '%s\n' "$OUT" >"$T/plain.out"
run "$KAIJI" classify --jsonl "$T/bom.jsonl"
if [ "$RC" -eq 0 ] && printf '%s\n' "$OUT" | cmp -s - "$T/plain.out"; then
  ok "classify: a JSON-lines file with a byte order mark and CRLF line ends reads as without"
else not_ok "classify: BOM and CRLF" "exit $RC" "${ERR:0:300}"; fi
# short statements of one fact each: an appointment, a data backup
printf '%s\n' '{"id":"s1","text":"当社はCISOを任命しています。"}' '{"id":"s2","text":"重要なデータは毎日バックアップしています。"}' \
  '{"id":"s3","text":"We back up critical data daily and test restoring it."}' > "$T/short.jsonl"
run "$KAIJI" classify --jsonl "$T/short.jsonl"
expect_jsonl "classify: lone statements of an appointment (2) and of data backups (8)" '[.[].primary] == [2, 8, 8]'
# a short passage that only points elsewhere discloses nothing; a paragraph that ends so does
printf '%s\n' '{"id":"x1","text":"For a discussion of our cybersecurity risks, see Item 1A of this report."}' \
  '{"id":"x2","text":"サイバーセキュリティに関するリスクの詳細は、「事業等のリスク」をご参照ください。"}' \
  '{"id":"x3","text":"Our Chief Information Security Officer reports to the Audit Committee every quarter on cybersecurity risks and on the incidents of the period. For a discussion of those risks, see Item 1A of this report."}' > "$T/xref.jsonl"
run "$KAIJI" classify --jsonl "$T/xref.jsonl"
expect_jsonl "classify: a short cross-reference gets no item; a paragraph ending with one does" '[.[].items | length > 0] == [false, false, true]'
# a lone one-sentence risk scores lower than a paragraph saying the same; the model's
# short_factor (calibrated by make model on data/calibrate) lowers its thresholds
printf '%s\n' '{"id":"r1","text":"A cyberattack could disrupt our operations and harm our reputation."}' > "$T/risk.jsonl"
run "$KAIJI" classify --jsonl "$T/risk.jsonl"
if printf '%s\n' "$OUT" | jq -s -e '.[0].primary == 4 and .[0].scores["4"] < 0.3' >/dev/null \
   && grep -q '^short_factor en 0\.' "$ROOT/data/model/model.tsv"; then
  ok "classify: a lone one-sentence risk is item 4 under the short passages' thresholds"
else not_ok "classify: a lone one-sentence risk is item 4 under the short passages' thresholds" "${OUT:0:300}"; fi
# a statement that does not name the topic is about it under a heading that does
# (a line's "heading", or --heading for lines without one), and a passing mention
# under another subject's heading is not
printf '%s\n' '{"id":"h1","text":"Recovery time objectives are set for each critical application."}' \
  '{"id":"h2","text":"Recovery time objectives are set for each critical application.","heading":"Cybersecurity"}' \
  '{"id":"h3","text":"災害時には情報の漏洩やセキュリティ上の脅威が高まり、当社の業績に影響を及ぼす可能性があります。","heading":"（8）自然災害に関するリスク"}' \
  '{"id":"h4","text":"災害時には情報の漏洩やセキュリティ上の脅威が高まり、当社の業績に影響を及ぼす可能性があります。","heading":null}' > "$T/head.jsonl"
run "$KAIJI" classify --jsonl "$T/head.jsonl"
expect_jsonl "classify: a statement under a heading naming the topic is about it; under another subject's, a passing mention is not" '.[0].primary == null and .[1].primary == 8 and .[2].items == [] and .[3].primary == 4'
run "$KAIJI" classify --jsonl --heading "情報セキュリティ" "$T/head.jsonl"
expect_jsonl "classify: --heading is the heading of lines without their own" \
  '.[0].primary == 8 and .[2].items == [] and .[3].primary == 4'
expect_jsonl "classify: a passage about the topic by its heading alone says so" \
  '.[0].topic == {"by": "heading", "terms": []}'
# hostile passages for the topic rules, which must stay linear in the matches:
# a 1 MB list whose topic entries are a fifth of it, and one word repeated
# 200,000 times (a hang guard with room to spare, not a speed figure)
printf '{"id":"l","text":"%s"}\n' "$(printf 'セキュリティ、あ案、い件、う表、え図、%.0s' $(seq 20000))" > "$T/biglist.jsonl"
printf '{"id":"w","text":"%s"}\n' "$(printf 'セキュリティ%.0s' $(seq 200000))" >> "$T/biglist.jsonl"
run timeout 300 "$KAIJI" classify --jsonl "$T/biglist.jsonl"
expect_rc "classify: a 1 MB list and a word repeated 200,000 times are classified" 0
expect_jsonl "classify: the list's passing mentions name no topic; the repeated word does" \
  '.[0].topic == null and .[1].topic.by == "text"'
printf '%s\n' '{"id":"h5","text":"Backups are tested.","heading":5}' > "$T/badhead.jsonl"
run "$KAIJI" classify --jsonl "$T/badhead.jsonl"
expect_rc "classify: a heading that is not a string is a bad line (exit 3)" 3
expect_err "classify: a heading that is not a string is named" 'badhead.jsonl:1: "heading" is not a string'
# a "lang" other than ja, en, auto or null is a bad line, as training says; the others are read
printf '%s\n' '{"id":"l1","text":"当社はCSIRTを設置しています。","lang":"fr"}' \
  '{"id":"l2","text":"当社はCSIRTを設置しています。","lang":5}' \
  '{"id":"l3","text":"当社はCSIRTを設置しています。","lang":null}' \
  '{"id":"l4","text":"当社はCSIRTを設置しています。","lang":"auto"}' > "$T/badlang.jsonl"
run "$KAIJI" classify --jsonl "$T/badlang.jsonl"
expect_rc "classify: a lang that is no language is a bad line (exit 3)" 3
expect_err "classify: ... named with its line" 'badlang.jsonl:2: "lang" must be "ja", "en" or "auto"'
expect_jsonl "classify: ... its id given an error, null and auto read" \
  '(.[0].error | test("lang")) and (.[1].error | test("lang")) and .[2].primary == 7 and .[3].primary == 7'
# a line that is JSON but no object is said to be so (it was said to have no "text" key)
printf '%s\n' '[1,2]' '{"id":"ok","text":"当社はCSIRTを設置しています。"}' > "$T/array.jsonl"
run "$KAIJI" classify --jsonl "$T/array.jsonl"
expect_rc "classify: a line that is no JSON object is a bad line (exit 3)" 3
expect_err "classify: ... named as such" 'array.jsonl:1: not a JSON object'
expect_jsonl "classify: ... its error given, the next line still read" \
  '(.[0].error | test("not a JSON object")) and .[1].primary == 7'
# a NUL byte inside a line is a bad line, not the line's end (json_loads stopped there and
# read the object before it as the whole line)
printf '{"id":"n","text":"a"}\0junk\n{"id":"ok","text":"当社はCSIRTを設置しています。"}\n' > "$T/nul.jsonl"
run "$KAIJI" classify --jsonl "$T/nul.jsonl"
expect_rc "classify: a line holding a NUL byte is a bad line (exit 3)" 3
expect_err "classify: ... named with its line" 'nul.jsonl:1: the line holds a NUL byte'
expect_jsonl "classify: ... the next line still read" '(.[0].error | test("NUL")) and .[1].primary == 7'
# a key given twice is a bad line (jansson kept the last one); the id is still written
printf '%s\n' '{"id":"d","text":"当社はCSIRTを設置しています。","text":"x"}' \
  '{"id":"ok","text":"当社はCSIRTを設置しています。"}' > "$T/dup.jsonl"
run "$KAIJI" classify --jsonl "$T/dup.jsonl"
expect_rc "classify: a line giving a key twice is a bad line (exit 3)" 3
expect_err "classify: ... named with its line and key" 'dup.jsonl:1: duplicate object key near .*text'
expect_jsonl "classify: ... its id given an error, the next line still read" \
  '.[0].id == "d" and (.[0].error | test("duplicate")) and .[1].primary == 7'
# a line with no "text" may give the passage as "body" (the guide's worked examples are kept so);
# a "text" of another kind is still a bad line, "body" or not
printf '%s\n' '{"id":"b1","item":7,"body":"当社はCSIRTを設置しています。"}' \
  '{"id":"b2","text":5,"body":"当社はCSIRTを設置しています。"}' \
  '{"id":"b3","text":"当社はCSIRTを設置しています。","body":"x"}' '{"id":"b4","body":7}' > "$T/body.jsonl"
run "$KAIJI" classify --jsonl "$T/body.jsonl"
expect_rc "classify: a text that is no string, or a body that is none, is a bad line (exit 3)" 3
expect_jsonl "classify: a line without text is read from its body; text, when given, is what counts" \
  '.[0].primary == 7 and (.[0].evidence[0].end > 0) and (.[1].error | test("text")) and .[2].primary == 7 and (.[3].error | test("body"))'
expect_err "classify: ... the bad lines named, a text that is no string as such" \
  'body.jsonl:2: "text" is not a string'
expect_err "classify: ... and a body that is no string as such" 'body.jsonl:4: "body" is not a string'
printf '%s\n' '{"id":"n1","txt":"当社はCSIRTを設置しています。"}' > "$T/nokey.jsonl"
run "$KAIJI" classify --jsonl "$T/nokey.jsonl"
expect_err "classify: a line with neither key says so" 'nokey.jsonl:1: no "text" \(nor "body"\) key'
run bash -c "cat '$T/in.jsonl' | '$KAIJI' classify --jsonl"
expect_rc "classify reads standard input" 0
printf '{"id": "x", "text": "ok text"}\nnot json\n{"id": "z"}\n' > "$T/bad.jsonl"
run bash -c "cat '$T/bad.jsonl' | '$KAIJI' classify --jsonl -"
expect_err "classify: a bad line of standard input named as <stdin> also when given as -" '<stdin>:2'
run "$KAIJI" classify --jsonl "$T/bad.jsonl"
expect_rc "classify with bad lines exits 3" 3
if [ "$(printf '%s\n' "$OUT" | wc -l)" -eq 3 ] && printf '%s\n' "$OUT" | sed -n 2p | grep -q '"error"'; then
  ok "classify: a bad line gives an error object on its own line"
else not_ok "classify: a bad line gives an error object on its own line" "${OUT:0:300}"; fi
expect_err "classify: bad line reported with its line number" 'bad.jsonl:2'
run "$KAIJI" classify "$T/in.jsonl"
expect_rc "classify without --jsonl is a usage error" 2
# a FILE that opens but cannot be read (a directory) is an error, not an
# empty input
mkdir -p "$T/adir"
for jobs in 1 3; do
  run "$KAIJI" classify --jsonl --jobs $jobs "$T/adir"
  expect_rc "classify --jobs $jobs of a directory fails" 3
  expect_err "classify --jobs $jobs of a directory says it cannot be read" 'adir: cannot read: Is a directory'
done
# a term ending in a half-width kana with its voiced mark (ﾄﾞ, one ド once
# normalised) is evidence up to the mark, not one code point short of it
printf '%s\n' '{"id":"hw","text":"不正アクセス対策としてﾊﾟｽﾜｰﾄﾞを管理する。"}' >"$T/halfwidth.jsonl"
run "$KAIJI" classify --jsonl "$T/halfwidth.jsonl"
expect_jsonl "classify: evidence ending in ﾄﾞ ends after its voiced mark" \
  '.[0].evidence | map(select(.term | startswith("ﾊﾟｽﾜｰﾄ"))) | length > 0 and all(.term == "ﾊﾟｽﾜｰﾄﾞ" and .start == 11 and .end == 18)'
# decomposed text (macOS's NFD: ト and a combining voiced mark U+3099) and a
# PDF text layer's spacing ゛ after ト are read as ド: the term is evidence,
# from its first character to the mark
printf '%s\n' '{"id":"nfd","text":"不正アクセス対策としてパスワート\u3099を管理する。"}' \
  '{"id":"sp","text":"不正アクセス対策としてパスワート゛を管理する。"}' >"$T/nfd.jsonl"
run "$KAIJI" classify --jsonl "$T/nfd.jsonl"
expect_jsonl "classify: a term in decomposed text is evidence up to its last mark" \
  'map(.evidence | map(select(.term | startswith("パスワート"))) | length == 1 and all(.start == 11 and .end == 17)) | all'
# output that cannot be written (a full disk) fails, naming where it went,
# rather than exiting 0 with the results lost
if [ -w /dev/full ]; then
  run "$KAIJI" classify --jsonl -o /dev/full "$T/in.jsonl"
  expect_rc "classify -o on a full disk fails" 3
  expect_err "classify -o on a full disk names the file" '/dev/full: write failed'
  run bash -c "'$KAIJI' classify --jsonl '$T/in.jsonl' >/dev/full"
  expect_rc "classify to a full standard output fails" 3
  expect_err "classify to a full standard output says so" '<stdout>: write failed'
  run bash -c "'$KAIJI' analyze '$SAMPLE.html' >/dev/full"
  expect_rc "analyze to a full standard output fails" 3
  run "$KAIJI" analyze -f json -o /dev/full "$SAMPLE.html"
  expect_rc "analyze -o on a full disk fails" 3
  expect_err "analyze -o on a full disk names the file" '/dev/full: write failed'
  for args in "extract '$SAMPLE.html'" "extract --format json '$SAMPLE.html'" help "help analyze" \
    --version --help "docs --help" "lint --strict -h"; do
    run bash -c "'$KAIJI' $args >/dev/full"
    expect_rc "kaiji $args to a full standard output fails" 3
    expect_err "kaiji $args to a full standard output says so" '<stdout>: write failed'
  done
fi
if [ -w /dev/full ]; then
  "$KAIJI" analyze --db "$T/full.db" "$SAMPLE.html" >/dev/null 2>&1
  "$KAIJI" cases import --db "$T/full.db" "$FIX/store/mini-guide.txt" >/dev/null 2>&1
  for args in "docs list" "docs show 1" "docs search CSIRT" "docs check" "cases list" \
    "cases export" "lexicon info"; do
    run bash -c "'$KAIJI' $args --db '$T/full.db' >/dev/full"
    [ "$args" = "lexicon info" ] && run bash -c "'$KAIJI' lexicon info >/dev/full"
    expect_rc "kaiji $args to a full standard output fails" 3
    if [ "$ERR" = "kaiji: <stdout>: write failed: No space left on device" ]; then
      ok "kaiji $args to a full standard output says so, once"
    else not_ok "kaiji $args to a full standard output says so, once" "stderr: ${ERR:0:300}"; fi
  done
fi
run "$KAIJI" --version extra
expect_rc "kaiji --version takes no arguments" 2
expect_err "kaiji --version extra names the extra word" "'--version' takes no arguments, not 'extra'"

# --- suggestions point to examples in the case collection ----------------
"$KAIJI" cases import --db "$T/cases.db" "$FIX/store/mini-guide.txt" >/dev/null 2>&1
printf '当社は全従業員に年1回の情報セキュリティ教育を実施しています。\n' > "$T/thin.txt"
run "$KAIJI" analyze --no-lint -f json --db "$T/cases.db" "$T/thin.txt"
expect_rc "analyze with a case collection" 0
if printf '%s' "$OUT" | jq -e '[.examples[] | select(.element == "7.1")] | length >= 1 and (.[0].title | test("白樺化学"))' >/dev/null; then
  ok "a missing element (7.1) points to the collection's item-7 example"
else not_ok "a missing element (7.1) points to the collection's item-7 example" "${OUT:0:300}"; fi
run "$KAIJI" analyze --no-lint --db "$T/cases.db" "$T/thin.txt"
expect_out "text output lists examples with case ids" 'examples from the case collection'

# --- the assessment in analyze's output ---------------------------------
run "$KAIJI" analyze -f json "$SAMPLE.html"
printf '%s' "$OUT" > "$T/as.json"
if jq -e '.assessment | (.items | length) == 10 and all(.items[]; .level >= 0 and .level <= 3)
     and ([.items[].elements[]] | length) == 21' "$T/as.json" >/dev/null; then
  ok "assessment: coverage level 0-3 for 10 items and 21 elements"
else not_ok "assessment: coverage level 0-3 for 10 items and 21 elements"; fi
if jq -e '.assessment.principles | length == 5 and all(.[]; .score >= 0 and .score <= 100 and (.signals | type) == "array")' "$T/as.json" >/dev/null; then
  ok "assessment: five principles scored 0-100 with signals"
else not_ok "assessment: five principles scored 0-100 with signals"; fi
if jq -e '.assessment.doctype.id == "integrated" and .assessment.doctype.detected == true' "$T/as.json" >/dev/null; then
  ok "assessment: the sample is detected as an integrated report"
else not_ok "assessment: the sample is detected as an integrated report" "$(jq -c .assessment.doctype "$T/as.json")"; fi
if jq -e 'all(.passages[]; .spec >= 1 and .spec <= 4) and ([.passages[] | select(.spec == 4)] | length) > 0' "$T/as.json" >/dev/null; then
  ok "assessment: every passage has a specificity 1-4, quantified ones reach 4"
else not_ok "assessment: every passage has a specificity 1-4, quantified ones reach 4"; fi
if jq -e '.assessment.suggestions | length > 0 and all(.[]; (.text | length) > 0 and (.guide_ref | test("guide")))' "$T/as.json" >/dev/null; then
  ok "assessment: suggestions carry text and a guide reference"
else not_ok "assessment: suggestions carry text and a guide reference"; fi
run "$KAIJI" analyze -f json --doc-type securities "$SAMPLE.html"
if printf '%s' "$OUT" | jq -e '.assessment.doctype.id == "securities" and .assessment.doctype.class == "statutory"' >/dev/null; then
  ok "assessment: --doc-type overrides detection and sets the statutory expectation"
else not_ok "assessment: --doc-type overrides detection"; fi
run "$KAIJI" analyze "$T/thin.txt"
expect_out "text output: principles section" 'P1'
expect_out "text output: suggestions cite the guide" 'guide §3'

# a cue search that cannot finish is no "no cue": the data's cues with one
# more kpi pattern and one more annual-report pattern that backtrack without
# end on a long word, and a page with such a word (and a figure, which the
# patterns' prefilter looks for) in its title, a heading and a passage
cp -r "$ROOT/data" "$T/cuedata"
printf 'kpi\tany\t(?:[a-z]+[a-z]+)+[0-9]\n' >>"$T/cuedata/assess/cues.tsv"
printf 'annual\t-\t(?:[a-z]+[a-z]+)+[0-9]\t-\t-\t-\t-\n' >>"$T/cuedata/assess/doctypes.tsv"
long=abcdefghijklmnopqrstuvwxyzabcdefghijklmn
mkdir -p "$T/cuegap"
printf '%s\n' "<html><head><title>Report $long 2024</title></head><body>" "<h2>Log $long 2024</h2>" \
  "<p>Our CSIRT handles security incidents and kept the word $long in its log in 2024.</p>" \
  '</body></html>' >"$T/cuegap/gap.html"
run env KAIJI_DATA="$T/cuedata" "$KAIJI" analyze --format json "$T/cuegap/gap.html"
expect_rc "a cue search that could not finish: analyze exits 0" 0
expect_jsonl "analyze JSON lists the cue searches that could not finish" \
  '.[0].assessment.incomplete | map([.cue, .reason, .passage, .text]) == [["doctype:annual", "too-complex", null, "title"], ["doctype:annual", "too-complex", 0, "passage"], ["doctype:annual", "too-complex", 0, "heading"], ["kpi", "too-complex", 0, "passage"]]'
expect_jsonl "each with a message" \
  '.[0].assessment.incomplete[3].message == "the text is too complex for this check; signals that use the cue kpi may be missing here"'
run env KAIJI_DATA="$T/cuedata" "$KAIJI" analyze "$T/cuegap/gap.html"
expect_out "the terminal summary lists them" \
  "^  \[kpi\] line 3: the text is too complex for this check; signals that use the cue kpi may be missing here$"
expect_out "the title's is placed at the title" "^  \[doctype:annual\] title: the text is too complex"
run env KAIJI_DATA="$T/cuedata" "$KAIJI" analyze --format html -o "$T/cuegap/report.html" "$T/cuegap/gap.html"
if grep -q "<li>line 3: <code>kpi</code> the text is too complex for this check; signals that use the cue kpi may be missing here</li>" "$T/cuegap/report.html"; then
  ok "the report lists the cue searches that could not finish"
else not_ok "the report lists the cue searches that could not finish" "$(grep -o 'Some cue checks.\{0,600\}' "$T/cuegap/report.html")"; fi
run "$KAIJI" analyze --format json "$T/cuegap/gap.html"
expect_jsonl "with the shipped cues every search finishes" '.[0].assessment.incomplete == []'
run "$KAIJI" analyze "$T/cuegap/gap.html"
expect_no_out "and the terminal summary says nothing of it" "Incomplete checks"

# a PDCA cycle laid out as labelled sections, each step a heading line, is
# the pdca signal of P3 (comparability); the same lines in another order are
# not
cat > "$T/pdca.txt" <<'TXT'
■ 情報セキュリティの取り組み

●Plan（今年度の重点）
グループ全体で標的型メールへの備えを強めます。

●Do（主な取り組み）
全従業員を対象に、標的型メール訓練を年2回実施しました。

●Check（評価）
訓練メールの開封率は前年より下がりましたが、報告までの時間に課題が残りました。

●Action（来年度の計画）
報告の手順を見直し、初動対応の訓練を追加します。
TXT
run "$KAIJI" analyze -f json "$T/pdca.txt"
if printf '%s' "$OUT" | jq -e '[.assessment.principles[] | select(.id == "P3") | .signals[] | select(.name == "pdca")] | length == 1' >/dev/null; then
  ok "assessment: a PDCA cycle laid out as Plan/Do/Check/Action headings is the pdca signal"
else not_ok "assessment: PDCA headings give the pdca signal" "$(printf '%s' "$OUT" | jq -c '.assessment.principles[2].signals')"; fi
# evidence from a long Plan heading is cut at a character's start (valid UTF-8)
sed -e 's/^●Plan（今年度の重点）$/●Plan（今年度の重点：グループ全体で標的型メールへの備えを強め、報告の仕組みと初動の手順を見直す）/' "$T/pdca.txt" > "$T/pdca2.txt"
run "$KAIJI" analyze -f json "$T/pdca2.txt"
if printf '%s' "$OUT" | jq -e '[.assessment.principles[2].signals[] | select(.name == "pdca") | .evidence]
     | length == 1 and (.[0] | startswith("●Plan（今年度の重点：") and (test("\ufffd") | not) and (utf8bytelength <= 120))' >/dev/null; then
  ok "assessment: the pdca evidence from a long heading is cut whole characters"
else not_ok "assessment: pdca evidence cut" "$(printf '%s' "$OUT" | jq -c '.assessment.principles[2].signals')"; fi
sed -e 's/●Plan/●Goal/' "$T/pdca.txt" > "$T/nopdca.txt"
run "$KAIJI" analyze -f json "$T/nopdca.txt"
if printf '%s' "$OUT" | jq -e '[.assessment.principles[] | .signals[] | select(.name == "pdca")] | length == 0' >/dev/null; then
  ok "assessment: without the Plan step there is no pdca signal"
else not_ok "assessment: no pdca signal without Plan" "$(printf '%s' "$OUT" | jq -c '.assessment.principles[2].signals')"; fi

# --- which passages are about cybersecurity at all -------------------------
# Risk and measure wording about a disaster or a pandemic, with no cyber word,
# gets no item; the same drill under a security heading does.
cat > "$T/topic.txt" <<'TXT'
■ 自然災害への対応

大規模な地震が発生した場合に備え、緊急事態対策本部を設置する手順と事業継続計画を定め、年1回、全社で対応訓練を実施しております。

新型コロナウイルス感染症の拡大に備え、在宅勤務と時差出勤の体制を整えております。

■ 情報セキュリティへの対応

事故が発生した場合の初動対応と報告の手順を定め、年1回、全社で対応訓練を実施しています。
TXT
run "$KAIJI" analyze -f json "$T/topic.txt"
expect_rc "analyze topic sample" 0
if printf '%s' "$OUT" | jq -e '.relevant_passages == 1 and (.passages | length) == 1
     and (.passages[0].text | test("初動対応")) and (.passages[0].items | length) > 0' >/dev/null; then
  ok "topic: only the passage under the security heading is about cybersecurity"
else not_ok "topic: only the passage under the security heading is about cybersecurity" \
  "$(printf '%s' "$OUT" | jq -c '[.relevant_passages, [.passages[] | {text: .text[0:20], items}]]')"; fi

# --- the lexicon and its precompiled matcher ------------------------------
mkdir -p "$T/lex" && cp "$ROOT"/data/lexicon/*.tsv "$T/lex/"
run "$KAIJI" lexicon info --dir "$T/lex"
expect_out "lexicon info counts terms, compiled at load" 'terms \(compiled at load\)'
run "$KAIJI" lexicon compile --dir "$T/lex"
expect_rc "lexicon compile" 0
run "$KAIJI" lexicon info --dir "$T/lex"
expect_out "the next load uses the precompiled database" 'precompiled database'
printf 'extra\tany\t0\t-\tcyber\t0.5\n' >> "$T/lex/cyber.tsv"
run "$KAIJI" lexicon info --dir "$T/lex"
expect_out "a changed lexicon ignores the stale database" 'compiled at load'
run "$KAIJI" lexicon nonsense
expect_rc "unknown lexicon subcommand is a usage error" 2

# kaiji train: --whole names the languages scored by the whole passage only,
# which the model file records; anything but ja/en is a usage error.
run "$KAIJI" train --train "$ROOT/data/train" --out "$T" --whole fr
expect_rc "train --whole fr is a usage error" 2
expect_err "train --whole fr says what it takes" 'ja, en or ja,en'
run "$KAIJI" train --train "$ROOT/data/train" --out "$T" --C abc
expect_rc "train --C that is not a number is a usage error" 2
expect_err "train --C names the option" "--C must be a number above 0"
run "$KAIJI" train --train "$ROOT/data/train" --out "$T" --folds 1
expect_rc "train --folds 1 is a usage error" 2
expect_err "train --folds names its range" "--folds must be a whole number 2..100, not '1'"
run "$KAIJI" train --train "$ROOT/data/train" --out "$T" --mix -1
expect_rc "train --mix -1 is a usage error" 2
mkdir -p "$T/tr" "$T/model"
# the training file saved with a byte order mark and CR LF line ends, as
# Windows tools save it, with a blank line: its first line is read too, and
# the blank line is skipped, not taken for a bad object
{ printf '\357\273\277'; head -20 "$ROOT/data/train/en.jsonl" | sed 's/$/\r/'; printf '\r\n'
  sed -n 21,40p "$ROOT/data/train/en.jsonl" | sed 's/$/\r/'; } >"$T/tr/en.jsonl"
# an unreadable calibration directory is reported at once, before any training
run "$KAIJI" train --train "$T/tr" --out "$T/model" --calibrate "$T/no-such-calibration"
expect_rc "train --calibrate with a missing directory fails" 3
expect_err "train --calibrate names the missing directory" 'no-such-calibration: cannot read directory'
# so is a missing output directory, and a *.jsonl that cannot be read
run timeout 60 "$KAIJI" train --train "$T/tr" --out "$T/no-such-model-dir" --quiet
expect_rc "train --out a missing directory fails" 3
expect_err "train --out names the missing directory" 'no-such-model-dir: cannot open directory'
mkdir -p "$T/tr/sub.jsonl"
run "$KAIJI" train --train "$T/tr" --out "$T/model" --folds 2 --quiet
expect_rc "train with a directory named *.jsonl fails" 3
expect_err "train names the *.jsonl it cannot read" 'tr/sub\.jsonl: cannot read'
rmdir "$T/tr/sub.jsonl"
run "$KAIJI" train --train "$T/tr" --out "$T/model" --folds 2 --whole en --quiet
expect_rc "train --whole en on a few passages" 0
# labels that cannot be read are an error naming the file and line, not a
# passage quietly taught to be about nothing (an item as a string, an item
# out of range, an element of an item the line does not name, a language
# kaiji does not read, a misspelt "items")
mkdir -p "$T/badtr"
for bad in '"items": ["7"]' '"items": [11]' '"items": [3], "elements": ["7.1"]' \
           '"items": [7], "lang": "fr"' '"item": [7]' '"items": [7], "items": []'; do
  { head -3 "$ROOT/data/train/en.jsonl"
    printf '{"text": "Our response team handles incidents.", %s}\n' "$bad"; } >"$T/badtr/x.jsonl"
  run "$KAIJI" train --train "$T/badtr" --out "$T/model" --folds 2 --quiet
  expect_rc "train with bad labels ($bad) fails" 3
  expect_err "train with bad labels ($bad) names the file and line" 'badtr/x\.jsonl:4: '
done
if grep -qx 'passage_only en' "$T/model/model.tsv"; then ok "the model records passage_only en"
else not_ok "the model records passage_only en" "$(head -c 300 "$T/model/model.tsv")"; fi

# Headings stacked with no passage between them are all read: the cover's
# title names the document's type, a top message's heading over a section
# heading gives its passage the message (each only the last one before).
printf '統合報告書 2023\n\n1. 情報セキュリティ\n\n当社は情報セキュリティ基本方針を定め、全従業員に周知しています。\n' >"$T/stacked.txt"
run "$KAIJI" analyze --format json "$T/stacked.txt"
expect_out "a document type named by a heading above the nearest one" '"id": "integrated"'
expect_out "a text's title is its first line when short and no sentence" '"title": "統合報告書 2023"'
printf '<html><body><h1>トップメッセージ</h1><h2>情報セキュリティについて</h2><p>私たちは情報セキュリティを経営の重要な課題と捉え、全社で対策を進めています。</p></body></html>' >"$T/stacked.html"
run "$KAIJI" analyze --format json "$T/stacked.html"
if printf '%s' "$OUT" | jq -e '[.assessment.principles[0].signals[].name] | index("top-message")' >/dev/null; then
  ok "a top message named by a heading above the nearest one"
else not_ok "a top message named by a heading above the nearest one" "$(printf '%s' "$OUT" | jq -c '.assessment.principles[0]')"; fi

# one of a thing is counted in the singular: "1 page", "1 passage", "1 block"
run "$KAIJI" analyze --no-lint "$FIX/ingest/letterspaced.pdf"
expect_out "analyze counts one page and one passage in the singular" "^  pdf, ja, 1 page, 1 passage \\("
expect_no_out "... not \"1 pages\" or \"1 passages\"" "1 pages|1 passages"
printf '情報セキュリティ方針を定め、CSIRTを設置しています。\n' >"$T/one.txt"
run "$KAIJI" extract "$T/one.txt" "$T/one.txt"
expect_out "extract's header counts one block as \"1 block\"" "^# .*one.txt \\(text, UTF-8, 1 block\\)"

# A 10-K item heading that ends with a colon ("Item 1C. Cybersecurity:")
# names its passages' section without it, alike in the terminal, the JSON,
# the store (docs search) and lint.
cat >"$T/tenk.html" <<'HTML'
<html><head><title>Example Widgets Inc. Form 10-K</title></head><body>
<h2>PART I</h2>
<h3>Item 1. Business</h3>
<p>Example Widgets Inc. makes fictional widgets for imaginary customers.</p>
<h3>Item 1C. Cybersecurity:</h3>
<p>Risk Management and Strategy. We maintain a cybersecurity risk management program that identifies, assesses and manages material risks from cybersecurity threats, including incident response plans and regular vulnerability assessments.</p>
<p>Our perimeter firewall runs FortiOS 6.2.4.</p>
<p>Governance. Our Chief Information Security Officer reports quarterly to the Audit Committee of the Board of Directors on cybersecurity risks and incidents.</p>
<h3>Item 2. Properties</h3>
<p>We lease an office.</p>
</body></html>
HTML
run "$KAIJI" analyze "$T/tenk.html"
expect_out "terminal: the item heading's colon is not in the section" "§Item 1C\. Cybersecurity line [0-9]+ “Governance”"
run "$KAIJI" analyze --format json "$T/tenk.html"
expect_jsonl "json: a passage's section is the item without its colon" \
  '.[0].passages | map(select(.section != null)) | length > 0 and all(.section == "Item 1C. Cybersecurity")'
"$KAIJI" analyze --store --db "$T/tenk.db" -o /dev/null "$T/tenk.html" 2>/dev/null
run "$KAIJI" docs search --db "$T/tenk.db" --format json Governance
expect_jsonl "docs search json: the stored section is the same" \
  '.[0] | length > 0 and all(.section == "Item 1C. Cybersecurity")'
run "$KAIJI" lint --format json "$T/tenk.html"
expect_jsonl "lint json: a finding's section and place are the same" \
  '.[0].findings | length > 0 and all(.section == "Item 1C. Cybersecurity" and (.loc | test("^Item 1C\\. Cybersecurity:[0-9]+$")))'
# A risk factor that opens with its own long italic title never shows the title of the one
# before it: a long title in title case is its run-in heading, and one that keeps a word in
# lower case is none, alike in the JSON and the store (docs search).
cat >"$T/risks.html" <<'HTML'
<html><head><title>Example Widgets Inc. Form 10-K</title></head><body>
<h3>Item 1A. Risk Factors</h3>
<p><i>Supply Risks Could Hurt Us:</i> We buy the parts of our widgets from a few makers abroad.</p>
<p><i>Attacks on the Networks and Systems That We and Our Vendors Run Could Disrupt Our Operations, Expose Our Data and Harm Our Standing With Customers:</i> Intruders could use ransomware to stop our plants.</p>
<p><i>The Growing Use of Automated Tools, including the Tools We Sell to Our Customers, Could Expose Us to Claims and Harm Our Reputation:</i> A security flaw in our tools could let intruders steal data.</p>
</body></html>
HTML
run "$KAIJI" analyze --format json --all-passages "$T/risks.html"
expect_jsonl "json: a long risk factor title is its passage's run-in heading" \
  '.[0].passages | map(select(.text | startswith("Attacks on"))) | length == 1 and all(.run_in_heading | startswith("Attacks on the Networks"))'
expect_jsonl "json: a title with a word in lower case takes no earlier run-in heading" \
  '.[0].passages | map(select(.text | startswith("The Growing"))) | length == 1 and all(.run_in_heading == null)'
"$KAIJI" analyze --store --db "$T/risks.db" -o /dev/null "$T/risks.html" 2>/dev/null
run "$KAIJI" docs search --db "$T/risks.db" --format json ransomware
expect_jsonl "docs search json: the stored run-in heading is the passage's own" \
  '.[0] | length > 0 and all(.run_in_heading | startswith("Attacks on the Networks"))'
# a heading of a hostile page can be megabytes, and every passage under it repeated it whole
# in the JSON: it is cut after 200 characters with …
long=$(printf 'セキュリティ%.0s' $(seq 1 100))
{ printf '<html><body><h2>%s</h2>' "$long"
  for i in 1 2 3; do printf '<p>当社は第%s次の情報セキュリティ計画に基づき、ＣＳＩＲＴを設置しています。</p>' "$i"; done
  printf '</body></html>\n'; } > "$T/longhead.html"
run "$KAIJI" analyze --format json "$T/longhead.html"
expect_rc "analyze: a page with a 600-character heading" 0
expect_jsonl "analyze json: each passage's heading is cut at 200 characters and …" \
  '.[0].passages | length == 3 and all(.heading | (length == 201 and endswith("…") and startswith("セキュリティ")))'
# analyze gives back a document's block array once the first passage is analysed (its peak
# memory): the assessment has read the cover page's blocks by then, so the registrant it
# names there (QZXV) is no jargon to explain, while another acronym (RKTW) is
printf '%s\n\n' 'Annual Report for the Fiscal Year 2025' 'QZXV HOLDINGS' \
  '(Exact name of registrant as specified in its charter)' 'Item 1C. Cybersecurity' \
  'QZXV runs a security operations centre that watches its networks for cyberattacks every day, and its incident response team reports each incident to the CISO.' \
  'The RKTW group of QZXV reviews the alerts that the monitoring tools raise and tests our backups every quarter.' \
  > "$T/cover.txt"
run "$KAIJI" analyze "$T/cover.txt"
expect_out "analyze: an acronym no one explained is to explain" 'explain\].*RKTW'
expect_no_out "analyze: the registrant the cover names is not" 'explain\].*QZXV'
# an EDINET section file dates its report by the filing time stamp after its <title> (cut from
# the title shown): the filing year or the one before, however often older years are named
{ printf '<html><head><title>有価証券報告書（通常方式）_20200624094726</title></head><body>'
  printf '<h2>第２【事業の状況】</h2>'
  for i in 1 2 3; do printf '<p>2015年に起きた事故の教訓%s を、安全の取り組みに生かしています。</p>' "$i"; done
  printf '<p>2019年度は情報セキュリティ委員会を4回開催し、CSIRTの訓練を行いました。</p></body></html>\n'; } > "$T/stamped.html"
run "$KAIJI" analyze --format json "$T/stamped.html"
expect_jsonl "analyze: an EDINET title's time stamp dates the report (2019, not the 2015 named most)" \
  '.[0] | .assessment.year == 2019 and .assessment.year_detected and .title == "有価証券報告書（通常方式）"'
# the summary says where the type and the year come from, each alike: the text or the options
run "$KAIJI" analyze "$T/stamped.html"
expect_out "analyze: a detected type and year are marked detected" '^文書: 有価証券報告書\(検出\), 2019\(検出\)$'
run "$KAIJI" analyze --doc-type security --year 2030 "$T/stamped.html"
expect_out "analyze: a given type and year are marked given" '^文書: 情報セキュリティ報告書\(指定\), 2030\(指定\)$'
