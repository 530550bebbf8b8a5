#!/usr/bin/env bash
# End-to-end tests of crafted hostile inputs (made here, in $T, or small
# fixtures in tests/fixtures/ingest): inputs shaped to make a reader take
# time that grows with the square of their size, hang on a special file or
# exhaust memory. Each must be read, or refused with an error naming the
# file and the problem, and never hang: the `timeout` guards only turn a
# hang of hours into a failure; none of these takes more than seconds.
. "$(dirname "$0")/lib.sh"
I="$FIX/ingest"

# 4 MB of CRs between two lines: every CR alone is a line break; looking
# for an LF after the run again from each of its CRs took hours
{ printf 'CISO\r'; head -c 4000000 /dev/zero | tr '\0' '\r'; printf 'board\r'; } >"$T/cr-run.txt"
run timeout 300 "$KAIJI" extract "$T/cr-run.txt"
expect_rc "a run of 4 MB of CRs reads" 0
expect_out "the lines before and after the run of CRs are blocks" "^paragraph	board$"

# 32 MB of combining accents and no sentence end: cut into passages of at
# most 2000 characters, each cut counted the characters of all the rest
head -c 16000000 /dev/zero | tr '\0' '\1' | sed 's/\x01/\xcc\x81/g' >"$T/accents.txt"
run timeout 300 "$KAIJI" analyze --format json "$T/accents.txt"
expect_rc "32 MB of combining accents without a sentence end is analysed" 0

# a million and one one-word paragraphs (16 MB): each block costs the
# analysis a few hundred bytes, so tens of millions of them in a file under
# the size limit took gigabytes; a million is read, more is refused with
# the file named, and in a batch the other files are still analysed
yes $'情報\n' | head -n 2000000 >"$T/blocks-1m.txt"
{ cat "$T/blocks-1m.txt"; printf '情報\n'; } >"$T/blocks-over.txt"
run timeout 300 "$KAIJI" analyze "$T/blocks-over.txt" "$T/blocks-1m.txt" "$I/sample.html"
expect_rc "a document of more than a million blocks fails" 3
expect_err "its error names the file and the limit" "blocks-over\.txt: more than 1000000 text blocks"
expect_out "a document of a million blocks is analysed" "blocks-1m\.txt"
expect_out "the good HTML after them is analysed" "sample\.html"
if printf '%s' "$ERR" | grep -q 'blocks-1m\.txt:'; then
  not_ok "the million-block document is not refused" "stderr: ${ERR:0:400}"
else ok "the million-block document is not refused"; fi

# a DOCX with 100,000 styles and 100,000 paragraphs whose style is none of
# them: each paragraph's style was looked for by a walk over all the styles
run timeout 300 "$KAIJI" extract "$I/styles-many.docx"
expect_rc "a DOCX with 100,000 styles and paragraphs reads" 0
expect_out "its heading's style is found among them" "^heading/1	Hoshizora security policy$"

# a PPTX whose presentation lists 100,000 slides by a relationship that is
# not among its 100,000 relationships: each was looked for by a walk over
# all of them
run timeout 300 "$KAIJI" extract "$I/rels-many.pptx"
expect_rc "a PPTX with 100,000 slide entries and relationships reads" 0
expect_out "the slide whose relationship is there is read" "^paragraph p1	Hoshizora security committee$"

# an EDINET directory whose section file is a FIFO (opening it waited for a
# writer for ever) or a link to /dev/zero (read until the limit: 256 MB of
# memory, then an error blaming the size); in a batch the others are read
mkdir -p "$T/ed-fifo" "$T/ed-zero"
printf '<html><body><p>The CISO reports to the board.</p></body></html>' >"$T/ed-fifo/S1-0101010.htm"
cp "$T/ed-fifo/S1-0101010.htm" "$T/ed-zero/S1-0101010.htm"
mkfifo "$T/ed-fifo/S1-0102010.htm"
ln -s /dev/zero "$T/ed-zero/S1-0102010.htm"
run timeout 300 "$KAIJI" extract "$I/sample.html" "$T/ed-fifo" "$T/ed-zero" "$I/sample-utf8.txt"
expect_rc "an EDINET section that is a FIFO or /dev/zero fails the batch" 3
expect_err "a FIFO section is named as not a regular file" "ed-fifo/S1-0102010\.htm: not a regular file"
expect_err "a /dev/zero section is named as not a regular file" "ed-zero/S1-0102010\.htm: not a regular file"
expect_out "the file before them is read" "ISMS certification"
expect_out "the file after them is read" "標的型メール訓練"

