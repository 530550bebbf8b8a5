#!/usr/bin/env bash
# End-to-end tests of `kaiji extract` (the ingest stage through the CLI) on
# the fixtures in tests/fixtures/ingest: every format and encoding, the
# errors users meet, a 300 MB sparse file that must be refused at once, and
# a batch where one bad file does not stop the others.
. "$(dirname "$0")/lib.sh"
I="$FIX/ingest"

run "$KAIJI" extract "$I/sample-utf8.txt"
expect_rc "utf-8 text reads" 0
expect_out "utf-8 text joins CJK lines" "（CISO）のもとで全社的な対策"
for f in sample-utf8-bom.txt sample-sjis.txt sample-eucjp.txt sample-utf16le-bom.txt sample-utf16be.txt; do
  run "$KAIJI" extract "$I/$f"
  expect_rc "$f reads" 0
  expect_out "$f decodes Japanese" "標的型メール訓練"
done
for f in sample-ja-utf16le.txt sample-ja-utf16be.txt; do
  run "$KAIJI" extract "$I/$f"
  expect_rc "$f (Japanese UTF-16, no BOM) reads" 0
  expect_out "$f decodes Japanese" "情報セキュリティ委員会を四半期ごとに開き、取締役会へ報告"
done
run "$KAIJI" extract "$I/one-line-paragraphs.txt"
expect_rc "text with one line a paragraph reads" 0
expect_out "a heading mark starts a block, for the text stage to read as a heading" "^paragraph	■ 情報セキュリティの推進体制$"
expect_out "the opening lines show one line a paragraph: the heading is a block of its own" "^paragraph	当社は、情報セキュリティを"
expect_out "a line wider than any wrapped one ends its paragraph" "^paragraph	全従業員を対象に.*反映しています。$"
expect_out "the next line starts the next paragraph" "^paragraph	委託先の選定にあたっては"
# one line a paragraph, none too wide for a wrapped line and no blank line
# between: the lines end sentences, not at a margin, so each is a block from
# the first; the first, a short line, is the title; bulleted and numbered
# lines are list items
run "$KAIJI" extract "$I/one-line-short.txt"
expect_rc "text with short paragraphs of one line reads" 0
expect_out "short one-line paragraphs: the title is a block of its own" "^paragraph	ACME精工 サイバーセキュリティ報告$"
expect_out "short one-line paragraphs: a heading is a block of its own" "^paragraph	推進体制$"
expect_out "short one-line paragraphs: the next line is the next paragraph" "^paragraph	委員会は四半期ごとに開き"
expect_out "a bulleted line is a list item" "^list_item	・年一回の脆弱性診断$"
expect_out "a numbered line is a list item of its own" "^list_item	② 訓練の実施$"
if [ "$(printf '%s\n' "$OUT" | wc -l)" -eq 13 ]; then ok "short one-line paragraphs: thirteen blocks"
else not_ok "short one-line paragraphs: thirteen blocks" "$(printf '%s\n' "$OUT" | wc -l) blocks"; fi
# wrapped text with numbered entries: one list item a number, from the
# sentence that leads into the list on; a year, a share or a figure that
# a wrap brings to a line's start goes on with its sentence
run "$KAIJI" extract "$I/numbered.txt"
expect_out "text: a line opening with a number and its mark is a list item" "^list_item	1\. 情報セキュリティの基本方針を定め.*その要点を説明する。$"
expect_out "text: the next number is the next list item" "^list_item	（４）年に二回.*集計する。$"
expect_out "text: a year, a share or a figure at a line's start goes on" "^paragraph	2025年度から.*訓練では5%の.*前年度の3\.5倍に"
run "$KAIJI" extract --format json "$I/one-line-short.txt"
expect_out "json title of a text: its first line, short, as a title" '"title":"ACME精工 サイバーセキュリティ報告"'
run "$KAIJI" extract --format json "$I/letterhead-ja.txt"
expect_out "json title of a text under a Japanese letterhead (a name over 〒100-0001 …): the line after it" '"title":"情報セキュリティ報告書 2025"'
run "$KAIJI" extract --format json "$I/sample-utf8.txt"
expect_out "json title of a text with blank lines between paragraphs" '"title":"ほしぞら精機株式会社 情報セキュリティ報告"'
run "$KAIJI" extract "$I/double-spaced.txt"
expect_rc "double-spaced text reads" 0
expect_out "double-spaced text: the wrapped lines of a paragraph are joined" "^paragraph p1	当社は、情報セキュリティを.*その結果を年二回取締役会に報告しています。$"
expect_out "double-spaced text: a numbered title is a block of its own" "^list_item p1	（2）教育と訓練$"
expect_out "double-spaced text: a paragraph runs across a form feed (on the page it starts on)" "^paragraph p1	業務の委託先には.*翌年度に確かめています。$"
if [ "$(printf '%s\n' "$OUT" | wc -l)" -eq 9 ]; then ok "double-spaced text: nine blocks"
else not_ok "double-spaced text: nine blocks" "$(printf '%s\n' "$OUT" | wc -l) blocks"; fi
run "$KAIJI" extract --format json "$I/sample-sjis.txt"
expect_out "json names the detected encoding" '"encoding":"CP932"'
expect_out "json has offsets" '"start":0,"end":21'
run "$KAIJI" extract --encoding EUC-JP "$I/sample-eucjp.txt"
expect_rc "--encoding forces a decoder" 0
run "$KAIJI" extract --format json "$I/sample-eucjp-ms.txt"
expect_rc "EUC-JP with circled numbers reads" 0
expect_out "it is read as EUC-JP-MS" '"encoding":"EUC-JP-MS"'
expect_out "its circled numbers are kept" "①　情報セキュリティ委員会"

