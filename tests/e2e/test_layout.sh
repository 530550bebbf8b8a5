#!/usr/bin/env bash
# End-to-end tests that the layout a text comes in does not change what
# `kaiji classify --jsonl` and `kaiji analyze` say of it. kaiji's own held-out passages
# (tests/heldout: 630 paragraphs and 400 one-sentence statements, Japanese
# and English) are classified as they are, and again as text copied from a
# PDF or a word processor gives them: wrapped into lines (a Japanese line
# break between two Japanese characters, an English one in place of a
# space, English words broken across lines with a hyphen), with CR LF line
# ends, tabs and runs of spaces between English words, each sentence on a
# line of its own (English) or after an ideographic space (Japanese), with a
# first-line indent and trailing white space, and ASCII letters and digits in
# full width. Items, elements, scores, primary item and
# specificity must be the same for every passage; only evidence offsets,
# which count the characters of the text as given, may differ.
. "$(dirname "$0")/lib.sh"
HELD="$(cd "$(dirname "$0")/../heldout" && pwd)"

# transform MODE < in.jsonl > out.jsonl
cat >"$T/transform.py" <<'PY'
import json, re, sys
mode = sys.argv[1]

def cjk(c):
    o = ord(c)
    return 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF

def wrap_ja(t, width=31):
    # a line break every width characters, only between two Japanese ones
    out, run = [], 0
    for i, c in enumerate(t):
        out.append(c)
        run += 1
        if run >= width and i + 1 < len(t) and cjk(c) and cjk(t[i + 1]):
            out.append("\n")
            run = 0
    return "".join(out)

def wrap_en(t, width=60, crlf=False):
    # lines of about width columns; every third long lower-case word that
    # falls at a line's end is broken with a hyphen
    out, line, n = [], "", 0
    nl = "\r\n" if crlf else "\n"
    for w in t.split(" "):
        if line and len(line) + 1 + len(w) > width:
            if re.fullmatch(r"[a-z]{8,}", w) and n % 3 == 0:
                k = len(w) // 2
                out.append(line + " " + w[:k] + "-")
                line = w[k:]
            else:
                out.append(line)
                line = w
            n += 1
        else:
            line = line + " " + w if line else w
    out.append(line)
    return nl.join(out)

def full_width(t):
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in t)

if mode.startswith("doc-"):
    # a document, one paragraph a line, laid out otherwise
    lines = sys.stdin.read().rstrip("\n").split("\n")
    sys.stdout.reconfigure(newline="")
    sys.stdout.write({"doc-blank": "\n\n".join(lines) + "\n",
                      "doc-wrap": "\n\n".join(wrap_ja(l, 35) for l in lines) + "\n",
                      "doc-crlf": "\r\n\r\n".join(wrap_ja(l, 35).replace("\n", "\r\n")
                                                 for l in lines) + "\r\n",
                      "doc-cr": "\r".join(lines) + "\r"}[mode])
    sys.exit(0)

for line in sys.stdin:
    o = json.loads(line)
    t = o["text"]
    ja = any(cjk(c) for c in t)
    if mode == "wrap":
        t = wrap_ja(t) if ja else wrap_en(t)
    elif mode == "crlf":
        t = wrap_ja(t).replace("\n", "\r\n") if ja else wrap_en(t, 45, crlf=True)
    elif mode == "spaces":
        t = t if ja else re.sub(r" ", lambda m: "\t" if len(t) % 2 else "  ", t)
    elif mode == "sentences":
        # each sentence on a line of its own, or after an ideographic space
        t = t.replace("。", "。\u3000") if ja else t.replace(". ", ".\n")
    elif mode == "indent":
        # a paragraph's first-line indent and trailing white space
        t = ("\u3000" if ja else "  ") + t + " \n"
    elif mode == "width":
        t = full_width(t)
    print(json.dumps({"id": o["id"], "text": t}, ensure_ascii=False))
PY
transform() { python3 "$T/transform.py" "$1"; }

# the fields that must not move, one line a passage
fields() { jq -c '{id, primary, items, elements, scores, spec}'; }

cat "$HELD"/en.jsonl "$HELD"/ja.jsonl "$HELD"/short-en.jsonl "$HELD"/short-ja.jsonl >"$T/all.jsonl"
transform none <"$T/all.jsonl" >"$T/plain.jsonl"
run "$KAIJI" classify --jsonl "$T/plain.jsonl"
expect_rc "classify the held-out passages as they are" 0
printf '%s\n' "$OUT" | fields >"$T/plain.out"
n=$(wc -l <"$T/plain.out")
for mode in wrap crlf spaces sentences indent width; do
  transform "$mode" <"$T/all.jsonl" >"$T/$mode.jsonl"
  if cmp -s "$T/plain.jsonl" "$T/$mode.jsonl"; then
    not_ok "$mode: the passages were not changed by the transform"; continue
  fi
  run "$KAIJI" classify --jsonl "$T/$mode.jsonl"
  printf '%s\n' "$OUT" | fields >"$T/$mode.out"
  moved=$(diff "$T/plain.out" "$T/$mode.out" | grep -c '^>')
  if [ "$RC" -eq 0 ] && [ "$moved" -eq 0 ] && [ "$(wc -l <"$T/$mode.out")" -eq "$n" ]; then
    ok "$mode: all $n held-out passages classified as when plain"
  else
    not_ok "$mode: $moved of $n passages classified otherwise (exit $RC)" \
      "$(diff "$T/plain.out" "$T/$mode.out" | head -4 | cut -c1-300)"
  fi
done

# the same for a document: the bundled sample's text saved as plain text one
# paragraph a line, with blank lines between paragraphs, wrapped (between
# Japanese characters) with LF or CR LF, and one paragraph a line with CR
# alone: the same passages, headings and items
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
"$KAIJI" extract "$ROOT/data/sample/hoshizora-security-2025.html" | cut -f2 >"$T/doc.txt"
doc_fields() { jq -c '[.passages[] | {text, heading, items, elements}], [.items[] | {item, elements}]'; }
run "$KAIJI" analyze --format json "$T/doc.txt"
printf '%s' "$OUT" | doc_fields >"$T/doc.out"
if [ "$RC" -eq 0 ] && [ "$(jq -s '.[0] | length' "$T/doc.out")" -gt 20 ]; then
  ok "the sample's text, one paragraph a line, is analysed"
else not_ok "the sample's text, one paragraph a line" "exit $RC" "${ERR:0:300}"; fi
for mode in blank wrap crlf cr; do
  python3 "$T/transform.py" "doc-$mode" <"$T/doc.txt" >"$T/doc-$mode.txt"
  if cmp -s "$T/doc.txt" "$T/doc-$mode.txt"; then not_ok "$mode: the document was not changed"; continue; fi
  run "$KAIJI" analyze --format json "$T/doc-$mode.txt"
  if [ "$RC" -eq 0 ] && printf '%s' "$OUT" | doc_fields | cmp -s - "$T/doc.out"; then
    ok "the sample's text laid out '$mode': the same passages, headings and items"
  else not_ok "the sample's text laid out '$mode' (exit $RC)" \
    "$(printf '%s' "$OUT" | doc_fields | diff "$T/doc.out" - | head -3 | cut -c1-300)"; fi
done
