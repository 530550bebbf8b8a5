#!/usr/bin/env bash
# End-to-end tests of `kaiji lint`: diagnostics in text and JSON, --strict and
# --min-severity, exit codes for clean, flagged and unreadable files, and the
# precision/recall of the planted-detail set (tools/eval_lint.py, >= 0.9).
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)

printf '当社の境界防御には FortiGate 7.4.1 を用いています。\n\nサーバ db-core-02 は 10.8.1.20 にあり、夜間は監視を行っていません。\n\nThe backup runs every night at 2:00 a.m. and CVE-2024-3400 was fixed.\n' >"$T/bad.txt"
printf '当社は ISO/IEC 27001:2022 の認証を維持し、2024年度は全従業員が教育を受講しました。\n\nWe follow the NIST CSF 2.0 and monitor our systems 24/7.\n' >"$T/clean.txt"

run "$KAIJI" lint "$T/bad.txt"
expect_rc "findings without --strict exit 0" 0
expect_out "compiler-style line with rule id" "^$T/bad.txt:[0-9]+:[0-9]+: (note|warning|error)\[product-version\]: "
expect_out "internal host flagged" "\[internal-host\].*db-core-02"
expect_out "ip address flagged" "\[ip-address\].*10\.8\.1\.20"
expect_out "monitoring gap flagged" "\[monitoring-gap\]"
expect_out "cve flagged" "\[cve-id\].*CVE-2024-3400"
expect_out "backup schedule flagged" "\[backup-location\]"
expect_out "why line" "^    why: "
expect_out "how line" "^    how: "

# lint reads slides as analyze does, and its help says so
run "$KAIJI" help lint
expect_out "help lint lists pptx among the --as formats" "--as FORMAT +read FILE as .*pptx"
run "$KAIJI" lint --as pptx "$FIX/ingest/sample.pptx"
expect_rc "lint --as pptx reads slides" 0

run "$KAIJI" lint --strict "$T/bad.txt"
expect_rc "--strict with findings exits 1" 1
run "$KAIJI" lint --strict "$T/clean.txt"
expect_rc "--strict on a clean file exits 0" 0
if [ -z "$OUT" ]; then ok "clean file prints nothing"; else not_ok "clean file prints nothing" "$OUT"; fi

run "$KAIJI" lint --format json "$T/bad.txt"
expect_rc "json exit 0" 0
if printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); f=d["findings"]; assert d["count"]==len(f)>=6; assert all({"file","loc","rule","severity","text","why","how","start","end"}<=set(x) for x in f)'; then
  ok "json findings well-formed"; else not_ok "json findings well-formed" "${OUT:0:300}"; fi

# a scheme-named host that goes on as a fully qualified name is reported
# whole, in the terminal's message and in the JSON's text and offsets (only
# its first label, "db01", was)
printf 'The ERP database runs on db01.corp.example.com, behind the gateway.\n' >"$T/fqdn.txt"
run "$KAIJI" lint "$T/fqdn.txt"
expect_out "the whole host name in the message" '\[internal-host\]: Internal host name: "db01\.corp\.example\.com"'
run "$KAIJI" lint --format json "$T/fqdn.txt"
if printf '%s' "$OUT" | python3 -c 'import json,sys; f=json.load(sys.stdin)["findings"]; h=[x for x in f if x["rule"]=="internal-host"]; assert [(x["text"],x["start"],x["end"]) for x in h]==[("db01.corp.example.com",25,46)], h'; then
  ok "the whole host name in the JSON's text and offsets"; else not_ok "the whole host name in the JSON's text and offsets" "${OUT:0:300}"; fi

run "$KAIJI" lint --min-severity error --format json "$T/bad.txt"
if printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["findings"] and all(x["severity"]=="error" for x in d["findings"])'; then
  ok "--min-severity error keeps only errors"; else not_ok "--min-severity error keeps only errors" "${OUT:0:300}"; fi
# a host name is a name, not the word after "host name"
printf 'Our security team keeps each internal host name with its role in an inventory, and the host name srv-web01 is not published.\n' >"$T/host.txt"
run "$KAIJI" lint --format json "$T/host.txt"
expect_jsonl "a word after \"host name\" is no host; a name with digits is" '.[0].findings | map(select(.rule == "internal-host") | .text) == ["srv-web01"]'
run "$KAIJI" lint --min-severity loud "$T/bad.txt"
expect_rc "bad --min-severity is a usage error" 2
run "$KAIJI" lint --format xml "$T/bad.txt"
expect_rc "bad --format is a usage error" 2

# headings are read too, each once, at their own line (a heading is no
# passage: before, a detail in one went unreported); in a directory of its
# own, as the directory below must hold no HTML
mkdir -p "$T/hd"
printf '%s\n' '<html><head><title>t</title></head><body>' \
  '<h2>ファイアウォール（ExampleGuard 10.1）</h2>' \
  '<p>当社は境界の通信を常時検査しています。</p>' \
  '<p>不審な通信は自動で遮断しています。</p>' \
  '<h2>予備網 10.20.40.0/24</h2>' '</body></html>' >"$T/hd/head.html"