run "$KAIJI" extract "$I/sample.html"
expect_rc "html reads" 0
expect_out "html heading (on the page whose number follows it: p12)" "^heading/1 p12	情報セキュリティへの取り組み"
expect_out "html list item" "^list_item p12	ISMS certification"
expect_out "html table cell" "^table_cell p12	項目"
expect_no_out "html drops ix:header" "XBRLJUNK"
expect_no_out "html drops script" "script text"
expect_out "html joins a paragraph split by a page break" "met four times and reviewed"
run "$KAIJI" extract --format json "$I/sample.html"
expect_out "json title from <title>" '"title":"Hoshizora Security Report 2025"'
expect_out "json line numbers" '"line":[1-9]'
run "$KAIJI" extract "$I/sample-sjis.html"
expect_out "Shift_JIS html via meta charset" "情報セキュリティ委員会"
# an inline-XBRL 10-K whose <title> is its XBRL document's name is titled
# by its cover facts (the fiscal year from the hidden header; the name
# tagged short of its last word's end)
run "$KAIJI" extract --format json "$I/ixbrl-10k.htm"
expect_out "inline XBRL: titled by its cover facts" \
  '"title":"LARKSPUR & WREN INSTRUMENTS CORPORATION Form 10-K for fiscal year 2024"'
expect_out "inline XBRL: the registrant is the document's company" \
  '"company":"LARKSPUR & WREN INSTRUMENTS CORPORATION"'
run "$KAIJI" analyze --format json "$I/ixbrl-10k.htm"
expect_out "inline XBRL: analyze's JSON has the title" \
  '"title": "LARKSPUR & WREN INSTRUMENTS CORPORATION Form 10-K for fiscal year 2024"'
run "$KAIJI" analyze --db "$T/ix.db" "$I/ixbrl-10k.htm"
run "$KAIJI" docs list --db "$T/ix.db" --format json
expect_out "inline XBRL: stored with its registrant as company, unless --company is given" \
  '"company": "LARKSPUR & WREN INSTRUMENTS CORPORATION"'
run "$KAIJI" analyze --db "$T/ix2.db" --company Larkspur "$I/ixbrl-10k.htm"
run "$KAIJI" docs list --db "$T/ix2.db" --format json
expect_out "... --company wins" '"company": "Larkspur"'
run "$KAIJI" analyze --format html "$I/ixbrl-10k.htm"
expect_out "inline XBRL: the report's <title> names the filing" \
  '<title>[^<]*LARKSPUR &amp; WREN INSTRUMENTS CORPORATION Form 10-K for fiscal year 2024</title>'
sed 's|<title>lrkw-20241130</title>|<title>Larkspur and Wren annual report</title>|' \
  "$I/ixbrl-10k.htm" >"$T/ixbrl-titled.htm"
