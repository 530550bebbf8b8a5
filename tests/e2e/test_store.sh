#!/usr/bin/env bash
# End-to-end tests of the store and the case collection through the CLI:
# `kaiji cases import|refs|list|search|show|export|import-jsonl|add` and
# `kaiji docs list|show|search|rm`, on the invented fixture guide
# (tests/fixtures/store/mini-guide.txt); clear errors for files that are not
# kaiji databases (left untouched) and for newer schemas; the default path;
# search finding every form of a word (composed, decomposed, half and full
# width), snippets marking matches that overlap or touch as one, the text
# written once, the migration of a schema-6 store and a migration that fails.
. "$(dirname "$0")/lib.sh"
GUIDE="$FIX/store/mini-guide.txt"
DB="$T/k.db"

run "$KAIJI" cases import --db "$DB" "$GUIDE"
expect_rc "cases import succeeds" 0
expect_out "import counts examples and references" "5 worked examples and 3 references in the guide; 5 examples and 3 references added"
run "$KAIJI" cases import --db "$DB" "$GUIDE"
expect_out "importing twice adds nothing" "; 0 examples and 0 references added"
run "$KAIJI" cases list --db "$DB"
expect_out "list shows the five examples" "^5 cases$|5 cases"
expect_out "list shows keys by item" "item 7 +guide +mic2019-07-1"
run "$KAIJI" cases list --db "$DB" --source guide
expect_out "list --source guide shows the guide's examples" "5 cases"
run "$KAIJI" cases list --db "$DB" --source guides
expect_rc "a source that is none of guide, passage, import is a usage error" 2
expect_err "... named, not listed as an empty collection" "--source must be guide, passage or import, not 'guides'"
expect_no_out "... no '0 cases'" "0 cases"
run "$KAIJI" cases refs --db "$DB"
expect_out "refs lists the reference reports" "2\. サステナビリティ報告書 2022 — 青嵐ホールディングス株式会社 \(2022\)"
# a store with no guide in it says it has no reference reports (it printed nothing)
printf '{"key":"k1","item":7,"body":"当社はCSIRTを設置しています。"}\n' > "$T/one.jsonl"
run "$KAIJI" cases import-jsonl --db "$T/noguide.db" "$T/one.jsonl"
run "$KAIJI" cases refs --db "$T/noguide.db"
expect_rc "refs of a store without the guide exits 0" 0
expect_out "... and says there are none, and how to have them" "^no reference reports: import the guide first"

run "$KAIJI" cases search --db "$DB" インシデント
expect_rc "search succeeds" 0
expect_out "search highlights with [[ ]] when not a tty" "\[\[インシデント\]\]"
expect_out "search shows item and title" "\[item 7\] 白樺化学株式会社 CSRレポート 2020"
run "$KAIJI" cases search --db "$DB" 訓練 --item 3
expect_out "two-character query with item filter" "\[item 3\] 株式会社かもめ物流"
expect_no_out "item filter excludes other items" "\[item 7\]"
run "$KAIJI" cases search --db "$DB" 情報 --year 2022
expect_out "year filter" "青嵐ホールディングス"
expect_no_out "year filter excludes" "つばめ精工"
run "$KAIJI" cases search --db "$DB" 経営 --doc-type integrated
expect_out "doc-type filter (canonical)" "つばめ精工"
expect_no_out "doc-type filter excludes" "青嵐"
run "$KAIJI" cases search --db "$DB" 経営 --doc-type 報告書
expect_out "doc-type filter matches a part of the document's name" "つばめ精工"
run "$KAIJI" cases search --db "$DB" 経営 --doc-type _
expect_rc "doc-type filter: _ is a character, not a wildcard (no case has it: refused)" 2
# a --doc-type no case can have is refused, not "no matching cases"
run "$KAIJI" cases search --db "$DB" 経営 --doc-type bogus
expect_rc "cases search: an unknown --doc-type is a usage error" 2
expect_err "... naming it and listing the types" "unknown --doc-type 'bogus' \(securities, governance, sustainability, integrated, annual, security, other"
expect_no_out "... not an empty result" "no matching cases"
run "$KAIJI" cases search --db "$DB" 経営 --doc-type other
expect_rc "cases search: --doc-type other (a document of no known type) is a type" 0
run "$KAIJI" cases search --db "$DB" 経営 --doc-type csr
expect_out "cases search: a type's alias is the type (csr: sustainability)" "CSR|サステナビリティ"
printf '{"item": 4, "body": "経営層への報告", "doc_type": "prospectus"}\n' >"$T/typed-doc.jsonl"
"$KAIJI" cases import-jsonl --db "$T/typed-doc.db" "$T/typed-doc.jsonl" >/dev/null 2>&1
run "$KAIJI" cases search --db "$T/typed-doc.db" 経営 --doc-type prospectus
expect_out "cases search: an imported case's own type is accepted and matched" "\\[\\[経営\\]\\]層への報告"
run "$KAIJI" cases search --db "$T/typed-doc.db" 経営 --doc-type prospectu
expect_rc "... but only that type" 2
run "$KAIJI" cases search --db "$DB" 存在しない言葉
expect_out "no hits is not an error" "no matching cases"
run "$KAIJI" cases search --db "$DB" 委託先 --format json
expect_rc "json search succeeds" 0
if printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["count"]==1 and d["results"][0]["item"]==9 and "[[委託先]]" in d["results"][0]["snippet"]' 2>/dev/null; then
  ok "json search output parses and has the hit"; else not_ok "json search output" "$OUT"; fi