# cases import of a FIFO (it waited for a writer for ever; /dev/zero was
# read with no limit, until memory ran out: not run here, as without the
# check it would take the machine's memory); the database is as it was
DB="$T/cases.db"
run "$KAIJI" cases import --db "$DB" "$FIX/store/mini-guide.txt"
before=$("$KAIJI" cases export --db "$DB" | md5sum)
run timeout 300 "$KAIJI" cases import --db "$DB" "$T/ed-fifo/S1-0102010.htm"
expect_rc "cases import of a FIFO fails" 3
expect_err "cases import of a FIFO says what it is" "S1-0102010\.htm: not a regular file"
after=$("$KAIJI" cases export --db "$DB" | md5sum)
if [ "$before" = "$after" ]; then ok "the cases are as they were"; else not_ok "the cases are as they were"; fi
# a FIFO named as a PDF guide: known for a PDF by its name, it is still
# refused before MuPDF or anything else opens it
mkfifo "$T/guide-fifo.pdf"
run timeout 300 "$KAIJI" cases import --db "$DB" "$T/guide-fifo.pdf"
expect_rc "cases import of a FIFO named .pdf fails" 3
expect_err "cases import of a FIFO named .pdf says what it is" "guide-fifo\.pdf: not a regular file"

# markup whose tree takes too much memory or libxml2 too much time: a
# 37 KB DOCX of 4.2 million empty paragraphs (its tree over 500 MB; 64 MB
# of them took 1 GB), an HTML element of 40,000 attributes (each checked
# against those before it) and an HTML file of 5 million elements; in a
# batch the other files are read
run "$KAIJI" extract "$I/markup-bomb.docx"
expect_rc "a DOCX of 4.2 million elements is refused" 3
expect_err "the DOCX's error names the part and the limit" "markup-bomb\.docx: word/document\.xml: more than 4000000 tree nodes"
{ printf '<html><body><p'; seq 1 40000 | sed 's/.*/ a&=x/' | tr -d '\n'; printf '>CISO</p></body></html>'; } >"$T/attrs.html"
{ printf '<html><body>'; head -c 5000000 /dev/zero | sed 's/\x00/<a\/>/g'; printf '</body></html>'; } >"$T/elements.html"
run "$KAIJI" extract "$T/attrs.html" "$T/elements.html" "$I/sample.html"
expect_rc "HTML with 40,000 attributes on an element or 5 million elements fails" 3
expect_err "an element with too many attributes is named" "attrs\.html: an element with more than 256 attributes"
expect_err "too many elements is named" "elements\.html: more than 4000000 tree nodes"
expect_out "the good HTML after them is read" "ISMS certification"

# asan: whether $KAIJI is built with AddressSanitizer: GCC links libasan,
# clang (make fuzz's build) puts it in the binary
asan() { ldd "$KAIJI" 2>/dev/null | grep -q libasan || grep -aq __asan_init "$KAIJI"; }

# a 40 KB PDF whose page shows one string of 40 million characters once
# decompressed: MuPDF kept a glyph for each (700 MB; 200 million took
# gigabytes); now its memory for a PDF is held to a limit. Not with
# AddressSanitizer: MuPDF grows a run of glyphs 36 at a time, which
# realloc does in place in a plain build and ASan's copies whole each
# time (an hour for this file)
if asan; then
  ok "# SKIP a PDF whose page needs too much memory (AddressSanitizer build)"
else
  run "$KAIJI" extract "$I/string-bomb.pdf" "$I/sample.pdf"
  expect_rc "a PDF whose page needs too much memory fails" 3
  expect_err "its error names the page and the limit" "string-bomb\.pdf: page 1 needs more than 512 MiB of memory"
  expect_out "the PDF after it is read" "."
fi