run "$KAIJI" extract --format json "$T/ixbrl-titled.htm"
expect_out "inline XBRL: a <title> a person wrote stays" '"title":"Larkspur and Wren annual report"'
# the same cover without its XBRL tags: the <title> is still the XBRL name,
# and the cover's lines name the filing (registrant above "(Exact name of
# registrant …)", form, period); so does a 10-K saved as plain text, whose
# letterhead ("UNITED STATES") was its title
sed -e 's/<ix:nonNumeric[^>]*>//g; s|</ix:nonNumeric>||g' "$I/ixbrl-10k.htm" >"$T/untagged-10k.htm"
run "$KAIJI" extract --format json "$T/untagged-10k.htm"
expect_out "10-K without XBRL tags: titled by its cover's lines, not its XBRL name" \
  '"title":"LARKSPUR & WREN INSTRUMENTS CORPORATION Form 10-K for the fiscal year ended November 30, 2024"'
expect_out "10-K without XBRL tags: the registrant is the document's company" \
  '"company":"LARKSPUR & WREN INSTRUMENTS CORPORATION"'
printf 'UNITED STATES\n\nSECURITIES AND EXCHANGE COMMISSION\n\nWashington, D.C. 20549\n\nFORM 10-K\n\n%s\n\n%s\n\n%s\n\n%s\n' \
  'FOR THE FISCAL YEAR ENDED MARCH 31, 2025' 'HOSHIZORA INSTRUMENTS, INC.' \
  '(Exact name of registrant as specified in its charter)' \
  'We make measuring instruments and keep a security program for our plants.' >"$T/10k.txt"
run "$KAIJI" extract --format json "$T/10k.txt"
expect_out "10-K as text: titled by its registrant and form, not its letterhead" \
  '"title":"HOSHIZORA INSTRUMENTS, INC. Form 10-K for the fiscal year ended March 31, 2025"'
expect_out "10-K as text: the registrant is the document's company" '"company":"HOSHIZORA INSTRUMENTS, INC."'
# a page number between dashes alone on its line is no text, in a text
# without form feeds too (it was a list item, "- " opening one)
printf 'We review our controls every quarter and report the results to the\nboard.\n- 2 -\nThe security team trains every employee.\n' >"$T/dashed.txt"
run "$KAIJI" extract "$T/dashed.txt"
expect_no_out "a page number between dashes is left out" '2 -'
expect_out "the paragraph after it keeps its first line" '^paragraph	The security team trains every employee\.$'
# a block's line is where its text starts (libxml2 gives where its first piece ends),
# also for each paragraph of a table cell
{
  printf '<html><body>\n<p>This paragraph starts on line two and\nis wrapped onto line three.</p>\n'
  printf '<table><tr><td><p>第一の段落です。</p>\n<p>第二の段落です。</p></td><td>別のセル</td></tr></table>\n'
  printf '</body></html>\n'
} > "$T/lines.html"
run "$KAIJI" extract --format json "$T/lines.html"
if printf '%s' "$OUT" | jq -e '[.blocks[] | [.kind, .line, .text]] == [
     ["paragraph", 2, "This paragraph starts on line two and is wrapped onto line three."],
     ["table_cell", 4, "第一の段落です。"], ["table_cell", 5, "第二の段落です。"],
     ["table_cell", 5, "別のセル"]]' >/dev/null; then
  ok "html: a block's line is where its text starts"
else not_ok "html: a block's line is where its text starts" \
  "$(printf '%s' "$OUT" | jq -c '[.blocks[] | [.kind, .line, .text]]')"; fi
# a <title> of bytes that are not the UTF-8 the page declares is given as
# valid UTF-8, its bad bytes as U+FFFD, as block text is
printf '<html><head><meta charset="utf-8"><title>\x8b\x8c report</title></head><body><p>text</p></body></html>' >"$T/badtitle.html"
"$KAIJI" extract --format json "$T/badtitle.html" >"$T/badtitle.json" 2>/dev/null
if iconv -f UTF-8 -t UTF-8 "$T/badtitle.json" >/dev/null 2>&1 && grep -q '"title":"�� report"' "$T/badtitle.json"; then
  ok "html: a title of bytes not UTF-8 comes out valid"
else not_ok "html: a title of bytes not UTF-8 comes out valid" "$(head -c 200 "$T/badtitle.json" | od -c | head -3)"; fi
run "$KAIJI" extract --encoding NO-SUCH-CODE "$I/sample.html"
expect_rc "html: an encoding iconv does not know is an error" 3
expect_err "html: ... named" "sample.html: unknown encoding 'NO-SUCH-CODE'"
run "$KAIJI" extract "$I/html-named.txt"
expect_out "html named .txt read as html" "^heading/1"