# Matches that overlap (abab twice in ababab; two terms sharing characters)
# or touch are one marked span: the text as written once, nothing repeated
# or left out, through both indexes (terms of 3+ characters, and shorter).
printf '%s\n' '{"item": 4, "body": "前の文章ababab後ろの文章"}' \
  '{"item": 5, "body": "記号abcdefghの並び"}' \
  '{"item": 6, "body": "障害時はシステム管理者へ連絡する"}' \
  '{"item": 6, "body": "社員のﾊﾟｽﾜｰﾄﾞを変える"}' >"$T/overlap.jsonl"
"$KAIJI" cases import-jsonl --db "$T/overlap.db" "$T/overlap.jsonl" >/dev/null 2>&1
overlap() { # QUERY SNIPPET-REGEX: the one hit's snippet line is exactly that
  run "$KAIJI" cases search --db "$T/overlap.db" "$1"
  expect_out "cases search '$1': overlapping matches are one span" "^ +$2\$"
}
overlap abab '前の文章\[\[ababab\]\]後ろの文章'
overlap 'ab ba' '前の文章\[\[ababab\]\]後ろの文章'
overlap 'abc cde' '記号\[\[abcde\]\]fghの並び'
overlap 'システ テム管理' '障害時は\[\[システム管理\]\]者へ連絡する'
overlap 'ステ テム' '障害時はシ\[\[ステム\]\]管理者へ連絡する'
overlap 'システム 管理者' '障害時は\[\[システム管理者\]\]へ連絡する'
overlap 'パスワ ワード' '社員の\[\[ﾊﾟｽﾜｰﾄﾞ\]\]を変える'
run "$KAIJI" cases search --db "$T/overlap.db" abab --format json
expect_out "... and so in JSON" '"snippet": "前の文章\[\[ababab\]\]後ろの文章"'
run "$KAIJI" cases search --db "$DB"
expect_rc "search without a query is a usage error" 2
run "$KAIJI" cases search --db "$DB" x --item 11
expect_rc "item out of range is a usage error" 2

run "$KAIJI" cases show --db "$DB" 4
expect_out "show prints the body" "30 分以内に初動対応"
expect_out "show prints the commentary" "commentary:"
run "$KAIJI" cases show --db "$DB" 99
expect_rc "show of a missing case fails" 3
expect_err "missing case is named" "no case 99"

