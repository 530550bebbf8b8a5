#!/usr/bin/env bash
# End-to-end tests of `kaiji explain` and `kaiji classify --explain`: an
# item's score taken apart into the features that make it. What is shown
# must add up to the log-odds, name what in the passage gives each share,
# and cover the items asked; bad input is refused with a clear message.
source "$(dirname "$0")/lib.sh"

EN='Our security team keeps an incident response plan and a CSIRT on call, and the plan is tested in a tabletop exercise every year.'
JA='当社はCSIRTを設置し、インシデント発生時の初動対応と復旧の手順を定めています。'

# classify --explain: one object per item, summing to its log-odds
printf '{"id":"e","text":"%s"}\n{"id":"j","text":"%s"}\n' "$EN" "$JA" > "$T/in.jsonl"
run "$KAIJI" classify --jsonl --explain 5 "$T/in.jsonl"
expect_rc "classify --explain exits 0" 0
expect_jsonl "an explanation per item given" \
  'all(.[]; (.explain | map(.item)) == .items)'
expect_jsonl "bias + shown shares + rest = logit" \
  'all(.[]; all(.explain[]; ((.bias + ([.features[].contribution] | add) + .rest) - .logit | fabs) < 0.001))'
expect_jsonl "at most 5 shares shown, the rest counted" \
  'all(.[]; all(.explain[]; (.features | length) <= 5 and .rest_features >= 0))'
expect_jsonl "the score is the logit's probability and the item's score" \
  'all(.[]; . as $l | all(.explain[]; ((1 / (1 + (-.logit | exp))) - .score | fabs) < 0.001 and ((.score - $l.scores[(.item | tostring)]) | fabs) < 0.002))'
printf '{"id":"e","text":"%s"}\n' "$EN" > "$T/en.jsonl"
run "$KAIJI" classify --jsonl --explain 1000 "$T/en.jsonl"
TEXT_OF=$(printf '%s\n' "$OUT" | jq -r --arg t "$EN" \
  '[.explain[0].features[] | select(.kind == "text" or .kind == "term") | . as $f | select(($t | explode | .[$f.start:$f.end] | implode) != $f.what)] | length')
NTEXT=$(printf '%s\n' "$OUT" | jq '[.explain[0].features[] | select(.kind == "text")] | length')
if [ "$TEXT_OF" = "0" ] && [ "$NTEXT" -gt 0 ]; then ok "start/end are code points of what each share names"; else not_ok "start/end are code points of what each share names" "$TEXT_OF mismatches, $NTEXT words"; fi
run "$KAIJI" classify --jsonl --explain-items 8 "$T/en.jsonl"
expect_jsonl "--explain-items adds an item not given, 12 shares by default" \
  '.[0] | (.items | index(8)) == null and (.explain | map(.item) | index(8)) != null and all(.explain[]; (.features | length) <= 12)'
run "$KAIJI" classify --jsonl "$T/en.jsonl"
expect_jsonl "no explanation unless asked" '.[0] | has("explain") | not'
printf '{"id":"n","text":"Sales of our new stores grew by a tenth this year."}\n' > "$T/none.jsonl"
run "$KAIJI" classify --jsonl --explain 3 "$T/none.jsonl"
expect_jsonl "a passage given nothing explains its best item" \
  '.[0] | .items == [] and (.explain | length) == 1'

# kaiji explain, for people
run "$KAIJI" explain --top 4 "$EN"
expect_rc "explain exits 0" 0
expect_out "says why it is about cybersecurity" '^about cybersecurity: yes, its text names it'
expect_out "lists its items" '^items: 7 \(primary\)'
expect_out "takes an item's score apart" '^item 7 Incident response: score [01]\.[0-9]+ = log-odds [+-][0-9.]+ \(bias [+-][0-9.]+, features [+-][0-9.]+\)'
expect_out "sums the features not shown" 'the other [0-9]+ features'
run "$KAIJI" explain --items 3,8 "$EN"
expect_out "--items explains items not given" '^item 8 Recovery'
expect_out "--items explains each item listed" '^item 3 Resources'
printf '%s' "$JA" | { "$KAIJI" explain >"$T/out" 2>"$T/err"; echo $? > "$T/rc"; }
RC=$(cat "$T/rc"); OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
expect_rc "explain reads standard input" 0
expect_out "a Japanese passage's terms are named as written" '"CSIRT"'
run "$KAIJI" explain --heading '情報セキュリティ' 'バックアップは毎日取得しています。'
expect_out "a heading that names the topic is said" 'yes, by the heading'
run "$KAIJI" explain 'Sales of our new stores grew by a tenth this year.'
expect_out "a passage about something else is said to be so" '^about cybersecurity: no'
expect_out "and its best item is still explained" '^item [0-9]+ '

# bad input
run "$KAIJI" explain '   '
expect_rc "blank text is refused" 3
expect_err "saying there is no text" 'no text to explain'
printf '\xff\xfe\x00x' > "$T/bad"
"$KAIJI" explain < "$T/bad" >"$T/out" 2>"$T/err"; RC=$?; ERR=$(cat "$T/err")
expect_rc "text that is not UTF-8 is refused" 3
expect_err "naming standard input" '<stdin>: not UTF-8 text'
head -c 1100000 /dev/zero | tr '\0' 'a' > "$T/big"
"$KAIJI" explain < "$T/big" >"$T/out" 2>"$T/err"; RC=$?; ERR=$(cat "$T/err")
expect_rc "more than a passage is refused" 3
expect_err "pointing to analyze" 'explain takes one passage'
for bad in 0 11 '2,,6' 'x' ''; do
  run "$KAIJI" explain --items "$bad" "$EN"
  expect_rc "--items '$bad' is a usage error" 2