run "$KAIJI" extract "$I/edinet"
expect_rc "edinet dir reads" 0
expect_out "edinet sections in code order" "^heading/3 0000000 表紙	【表紙】"
expect_out "edinet section code and name on blocks" "^paragraph 0102010 事業の状況	当社はサイバー攻撃"
run "$KAIJI" analyze "$I/edinet"
expect_out "analyze places a passage by section code and name" "§0102010 事業の状況 line [0-9]+ “第２【事業の状況】”: 当社はサイバー攻撃"
# one section file of a filing, read alone, is placed as in its filing
run "$KAIJI" analyze "$I/edinet/X9999999-0102010.html"
expect_out "a section file read alone is placed by its section" "§0102010 事業の状況 line [0-9]+ “第２【事業の状況】”: 当社はサイバー攻撃"
cp "$I/edinet/X9999999-0102010.html" "$T/draft.html"
run "$KAIJI" analyze "$T/draft.html"
expect_no_out "... a page not named as a section file is not" "§0102010"
run "$KAIJI" extract "$I/edinet.zip"
expect_rc "edinet zip reads" 0
expect_out "edinet zip section" "0102010 事業の状況	当社はサイバー攻撃"
expect_no_out "edinet zip skips AuditDoc" "AUDITTEXT"
run "$KAIJI" extract "$I/nosections"
expect_rc "dir without sections fails" 3
expect_err "dir without sections says so" "nosections: no EDINET section files \(\*\.htm, \*\.html\)"
expect_err "... and how to analyse each file of a folder" "to analyse each file of a folder, name them \(.*nosections/\*\)"
# an empty folder is said to be empty (it was told to name its files)
mkdir -p "$T/empty"
run "$KAIJI" extract "$T/empty"
expect_rc "an empty folder fails" 3
expect_err "... said to be empty" "empty: an empty folder \(nothing to analyse\)$"
# an EDINET download unzipped as it comes: the sections in XBRL/PublicDoc,
# the audit report beside them not read
mkdir -p "$T/download/XBRL/PublicDoc" "$T/download/XBRL/AuditDoc"
cp "$I"/edinet/*.html "$T/download/XBRL/PublicDoc/"
printf '<html><body><p>AUDITTEXT</p></body></html>' >"$T/download/XBRL/AuditDoc/audit.htm"
run "$KAIJI" extract "$T/download"
expect_rc "an unzipped EDINET download reads" 0
expect_out "... its sections from XBRL/PublicDoc" "^paragraph 0102010 事業の状況	当社はサイバー攻撃"
expect_no_out "... not its audit report" "AUDITTEXT"

# a folder or zip of pages none of which is named as a section file (three
# 10-Ks side by side) is several documents, not one filing: an error that
# says how to read them, unless --as edinet says they are one; the other
# files of the batch are still read
mkdir -p "$T/pages"
printf '<html><body><h1>Alder Corp. 10-K</h1><p>Alder monitors its network.</p></body></html>' >"$T/pages/alder-10k.htm"
printf '<html><body><h1>Birch Inc. 10-K</h1><p>Birch trains its staff.</p></body></html>' >"$T/pages/birch-10k.htm"
(cd "$T/pages" && python3 -c 'import zipfile,sys; z=zipfile.ZipFile("../pages.zip","w"); [z.write(f) for f in sys.argv[1:]]' alder-10k.htm birch-10k.htm)
run "$KAIJI" extract "$T/pages" "$I/sample.html"
expect_rc "a folder of pages that are no filing's sections is an error" 3
expect_err "... that says they are not named as sections" "pages: a folder of 2 HTML files, none named as an EDINET section file"
expect_err "... and how to read each of them" "name them \(.*pages/\*\), or read them as one filing with --as edinet"
expect_out "... while the other files of the batch are read" "情報セキュリティへの取り組み"
expect_no_out "... and no page of the folder is" "Alder|Birch"
run "$KAIJI" extract "$T/pages.zip"
expect_rc "a zip of such pages is an error too" 3
expect_err "... that says so" "pages.zip: a zip of 2 HTML files, none named as an EDINET section file"
run "$KAIJI" extract --as edinet "$T/pages"
expect_rc "--as edinet reads such a folder as one filing" 0
expect_out "... page by page" "Alder monitors its network"
expect_out "... all of them" "Birch trains its staff"
run "$KAIJI" extract --as edinet "$T/pages.zip"
expect_rc "--as edinet reads such a zip as one filing" 0

run "$KAIJI" extract "$I/sample.pdf"
expect_rc "pdf reads" 0
expect_out "pdf heading" "^heading/2 p1	Cybersecurity Governance"
expect_out "pdf de-hyphenates" "the security awareness training\."
expect_out "pdf joins across a page break" "委託先の選定に反映しています。"
expect_no_out "pdf drops running header" "Hoshizora Security Report 2025"
expect_no_out "pdf drops page numbers" "- [0-9] -|[0-9]/3"
run "$KAIJI" extract --format json "$I/sample.pdf"
expect_out "json pages" '"pages":3'
# the bundled sample PDF's text layer gives 方 and 用 as Kangxi radicals and ・ as ‧:
# extract shows the ideographs, as analysis reads them, at the same offsets
SAMPLE_PDF="$(cd "$I/../../.." && pwd)/data/sample/hoshizora-security-2025.pdf"
run "$KAIJI" extract "$SAMPLE_PDF"
expect_out "pdf: radicals shown as ideographs" "^heading/3 p1	（1）基本方針$"
expect_out "pdf: ‧ shown as ・" "全役員・従業員"
expect_no_out "pdf: no radical or ‧ left" '⽅|⽤|⾒|‧'
run "$KAIJI" extract --format json "$SAMPLE_PDF"
expect_out "pdf json: radicals shown as ideographs" '"text":"（1）基本方針","page":1'
# text set in Type3 fonts (as browsers set Japanese), one on the page and
# one in a form: read from their ToUnicode maps, their glyphs never drawn
run "$KAIJI" extract "$I/type3.pdf"
expect_rc "pdf: Type3 fonts read" 0
expect_out "pdf: a Type3 font's text on the page and in a form" "^paragraph p1	当社は訓練を行う$"
if [ "$(printf '%s\n' "$OUT" | grep -c '当社は訓練を行う')" -eq 2 ]; then ok "pdf: both lines of Type3 text"; else not_ok "pdf: both lines of Type3 text" "stdout: ${OUT:0:400}"; fi
# numbered lines that run to the column's edge: one list item a number
run "$KAIJI" extract "$I/numbered.pdf"
expect_out "pdf: a line opening with a number and its mark is a list item" "^list_item p1	1\. 情報セキュリティ基本方針を定め全ての役員と従業員に周知する$"
expect_out "pdf: the next number is the next list item" "^list_item p1	（２）重大な事故は"
expect_out "pdf: a line opening with a year goes on with its sentence" "決議しました。2025年度から"
run "$KAIJI" extract "$I/pdf-named.txt"
expect_out "pdf named .txt read as pdf" "^heading/2 p1"
# MuPDF picks its reader by the extension: a PDF named .html was read as an
# HTML page of its raw bytes, one named .svg or .epub refused as corrupt
for ext in html xhtml svg epub; do
  cp "$I/pdf-named.txt" "$T/report.$ext"
  run "$KAIJI" extract "$T/report.$ext"
  expect_rc "pdf named .$ext reads" 0
  expect_out "pdf named .$ext read as pdf" "^heading/2 p1"
  expect_no_out "pdf named .$ext: no raw pdf bytes" "%PDF|endobj"
done
run "$KAIJI" extract "$I/encrypted.pdf"
expect_rc "encrypted pdf fails" 3
expect_err "encrypted pdf message" "encrypted\.pdf: encrypted PDF \(password required\)"
run "$KAIJI" extract "$I/truncated.pdf"
expect_rc "truncated pdf fails" 3
expect_err "truncated pdf message" "truncated\.pdf: truncated or corrupt PDF"
expect_err "... which says what to do, MuPDF's own words apart" "cut short; copy or download it again\) \[MuPDF: [^]]+\]$"
run "$KAIJI" extract "$I/scanned.pdf"
expect_err "scanned pdf message" "scanned\.pdf: no text layer \(scanned PDF\?\)"
run "$KAIJI" extract "$I/garbled.pdf"
expect_rc "a pdf whose fonts give no characters fails" 3
expect_err "garbled pdf message" "garbled\.pdf: its text cannot be decoded \(37 of 37 characters"
run "$KAIJI" analyze "$I/garbled.pdf" "$I/sample.pdf"
expect_rc "garbled pdf in a batch: the other file is analysed" 3
expect_out "garbled pdf in a batch: the sample is analysed" "sample\.pdf"
run "$KAIJI" extract "$I/junk.pdf"
expect_err "junk named .pdf" "junk\.pdf: not a PDF \(no %PDF header\)"
# the bundled sample's top message is set in a box inset from the text
# column: its second paragraph wraps at the box's edge, short of the page's
run "$KAIJI" extract "$(dirname "$0")/../../data/sample/hoshizora-security-2025.pdf"
expect_out "pdf: a line wrapped at an inset box's edge runs on" "^paragraph p1	2024年度には.*皆様にご.配をおかけしたことを重く受け.め、.*加速しています。$"
expect_no_out "pdf: ... and is not cut where the line wrapped" "^paragraph p1	おかけしたことを"

run "$KAIJI" analyze "$I/sample.pptx"
expect_rc "pptx is analysed" 0
expect_out "pptx: a passage shows its slide as its page" "p\.2"
python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w"); z.writestr("ppt/presentation.xml","<p/>"); z.close()' "$T/norels.pptx"
run "$KAIJI" extract "$T/norels.pptx"
expect_rc "a pptx without its parts fails" 3
expect_err "the message names the missing part" "norels\.pptx: not a PPTX \(no ppt/_rels/presentation\.xml\.rels in the zip\)"
# other zip containers are named for what they are, not searched for EDINET sections
python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w"); z.writestr("xl/workbook.xml","<workbook/>"); z.close()' "$T/figures.xlsx"
python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w"); z.writestr("mimetype","application/vnd.oasis.opendocument.text"); z.writestr("content.xml","<x/>"); z.close()' "$T/draft.odt"
run "$KAIJI" extract "$T/figures.xlsx" "$T/draft.odt" "$I/sample.html"
expect_rc "an xlsx or odt is refused" 3
expect_err "... named as a workbook" "figures\.xlsx: an Excel workbook \(XLSX\), which kaiji does not read"
expect_err "... named as an OpenDocument file" "draft\.odt: an OpenDocument file"
expect_out "... and the other file is read" "情報セキュリティへの取り組み"
run "$KAIJI" extract --as pptx "$I/sample.docx"
expect_err "a docx read as pptx says what is missing" "sample\.docx: not a PPTX \(no ppt/presentation\.xml in the zip\)"
run "$KAIJI" extract "$I/sample.docx"
expect_rc "docx reads" 0
expect_out "docx heading from numeric style id" "^heading/1	サイバーセキュリティ"
expect_out "docx list item" "^list_item	Annual phishing drill"
expect_out "docx table cell" "^table_cell	IT予算の10%"
run "$KAIJI" extract "$I/not-a-docx.docx"
expect_err "text named .docx" "not-a-docx\.docx: not a DOCX"

run "$KAIJI" extract "$I/empty.txt"
expect_err "empty file" "empty\.txt: empty file"
# a document with nothing to read is an error, not an analysis that says
# it discloses nothing
printf '<html><body><script>document.write("x")</script><img src="a.png"></body></html>' >"$T/scripted.html"
run "$KAIJI" analyze "$T/scripted.html" "$I/sample.html"
expect_rc "no text in an HTML page: exit 3" 3
expect_err "... said, naming the page" "scripted\.html: no text to read \(a page whose text a script writes"
expect_out "... the other file is still analysed" "sample\.html"
printf ' \n\n\t\n' >"$T/blank.txt"
run "$KAIJI" extract "$T/blank.txt"
expect_err "white space only is no text" "blank\.txt: no text to read \(white space only\)"
# a bad option is named, as the other commands name theirs
run "$KAIJI" extract --bogus "$I/sample.html"
expect_rc "extract: an unknown option is a usage error" 2
expect_err "... named in its message" "unknown option '--bogus'"
run "$KAIJI" extract "$I/sample.html" --format
expect_rc "extract: an option without its value is a usage error" 2
expect_err "... said to need a value, not called unknown" "option '--format' needs a value"
run "$KAIJI" extract "$I/junk.bin"
expect_err "binary junk" "junk\.bin: not a text document \(binary data\)"
# binary junk named .html (a program, an image renamed by mistake) is no
# page: it was read as one paragraph of junk and analysed with exit status 0
cp "$I/junk.bin" "$T/junk.html"
run "$KAIJI" analyze "$T/junk.html" "$I/sample.html"
expect_rc "binary junk named .html: exit 3" 3
expect_err "... said so" "junk\.html: not an HTML page \(binary data\)"
expect_out "... the other file is still analysed" "sample\.html"
run "$KAIJI" extract "$I/sample-ja-utf16le.txt" --as html
expect_rc "UTF-16 without a BOM read as html is no binary data" 0
run "$KAIJI" extract "$I/invalid-utf8.txt"
expect_err "invalid utf-8 names the byte" "invalid-utf8\.txt: invalid UTF-8 at byte 31"
# A text printed from a browser or converted from a PDF, pages split by form
# feeds: the date, title, address and page number on every page are left
# out, and each passage shows its page
for k in 1 2 3 4; do
  printf '2026/12/03 9:%02d\nACME精工 セキュリティ報告書\n\n' "$k"
  printf '当社は第%d四半期も情報セキュリティ委員会を開き、訓練の結果を確かめました。\n\n' "$k"
  printf 'file:///home/user/acme.html\n%d/4\n\n\f\n' "$k"
done >"$T/paged.txt"
run "$KAIJI" extract "$T/paged.txt"
expect_rc "a paged text reads" 0
expect_out "a paged text: each block has its page" "^paragraph p3	当社は第3四半期も"
expect_no_out "a paged text: running headers and footers are left out" "ACME精工|file:|2026/12/03|/4$"
run "$KAIJI" analyze "$T/paged.txt"
expect_out "a paged text: analyze shows a passage's page" "p\.[1-4]"
# two pages: too few to tell a running footer by recurring, but numbers
# that say they are page numbers and count the pages are left out, and so
# are bare numbers last on their page that are its own (1, then 2); bare
# numbers that do not count the pages (a list's, a figure's) stay
printf 'We review our controls every quarter.\n\n- 1 -\n\fThe security team trains every employee.\n\n- 2 -\n' >"$T/two-pages.txt"
run "$KAIJI" extract "$T/two-pages.txt"
expect_out "two pages: the second page's paragraph is whole" "^paragraph p2	The security team trains every employee\.$"
expect_no_out "two pages: '- 1 -' and '- 2 -' are left out" "- [12] -"
printf 'Steps we take:\n\n1\n\fThe security team trains every employee.\n\n2\n' >"$T/two-bare.txt"
run "$KAIJI" extract "$T/two-bare.txt"
expect_out "two pages: the page after a bare number is whole" "^paragraph p2	The security team trains every employee\.$"
expect_no_out "two pages: bare numbers that count the pages are left out" "(^|	)[12]$"
printf 'Steps we take:\n\n3\n\fThe security team trains every employee.\n\n4\n' >"$T/two-other.txt"
run "$KAIJI" extract "$T/two-other.txt"
expect_out "two pages: a bare number that is not its page's stays" "(^|	)4$"

# A paginated HTML filing: each page's blocks carry the number printed at its
# foot; a roman front-matter number or one out of order labels nothing
{
  printf '<html><body><p>Front matter of the annual report.</p><p>ii</p><hr style="page-break-after:always"/>'
  printf '<p>Our board oversees cybersecurity risk.</p><p>1</p><hr style="page-break-after:always"/>'
  printf '<p>The CISO reports each quarter.</p><p>- 2 -</p><hr style="page-break-after:always"/>'
  printf '<p>Exhibit text of another document.</p><p>1</p></body></html>'
} >"$T/paged.html"
run "$KAIJI" extract "$T/paged.html"
expect_out "paginated html: a block has its printed page" "^paragraph p1	Our board oversees"
expect_out "paginated html: '- 2 -' is page 2" "^paragraph p2	The CISO reports"
expect_out "paginated html: roman front matter has no page" "^paragraph	Front matter"
expect_out "paginated html: a number out of order labels nothing" "^paragraph	Exhibit text"
run "$KAIJI" extract "$T/missing.txt"
expect_err "missing file" "missing\.txt: No such file or directory"

truncate -s 300M "$T/huge.txt"
start=$(date +%s%N)
run "$KAIJI" extract "$T/huge.txt"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_rc "300 MB file refused" 3
expect_err "300 MB file names size and limit" "huge\.txt: file is 314572800 bytes .* over the limit of 268435456 bytes"
if [ "$ms" -lt 1000 ]; then ok "300 MB file refused fast (${ms} ms)"; else not_ok "300 MB file refused fast" "took ${ms} ms"; fi

python3 -c "print('<html><body>' + '<div><b>' * 50000 + 'x' + '<p title=\"' + 'a' * 300000 + '\">y</p>')" >"$T/deep.html" 2>/dev/null
run "$KAIJI" extract "$T/deep.html"
expect_no_crash "deep nesting and a huge attribute"
head -c 65536 /dev/urandom >"$T/random.pdf"
run "$KAIJI" extract --as pdf "$T/random.pdf"
expect_no_crash "random bytes as pdf"
printf '%%PDF-1.7\n%s' "$(head -c 4000 /dev/urandom | base64)" >"$T/garbage.pdf"
run "$KAIJI" extract "$T/garbage.pdf"
expect_no_crash "garbage after a PDF header"

run "$KAIJI" extract "$I/sample-utf8.txt" "$I/empty.txt" "$I/sample.pdf"
expect_rc "batch with a bad file exits 3" 3
expect_err "batch reports the bad file" "^kaiji: .*empty\.txt: empty file"
expect_out "batch prints the first file" "^# .*sample-utf8\.txt"
expect_out "batch still prints the file after the bad one" "^# .*sample\.pdf"

run "$KAIJI" extract
expect_rc "no file is a usage error" 2
run "$KAIJI" extract --as nonsense "$I/sample.pdf"
expect_rc "bad --as is a usage error" 2
run "$KAIJI" help extract
expect_out "help extract shows usage" "usage: kaiji extract"

# "-" reads standard input, in every format, named <stdin>; a temporary copy
# is made in $TMPDIR and removed
mkdir -p "$T/tmp"
SAMPLE_PDF="$(cd "$(dirname "$0")/../../data/sample" && pwd)/hoshizora-security-2025.pdf"
run bash -c "TMPDIR='$T/tmp' '$KAIJI' analyze --format json - <'$SAMPLE_PDF'"
expect_rc "analyze - reads a PDF from standard input" 0
expect_out "its document is named <stdin>" '"path": ?"<stdin>"'
run bash -c "cat '$I/sample-sjis.txt' | TMPDIR='$T/tmp' '$KAIJI' extract -"
expect_rc "extract - reads Shift_JIS text from a pipe" 0
expect_out "extract - decodes it" "標的型メール訓練"
run bash -c "cat '$FIX/lint/hostile.html' | TMPDIR='$T/tmp' '$KAIJI' lint --format json -"
expect_rc "lint - reads HTML from a pipe" 0
expect_out "lint - names the file of its findings <stdin>" '"file":"<stdin>","loc":"8:6","rule":"product-version"'
run bash -c "printf '' | TMPDIR='$T/tmp' '$KAIJI' analyze -"
expect_rc "analyze - with nothing on standard input fails" 3
expect_err "the error names <stdin>, not the temporary copy" "^kaiji: <stdin>: empty file$"
run bash -c "TMPDIR='$T/tmp' '$KAIJI' analyze - '$I/sample.html' - </dev/null"
expect_rc "standard input given twice is a usage error" 2
expect_err "the message says why" "standard input \(-\) can be read only once"
run bash -c "head -c 268435457 /dev/zero | TMPDIR='$T/tmp' '$KAIJI' extract -"
expect_rc "standard input over the size limit (256 MiB) fails" 3
expect_err "the error says so" "^kaiji: <stdin>: more than 268435456 bytes \(256\.0 MiB\), the limit$"
if [ -z "$(ls -A "$T/tmp")" ]; then ok "the temporary copies are removed"; else not_ok "temporary copies left" "$(ls "$T/tmp")"; fi

# A PDF's table read as lines keeps its rows (docs/reading.md): the
# sample's table of figures (情報セキュリティの主な指標), every cell of it a
# figure or a title alone, is one passage as its HTML's table is, and the
# assessment reads what it says (faithful representation, P2, as the HTML's)
SAMPLE_HTML="${SAMPLE_PDF%.pdf}.html"
run "$KAIJI" analyze --format json --all-passages "$SAMPLE_PDF"
expect_out "the PDF's table of figures is a passage" \
  '"text": ?"指標 \| 2023年度 \| 2024年度 \| 2025年度目標 \| 情報セキュリティ教育の受講率 \| 96\.1% \|[^"]*重大なセキュリティインシデント \| 0件 \| 1件 \| 0件"'
pdf_p2=$(printf '%s' "$OUT" | jq -r '.assessment.principles[] | select(.id == "P2") | .score')
run "$KAIJI" analyze --format json --all-passages "$SAMPLE_HTML"
html_p2=$(printf '%s' "$OUT" | jq -r '.assessment.principles[] | select(.id == "P2") | .score')
if [ -n "$pdf_p2" ] && [ "$pdf_p2" = "$html_p2" ]; then
  ok "the PDF's P2 is its HTML's ($html_p2)"
else
  not_ok "the PDF's P2 is its HTML's" "PDF $pdf_p2, HTML $html_p2"
fi