run "$KAIJI" cases export --db "$DB" -o "$T/cases.jsonl"
expect_rc "export succeeds" 0
if [ "$(wc -l <"$T/cases.jsonl")" -eq 5 ]; then ok "export writes one line per case"; else not_ok "export lines" "$(wc -l <"$T/cases.jsonl")"; fi
run "$KAIJI" cases import-jsonl --db "$T/copy.db" "$T/cases.jsonl"
expect_out "import-jsonl adds all" "5 cases added, 0 already present"
run "$KAIJI" cases import-jsonl --db "$T/copy.db" "$T/cases.jsonl"
expect_out "import-jsonl is idempotent" "0 cases added, 5 already present"
"$KAIJI" cases export --db "$T/copy.db" >"$T/copy.jsonl"
if cmp -s "$T/cases.jsonl" "$T/copy.jsonl"; then ok "JSONL round trip is exact"; else not_ok "JSONL round trip" "$(diff "$T/cases.jsonl" "$T/copy.jsonl" | head -5)"; fi
{ printf '\357\273\277'; cat "$T/cases.jsonl"; } >"$T/bom.jsonl"
run "$KAIJI" cases import-jsonl --db "$T/bom.db" "$T/bom.jsonl"
expect_out "import-jsonl reads a file saved with a UTF-8 byte order mark" "5 cases added, 0 already present"
printf '{"item": 4, "body": "ok"}\n{"item": "x"}\n' >"$T/bad.jsonl"
run "$KAIJI" cases import-jsonl --db "$T/copy.db" "$T/bad.jsonl"
expect_rc "bad JSONL fails" 3
expect_err "bad JSONL names file and line" "bad.jsonl:2: \"item\" must be an integer"
run "$KAIJI" cases list --db "$T/copy.db"
expect_out "bad JSONL is all or nothing" "^5 cases$|5 cases"
# a key given twice is refused: which of the two was meant cannot be known
printf '{"item": 4, "body": "ok"}\n{"item": 7, "body": "one", "body": "two"}\n' >"$T/dup.jsonl"
run "$KAIJI" cases import-jsonl --db "$T/copy.db" "$T/dup.jsonl"
expect_rc "import-jsonl refuses a key given twice" 3
expect_err "... naming the file, line and key" 'dup.jsonl:2: invalid JSON: duplicate object key near .*body'
# a field of the wrong type refuses the file, where it was dropped or changed
for bad in '"tags": ["a", "b"]' '"year": "2023"' '"year": 4294969321' '"elements": ["7.1", 7.2]' \
  '"key": 99'; do
  printf '{"item": 4, "body": "ok"}\n{"item": 7, "body": "text", %s}\n' "$bad" >"$T/typed.jsonl"
  run "$KAIJI" cases import-jsonl --db "$T/copy.db" "$T/typed.jsonl"
  expect_err "import-jsonl refuses $bad" "typed.jsonl:2: \"[a-z]+\" must be"
done
run "$KAIJI" cases list --db "$T/copy.db"
expect_out "and adds nothing" "^5 cases$|5 cases"
# elements must be the guide's and stand under the case's item
for bad in '"elements": "7.9"' '"elements": ["7.1", "3.1"]' '"elements": "7.1,,7.2"' \
  '"elements": "7.1,"' '"elements": ["7.1", ""]' '"elements": ["7.2", "7.2"]'; do
  printf '{"item": 7, "body": "text", %s}\n' "$bad" >"$T/el.jsonl"
  run "$KAIJI" cases import-jsonl --db "$T/copy.db" "$T/el.jsonl"
  expect_err "import-jsonl refuses $bad naming the line" "el.jsonl:1: element"
done
printf '{"item": 7, "body": "elements of the item", "elements": ["7.1", "7.2"]}\n' >"$T/el.jsonl"
run "$KAIJI" cases import-jsonl --db "$T/copy.db" "$T/el.jsonl"
expect_out "import-jsonl takes the item's own elements" "1 case added,"
# show and list give elements as export does: an array of ids ([] for none)
run "$KAIJI" cases show 6 --db "$T/copy.db" --format json
expect_jsonl "cases show --format json: elements is an array" '.[0].elements == ["7.1", "7.2"]'
run "$KAIJI" cases list --db "$T/copy.db" --format json
expect_jsonl "cases list --format json: elements are arrays, [] for none" \
  '.[0] | (map(select(.id == 6))[0].elements == ["7.1", "7.2"]) and (map(select(.id == 1))[0].elements == [])'
run "$KAIJI" cases export --db "$T/copy.db"
expect_jsonl "... the same as the export's" '(map(select(.key != null and (.body == "elements of the item")))[0].elements == ["7.1", "7.2"])'