done
run "$KAIJI" explain --top 0 "$EN"
expect_rc "--top 0 is a usage error" 2
run "$KAIJI" classify --jsonl --explain 0 "$T/en.jsonl"
expect_rc "--explain 0 is a usage error" 2
run "$KAIJI" classify --jsonl --explain-items 12 "$T/en.jsonl"
expect_rc "--explain-items 12 is a usage error" 2
expect_err "saying what items are" 'not a list of items 1-10'

# threads give the same lines
for i in 1 2 3 4 5 6; do cat "$T/in.jsonl"; done > "$T/many.jsonl"
"$KAIJI" classify --jsonl --explain 7 --explain-items all "$T/many.jsonl" > "$T/one.out" 2>&1
"$KAIJI" classify --jsonl --explain 7 --explain-items all --jobs 3 "$T/many.jsonl" > "$T/three.out" 2>&1
if cmp -s "$T/one.out" "$T/three.out" && [ "$(jq -s 'all(.[]; (.explain | length) == 10)' "$T/one.out")" = true ]; then
  ok "--jobs 3 explains as one thread does, all ten items"
else
  not_ok "--jobs 3 explains as one thread does, all ten items"
fi
run "$KAIJI" help explain
expect_out "kaiji help explain" '^usage: kaiji explain'

# analyze --explain: the passages of a document, as they were read there
cat > "$T/doc.html" <<'HTML'
<html><head><title>t</title></head><body><h2>情報セキュリティ</h2>
<p>当社はCSIRTを設置し、インシデント発生時の初動対応と復旧の手順を定めています。</p>
<p>全従業員を対象に、標的型メール訓練を年2回実施しています。</p>
<h2>Other matters</h2><p>Our new stores opened on time.</p></body></html>
HTML
run "$KAIJI" analyze --format json --explain 6 "$T/doc.html"
expect_rc "analyze --explain exits 0" 0
expect_jsonl "each passage with items explains them, adding up to its scores" \
  '.[0].passages | map(select(.items | length > 0)) | length > 1 and all(.[]; . as $p | (.explain | map(.item)) == $p.items and all(.explain[]; ((.bias + ([.features[].contribution] | add) + .rest) - .logit | fabs) < 0.001 and ((.score - $p.scores[(.item | tostring)]) | fabs) < 0.002 and (.features | length) <= 6))'
run "$KAIJI" analyze --format json "$T/doc.html"
expect_jsonl "no explanation unless asked" '[.[0].passages[] | has("explain")] | any | not'
run "$KAIJI" analyze --explain 3 "$T/doc.html"
expect_rc "analyze --explain without JSON is a usage error" 2
expect_err "saying it applies to JSON and HTML" "'--explain' applies to JSON and the HTML report"
run "$KAIJI" analyze --format html "$T/doc.html"
expect_out "the HTML report says why each passage has its item" '<details class="why"><summary>Why this item|<details class="why"><summary>この項目と判断した理由'
expect_out "listing the shares of a term" '<td>用語</td><td>CSIRT</td>'
expect_out "and saying in Japanese what the others are" '<td>項目[0-9]+の語すべて</td>.*<td>日本語</td>|<td>日本語</td>.*<td>項目[0-9]+の語すべて</td>'
N8=$(printf '%s' "$OUT" | grep -o '<details class="why">' | wc -l)
run "$KAIJI" analyze --format html --explain 2 "$T/doc.html"
ROWS=$(printf '%s' "$OUT" | grep -o '<tr class="\(up\|down\)">' | wc -l)
if [ "$N8" -gt 0 ] && [ "$ROWS" -le $((2 * N8)) ]; then ok "--explain N sets the shares the report lists"; else not_ok "--explain N sets the shares the report lists" "$N8 blocks, $ROWS rows"; fi

# the README's example of `kaiji explain` shows what it prints now (its
# figures had fallen behind a change of the lexicon)
readme="$(cd "$(dirname "$0")/../.." && pwd)/README.md"
if [ -f "$readme" ]; then
  SAMPLE=$(python3 - "$readme" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
cmd = re.search(r"^build/kaiji explain '([^']+)'$", t, re.M)
out = re.search(r"```\n(about cybersecurity:.*?)\n    …\n```", t, re.S)
print(cmd.group(1) if cmd else "")
print(out.group(1) if out else "")
PY
)
  TEXT=$(printf '%s\n' "$SAMPLE" | head -1)
  SHOWN=$(printf '%s\n' "$SAMPLE" | tail -n +2)
  run "$KAIJI" explain "$TEXT"
  GOT=$(printf '%s\n' "$OUT" | head -n "$(printf '%s\n' "$SHOWN" | wc -l)")
  if [ -n "$TEXT" ] && [ -n "$SHOWN" ] && [ "$GOT" = "$SHOWN" ]; then ok "README: the explain example is what kaiji prints"
  else not_ok "README: the explain example is what kaiji prints" "$(diff <(printf '%s\n' "$SHOWN") <(printf '%s\n' "$GOT") | head -8)"; fi
fi