run "$KAIJI" lint "$T/hd/head.html"
expect_out "a heading's product version at the heading's line" "^$T/hd/head.html:2:[0-9]+: [a-z]+\[product-version\]: .*ExampleGuard 10\.1」（見出し）"
expect_out "a heading after the last paragraph is read" "^$T/hd/head.html:5:[0-9]+: [a-z]+\[ip-address\]: .*10\.20\.40\.0/24"
if [ "$(printf '%s\n' "$OUT" | grep -c 'ExampleGuard 10.1')" -eq 1 ]; then ok "a heading over two paragraphs is reported once"; else not_ok "a heading over two paragraphs is reported once" "$OUT"; fi
run "$KAIJI" lint --format json "$T/hd/head.html"
expect_jsonl "lint JSON names the heading" '.[0].findings | map(.heading) == ["ファイアウォール（ExampleGuard 10.1）", "予備網 10.20.40.0/24"]'
run "$KAIJI" analyze --format json "$T/hd/head.html"
expect_jsonl "analyze's sensitive findings name the heading" '.[0].sensitive | map([.heading, .line, .passage]) == [["ファイアウォール（ExampleGuard 10.1）", 2, 0], ["予備網 10.20.40.0/24", 5, 2]]'
# the report places it at the heading, with no link to the paragraph after it
run "$KAIJI" analyze --format html -o "$T/hd/report.html" "$T/hd/head.html"
if grep -q '<td>line 2 “ファイアウォール（ExampleGuard 10.1）”<' "$T/hd/report.html"; then
  ok "the report places a heading's finding at the heading"
else not_ok "the report places a heading's finding at the heading" "$(grep -o 'product-version</code></td><td>.\{0,120\}' "$T/hd/report.html")"; fi

# a line that reads as a title but is a passage (over 25 characters, no
# heading's mark) is read with the paragraph after it as its context
printf 'Network Perimeter (ExampleOS 9.4)\n\nWe detect and block intrusions at our gateways.\n' >"$T/title.txt"
run "$KAIJI" lint "$T/title.txt"
expect_out "a title line takes its context from the paragraph after it" "^$T/title.txt:1:20: [a-z]+\[product-version\]: .*\"ExampleOS 9\.4\"$"
printf 'Network Perimeter (ExampleOS 9.4)\n\nWe opened two new stores this year.\n' >"$T/title2.txt"
run "$KAIJI" lint "$T/title2.txt"
if [ -z "$OUT" ]; then ok "a title line over an unrelated paragraph is not flagged"; else not_ok "a title line over an unrelated paragraph is not flagged" "$OUT"; fi

# a pattern that gives up (PCRE2's match limit) on a passage says so, as a
# note in both outputs of lint and analyze, and the other findings, of its
# rule too, are still reported: before, the passage passed as clean. The
# patterns are data: a copy of them with one that backtracks without end on
# a long word (nested quantifiers).
cp -r "$root/data" "$T/data"
printf 'cve-id\t-\t(?:[a-z]+[a-z]+)+[0-9]\t-\tbacktracks without end on a long word\n' \
  >>"$T/data/lint/patterns.tsv"
long=abcdefghijklmnopqrstuvwxyzabcdefghijklmn
mkdir -p "$T/gap"
printf '%s\n' '<html><head><title>t</title></head><body>' "<h2>記録 $long</h2>" \
  "<p>当社のログには $long という文字列と CVE-2024-0001 が残っていました。</p>" \
  '<p>The relay at 192.0.2.7 forwards mail.</p>' "<p>The log kept the word $long.</p>" \
  '</body></html>' >"$T/gap/gap.html"
printf 'The log kept the word %s.\n' "$long" >"$T/gap/only.txt"
run env KAIJI_DATA="$T/data" "$KAIJI" lint "$T/gap/gap.html"
expect_rc "a check that could not finish is no finding: exit 0 without --strict" 0
expect_out "the note in Japanese at the heading" \
  "^$T/gap/gap.html:2:1: incomplete\[cve-id\]: 文が複雑すぎてこの検査を終えられませんでした。ここでの cve-id の指摘は漏れている可能性があります（見出し）$"
expect_out "the note in English at the passage" \
  "^$T/gap/gap.html:5:1: incomplete\[cve-id\]: the text is too complex for this check; findings of cve-id here may be incomplete$"
expect_out "the rule's other findings in that passage are still reported" "\[cve-id\]: .*CVE-2024-0001"
expect_out "the other passages' findings are still reported" "\[ip-address\]: .*192\.0\.2\.7"
if [ "$(printf '%s\n' "$OUT" | grep -c 'incomplete\[')" -eq 3 ]; then ok "one note per rule and text"
else not_ok "one note per rule and text" "$OUT"; fi
run env KAIJI_DATA="$T/data" "$KAIJI" lint --format json "$T/gap/gap.html"
expect_jsonl "lint JSON lists the checks that could not finish" \
  '.[0].incomplete | map([.rule, .reason, .passage, .heading != null, .line, .loc]) == [["cve-id", "too-complex", 0, true, 2, "2:1"], ["cve-id", "too-complex", 0, false, 3, "3:1"], ["cve-id", "too-complex", 2, false, 5, "5:1"]]'