run "$KAIJI" cases add --db "$DB" --passage 1 --item 7
expect_rc "adding from a missing passage fails" 3
expect_err "missing passage is named" "no passage 1"
run "$KAIJI" cases add --db "$DB" --item 7
expect_rc "add without --passage is a usage error" 2

run "$KAIJI" docs list --db "$DB"
expect_out "docs list on a store without documents" "0 documents"
run "$KAIJI" docs show --db "$DB" 5
expect_rc "docs show of a missing document fails" 3
expect_err "missing document is named" "no document 5"
run "$KAIJI" docs rm --db "$DB" 5
expect_rc "docs rm of a missing document fails" 3
run "$KAIJI" docs rm --db "$DB" 5x
expect_rc "docs rm of an id that is not a number is a usage error" 2
expect_err "docs rm names the bad id" "document ID must be a whole number 1\.\.[0-9]+, not '5x'"
run "$KAIJI" docs list --db "$DB" --limit 0
expect_rc "docs list --limit 0 is a usage error" 2
expect_err "docs list --limit names its range" "--limit must be a whole number 1..100000, not '0'"

# Files that are not kaiji databases are refused and left untouched.
printf 'plain text, not a database at all........\n' >"$T/notdb"
cp "$T/notdb" "$T/notdb.orig"
run "$KAIJI" cases search --db "$T/notdb" 情報
expect_rc "non-SQLite file is refused" 3
expect_err "non-SQLite message" "notdb: not a kaiji database \(file is not a database\)"
run "$KAIJI" cases import --db "$T/notdb" "$GUIDE"
expect_rc "import into a non-SQLite file is refused" 3
if cmp -s "$T/notdb" "$T/notdb.orig" && [ ! -e "$T/notdb-wal" ]; then ok "non-SQLite file untouched"; else not_ok "non-SQLite file was changed"; fi
run "$KAIJI" docs check --db "$DB"
expect_rc "docs check passes on a sound database" 0
expect_out "docs check says ok" "ok \(schema [0-9]+; integrity and search indexes checked\)"
cp "$DB" "$T/broken.db"
sqlite3 "$T/broken.db" "DELETE FROM cases_fts_data WHERE id > 10" >/dev/null
run "$KAIJI" docs check --db "$T/broken.db"
expect_rc "docs check fails on a broken search index" 3
expect_err "docs check names the index" "broken.db: search index cases_fts:"
run "$KAIJI" cases search --db "$DB" ＣＳＩＲＴ
expect_out "a full-width query finds the ASCII word" "\[\[CSIRT\]\]"
cp "$DB" "$T/new.db"
sqlite3 "$T/new.db" "PRAGMA user_version = 42" >/dev/null
run "$KAIJI" cases list --db "$T/new.db"
expect_rc "newer schema is refused" 3
expect_err "newer schema message" "new.db: schema version 42 is newer than this kaiji supports \([0-9]+\); upgrade kaiji"
run "$KAIJI" cases list --db "$T/none.db"
expect_rc "reading a missing database fails" 3
expect_err "missing database message" "none.db: no kaiji database here yet"
if [ ! -e "$T/none.db" ]; then ok "reading does not create a database"; else not_ok "reading created a database"; fi

# Default path: $XDG_DATA_HOME/kaiji/kaiji.db, directories created.
XDG_DATA_HOME="$T/xdg" run "$KAIJI" cases import "$GUIDE"
expect_rc "import to the default path" 0
if [ -f "$T/xdg/kaiji/kaiji.db" ]; then ok "default path under XDG_DATA_HOME"; else not_ok "no database at \$XDG_DATA_HOME/kaiji/kaiji.db"; fi
HOME="$T/home" XDG_DATA_HOME= run "$KAIJI" cases import "$GUIDE"
if [ -f "$T/home/.local/share/kaiji/kaiji.db" ]; then ok "fallback default path under HOME"; else not_ok "no database under ~/.local/share/kaiji"; fi
run "$KAIJI" cases frobnicate --db "$DB"
expect_rc "unknown subcommand is a usage error" 2