# HTML nested 300 deep: libxml2 stops parsing at 256 and keeps what it had,
# so the text after the nesting was lost and the file "read" (exit 0)
{ printf '<html><body><p>Before the nesting.</p>'; for i in $(seq 300); do printf '<div>'; done
  printf '<p>Inside it.</p>'; for i in $(seq 300); do printf '</div>'; done
  printf '<p>After the nesting.</p></body></html>'; } >"$T/deep.html"
run "$KAIJI" extract "$T/deep.html" "$I/sample.html"
expect_rc "HTML nested 300 deep fails, not read in part" 3
expect_err "its error says how deep" "deep\.html: elements nested more than 256 deep"
expect_out "the HTML after it is read" "ISMS certification"

# a presentation that lists its one slide three times (a million times took
# 13 s and 456 MB before the limit on decompressed data stopped it): the
# slide is read once
run "$KAIJI" extract "$I/same-slide.pptx"
expect_rc "a PPTX listing one slide three times reads" 0
if [ "$(printf '%s\n' "$OUT" | grep -c 'Hoshizora security committee')" -eq 1 ]; then ok "the slide listed three times is read once"
else not_ok "the slide listed three times is read once" "$OUT"; fi

# one attribute value of 32 MB (an image embedded as src="data:..." is the
# real case): libxml2 took four to five times its size to parse it (one of
# 100 MB: 498 MB of memory); a value over 64 KiB is now emptied before
# parsing, its newlines kept, so that the lines after it are counted as
# before. Peak memory is measured where GNU time is, not with
# AddressSanitizer (its shadow memory)
{ printf '<html><body><p title="'; head -c 32000000 /dev/zero | tr '\0' 'a'
  printf '\n"\n>The CISO reports to the board.</p>\n<p>Line four.</p></body></html>'; } >"$T/long-attr.html"
run "$KAIJI" extract --format json "$T/long-attr.html" "$I/sample.html"
expect_rc "HTML with a 32 MB attribute value reads" 0
expect_jsonl "the text after the value is read, on its own line" \
  '.[0].blocks | (.[0].text == "The CISO reports to the board.") and (.[1].line == 4)'
if [ ! -x /usr/bin/time ] || asan; then
  ok "# SKIP peak memory of a 32 MB attribute value (no GNU time, or AddressSanitizer)"
else
  peak_kb() { /usr/bin/time -f %M -o "$T/rss" "$KAIJI" extract "$1" >/dev/null 2>&1; tail -1 "$T/rss"; }
  small=$(peak_kb "$I/sample.html"); big=$(peak_kb "$T/long-attr.html")
  if [ $((big - small)) -lt 64000 ]; then ok "a 32 MB attribute value takes less than twice its size"
  else not_ok "a 32 MB attribute value takes less than twice its size" "peak $big KB against $small KB"; fi
fi

# files of /proc say their size is 0 and were refused as "empty file"; they
# are read to their end, within the size limit: /proc/self/pagemap never
# ends for a reader (a binary map of all the process's address space; read
# a piece at a time to a newline it took 19 GB), and is refused at the limit
run "$KAIJI" extract /proc/self/status "$I/sample.html"
expect_rc "a file of /proc is read" 0
expect_out "its text is read" "Name:"
expect_out "the file after it is read" "ISMS certification"
# (under a limit of 4 GB of address space where it can be: a reader that
# did not stop would take all the machine's memory)
if [ -r /proc/self/pagemap ]; then
  vlimit=4000000
  asan && vlimit=unlimited
  run timeout 300 bash -c 'ulimit -v "$1"; shift; exec "$@"' - "$vlimit" "$KAIJI" extract /proc/self/pagemap "$I/sample.html"
  expect_rc "a file of /proc without end fails" 3
  expect_err "it is refused at the size limit" "pagemap: over the limit of 268435456 bytes"
  expect_out "the file after it is read" "ISMS certification"
  if [ -x /usr/bin/time ] && [ "$vlimit" != unlimited ]; then
    /usr/bin/time -f %M -o "$T/rss" bash -c 'ulimit -v 4000000; exec "$@"' - "$KAIJI" extract /proc/self/pagemap >/dev/null 2>&1
    kb=$(tail -1 "$T/rss")
    if [ "$kb" -lt 600000 ]; then ok "reading it takes about the limit's memory"
    else not_ok "reading it takes about the limit's memory" "peak $kb KB"; fi
  fi
