#!/usr/bin/env bash
# End-to-end test of `kaiji cases import` on a guide given as a PDF (the
# invented mini guide printed to PDF): although PDF text brings Kangxi
# radicals, the PDF gives the same examples (bodies without the footnote,
# commentaries, headers) and references as the guide's text file, and a
# second import adds nothing.
. "$(dirname "$0")/lib.sh"
PDF="$FIX/store/mini-guide.pdf"
run "$KAIJI" cases import --db "$T/g.db" "$PDF"
expect_rc "import the guide from its PDF" 0
expect_out "all five worked examples found" '5 worked examples'
run "$KAIJI" cases list --db "$T/g.db" --format json
if printf '%s' "$OUT" | jq -e 'length == 5 and ([.[].item] | sort) == [1,1,3,7,9]' >/dev/null 2>&1; then
  ok "five cases stored with their items"
else not_ok "five cases stored with their items" "${OUT:0:300}"; fi
"$KAIJI" cases import --db "$T/t.db" "$FIX/store/mini-guide.txt" >/dev/null 2>&1
for what in list refs; do
  a=$("$KAIJI" cases "$what" --db "$T/g.db" --format json | jq -S 'map(del(.created_at))')
  b=$("$KAIJI" cases "$what" --db "$T/t.db" --format json | jq -S 'map(del(.created_at))')
  if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "cases $what: the PDF gives what the text file gives"
  else not_ok "cases $what: the PDF gives what the text file gives" "$(diff <(echo "$a") <(echo "$b") | head -20)"; fi
done
run "$KAIJI" cases search --db "$T/g.db" 情報開示
expect_rc "search works on PDF-imported cases" 0
run "$KAIJI" cases import --db "$T/g.db" "$PDF"
expect_rc "second import succeeds" 0
expect_out "second import adds nothing" ' 0 examples'
# a PDF that cannot be read is refused with its reason; what is stored stays
for bad in encrypted truncated scanned garbled; do
  run "$KAIJI" cases import --db "$T/g.db" "$FIX/ingest/$bad.pdf"
  if [ "$RC" -ne 0 ] && printf '%s' "$ERR" | grep -q "$bad.pdf: "; then ok "$bad PDF refused naming the file"
  else not_ok "$bad PDF refused naming the file" "rc=$RC" "${ERR:0:200}"; fi
done
run "$KAIJI" cases list --db "$T/g.db" --format json
if printf '%s' "$OUT" | jq -e 'length == 5' >/dev/null 2>&1; then ok "the refused PDFs left the stored cases alone"
else not_ok "the refused PDFs left the stored cases alone" "${OUT:0:200}"; fi
# a PDF that sets its indents by position, with no space characters
# (tools/make-guide-indent-pdf.sh), gives what its text file gives: the
# indented paragraph is not run into the wrapped line before it
"$KAIJI" cases import --db "$T/it.db" "$FIX/store/indent-guide.txt" >/dev/null 2>&1
run "$KAIJI" cases import --db "$T/ip.db" "$FIX/store/indent-guide.pdf"
expect_rc "import a guide PDF indented by position" 0
a=$("$KAIJI" cases list --db "$T/ip.db" --format json | jq -S 'map(del(.created_at))')
b=$("$KAIJI" cases list --db "$T/it.db" --format json | jq -S 'map(del(.created_at))')
if [ -n "$a" ] && [ "$a" = "$b" ] && printf '%s' "$a" | grep -q '公表し\\n対策'; then
  ok "indents set by position read as the text file's"
else not_ok "indents set by position read as the text file's" "$(diff <(echo "$a") <(echo "$b") | head -10)"; fi