# `kaiji analyze --store` keeps the analysis; unchanged documents are a no-op.
SAMPLE="$(cd "$FIX/../.." && pwd)/data/sample/hoshizora-security-2025.html"
if [ -f "$SAMPLE" ] && "$KAIJI" analyze --no-lint "$SAMPLE" >/dev/null 2>&1; then
  ADB="$T/analyze.db"
  run "$KAIJI" analyze --store --db "$ADB" --company ほしぞら電機 --code 9999 --industry 電気機器 --doc-type security --year 2025 "$SAMPLE"
  expect_rc "analyze --store succeeds" 0
  expect_err "analyze --store reports the new document" "stored as document 1 \(added\)"
  run "$KAIJI" analyze --db "$ADB" "$SAMPLE"
  expect_err "re-analysing an unchanged document is a no-op" "stored as document 1 \(unchanged\)"
  # docs list cuts a name too long for its column, so the columns after it
  # stay in line; docs show has it whole
  LONG=あおぞらサイバーセキュリティホールディングス株式会社
  run "$KAIJI" analyze --store --db "$T/long.db" --company "$LONG" --code 1234 -o /dev/null "$SAMPLE"
  run "$KAIJI" docs list --db "$T/long.db"
  expect_out "docs list cuts a long company name with …, its code in its column" \
    '^    1  あおぞらサイバーセキュ…  1234     integrated '
  run "$KAIJI" docs show --db "$T/long.db" 1
  expect_out "... docs show has it whole" "company $LONG"
  # a case made from a passage is found by the words of its title (the
  # heading the passage stood under), not only by its body's
  PID=$("$KAIJI" docs search --db "$ADB" --format json 机上演習 | jq '.[0].passage')
  cp "$ADB" "$T/titles.db"
  run "$KAIJI" cases add --db "$T/titles.db" --passage "$PID" --item 7
  expect_rc "cases add --passage succeeds" 0
  run "$KAIJI" cases search --db "$T/titles.db" --format json 訓練
  expect_jsonl "cases search finds a case by a word only its title has" \
    '.[0] | .count == 1 and (.results[0].title | test("インシデント対応と訓練")) and (.results[0].snippet | test("\\[\\[訓練\\]\\]")) and (.results[0].snippet | test("^…?\\s") | not)'
  run "$KAIJI" cases search --db "$T/titles.db" --format json インシデント対応と訓練
  expect_jsonl "... and by a longer run of it" '.[0].count == 1'
  # a filing stored by a kaiji that read it otherwise (before its sections
  # were named: codes alone, and no record of how it was read) is stored
  # again, though its text and the model are the same
  EDB="$T/edinet.db"
  run "$KAIJI" analyze --store --db "$EDB" "$FIX/ingest/edinet"
  expect_err "an EDINET filing is stored" "stored as document 1 \(added\)"
  sqlite3 "$EDB" "UPDATE passages SET section = substr(section, 1, 7); DELETE FROM readings" >/dev/null
  run "$KAIJI" analyze --store --db "$EDB" "$FIX/ingest/edinet"
  expect_err "one read otherwise before is stored again" "stored as document 1 \(re-analysed\)"
  run "$KAIJI" docs search --db "$EDB" CSIRT
  expect_out "... with what kaiji reads now" "§0102010 事業の状況 line"
  run "$KAIJI" analyze --store --db "$EDB" "$FIX/ingest/edinet"
  expect_err "... and then left as it is" "stored as document 1 \(unchanged\)"
  cp "$ADB" "$T/meta.db"
  run "$KAIJI" analyze --store --db "$T/meta.db" --company 新社名 --doc-type annual --year 2024 "$SAMPLE"
  expect_err "new metadata for an unchanged document writes it again" "stored as document 1 \(re-analysed\)"
  run "$KAIJI" docs list --db "$T/meta.db"
  expect_out "and the store keeps the new company, type and year" "新社名 +9999 +annual +2024"
  run "$KAIJI" docs list --db "$ADB"
  expect_out "docs list shows the stored document" "ほしぞら電機 +9999 +security +2025"
  run "$KAIJI" analyze --store --db "$T/alias.db" --doc-type csr "$SAMPLE"
  run "$KAIJI" docs list --db "$T/alias.db" --format json
  expect_out "a --doc-type alias is stored as its type (csr: sustainability)" '"doc_type": "sustainability"'
  run "$KAIJI" docs search --db "$T/alias.db" --doc-type sustainability CSIRT
  expect_out "and the store's filter finds it" "\[\[CSIRT\]\]"
  run "$KAIJI" docs search --db "$T/alias.db" --doc-type csr CSIRT
  expect_out "docs search: a type's alias finds its type" "\[\[CSIRT\]\]"
  run "$KAIJI" docs search --db "$T/alias.db" --doc-type bogus CSIRT
  expect_rc "docs search: an unknown --doc-type is a usage error" 2
  expect_err "... naming it and listing the types" "unknown --doc-type 'bogus' \(securities, governance, sustainability, integrated, annual, security\)"
  expect_no_out "... not an empty result" "no matching"
  run "$KAIJI" docs show --db "$ADB" 1
  expect_out "docs show gives coverage per item" "by item: 1:[0-9]+ 2:[0-9]+"
  # counted as analyze counts them: a passage under each of its items
  covered=$(printf '%s\n' "$OUT" | sed -n 's/.*by item: //p')
  run "$KAIJI" analyze --format json "$SAMPLE"
  want=$(printf '%s' "$OUT" | jq -r '[.items[] | "\(.item):\(.passages)"] | join(" ")' 2>/dev/null)
  if [ -n "$covered" ] && [ "$covered" = "$want" ]; then ok "docs show counts by item as analyze does"
  else not_ok "docs show counts by item as analyze does" "docs show: $covered" "analyze:   $want"; fi
  run "$KAIJI" docs show --db "$ADB" 1
  pid=$(printf '%s\n' "$OUT" | sed -n 's/^passage \([0-9]*\) .*/\1/p' | head -1)
  run "$KAIJI" cases add --db "$ADB" --passage "${pid:-0}" --item 7 --note 良い例 --tags csirt
  expect_out "cases add from a stored passage" "added case 1 \(item 7\)"
  run "$KAIJI" cases add --db "$ADB" --passage "${pid:-0}" --item 7 --element 3.1
  expect_err "cases add refuses an element of another item" "element 3.1 stands under item 3, not item 7"
  expect_rc "an element of another item is a usage error" 2
  run "$KAIJI" cases add --db "$ADB" --passage "${pid:-0}" --item 7 --element 7.x
  expect_err "cases add refuses an element that is not the guide's" 'element "7.x" is not one of'
  run "$KAIJI" cases search --db "$ADB" 良い例
  expect_out "the note is searchable" "#1 \[item 7\]"
  # one of a thing is counted in the singular
  run "$KAIJI" cases list --db "$ADB" --source passage
  expect_out "cases list counts one case as \"1 case\"" "^1 case$"
  expect_no_out "... not \"1 cases\"" "1 cases"
  run "$KAIJI" cases list --db "$ADB" --source passage --format json
  expect_jsonl "... and its JSON is the array it was" 'length == 1 and (.[0] | length == 1 and .[0].source == "passage")'
  run "$KAIJI" docs list --db "$ADB"
  expect_out "docs list counts one document as \"1 document\"" "^1 document$"
  expect_no_out "... not \"1 documents\"" "1 documents"
  run "$KAIJI" cases export --db "$ADB" -o "$T/one.jsonl"
  expect_err "cases export counts one case as \"1 case\"" "kaiji: 1 case written to"
  run "$KAIJI" docs search --db "$ADB" CSIRT
  expect_out "docs search finds stored passages" "\[\[CSIRT\]\]"

  expect_out "docs search places a hit in an HTML file by its line and heading" "\[item [0-9]+\] line [0-9]+ “[^”]+”"
  for what in docs cases; do
    run "$KAIJI" "$what" search --db "$ADB" "  "
    expect_rc "$what search of blank space is a usage error" 2
    expect_err "and says the query is empty" "empty search query"
  done
  # a snippet cut about 64 characters on must not end inside the close mark
  printf '情報セキュリティ\n\n%s標的型%s標的型%s。\n' "$(printf 'あ%.0s' {1..16})" \
    "$(printf 'い%.0s' {1..35})" "$(printf 'う%.0s' {1..40})" >"$T/snip.txt"
  "$KAIJI" analyze --store --db "$T/snip.db" -o /dev/null "$T/snip.txt" 2>/dev/null
  run "$KAIJI" docs search --db "$T/snip.db" 標的型 --format json
  expect_out "a snippet's edge does not cut a match's mark in two" 'い\[\[標的型\]\]'
  expect_no_out "no half mark" '\[\[標的型\][^]]'
  # a long term that the window's edge crosses (a short term in the query
  # takes the path that cuts snippets itself) is shown whole and marked
  printf '情報セキュリティ\n\n%sIT%s標的型メール訓練を行いました。\n' "$(printf 'あ%.0s' {1..16})" \
    "$(printf 'い%.0s' {1..44})" >"$T/edge.txt"
  "$KAIJI" analyze --store --db "$T/edge.db" -o /dev/null "$T/edge.txt" 2>/dev/null
  run "$KAIJI" docs search --db "$T/edge.db" "IT 標的型メール訓練" --format json
  expect_out "a long term across the snippet's edge is marked whole" '\[\[標的型メール訓練\]\]'
  # a passage's own [[ is text, not a match: the snippet is still cut at the match
  printf '情報セキュリティ\n\n[[参考]] %s 標的型メール演習を実施しました。\n' \
    "$(printf 'あ%.0s' {1..70})" >"$T/lit.txt"
  "$KAIJI" analyze --store --db "$T/lit.db" -o /dev/null "$T/lit.txt" 2>/dev/null
  run "$KAIJI" docs search --db "$T/lit.db" 標的型メール演習 --format json
  expect_out "a literal [[ in a passage does not move the snippet off the match" '\[\[標的型メール演習\]\]'
  run "$KAIJI" docs show --db "$ADB" 1
  expect_out "docs show places a passage by its line and heading" "^passage [0-9]+  \[item [0-9]+\] line [0-9]+ “[^”]+”  "
  # a passage with no item (a paragraph of a fictional company's report about
  # its shops) is marked so: there is no item 0
  printf '# みずうみ物産 報告書\n\n当社は全国に二十の店舗を構え、地域の食材を販売しています。\n\n当社は情報セキュリティ委員会を設け、CISOが統括しています。\n' >"$T/noitem.txt"
  "$KAIJI" analyze --store --db "$T/noitem.db" -o /dev/null "$T/noitem.txt" 2>/dev/null
  run "$KAIJI" docs show --db "$T/noitem.db" --passages 1
  expect_out "docs show --passages marks a passage without an item" "^passage [0-9]+  \[no item\] .*店舗"
  expect_no_out "... never as item 0" "\[item 0\]"
  run "$KAIJI" docs search --db "$T/noitem.db" 店舗
  expect_out "docs search marks a hit without an item" "\(document 1, -\) \[no item\]"
  expect_no_out "... never as item 0" "\[item 0\]"
  run "$KAIJI" docs rm --db "$ADB" 1
  expect_out "docs rm removes the document" "removed document 1"
  run "$KAIJI" cases show --db "$ADB" 1
  expect_rc "the case outlives its document" 0