fi

# zip archives cut short or damaged: libzip's words were "not a zip archive
# (Not a zip archive)" of a download cut in half, "Zip archive
# inconsistent" and "cannot read word/document.xml: Invalid argument"; each
# is now named with what is wrong, and in a batch the others are read
run "$KAIJI" extract "$I/truncated.zip" "$I/truncated.docx" "$I/damaged-list.docx" \
  "$I/misplaced-member.docx" "$I/damaged-member.zip" "$I/sample.html"
expect_rc "damaged zip archives fail the batch" 3
expect_err "an EDINET zip cut short is named so" "truncated\.zip: not a complete zip archive \(its end, which lists its members, is missing: truncated\?\)"
expect_err "a DOCX cut short is named so" "truncated\.docx: not a complete DOCX \(.*truncated\?\)"
expect_err "a DOCX whose list of members is off is damaged" "damaged-list\.docx: a damaged DOCX \(its list of members does not match its contents\)"
expect_err "a member not where the list says is named" "misplaced-member\.docx: word/document\.xml is not where the zip archive's list of members says"
expect_err "a member whose data does not inflate is named" "damaged-member\.zip: XBRL/PublicDoc/0101010_honbun_x\.htm is damaged \(its compressed data does not decompress\)"
if [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 5 ]; then ok "one line for each damaged archive"
else not_ok "one line for each damaged archive" "$ERR"; fi
expect_out "the HTML after them is read" "ISMS certification"
# a zip cut short without a name saying what it is: read as a zip, not text
cp "$I/truncated.docx" "$T/report"
run "$KAIJI" extract "$T/report"
expect_rc "a zip cut short without an extension fails" 3
expect_err "it is named as a zip cut short" "report: not a complete zip archive"

# PDFs whose structure refers to itself: a page tree whose node names the
# root again, an object stream placed in itself, two cross-reference
# sections whose /Prev name each other, a form that draws itself (MuPDF
# gets through each: an error naming the problem, or the text); and a 4 KB
# page tree whose 30 levels each list the next twice: MuPDF counted 2^30
# pages of its one page object and kaiji loaded it as each (65,536 of them
# a second: hours), now refused by their count. In a batch the others are read
run timeout 60 "$KAIJI" extract "$I/page-tree-loop.pdf" "$I/objstm-loop.pdf" "$I/xref-loop.pdf" \
  "$I/form-loop.pdf" "$I/pages-bomb.pdf" "$I/sample.html"
expect_rc "PDFs whose structure loops fail the batch" 3
expect_no_crash "PDFs whose structure loops do not crash kaiji"
expect_err "a page tree that contains itself is named" "page-tree-loop\.pdf: corrupt PDF: page 2: cycle in page tree"
expect_err "an object stream placed in itself is named" "objstm-loop\.pdf: truncated or corrupt PDF: .*object-stream"
expect_err "a page tree that lists its page over and over is refused" "pages-bomb\.pdf: corrupt PDF: its page tree counts 1073741824 pages but holds only 1 page object"
if [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 3 ]; then ok "one line for each PDF that fails"
else not_ok "one line for each PDF that fails" "$ERR"; fi
if [ "$(printf '%s\n' "$OUT" | grep -c '^paragraph p1	Hoshizora security policy$')" -eq 2 ]; then
  ok "the PDFs whose /Prev or form loops are read"
else not_ok "the PDFs whose /Prev or form loops are read" "$OUT"; fi
expect_out "the HTML after them is read" "ISMS certification"

# a DOCX whose attribute value is 11 MB, over the 10 MB libxml2 reads: its
# error is said in one line (libxml2 printed its own message and the line
# of XML, 11 MB of it cut to 80 columns, to stderr besides)
run "$KAIJI" extract "$I/attr-bomb.docx" "$I/sample.html"
expect_rc "a DOCX with an 11 MB attribute value fails" 3
expect_err "its error names libxml2's limit" "attr-bomb\.docx: not a DOCX \(word/document\.xml is not XML: a text or attribute value over libxml2's limit of 10 MB, line 1\)"
if [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]; then ok "its error is one line"
else not_ok "its error is one line" "${ERR:0:400}"; fi
expect_out "the HTML after it is read" "ISMS certification"

