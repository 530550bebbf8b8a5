#!/usr/bin/env bash
# End-to-end test of `kaiji cases import` on a guide given as a PDF (the
# invented mini guide printed to PDF): every worked example is found although
# PDF text brings Kangxi radicals and joins lines, and a second import adds
# nothing.
. "$(dirname "$0")/lib.sh"
PDF="$FIX/store/mini-guide.pdf"
run "$KAIJI" cases import --db "$T/g.db" "$PDF"
expect_rc "import the guide from its PDF" 0
expect_out "all five worked examples found" '5 worked examples'
run "$KAIJI" cases list --db "$T/g.db" --format json
if printf '%s' "$OUT" | jq -e 'length == 5 and ([.[].item] | sort) == [1,1,3,7,9]' >/dev/null 2>&1; then
  ok "five cases stored with their items"
else not_ok "five cases stored with their items" "${OUT:0:300}"; fi
run "$KAIJI" cases search --db "$T/g.db" 情報開示
expect_rc "search works on PDF-imported cases" 0
run "$KAIJI" cases import --db "$T/g.db" "$PDF"
expect_rc "second import succeeds" 0
expect_out "second import adds nothing" ' 0 examples'