else
  echo "# analyze unavailable here (no model/sample): skipping analyze --store checks"
fi

# Search reads every form of a word as one (NFKC, as the analysis reads
# text): パスワード composed, decomposed (ト + U+3099, as macOS and some PDF text
# layers give it) and in half width, ISMS in full width and in ASCII; the
# snippets show each as it was written.
if "$KAIJI" analyze --no-lint "$FIX/../../data/sample/hoshizora-security-2025.html" >/dev/null 2>&1; then
  D=$(printf '\343\202\231') # U+3099, the combining voiced mark
  printf '情報セキュリティ対策\n\n当社は社員のパスワート%sを年に一度変えさせています。\n\n委託先のﾊﾟｽﾜｰﾄﾞ管理も点検しています。\n\n本社のパスワード規程はＩＳＭＳ認証の範囲です。\n\nISMS の審査を毎年受けています。\n' \
    "$D" >"$T/forms.txt"
  FDB="$T/forms.db"
  run "$KAIJI" analyze --store --db "$FDB" -o /dev/null "$T/forms.txt"
  expect_rc "analyze --store keeps a document written in several forms" 0
  for q in パスワード ﾊﾟｽﾜｰﾄﾞ "パスワート$D"; do
    run "$KAIJI" docs search --db "$FDB" "$q" --format json
    expect_jsonl "docs search $q finds パスワード in all three forms, each marked as written" \
      '.[0] | length == 3 and ([.[].snippet] | any(contains("[[パスワート\u3099]]を")) and any(contains("の[[ﾊﾟｽﾜｰﾄﾞ]]管理")) and any(contains("[[パスワード]]規程")))'
  done
  for q in ド ﾄﾞ; do
    run "$KAIJI" docs search --db "$FDB" "$q" --format json
    expect_jsonl "docs search $q (one character) finds all three, each marked as written" \
      '.[0] | length == 3 and ([.[].snippet] | any(contains("ワー[[ト\u3099]]を")) and any(contains("ﾜｰ[[ﾄﾞ]]管理")) and any(contains("ワー[[ド]]規程")))'
  done
  for q in ISMS ｉｓｍｓ; do
    run "$KAIJI" docs search --db "$FDB" "$q"
    expect_out "docs search $q finds ＩＳＭＳ" "\[\[ＩＳＭＳ\]\]認証"
    expect_out "... and ISMS" "\[\[ISMS\]\] の審査"
  done
  printf '{"key": "forms-1", "item": 4, "company": "ﾐﾅﾄ商事", "body": "全社員のパスワート%sを管理しています。"}\n' "$D" >"$T/forms.jsonl"
  "$KAIJI" cases import-jsonl --db "$FDB" "$T/forms.jsonl" >/dev/null 2>&1
  run "$KAIJI" cases search --db "$FDB" パスワード
  expect_out "cases search finds a decomposed case by the composed word" "の\[\[パスワート$D\]\]を"
  run "$KAIJI" cases search --db "$FDB" ミナト
  expect_out "... and a half-width company by the full-width name" "ﾐﾅﾄ商事"

  # A store of the previous schema (6) is migrated on first opening: its
  # search indexes are built again from the stored text. (The sqlite3 shell
  # cannot run kaiji's tokenizers, so the old indexes are emptied here, as
  # an index that knows none of the new forms.)
  cp "$FDB" "$T/v6.db"
  sqlite3 "$T/v6.db" "PRAGMA user_version = 6; DELETE FROM passages_fts_data WHERE id > 10;
    DELETE FROM passages_ngram_data WHERE id > 10; DELETE FROM cases_fts_data WHERE id > 10;
    DELETE FROM cases_ngram_data WHERE id > 10" >/dev/null
  before=$(sqlite3 "$T/v6.db" "SELECT group_concat(id || text, '|') FROM passages; SELECT group_concat(key || body, '|') FROM cases")
  run "$KAIJI" docs search --db "$T/v6.db" パスワード --format json
  expect_jsonl "an older store is migrated on first opening and finds every form" '.[0] | length == 3'
  run "$KAIJI" docs check --db "$T/v6.db"
  expect_out "... its rebuilt indexes pass docs check" "ok \(schema [0-9]+; "
  after=$(sqlite3 "$T/v6.db" "SELECT group_concat(id || text, '|') FROM passages; SELECT group_concat(key || body, '|') FROM cases")
  if [ -n "$before" ] && [ "$before" = "$after" ]; then ok "... and its stored text is unchanged"
  else not_ok "... and its stored text is unchanged" "before: $before" "after: $after"; fi
  # a migration that fails leaves the store as it was and names it
  cp "$FDB" "$T/fail.db"
  # (legacy_alter_table: the shell cannot read the triggers that name kaiji's indexes)
  sqlite3 "$T/fail.db" "PRAGMA user_version = 6; PRAGMA legacy_alter_table = ON;
    ALTER TABLE passages_ngram_docsize RENAME TO lost" >/dev/null
  run "$KAIJI" docs search --db "$T/fail.db" パスワード
  expect_rc "a migration that fails is an error" 3
  expect_err "... naming the store and saying it is left as it was" "fail.db: migration to schema version 7 failed, the database is left as it was \(schema 6\): "
  if [ "$(sqlite3 "$T/fail.db" "PRAGMA user_version; SELECT count(*) FROM passages")" = "$(printf '6\n4')" ]; then
    ok "... at schema 6 with its passages"
  else not_ok "... at schema 6 with its passages" "$(sqlite3 "$T/fail.db" "PRAGMA user_version; SELECT count(*) FROM passages")"; fi
else
  echo "# analyze unavailable here (no model/sample): skipping the search-form checks"
fi
