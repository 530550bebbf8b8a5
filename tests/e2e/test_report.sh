#!/usr/bin/env bash
# End-to-end tests of the HTML report (`kaiji analyze --format html`): one
# self-contained page with the radar chart, sections and a strict CSP; a
# hostile document's markup is escaped everywhere (checked with grep on the
# output); bad input and bad options fail cleanly.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
hostile="$root/tests/fixtures/lint/hostile.html"

run "$KAIJI" analyze --format html -o "$T/r.html" "$hostile"
expect_rc "hostile document renders" 0
H=$(cat "$T/r.html" 2>/dev/null)
has()  { if printf '%s' "$H" | grep -Eq -- "$2"; then ok "$1"; else not_ok "$1" "report lacks /$2/"; fi; }
hasnt(){ if printf '%s' "$H" | grep -Eqi -- "$2"; then not_ok "$1" "report has /$2/: $(printf '%s' "$H" | grep -Eoi -- ".{0,40}$2.{0,40}" | head -2)"; else ok "$1"; fi; }
has "doctype" '^<!DOCTYPE html>'
has "charset" '<meta charset="utf-8">'
has "strict CSP meta" "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""
hasnt "no script element" '<script'
hasnt "no event-handler attribute" '<[^>]+[[:space:]]on[a-z]+='
hasnt "no img, iframe, svg onload or javascript: from the document" '<img|<iframe|<svg onload|href="javascript'
has "script text escaped" '&lt;script&gt;alert\(1\)&lt;/script&gt;'
has "attribute breakout escaped" '&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;'
has "quote escaped" '&#39; onmouseover=&#39;alert\(3\)&#39;'
has "radar svg" '<svg class="radar"'
for s in radar principles findings coverage suggestions stakeholders passages; do
  has "section $s" "<section id=\"$s\">"
done
has "sensitive findings listed" 'monitoring-gap'
has "evidence marked" '<mark class="ev i[0-9]+">'
has "finding marked in passage" '<mark class="sens"'
hasnt "no external resources" '(src|href)="(https?:)?//'

# text that closes <title>, <style>, <script> and comments, U+2028, escape
# sequences and bytes that are not UTF-8 (tests/fixtures/render): escaped,
# replaced, never markup; the page is valid UTF-8 with no control character
run "$KAIJI" analyze --format html -o "$T/b.html" "$root/tests/fixtures/render/breakout.html"
expect_rc "breakout document renders" 0
H=$(cat "$T/b.html" 2>/dev/null)
hasnt "breakout: no script element" '<script'
hasnt "breakout: no event-handler attribute" '<[^>]+[[:space:]]on[a-z]+='
hasnt "breakout: no markup from the document" '<img|<svg onload|<b onmouseover|<!--|href="(javascript|data)'
has "breakout: the title's </title> escaped" '<title>[^<]*&lt;/title&gt;&lt;script&gt;alert\(&quot;title&quot;\)'
has "breakout: a heading's comment and </script> escaped in its location" '&lt;!-- \]\]&gt; &lt;/script&gt;&lt;b&gt;'
if python3 -c '
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
sys.exit(any((ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in t))' "$T/b.html"; then
  ok "breakout: valid UTF-8 without control characters"
else not_ok "breakout: valid UTF-8 without control characters"; fi

if [ -f "$root/data/sample/hoshizora-security-2025.html" ]; then
  run "$KAIJI" analyze --format html -o "$T/s.html" "$root/data/sample/hoshizora-security-2025.html"
  expect_rc "sample renders" 0
  if grep -q '<polygon class="area"' "$T/s.html"; then ok "sample radar area"; else not_ok "sample radar area"; fi
  if grep -Eq '<li>\+[0-9]+ top-message \(line [0-9]+\)' "$T/s.html"; then ok "sample: a principle's signal names the line of its passage"
  else not_ok "sample: a principle's signal names the line of its passage"; fi
  # each principle lists its own signals under its score (the report once
  # listed the first eight of all, so P3-P5 of the sample had none), the
  # same signal on one passage once with its points summed
  if python3 - "$T/s.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
s = h[h.index('<section id="principles">'):]
s = s[:s.index("</section>")]
rows = re.split(r'<div class="prow">', s)[1:]
sys.exit(not (len(rows) == 5 and all("<li>" in r for r in rows)
              and re.search(r"<li>-[0-9]+ jargon-unexplained ×[0-9]+ ", rows[3])
              and "topic-current" in rows[4]))
PY
  then ok "sample: each principle lists its signals, repeats summed"
  else not_ok "sample: each principle lists its signals, repeats summed"; fi
fi
run "$KAIJI" analyze --format html "$hostile"
expect_out "html to stdout" '</html>'
run "$KAIJI" analyze --format html -o "$T/x.html" "$T/nope.pdf"
expect_rc "missing input exits 3" 3
expect_err "missing input named" 'kaiji: .*nope\.pdf'
run "$KAIJI" analyze --format html -o "$T/x.html" "$hostile" "$hostile"
expect_rc "html takes one file" 2