# a name or heading that every passage under it repeats: an EDINET zip
# member named with 60 KB and no section code, an "Item 1C." heading of
# 170 KB (the section of the passages under it), an <h1> of 170 KB. Each
# passage's section, extracted line, JSON record and stored row repeated it
# whole: 20,000 paragraphs under the member (230 KB zipped) took 902 MB and
# 21 s to store; under the item heading (1.2 MB of HTML) 3.5 GB of JSON,
# and storing failed after 49 s (2,000 of them: 385 MB); under the <h1>, a
# database of 3.5 GB (34 s). Each is now cut after 200 characters with "…"
# (KJ_SECTION_MAX, KJ_PASSAGE_HEADING_MAX): 51 MB of JSON and 67-76 MB and
# under 3 s to store
python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
paras = "".join("<p>The Hoshizora committee met on day %d.</p>" % i for i in range(300))
with zipfile.ZipFile(t + "/long-name.zip", "w") as z:
    z.writestr("XBRL/PublicDoc/" + "a" * 60000 + ".htm", "<html><body>" + paras + "</body></html>")
long = " ".join(["Hoshizora network monitoring"] * 6000)
with open(t + "/long-item.html", "w") as f:
    f.write("<html><body><h2>Item 1C. Cybersecurity " + long + "</h2>" + paras + "</body></html>")
with open(t + "/long-h1.html", "w") as f:
    f.write("<html><body><h1>" + long + "</h1>" + paras + "</body></html>")
PY
run timeout 300 "$KAIJI" extract "$T/long-name.zip"
expect_rc "an EDINET zip member named with 60 KB reads" 0
expect_out "its section is its name cut after 200 characters" \
  "^paragraph XBRL/PublicDoc/a{185}…	The Hoshizora committee met on day 299\.$"
expect_no_out "no line repeats the whole name" "a{186}"
run timeout 300 "$KAIJI" analyze --format json -A "$T/long-item.html"
expect_rc "HTML under an Item 1C. heading of 170 KB is analysed" 0
expect_jsonl "its passages' section is the heading cut after 200 characters" \
  '[.[0].passages[].section] | length > 0 and all(startswith("Item 1C. Cybersecurity Hoshizora") and length == 201 and endswith("…"))'
run timeout 300 "$KAIJI" analyze --db "$T/long.db" "$T/long-h1.html" "$T/long-item.html"
expect_rc "HTML under headings of 170 KB is stored" 0
stored=$(sqlite3 "$T/long.db" "SELECT count(*), max(length(heading)), max(length(section)) FROM passages")
if [ "$stored" = "600|201|201" ]; then ok "each stored passage keeps its heading and section cut after 200 characters"
else not_ok "each stored passage keeps its heading and section cut after 200 characters" "count, longest heading, section: $stored"; fi

# classify --jsonl read a line of any length whole (getline), and
# classifying it took some 35 bytes a byte: one line of 21 MB took 780 MB,
# a line of some hundreds of MB would take gigabytes. A line of more than
# 4 MiB (KJ_CLASSIFY_MAX_LINE) is now read past and gives an error line
# (21 MB: 43 MB, 0.6 s); the lines around it are classified as usual
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
with open(t + "/long-line.jsonl", "w") as f:
    f.write(json.dumps({"id": "a", "text": "The CISO reports to the board."}) + "\n")
    f.write(json.dumps({"id": "b", "text": "Hoshizora audits vendors. " * 170000}) + "\n")
    f.write(json.dumps({"id": "c", "text": "The CISO reports to the board."}) + "\n")
PY
run timeout 300 "$KAIJI" classify --jsonl "$T/long-line.jsonl"
expect_rc "a JSON line of more than 4 MiB fails the run" 3
expect_err "its message names the file, the line and the limit" \
  "long-line\.jsonl:2: a line longer than 4194304 bytes, the most classify reads"
expect_jsonl "it gives an error line, and the lines around it are classified" \
  'length == 3 and .[0].id == "a" and .[0].primary != null and .[1].error == "line 2: longer than 4194304 bytes, the most a line may hold" and .[2].id == "c" and .[2].primary != null'