expect_jsonl "lint JSON still has the findings" '.[0].findings | map(.rule) | index("cve-id") and index("ip-address")'
run env KAIJI_DATA="$T/data" "$KAIJI" lint --strict "$T/gap/only.txt"
expect_rc "--strict: no finding but a check that could not finish exits 4" 4
run env KAIJI_DATA="$T/data" "$KAIJI" lint --strict "$T/gap/gap.html"
expect_rc "--strict: findings exit 1 even with a check that could not finish" 1
run env KAIJI_DATA="$T/data" "$KAIJI" lint --strict "$T/clean.txt"
expect_rc "--strict: the copied data's pattern leaves a clean file clean" 0
run env KAIJI_DATA="$T/data" "$KAIJI" analyze "$T/gap/gap.html"
expect_out "analyze prints the note" "^$T/gap/gap.html:5:1: incomplete\[cve-id\]: the text is too complex"
run env KAIJI_DATA="$T/data" "$KAIJI" analyze "$T/gap/only.txt"
expect_out "analyze says so when the lint found nothing" "none found, but some checks could not finish"
run env KAIJI_DATA="$T/data" "$KAIJI" analyze --format json "$T/gap/gap.html"
expect_jsonl "analyze JSON lists the checks that could not finish" \
  '.[0].sensitive_incomplete | map([.rule, .reason, .passage]) == [["cve-id", "too-complex", 0], ["cve-id", "too-complex", 0], ["cve-id", "too-complex", 2]]'
run env KAIJI_DATA="$T/data" "$KAIJI" analyze --format html -o "$T/gap/report.html" "$T/gap/gap.html"
if grep -q '<li>line 5[^<]*: <code>cve-id</code> the text is too complex for this check; findings of cve-id here may be incomplete</li>' "$T/gap/report.html"; then
  ok "the report lists the checks that could not finish"
else not_ok "the report lists the checks that could not finish" "$(grep -o 'class="muted"><li>.\{0,300\}' "$T/gap/report.html")"; fi
run "$KAIJI" analyze --format json "$T/gap/gap.html"
expect_jsonl "with the shipped patterns every check finishes" '.[0].sensitive_incomplete == []'
run "$KAIJI" help lint
expect_out "help lint explains exit status 4" "4 no findings with --strict, but"

printf '' >"$T/empty.txt"
run "$KAIJI" lint "$T/missing.txt" "$T/bad.txt"
expect_rc "missing file exits 3" 3
expect_err "missing file named" "kaiji: .*missing\.txt"
expect_out "other files still linted" "\[ip-address\]"
run "$KAIJI" lint "$T/empty.txt"
expect_no_crash "empty file does not crash"
run "$KAIJI" lint "$T"
expect_rc "directory without sections exits 3" 3

printf '\x1b[31m evil 10.0.0.1 \x1b]0;title\x07 <script>alert(1)</script>\n' >"$T/ctl.txt"
run "$KAIJI" lint "$T/ctl.txt"
if printf '%s' "$OUT" | grep -q $'\x1b'; then not_ok "no escape characters reach the terminal"; else ok "no escape characters reach the terminal"; fi
head -c 200000 /dev/urandom >"$T/noise.bin"
run "$KAIJI" lint --as text "$T/noise.bin"
expect_no_crash "random bytes do not crash"

# a file of 12,000 addresses (a million took 880 MB): the lint lists the
# first 10,000 findings of a document and says, once, where it stopped
for i in $(seq 1 12000); do printf 'relay 192.0.2.%d ' $((i % 250)); done >"$T/many-ips.txt"
run "$KAIJI" lint --format json "$T/many-ips.txt"
expect_jsonl "at most 10,000 findings are listed" '.[0].count == 10000 and (.[0].findings | length) == 10000'
expect_jsonl "one note says the rest are not listed" \
  '.[0].incomplete | map([.rule, .reason]) == [["ip-address", "too-many-findings"]]'
run "$KAIJI" lint "$T/many-ips.txt"
expect_out "the text output says so" "many-ips\.txt:[0-9]+:[0-9]+: incomplete\[ip-address\]: more than 10000 findings in this document"
run "$KAIJI" analyze --format json "$T/many-ips.txt"
expect_jsonl "analyze lists the note too" '.[0].sensitive_incomplete | map(.reason) == ["too-many-findings"]'

run python3 "$root/tools/eval_lint.py" --kaiji "$KAIJI" --set "$root/tests/fixtures/lint/planted.jsonl"
if [ "$RC" -eq 0 ]; then ok "planted set: $(printf '%s' "$OUT" | tail -1)"; else not_ok "planted set precision and recall >= 0.9" "$OUT"; fi
