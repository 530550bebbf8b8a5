#!/usr/bin/env python3
"""make-ingest-fixtures.py - builds the fixtures of the ingest tests
(tests/fixtures/ingest/) from fictional text written here: every encoding of
one plain-text sample (via iconv), HTML and EDINET-style filings (directory
and zip), a DOCX zipped from hand-written XML, and small PDFs laid out line by
line and written with `mutool create` (plus encrypted, truncated, scanned and
wrongly named variants). Needs python3, iconv, zip and mutool (mupdf-tools).
Run from the repository root: python3 tools/make-ingest-fixtures.py
Every fixture comes out the same byte for byte on each run (zip members carry
a fixed time stamp), except encrypted.pdf, whose key mutool draws at random.
"""
import os, re, shutil, subprocess, zipfile, zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "ingest")
OUT = os.path.normpath(OUT)


def put(zf, name, data):
    """Write data as name into the open zip zf with a fixed time stamp (and zf's own
    compression), so that the fixtures come out the same byte for byte on every run."""
    zi = zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0))
    zi.compress_type = zf.compression
    zi.external_attr = 0o600 << 16
    zf.writestr(zi, data)

SAMPLE = """ほしぞら精機株式会社 情報セキュリティ報告

当社は、サイバーセキュリティを経営の重要課題と位置付け、
最高情報セキュリティ責任者（CISO）のもとで全社的な
対策を推進しています。

Our security committee meets every quarter and reports
to the board of directors on cyber risks.

　当社は年に二回、全従業員を対象とした標的型メール訓練を実施しています。
　インシデント対応チーム（CSIRT）は二十四時間体制で対応します。
"""

# Japanese with almost no ASCII: as UTF-16 without a BOM it has too few zero
# bytes to show its byte order, which the code units show instead
SAMPLE_JA = """ほしぞら精機株式会社　情報セキュリティ報告

当社は、情報セキュリティ委員会を四半期ごとに開き、
取締役会へ報告しています。

全従業員を対象とした研修を毎年実施しています。
"""

SAMPLE_JA_MS = """ほしぞら精機㈱　情報セキュリティ報告　第Ⅱ部

①　情報セキュリティ委員会を四半期ごとに開いています。
②　全従業員を対象とした研修を毎年実施しています。
"""


def w(name, data, mode="w"):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return path


def iconv(src, enc, dst, prefix=b""):
    out = subprocess.run(["iconv", "-f", "UTF-8", "-t", enc, src], check=True,
                         capture_output=True).stdout
    w(dst, prefix + out)


def texts():
    src = w("sample-utf8.txt", SAMPLE)
    w("sample-utf8-bom.txt", b"\xef\xbb\xbf" + SAMPLE.encode())
    iconv(src, "CP932", "sample-sjis.txt")
    iconv(src, "EUC-JP", "sample-eucjp.txt")
    iconv(src, "UTF-16LE", "sample-utf16le-bom.txt", b"\xff\xfe")
    iconv(src, "UTF-16BE", "sample-utf16be.txt")
    ja = w("sample-ja-utf8.txt", SAMPLE_JA)
    iconv(ja, "UTF-16LE", "sample-ja-utf16le.txt")
    iconv(ja, "UTF-16BE", "sample-ja-utf16be.txt")
    os.remove(ja)
    # EUC-JP as Windows writes it: circled numbers, Roman numerals and ㈱
    # are NEC extensions that plain EUC-JP has no code for
    ms = w("sample-ja-ms.txt", SAMPLE_JA_MS)
    iconv(ms, "EUC-JP-MS", "sample-eucjp-ms.txt")
    os.remove(ms)
    w("invalid-utf8.txt", b"Security report\n\nThe committee \xc3\x28 met in \xff May.\n")
    w("empty.txt", b"")
    w("junk.bin", bytes((i * 37 + 11) % 256 for i in range(3000)))
    w("junk.pdf", "This is a plain note, not a PDF at all.\n")
    w("not-a-docx.docx", "Just some text pretending to be a Word file.\n")


HTML = """<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL">
<head><meta charset="utf-8"/><title>Hoshizora Security Report 2025</title>
<style>p { margin: 0 }</style><script>var hidden = "script text";</script></head>
<body>
<div style="display:none"><ix:header><ix:hidden><ix:nonNumeric name="dei:Secret">XBRLJUNK</ix:nonNumeric></ix:hidden></ix:header></div>
<h1>情報セキュリティへの取り組み</h1>
<p>当社は、サイバーセキュリティを
経営の重要課題と位置付けています。<br/>CISOが委員会を主宰します。</p>
<div><span style="font-weight:bold">Incident Response</span></div>
<div><span>Our CSIRT responds to incidents around the clock and
reports to the board.</span></div>
<ul><li>ISMS certification (ISO/IEC 27001)</li><li>年二回の訓練</li></ul>
<table><tr><th>項目</th><td>内容 of the <ix:nonNumeric name="x:Policy">security policy</ix:nonNumeric></td></tr></table>
<noscript>noscript text</noscript>
<p>The committee met four times</p>
<div style="text-align:center">12</div>
<hr style="page-break-after:always"/>
<div><a href="#toc">Table of Contents</a></div>
<p>and reviewed the training results.</p>
</body></html>
"""

SJIS_HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<title>旧形式の報告書</title></head><body>
<h2>第２【事業の状況】</h2><p>当社グループは情報セキュリティ委員会を設置しています。</p>
</body></html>
"""


def edinet_section(code, heading, body):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2008/inlineXBRL">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>{code}_honbun_x.htm</title></head>
<body><div style="display:none"><ix:header><ix:resources>CONTEXTJUNK</ix:resources></ix:header></div>
<div id="pageDIV"><h3 class="smt_head2">{heading}</h3>
<p class="smt_text2">{body}</p></div></body></html>
"""


SECTIONS = [
    ("0101010", "第１【企業の概況】", "当社は架空の精密機器メーカーです。"),
    ("0102010", "第２【事業の状況】", "当社はサイバー攻撃に備え、CSIRTを設置しています。"),
    ("0000000", "【表紙】", "有価証券報告書"),
]


def htmls():
    w("sample.html", HTML)
    w("sample-sjis.html", SJIS_HTML.encode("cp932"))
    w("html-named.txt", HTML)
    # deeply nested and huge-attribute HTML: must not crash
    pass  # deep nesting and huge attributes are generated by the tests themselves
    d = os.path.join(OUT, "edinet")
    shutil.rmtree(d, ignore_errors=True)
    for code, head, body in SECTIONS:
        w(f"edinet/X9999999-{code}.html", edinet_section(code, head, body))
    z = os.path.join(OUT, "edinet.zip")
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for code, head, body in SECTIONS:
            put(zf, f"XBRL/PublicDoc/{code}_honbun_x.htm", edinet_section(code, head, body))
        put(zf, "XBRL/AuditDoc/audit_x.htm", edinet_section("9999999", "監査報告書", "AUDITTEXT"))
        put(zf, "XBRL/PublicDoc/manifest.xml", "<manifest/>")
    w("nosections/README.txt", "This directory holds no EDINET section files.\n")
    # a zip bomb: one member that inflates to 64 MiB of zeros
    with zipfile.ZipFile(os.path.join(OUT, "bomb.zip"), "w", zipfile.ZIP_DEFLATED) as zf:
        put(zf, "XBRL/PublicDoc/0101010_honbun_x.htm", b"<p>" + b" " * (64 << 20) + b"</p>")


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# [Content_Types].xml of the Office files below
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')


def para(text, style=None, num=False):
    ppr = ""
    if style or num:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + \
              ('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if num else "") + "</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def write_docx_body(name, ns, body):
    """Write OUT/name, a DOCX of one document part whose w:body is body,
    its w:document element declaring the namespaces ns; the zip entries
    dated alike, so the file is the same on every run."""
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {ns}>'
           f"<w:body>{body}</w:body></w:document>")
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("[Content_Types].xml", (2025, 1, 1, 0, 0, 0)), CT)
        zf.writestr(zipfile.ZipInfo("word/document.xml", (2025, 1, 1, 0, 0, 0)), doc)


def docx():
    body = "".join([
        para("Hoshizora Disclosure Draft", "Title"),
        para("サイバーセキュリティ", "1"),
        "<w:p><w:r><w:t>当社は</w:t></w:r><w:r><w:t>CISOを任命しています。</w:t></w:r>"
        "<w:r><w:tab/><w:t>Tabbed</w:t><w:br/><w:t>next line</w:t></w:r>"
        "<w:del><w:r><w:delText>DELETED</w:delText></w:r></w:del></w:p>",
        para("Incident response", "Heading2"),
        para("Annual phishing drill", num=True),
        "<w:tbl><w:tr><w:tc>" + para("予算") + "</w:tc><w:tc>" + para("IT予算の10%") +
        "</w:tc></w:tr></w:tbl>",
        "<w:sectPr/>",
    ])
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{body}</w:body></w:document>'
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W}>'
              '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>'
              '</w:styles>')
    with zipfile.ZipFile(os.path.join(OUT, "sample.docx"), "w", zipfile.ZIP_DEFLATED) as zf:
        put(zf, "[Content_Types].xml", CT)
        put(zf, "word/document.xml", doc)
        put(zf, "word/styles.xml", styles)
    with zipfile.ZipFile(os.path.join(OUT, "plain.zip"), "w") as zf:
        put(zf, "notes.txt", "no html here")


def docx_boxes():
    """A draft as Word saves text boxes, footnotes and endnotes: a text box is
    drawn inside a run of its anchor paragraph, once as a DrawingML shape
    (mc:Choice) and again as VML for older readers (mc:Fallback); an old
    document has the VML alone; notes live in their own parts, after a
    separator note of their own."""
    ns = (W + ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
          ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
          ' xmlns:v="urn:schemas-microsoft-com:vml"')

    def box(*paras):
        return "<w:txbxContent>" + "".join(para(t) for t in paras) + "</w:txbxContent>"
    inner = box("囲み：当社のCSIRTは年2回の訓練を行っています。", "Our SOC watches alerts.")
    modern = ("<w:p><w:r><w:t>本文の段落です。</w:t></w:r><w:r><mc:AlternateContent>"
              "<mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>" + inner +
              "</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
              "<v:textbox>" + inner + "</v:textbox></v:shape></w:pict></mc:Fallback>"
              "</mc:AlternateContent></w:r><w:r><w:t>段落の続きです。</w:t></w:r></w:p>")
    old_vml = ("<w:p><w:r><w:pict><v:shape><v:textbox>" + box("VML only box text.") +
               "</v:textbox></v:shape></w:pict></w:r></w:p>")
    ref = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    # tracked changes: a moved sentence is in the text once, where it went
    # (w:moveTo), not also where it was (w:moveFrom); hidden text is no text
    # Word's non-breaking hyphen is an element of its own, shown as a hyphen;
    # a soft hyphen shows only where a line breaks
    hyphens = ("<w:p><w:r><w:t>We use multi</w:t><w:noBreakHyphen/><w:t>factor authen</w:t>"
               "<w:softHyphen/><w:t>tication.</w:t></w:r></w:p>")
    moved = ("<w:p><w:r><w:t>Moved and hidden: </w:t></w:r><w:moveFrom><w:r><w:t>OLD PLACE </w:t>"
             "</w:r></w:moveFrom><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN </w:t></w:r>"
             "<w:moveTo><w:r><w:t>new place.</w:t></w:r></w:moveTo></w:p>")
    body = (para("Text boxes", "Heading1") + modern + old_vml + moved + hyphens +
            f"<w:p><w:r><w:t>A statement with a note.</w:t></w:r>{ref}</w:p><w:sectPr/>")
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {ns}>'
           f"<w:body>{body}</w:body></w:document>")

    def notes(kind):
        sep = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
               f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
               f"<w:continuationSeparator/></w:r></w:p></w:{kind}>")
        text = "※1 CSIRT: 事故に対応する社内の専門チーム" if kind == "footnote" else "Endnote text."
        return (f'<?xml version="1.0" encoding="UTF-8"?><w:{kind}s {W}>{sep}'
                f'<w:{kind} w:id="1">{para(text)}</w:{kind}></w:{kind}s>')
    with zipfile.ZipFile(os.path.join(OUT, "boxes.docx"), "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("[Content_Types].xml", (2025, 1, 1, 0, 0, 0)), CT)
        zf.writestr(zipfile.ZipInfo("word/document.xml", (2025, 1, 1, 0, 0, 0)), doc)
        zf.writestr(zipfile.ZipInfo("word/footnotes.xml", (2025, 1, 1, 0, 0, 0)), notes("footnote"))
        zf.writestr(zipfile.ZipInfo("word/endnotes.xml", (2025, 1, 1, 0, 0, 0)), notes("endnote"))


def docx_pages():
    """Drafts with pages: pages.docx as Word saves one, with its record of
    where the pages broke when it last laid them out (lastRenderedPageBreak,
    here once mid-paragraph), beside the page break typed in before the
    second heading; pages-typed.docx as another program writes one, with
    typed breaks only (a break in a run, and pageBreakBefore)."""
    long1 = "当社は情報セキュリティ委員会を四半期ごとに開いています。"
    long2 = "委員会の結果は取締役会に報告しています。"
    rendered = "".join([
        para("サイバーセキュリティ"),
        f"<w:p><w:r><w:t>{long1}</w:t></w:r><w:r><w:lastRenderedPageBreak/><w:t>{long2}</w:t></w:r></w:p>",
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
        "<w:p><w:r><w:lastRenderedPageBreak/><w:t>インシデント対応</w:t></w:r></w:p>",
        para("CSIRTを設けています。"),
        "<w:tbl><w:tr><w:tc>" + para("訓練") + "</w:tc><w:tc>" + para("年2回") + "</w:tc></w:tr></w:tbl>",
        "<w:sectPr/>",
    ])
    typed = "".join([
        para("サイバーセキュリティ"),
        f'<w:p><w:r><w:t>{long1}</w:t></w:r><w:r><w:br w:type="page"/><w:t>{long2}</w:t></w:r></w:p>',
        '<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>インシデント対応</w:t></w:r></w:p>',
        para("CSIRTを設けています。"),
        "<w:sectPr/>",
    ])
    for name, body in (("pages.docx", rendered), ("pages-typed.docx", typed)):
        doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}>'
               f"<w:body>{body}</w:body></w:document>")
        with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(zipfile.ZipInfo("[Content_Types].xml", (2025, 1, 1, 0, 0, 0)), CT)
            zf.writestr(zipfile.ZipInfo("word/document.xml", (2025, 1, 1, 0, 0, 0)), doc)


def docx_nested():
    """nested.docx: a table nested in a table cell, between two of the
    cell's paragraphs, the first of which anchors a text box (VML), as Word
    shows it: the cell's text before the nested table, the box, the nested
    table's cells, then the cell's text after it."""
    ns = W + ' xmlns:v="urn:schemas-microsoft-com:vml"'

    def tc(*content):
        return "<w:tc>" + "".join(content) + "</w:tc>"

    def tbl(*rows):
        return "<w:tbl>" + "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows) + "</w:tbl>"
    anchored = ("<w:p><w:r><w:t>主な委託先には年1回の調査を行います。</w:t></w:r><w:r><w:pict>"
                "<v:shape><v:textbox><w:txbxContent>" + para("囲み：調査票は20問です。") +
                "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>")
    inner = tbl([tc(para("調査項目")), tc(para("回数"))], [tc(para("暗号化")), tc(para("年1回"))])
    outer = tbl([tc(anchored, inner, para("調査の結果は委員会に報告します。")),
                 tc(para("担当：情報セキュリティ部"))])
    body = para("委託先の管理") + outer + para("以上") + "<w:sectPr/>"
    write_docx_body("nested.docx", ns, body)


def docx_lines():
    """lines.docx: a draft pasted from a PDF, each printed line a paragraph
    of its own: a paragraph that goes on from the line before it (the line
    ends on a particle, or what follows begins with hiragana no paragraph
    begins with) is one block with it; a new paragraph, indented or opening
    with a connective, is not."""
    body = "".join([
        para("情報セキュリティの取り組み", "Heading1"),
        para("当社は、取引先から預かった図面や設計情報を守るため、全拠点の通信を本社で一元的に監視する体制を"),
        para("整え、端末の暗号化を進めています。"),
        para("また、全従業員に年に一度の研修を行い、標的型メールの訓練を年に二回実施して、その結果を委員会に報告し"),
        para("ています。"),
        para("\u3000委託先には、契約の際に安全管理の措置を求め、主な委託先には年に一度の調査を行っています"),
        para("以上"),
        "<w:sectPr/>",
    ])
    write_docx_body("lines.docx", W, body)


def docx_stand_ins():
    """stand-ins.docx: a draft pasted from a PDF's text layer, which gave
    some ideographs as the radicals that look like them (U+2F63 for 生,
    U+2F2F for 工) and U+2027 for ・, in a paragraph (one stand-in a run of
    its own) and in a table cell."""
    body = "".join([
        "<w:p><w:r><w:t>当社の\u2f2f場では、FA\u2027ロボットと</w:t></w:r>"
        "<w:r><w:t>\u2f63</w:t></w:r><w:r><w:t>産管理の仕組みを点検しています。</w:t></w:r></w:p>",
        "<w:tbl><w:tr><w:tc>" + para("\u2f63産拠点") + "</w:tc><w:tc>" + para("三か所") +
        "</w:tc></w:tr></w:tbl>",
        "<w:sectPr/>",
    ])
    write_docx_body("stand-ins.docx", W, body)


def docx_tables():
    """table.docx: two tables of short cells, the first of two rows, one
    cell of two paragraphs and one holding a table of its own, to show
    which table and row each cell is of."""
    def row(*cells):
        return "<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in cells) + "</w:tr>"
    inner = "<w:tbl>" + row(para("内側の表")) + "</w:tbl>"
    body = "".join([
        para("推進体制"),
        "<w:tbl>" + row(para("委員会"), para("年4回")) +
        row(para("訓練"), para("全従業員") + para("年1回"), inner + para("外側")) + "</w:tbl>",
        "<w:tbl>" + row(para("Budget"), para("5%")) + "</w:tbl>",
        "<w:sectPr/>",
    ])
    write_docx_body("table.docx", W, body)


def docx_sdt():
    """sdt.docx: content controls (w:sdt), as a form template or a tool
    filling one writes them, around paragraphs at body level, around the
    paragraphs of a table cell (one anchoring a text box, one holding a
    table of its own), around a whole row, around one cell, and inline in
    a paragraph. Each control's text
    comes where it stands; its properties (w:sdtPr) are no text."""
    ns = W + ' xmlns:v="urn:schemas-microsoft-com:vml"'

    def sdt(content, alias="欄"):
        return (f'<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="t"/><w:id w:val="7"/>'
                '<w:placeholder><w:docPart w:val="DefaultPlaceholder"/></w:placeholder></w:sdtPr>'
                f"<w:sdtContent>{content}</w:sdtContent></w:sdt>")

    def tc(*content):
        return "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>" + "".join(content) + "</w:tc>"

    def tr(*cells):
        return "<w:tr>" + "".join(cells) + "</w:tr>"
    boxed = ("<w:p><w:r><w:t>脆弱性診断は外部の専門会社に委託します。</w:t></w:r><w:r><w:pict>"
             "<v:shape><v:textbox><w:txbxContent>" + para("囲み：診断は年2回です。") +
             "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>")
    inline = ("<w:p><w:r><w:t>報告先：</w:t></w:r>" +
              sdt("<w:r><w:t>取締役会</w:t></w:r>") + "<w:r><w:t>（年4回）</w:t></w:r></w:p>")
    table = ("<w:tbl>" +
             tr(tc(para("項目")), tc(sdt(para("内容"), "見出し欄"))) +
             tr(tc(sdt(para("責任者"))), tc(sdt(para("最高情報セキュリティ責任者") + para("（CISO）")))) +
             tr(tc(para("診断")), tc(sdt(boxed), para("結果は委員会に報告します。"))) +
             tr(tc(sdt(para("委託先") + "<w:tbl>" + tr(tc(para("A社")), tc(para("年1回"))) +
                       "</w:tbl>" + para("調査票で確認")))) +
             sdt(tr(tc(para("訓練")), tc(para("全従業員に年1回")))) +
             tr(sdt(tc(para("予算"))), tc(para("IT予算の8%"))) +
             "</w:tbl>")
    body = (para("推進体制") + sdt(para("当社はCSIRTを設けています。") + para("委員会を四半期ごとに開きます。")) +
            table + inline + para("以上") + "<w:sectPr/>")
    write_docx_body("sdt.docx", ns, body)


def docx_placeholder():
    """placeholder.docx: a template's content controls, some filled in and
    some still showing their prompt (w:showingPlcHdr), at body level, in a
    table cell and inline. A prompt is the template's, not the document's
    text; what was entered in the others is."""
    def sdt(content, showing):
        flag = "<w:showingPlcHdr/>" if showing else ""
        return (f'<w:sdt><w:sdtPr><w:id w:val="9"/>{flag}</w:sdtPr>'
                f"<w:sdtContent>{content}</w:sdtContent></w:sdt>")

    def tc(*content):
        return "<w:tc>" + "".join(content) + "</w:tc>"
    prompt = "ここをクリックして入力してください。"
    table = ("<w:tbl><w:tr>" + tc(para("責任者")) + tc(sdt(para(prompt), True)) + "</w:tr><w:tr>" +
             tc(para("頻度")) + tc(sdt(para("年2回"), False)) + "</w:tr></w:tbl>")
    inline = ("<w:p><w:r><w:t>報告先：</w:t></w:r>" + sdt(f"<w:r><w:t>{prompt}</w:t></w:r>", True) +
              "<w:r><w:t>取締役会</w:t></w:r></w:p>")
    body = (para("推進体制") + sdt(para(prompt), True) + sdt(para("当社はCSIRTを設けています。"), False) +
            table + inline + "<w:sectPr/>")
    write_docx_body("placeholder.docx", W, body)


def pptx():
    """sample.pptx: slides as PowerPoint saves them. The presentation lists
    slide2.xml before slide1.xml (slides reordered after they were made);
    slide3.xml is hidden. A slide has a title placeholder, a body with a
    line break, a footer and slide-number placeholder and a number field
    (furniture), a group of shapes, a table and a SmartArt organisation
    chart (its text in a data part the slide's relationships name)."""
    P = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
         'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')

    def sp(ph, *paras):
        nv = f'<p:nvPr><p:ph type="{ph}"/></p:nvPr>' if ph else "<p:nvPr/>"
        body = "".join(f"<a:p>{x}</a:p>" for x in paras)
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/>{nv}</p:nvSpPr><p:spPr/>'
                f"<p:txBody><a:bodyPr/>{body}</p:txBody></p:sp>")

    def run(t):
        return f"<a:r><a:t>{t}</a:t></a:r>"

    def slide(shapes, show=True):
        attr = "" if show else ' show="0"'
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sld {P}{attr}><p:cSld>'
                f'<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
                f"<p:grpSpPr/>{shapes}</p:spTree></p:cSld></p:sld>")
    table = ('<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="5" name="t"/><p:cNvGraphicFramePr/><p:nvPr/>'
             '</p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table">'
             "<a:tbl><a:tr>" + "".join(f"<a:tc><a:txBody><a:bodyPr/><a:p>{run(t)}</a:p></a:txBody></a:tc>"
                                       for t in ("標的型メール訓練", "年2回")) +
             "</a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>")
    s1 = slide(sp("title", run("インシデント対応")) +
               sp(None, run("CSIRTが初動を担い、") + "<a:br/>" + run("経営会議に報告します。")) +
               "<p:grpSp><p:nvGrpSpPr><p:cNvPr id=\"3\" name=\"g\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>" +
               sp(None, run("グループ会社も同じ手順に従います。")) + "</p:grpSp>" + table +
               ('<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="6" name="d"/><p:cNvGraphicFramePr/>'
                '<p:nvPr/></p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData '
                'uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds '
                'xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rId7" '
                'r:lo="rId8" r:qs="rId9" r:cs="rId10"/></a:graphicData></a:graphic></p:graphicFrame>') +
               sp("ftr", run("ACME精工 統合報告書2025")) +
               sp("sldNum", '<a:fld id="{1}" type="slidenum"><a:t>2</a:t></a:fld>'))
    s2 = slide(sp("ctrTitle", run("サイバーセキュリティ")) + sp("subTitle", run("ACME精工の取り組み")) +
               sp("body", run("当社は情報セキュリティ基本方針を定めています。"),
                  run("最高情報セキュリティ責任者を置いています。")))
    s3 = slide(sp("title", run("非表示のスライド")), show=False)
    # the SmartArt's data part: its boxes' text (an organisation chart), and a
    # connector point, which has none
    dgm = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<dgm:dataModel '
           'xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>' +
           "".join(f'<dgm:pt modelId="{i}"><dgm:t><a:bodyPr/><a:p>{run(t)}</a:p></dgm:t></dgm:pt>'
                   for i, t in enumerate(("取締役会", "最高情報セキュリティ責任者", "ACME-CSIRT"))) +
           '<dgm:pt modelId="9" type="parTrans"/></dgm:ptLst></dgm:dataModel>')
    srels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
             'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData" '
             'Target="../diagrams/data1.xml"/></Relationships>')
    pres = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:presentation {P}><p:sldIdLst>'
            '<p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/><p:sldId id="258" r:id="rId4"/>'
            "</p:sldIdLst></p:presentation>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="/ppt/slides/slide2.xml"/>'
            '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide3.xml"/>'
            "</Relationships>")
    with zipfile.ZipFile(os.path.join(OUT, "sample.pptx"), "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("[Content_Types].xml", CT), ("ppt/presentation.xml", pres),
                           ("ppt/_rels/presentation.xml.rels", rels), ("ppt/slides/slide1.xml", s1),
                           ("ppt/slides/_rels/slide1.xml.rels", srels),
                           ("ppt/diagrams/data1.xml", dgm),
                           ("ppt/slides/slide2.xml", s2), ("ppt/slides/slide3.xml", s3)):
            zf.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), data)
    # wide.pptx: three slides of 700 KB each that compress to a few KB: each
    # alone is under a 1 MB limit, together they are over it
    wide = slide(sp(None, run("x" * (700 << 10))))
    with zipfile.ZipFile(os.path.join(OUT, "wide.pptx"), "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("[Content_Types].xml", CT), ("ppt/presentation.xml", pres),
                           ("ppt/_rels/presentation.xml.rels", rels), ("ppt/slides/slide1.xml", wide),
                           ("ppt/slides/slide2.xml", wide), ("ppt/slides/slide3.xml", wide)):
            zi = zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, data)


# ---- PDFs -------------------------------------------------------------------

def pdf_string(s):
    if all(ord(c) < 128 for c in s):
        return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<" + s.encode("utf-16-be").hex() + ">"


def page_stream(lines, pageno, total):
    """lines: (font, size, x, y, text). Adds a running header and footer."""
    out = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica", "%%Font F3 Helvetica-Bold",
           "%%Font F4 Courier",
           "%%CJKFont F2 ja H serif"]
    furniture = [("F1", 8, 72, 815, "Hoshizora Security Report 2025"),
                 ("F1", 8, 280, 30, f"- {pageno} -"),
                 ("F1", 8, 480, 30, f"{pageno}/{total}")]
    for font, size, x, y, text in furniture + lines:
        out.append(f"BT /{font} {size} Tf {x} {y} Td {pdf_string(text)} Tj ET")
    return "\n".join(out) + "\n"


def pdfs():
    tmp = os.path.join(OUT, "_tmp")
    os.makedirs(tmp, exist_ok=True)
    L = 72
    p1 = [("F3", 16, L, 760, "Cybersecurity Governance"),
          # Courier lines broken greedily at 60 characters, as a typesetter would
          ("F4", 10, L, 730, "The board of directors oversees cyber risk through the audit"),
          ("F4", 10, L, 716, "committee, which receives reports from the chief information"),
          ("F4", 10, L, 702, "officer every quarter and reviews the results of the secu-"),
          ("F4", 10, L, 688, "rity awareness training."),
          ("F1", 10, L, 660, "A second paragraph starts here."),
          ("F2", 10, L, 630, "当社は最高情報セキュリティ責任者を任命し、全社のサイバーセキュリティ対策を推進してい"),
          ("F2", 10, L, 616, "ます。"),
          ("F2", 10, L, 100, "当社は取引先に対してセキュリティ調査票による確認を毎年実施し、その結果を委託先の選定に"),
          ]
    p2 = [("F2", 10, L, 760, "反映しています。"),
          ("F2", 10, L, 730, "インシデント対応チームは年二回の訓練を実施しています。"),
          ("F1", 10, L, 730, "Suppliers are assessed with a questionnaire before contracts are signed.")]
    p3 = [("F1", 10, L, 760, "Information sharing: we take part in an industry ISAC.")]
    pages = [p1, p2, p3]
    files = []
    for i, p in enumerate(pages):
        f = os.path.join(tmp, f"p{i + 1}.txt")
        with open(f, "w") as fh:
            fh.write(page_stream(p, i + 1, len(pages)))
        files.append(f)
    sample = os.path.join(OUT, "sample.pdf")
    subprocess.run(["mutool", "create", "-o", sample] + files, check=True, capture_output=True)
    subprocess.run(["mutool", "clean", "-E", "aes-256", "-U", "user", "-O", "owner", sample,
                    os.path.join(OUT, "encrypted.pdf")], check=True, capture_output=True)
    data = open(sample, "rb").read()
    w("truncated.pdf", data[: len(data) // 2])
    w("pdf-named.txt", data)
    scan = os.path.join(tmp, "scan.txt")
    with open(scan, "w") as fh:
        fh.write("%%MediaBox 0 0 595 842\n0.5 g 72 72 451 698 re f\n")
    subprocess.run(["mutool", "create", "-o", os.path.join(OUT, "scanned.pdf"), scan], check=True,
                   capture_output=True)
    shutil.rmtree(tmp)


def wrap(text, width):
    """Courier lines of text broken greedily at width characters."""
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    return lines + [cur]


def pdf_columns():
    """columns.pdf: two pages set in two columns of Courier, as integrated
    reports are: a paragraph that runs from the foot of the left column to
    the top of the right one, another from the foot of a page to the next,
    a narrow box beside the text that follows a full line in the content
    stream, and Japanese whose line breaks moved a character with the comma
    after it (kinsoku) to the next line."""
    tmp = os.path.join(OUT, "_tmp")
    os.makedirs(tmp, exist_ok=True)
    W, LX, RX, TOP, STEP = 40, 72, 330, 730, 14
    a = wrap("Governance. The risk committee of the board meets four times a year.", W)
    b = wrap("Our security operations centre watches the network around the clock and "
             "escalates every serious alert to an engineer on call within fifteen "
             "minutes of seeing it. An outside firm tests the perimeter each quarter "
             "and the committee tracks each finding until it is closed.", W)
    c = wrap("Staff who handle customer data take a refresher course each spring and a "
             "short test afterwards; those who do not pass it repeat the course before "
             "their access is renewed for the year ahead of them. Managers also learn "
             "how to report a suspected incident to the response team at once, by "
             "telephone when the mail system is down.", W)
    d = wrap("Backups of the order system are copied to a second site every night and "
             "a full restore is rehearsed twice a year with the business owners present "
             "to confirm that the figures match what they expect to see on the day of "
             "each rehearsal.", W)
    box = ["Box: ACME-CERT was", "set up in 2019 and", "joins two industry", "exercises a year."]
    def col(x, y0, lines):
        return [("F4", 10, x, y0 - i * STEP, t) for i, t in enumerate(lines)]
    left_b = 9 - len(a) - 1
    p1 = [("F3", 16, LX, 780, "Cybersecurity")]
    p1 += col(LX, TOP, a) + col(LX, TOP - (len(a) + 1) * STEP, b[:left_b])
    right = b[left_b:] + [""] + c
    # b runs into the right column, c onto the next page
    assert 0 < left_b < len(b) and len(right) > 9 and right.index(c[0]) < 9, (left_b, len(right))
    p1 += col(RX, TOP, right[:9])
    # page 2: the rest of c, Japanese, then d, whose last line runs nearly
    # to the column's edge, at the foot of the left column; the box follows
    # it in the content stream, at the top right
    p2 = col(LX, TOP, right[9:])
    # Japanese, 20 characters a line: the first line stops two short, as a
    # break before 「け、」 leaves it
    ja = ["当社は情報の管理を経営の課題と位置付", "け、委員会を設けて毎月の会議で対策の進み", "具合を確かめています。"]
    assert [len(t) for t in ja[:2]] == [18, 20]
    y = TOP - (len(right) - 9 + 1) * STEP
    p2 += [("F2", 10, LX, y - i * STEP, t) for i, t in enumerate(ja)]
    assert len(d[-1]) >= 35
    p2 += col(LX, y - (len(ja) + 1) * STEP, d)
    p2 += col(400, TOP, box)
    files = []
    for i, p in enumerate([p1, p2]):
        f = os.path.join(tmp, f"c{i + 1}.txt")
        with open(f, "w") as fh:
            fh.write(page_stream([x for x in p if x[4]], i + 1, 2))
        files.append(f)
    subprocess.run(["mutool", "create", "-o", os.path.join(OUT, "columns.pdf")] + files,
                   check=True, capture_output=True)
    shutil.rmtree(tmp)


def mutool_create(name, *pages):
    """OUT/name: the PDF that `mutool create` makes of pages, each the lines
    of a page's content stream (with its %%MediaBox and %%Font lines)."""
    tmp = os.path.join(OUT, "_tmp")
    os.makedirs(tmp, exist_ok=True)
    files = []
    for i, ops in enumerate(pages):
        f = os.path.join(tmp, f"page{i + 1}.txt")
        with open(f, "w") as fh:
            fh.write("\n".join(ops) + "\n")
        files.append(f)
    subprocess.run(["mutool", "create", "-o", os.path.join(OUT, name)] + files,
                   check=True, capture_output=True)
    shutil.rmtree(tmp)


def justified_page(blocks):
    """The content of a page (its %%MediaBox and %%Font lines and the text
    operators) that sets blocks, each a list of lines, 14 points apart with
    more space between blocks, from the top left of a 320-point column."""
    L, TOP, STEP, GAP = 72, 780, 14, 30
    # ASCII in Helvetica (its widths, in thousandths of a point size),
    # Japanese in the CJK font, 10 points a character; a full line is
    # stretched to 320 points (character spacing, Tc, on its Japanese) as a
    # justified line is, to the column's edge, where a wrapped line ends
    helv = {**{d: 556 for d in "0123456789"}, ".": 278, " ": 278, "(": 333, ")": 333, "%": 889}

    def runs(t):
        return re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", t)

    def line_ops(t, y):
        ascii_w = sum(helv[c] for r in runs(t) if r[0] < "\x7f" for c in r) / 100
        cjk = sum(len(r) for r in runs(t) if r[0] >= "\x7f")
        natural = ascii_w + 10 * cjk
        assert natural <= 320 and (natural < 200 or natural >= 280), (natural, t)
        tc = (320 - natural) / cjk if natural >= 280 and cjk else 0
        ops, x = [], float(L)
        for r in runs(t):
            if r[0] < "\x7f":
                ops.append(f"BT /F1 10 Tf 0 Tc {x:.2f} {y} Td {pdf_string(r)} Tj ET")
                x += sum(helv[c] for c in r) / 100
            else:
                ops.append(f"BT /F2 10 Tf {tc:.3f} Tc {x:.2f} {y} Td {pdf_string(r)} Tj ET")
                x += len(r) * (10 + tc)
        return ops
    out, y = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica", "%%CJKFont F2 ja H serif"], TOP
    for b in blocks:
        for t in b:
            out += line_ops(t, y)
            y -= STEP
        y -= GAP - STEP
    return out


def pdf_numbered():
    """numbered.pdf: numbered lists as Japanese reports set them, in lines
    that run to the text column's edge (where a wrapped line would end):
    items numbered 1. 2. (one wrapping onto a second line), (1) (2), 1) 2),
    （１）（２） and ５．６．; headings numbered ５． and （１） stacked over a
    paragraph; and a paragraph whose wrapped lines open with numbers that
    mark nothing (a year, a share, a figure with a decimal point)."""
    # blocks of lines 14 points apart, with more space between blocks
    blocks = [
        ["５．推進体制"],
        ["（１）委員会の運営"],
        ["当社は情報セキュリティ委員会を設けて、委員会は四半期ごとに開いて",
         "対策の進み具合を確かめています。"],
        ["1. 情報セキュリティ基本方針を定め全ての役員と従業員に周知する",
         "2. 委員会の下に事故対応の専門のチームを置いて、夜間も連絡が取",
         "れる体制を整える",
         "3. 重要な情報システムの脆弱性診断を外部の専門の会社に委託する"],
        ["(1) 標的型メールを模した訓練を全従業員を対象に年に二回行う。",
         "(2) 新たに入社した従業員には研修で規程の要点を説明している。"],
        ["1) 取引先にはセキュリティの調査票を送って、回答を毎年確かめる",
         "2) 委託先の選定では調査の結果を評価の項目として取り入れている"],
        ["（１）事故が起きた時には初動の手順に従って影響の範囲を確かめる。",
         "（２）重大な事故は経営会議に報告し、必要に応じて外部に公表する。"],
        ["５．事業を継続するための計画を定め、年に一度の訓練で見直している",
         "６．バックアップは別の拠点に保管し、復旧の手順を半年ごとに試す。"],
        ["当社は社内の規程を見直して、規程の改定を取締役会で決議しました。",
         "2025年度から全ての子会社にも同じ規程を適用しています。訓練で",
         "5%の従業員が不審なメールの添付ファイルを開きましたが、前年度の",
         "3.5倍に増えた報告件数は従業員の意識が高まったことを示します。"],
    ]
    mutool_create("numbered.pdf", justified_page(blocks))


def pdf_marked():
    """marked.pdf: lists numbered as Japanese reports also number them, in
    lines that run to the column's edge: by full-width letters (ａ． ｂ．
    ｃ．), by katakana in brackets (（イ） （ロ） (ハ)), and by numbers set
    apart by an ideographic space (１　 ２　, which MuPDF reads as a plain
    space) or by a plain one (３ , set in Helvetica); then a paragraph whose
    wrapped lines open with what numbers nothing: a katakana word in
    brackets, a word of full-width letters, a full-width number and its
    counter."""
    blocks = [
        ["当社は情報の管理を三つの段階に分けて、段階ごとに責任者を置き、",
         "それぞれの段階の手順を定めています。"],
        ["ａ．方針の段階では、取締役会の定めた基本方針を全部署に周知する",
         "ｂ．運用の段階では、各部署の責任者が手順書に従って対策を進める",
         "ｃ．点検の段階では、内部監査室が年に一度すべての部署を点検する"],
        ["（イ）外部からの攻撃に備え、通信の監視を専門の会社に委託している",
         "（ロ）内部からの持ち出しに備え、記録媒体の利用を許可制としている",
         "(ハ) 委託先には年に一度、管理の状況を書面で報告するよう求める"],
        ["１\u3000重要な情報システムは二つの拠点に置いて、停止に備えている",
         "２\u3000事故が起きた時には、対応の手順に従い経営会議に報告する。",
         "３ 復旧の手順は半年ごとに試して、その結果を委員会に報告している"],
        ["当社は取引先との契約の見直しを進めていて、新しい契約の書面には",
         "（アクセス権）の管理に関する条項を加えています。条項の見本は、",
         "Ｗｅｂサイトで取引先に示しています。見直しの対象となるのは、",
         "１億円以上の取引がある取引先です。"],
    ]
    mutool_create("marked.pdf", justified_page(blocks))


def pdf_letterspaced():
    """letterspaced.pdf: Japanese set letter-spaced, as a justified table
    cell is (character spacing, Tc, of most of a character's width, where
    MuPDF puts a space between each two characters), above a line whose
    katakana words the writer parted with spaces of their own (set in
    Helvetica between the Japanese runs), wrapped one character after
    the last of them."""
    out = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica", "%%CJKFont F2 ja H serif",
           f"BT /F2 10 Tf 8 Tc 72 780 Td {pdf_string('情報セキュリティ委員会')} Tj ET"]
    x = 72.0
    for r in ["当社の情報セキュリティの責任者はチーフ", " ", "セキュリティ", " ", "オ"]:
        if r == " ":
            out.append(f"BT /F1 10 Tf 0 Tc {x:.2f} 760 Td {pdf_string(r)} Tj ET")
            x += 2.78
        else:
            out.append(f"BT /F2 10 Tf 0 Tc {x:.2f} 760 Td {pdf_string(r)} Tj ET")
            x += 10 * len(r)
    # the line wraps one character after the writer's space (セキュリティ オ)
    out.append(f"BT /F2 10 Tf 0 Tc 72 746 Td {pdf_string('フィサーです。')} Tj ET")
    mutool_create("letterspaced.pdf", out)


def pdf_stand_ins():
    """stand-ins.pdf: Japanese whose text layer gives some ideographs as the
    radicals that look like them (U+2F2F for 工, U+2F63 for 生) and the
    katakana middle dot as U+2027, as browsers' and office suites' PDFs
    do, in a paragraph wrapped after one of them. Each character is a
    one-byte code of a font whose ToUnicode map says what it is."""
    first = "当社の\u2f2f場では、FA\u2027ロボットと\u2f63産"
    second = "管理の仕組みを点検しています。"
    chars = sorted(set(first + second))
    code = {c: 0x21 + i for i, c in enumerate(chars)}
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /KJ-Stand "
            "def 1 begincodespacerange <00> <FF> endcodespacerange "
            f"{len(chars)} beginbfchar "
            + " ".join(f"<{code[c]:02X}> <{ord(c):04X}>" for c in chars)
            + " endbfchar endcmap CMapName currentdict /CMap defineresource pop end end").encode()

    def shown(text):
        return "<" + "".join(f"{code[c]:02X}" for c in text) + ">"

    content = (f"BT /F1 12 Tf 72 770 Td {shown(first)} Tj 0 -16 Td {shown(second)} Tj ET").encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
            b" /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /ToUnicode 6 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"]
    write_pdf("stand-ins.pdf", objs)


def pdf_type3():
    """type3.pdf: a line set in a Type3 font, as browsers set Japanese:
    each glyph a small drawing, a ToUnicode map saying which character it
    is, and a form on the page drawing a second line in another such font."""
    text = "当社は訓練を行う"
    code = {c: 0x41 + i for i, c in enumerate(sorted(set(text)))}
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /KJ-T3 "
            "def 1 begincodespacerange <00> <FF> endcodespacerange "
            f"{len(code)} beginbfchar "
            + " ".join(f"<{v:02X}> <{ord(c):04X}>" for c, v in code.items())
            + " endbfchar endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    shown = "<" + "".join(f"{code[c]:02X}" for c in text) + ">"
    glyph = b"1000 0 0 0 900 900 d1 0 0 m 900 0 l 900 900 l 0 900 l f"
    names = " ".join(f"/g{v}" for v in code.values())
    procs = " ".join(f"/g{v} 7 0 R" for v in code.values())
    first, last = min(code.values()), max(code.values())

    def font(tounicode):
        return (f"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 "
                f"0.001 0 0] /CharProcs << {procs} >> /Encoding << /Type /Encoding /Differences "
                f"[{first} {names}] >> /FirstChar {first} /LastChar {last} /Widths "
                f"[{' '.join(['1000'] * (last - first + 1))}] /ToUnicode {tounicode} 0 R >>").encode()

    def stream(dict_, data):
        return b"<< " + dict_ + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    content = f"BT /T1 12 Tf 72 770 Td {shown} Tj ET /X1 Do".encode()
    form = f"BT /T2 12 Tf 72 740 Td {shown} Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /T1 4 0 R >>"
            b" /XObject << /X1 8 0 R >> >> /Contents 5 0 R >>",
            font(6),
            stream(b"", content),
            stream(b"", cmap),
            stream(b"", glyph),
            stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /T2 9 0 R"
                   b" >> >>", form),
            font(6)]
    write_pdf("type3.pdf", objs)


def pdf_italic_heading():
    """italic-heading.pdf: an English filing's sub-heading set in italics on
    a line of its own (as 10-Ks set "Risk Management and Strategy" under
    Item 1C), over a paragraph; then a line that opens with a few words in
    italics and goes on in roman, which is text."""
    out = ["%%MediaBox 0 0 595 842", "%%Font F1 Times-Roman", "%%Font F2 Times-Italic",
           f"BT /F2 10 Tf 72 780 Td {pdf_string('Risk Management and Strategy')} Tj ET",
           f"BT /F1 10 Tf 72 760 Td {pdf_string('We assess our cybersecurity risks each year.')} Tj ET",
           f"BT /F2 10 Tf 72 730 Td {pdf_string('Tabletop exercises')} Tj ET",
           f"BT /F1 10 Tf 150 730 Td {pdf_string('are held twice a year.')} Tj ET"]
    mutool_create("italic-heading.pdf", out)


def pdf_page_numbers():
    """page-numbers.pdf: two pages of Courier text whose numbers, 1 and 2,
    stand alone at the foot of each page, set higher than the bottom tenth
    of the page (as a wide bottom margin sets them), where running footers
    are looked for; a paragraph runs from the foot of the first page to the
    top of the second."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica", "%%Font F4 Courier"]
    a = wrap("The audit committee of the board reviews the security plan of "
             "Hoshizora Robotics every quarter and reports to the full board.", 60)
    b = wrap("Our response team keeps a written playbook for each kind of incident "
             "and rehearses it with the business owners twice a year, and the "
             "vendors that hold customer records answer a survey on their controls "
             "before a contract is signed.", 60)
    c = wrap("Backups of the order system are copied to a second site every night.", 60)

    def lines(rows, y):
        return [f"BT /F4 10 Tf 72 {y - i * 14} Td {pdf_string(t)} Tj ET" for i, t in enumerate(rows)]
    cut = 3  # b's first three lines on page 1, the rest on page 2
    assert 0 < cut < len(b)
    p1 = head + lines(a, 760) + lines(b[:cut], 760 - (len(a) + 1) * 14)
    p1.append(f"BT /F1 10 Tf 295 100 Td {pdf_string('1')} Tj ET")
    p2 = head + lines(b[cut:], 760) + lines(c, 760 - (len(b) - cut + 1) * 14)
    p2.append(f"BT /F1 10 Tf 295 100 Td {pdf_string('2')} Tj ET")
    mutool_create("page-numbers.pdf", p1, p2)


def pdf_bullets():
    """bullets.pdf: bulleted entries whose text wraps to a second line. On
    the first page, English: a bullet set apart from its text by a tab, one
    set smaller than its text and one set larger (MuPDF reads the first two
    as lines of their own, the third as part of its text's line), the
    entries' wrapped lines set under their text (a hanging indent). On the
    second, Japanese entries of 9-point type whose first lines were cut by
    hand short of the column's edge, the rest set under the mark, as a
    filing that sets each printed line as a paragraph of its own prints:
    one that leaves a bracket open for its next line to close, one that
    ends on a particle (を), and one that ends as an entry may (方針),
    before a paragraph set left of the list."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica", "%%Font F4 Courier",
            "%%CJKFont F2 ja H serif"]
    bullet = "(\\225)"  # the bullet in Helvetica's WinAnsiEncoding
    p1, y = list(head), 780
    for t in wrap("Hoshizora Robotics keeps the following measures in place, each of "
                  "them reviewed by the security committee once a year:", 67):
        p1.append(f"BT /F4 10 Tf 72 {y} Td {pdf_string(t)} Tj ET")
        y -= 14
    y -= 10
    # (bullet size, the text's left edge, the entry's text)
    entries = [(10, 108, "Every employee takes a phishing exercise twice a year, and the "
                         "results of each exercise go to the security committee."),
               (6, 84, "An outside firm tests the network and the main systems once a "
                       "year and reports each finding to the committee."),
               (16, 84, "Suppliers that hold customer records answer a survey on their "
                        "controls before a contract is signed.")]
    for size, x, text in entries:
        rows = wrap(text, (474 - x) // 6)
        assert len(rows) == 2, rows
        p1.append(f"BT /F1 {size} Tf 72 {y} Td {bullet} Tj ET")
        for t in rows:
            p1.append(f"BT /F4 10 Tf {x} {y} Td {pdf_string(t)} Tj ET")
            y -= 14
    y -= 10
    for t in wrap("The committee reports to the board on each of these measures at its "
                  "next meeting.", 67):
        p1.append(f"BT /F4 10 Tf 72 {y} Td {pdf_string(t)} Tj ET")
        y -= 14
    # Japanese, 9 points a character: the body from 72 to 477 (45 to a
    # line, as the paragraph over the list shows), the list from 81, each
    # entry's second line under its mark
    ja = [(72, "当社は情報の管理を経営の最も重要な課題の一つと位置付けて、社長を委員長とする情報管理の委員"),
          (72, "会を設けています。委員会は四半期ごとに開かれ、各部門の対策の進み具合を確かめたうえで、次の"),
          (72, "取り組みを続けています。"),
          (81, "・取引先には調査票を送り回答を毎年確かめ、その結果を社内の情報管理委員会（四半期"),
          (81, "ごとに開く会議）に報告しています。"),
          (81, "・全従業員を対象とした標的型メールの訓練を年に二回行い、集計した部署ごとの結果を"),
          (81, "次の研修の内容に反映しています。"),
          (81, "・委託先の選定では、取引先から得た調査票の結果を評価の項目の一つとして取り入れる方針"),
          (72, "以上の取り組みは、取締役会が毎年見直しています。")]
    assert [72 + 9 * len(t) for x, t in ja[:2]] == [477, 477]
    for x, t in ja[3:]:
        assert x + 9 * len(t) <= 477 - 18, t  # short of the edge by two characters or more
    assert all(len(t) >= 40 for x, t in ja[3:8:2])  # lines cut by hand are long
    # the entries' lines end two characters apart: no edge of a box inset
    # in the column that the first two would run to
    assert len(ja[7][1]) - len(ja[3][1]) == 2
    p2 = list(head)
    for i, (x, t) in enumerate(ja):
        p2.append(f"BT /F2 9 Tf {x} {780 - i * 14} Td {pdf_string(t)} Tj ET")
    mutool_create("bullets.pdf", p1, p2)


def pdf_hand_cut():
    """hand-cut.pdf: a filing's notes printed as it sets them, each printed
    line a paragraph of its own cut by hand short of the column's edge (9
    points a character; the body from 72 to 477, 45 characters to a line,
    the entries from 81, their second lines under the mark): an entry whose
    first line ends on a closing mark (…規程』) before a particle (に基づき…),
    one whose first line ends on an adjectival な before its noun (適切な +
    管理体制…), two notes whose first lines end inside a bracket on a kanji
    (…総会にて承) that the next line closes (認）), and a third that ends its
    sentence, then a paragraph set left of the notes."""
    head = ["%%MediaBox 0 0 595 842", "%%CJKFont F2 ja H serif"]
    ja = [(72, "当社は役員の報酬の上限を株主総会の決議で定めたうえで、その範囲内で各役員の個別の報酬の額を"),
          (72, "取締役会が決めています。各役員の報酬の額は、社外の委員を含む報酬委員会が案をまとめて、取締"),
          (72, "役会に示しています。"),
          (81, "・子会社の情報資産の扱いは、当社の取締役会が定めた『ほしぞらグループ情報管理規程』"),
          (81, "に基づき、当社の情報管理部に報告する。"),
          (81, "・各子会社は、事業の規模と扱う情報の量に応じて、当社の監査部の助言のもとで適切な"),
          (81, "管理体制を整えている。"),
          (81, "※１委員会委員の報酬の上限は、年額三千万円です。（２０１９年の定時株主総会にて承"),
          (81, "認）"),
          (81, "※２監査の担当者の報酬の上限は年額二千万円です。（２０２０年の臨時株主総会にて承"),
          (81, "認）"),
          (81, "※３上限の見直しの案は、社外の委員を含む報酬委員会が毎年まとめて取締役会に示します。"),
          (72, "以上の上限は、取締役会が毎年見直しています。")]
    assert [72 + 9 * len(t) for x, t in ja[:2]] == [477, 477]  # full lines
    for x, t in ja[3:12:2]:
        assert len(t) >= 40 and x + 9 * len(t) <= 477 - 18, t  # cut by hand, long
    # the entries and notes that go on end short of the longest (the last
    # note) by what their next line begins with (認） two characters, に
    # one, 管 one): no edge of a box inset in the column that they run to
    assert len(ja[11][1]) - len(ja[7][1]) == 2 and len(ja[7][1]) == len(ja[9][1])
    assert len(ja[11][1]) - len(ja[3][1]) >= 1 and len(ja[11][1]) - len(ja[5][1]) >= 1
    ops = list(head)
    for i, (x, t) in enumerate(ja):
        ops.append(f"BT /F2 9 Tf {x} {780 - i * 14} Td {pdf_string(t)} Tj ET")
    mutool_create("hand-cut.pdf", ops)


def pdf_hand_cut_paragraphs():
    """hand-cut-paragraphs.pdf: a Japanese report printed as a filing that
    sets each printed line as a paragraph of its own prints it, the lines
    cut by hand short of the column's edge (9 points a character, the body
    from 72 to 477, 45 characters to a line; a heading of 12): a paragraph
    whose lines end on a particle (…情報資産を), before hiragana that begins
    no paragraph (と閲覧…) and inside a katakana word (…インシデントレスポ +
    ンス…), that one on a line shorter than 40 characters but as long as the
    one before it but for a tenth; a full line that ends inside a bracket on a katakana word (…（ミク)
    whose next line closes it (ロ）、…: no entry numbered ロ）); a note whose
    second line is set under its text, right of its mark (（注）); a long line
    that ends no sentence before a paragraph that begins afresh (当社は…); and
    a list numbered イ） ロ） ハ） (a bracket that closes only), one entry cut
    by hand before の体制."""
    head = ["%%MediaBox 0 0 595 842", "%%CJKFont F2 ja H serif"]
    ja = [(72, 12, "情報管理の体制"),
          (72, 9, "当社は、情報管理規程に基づいて各部門の責任者を定め、責任者が年に一度、部門の情報資産を"),
          (72, 9, "洗い出しています。洗い出した情報資産は重要度に応じて三つに分類し、分類ごとに保管の方法"),
          (72, 9, "と閲覧できる者の範囲を定めています。また、情報資産の持ち出しは責任者の許可を得たうえで"),
          (72, 9, "記録に残す手順とし、事故が起きた時には、当社の各部門が定めたインシデントレスポ"),
          (72, 9, "ンスの手順書に従って対応します。"),
          (72, 9, "委員会は四半期ごとに開かれ、各部門の対策の進み具合を確かめて、次の四半期の計画を定めます。"),
          (72, 9, "当社は事業への影響を二つの段階で分析して、その結果を記録しています。各部門ごとの分析（ミク"),
          (72, 9, "ロ）、全社の分析（マクロ）の結果は、いずれも取締役会に報告しています。"),
          (72, 9, "（注）情報資産の分類の基準は、情報管理委員会が毎年見直して、見直した基準を全部署に"),
          (99, 9, "通知しています。"),
          (72, 9, "第三者による不正なアクセスと内部からの情報の持ち出しに備える当社の主な二つの取り組み"),
          (72, 9, "当社は二つの取り組みを進めています。"),
          (72, 9, "イ）外部からの攻撃に備えて、通信の監視を専門の会社に委託している"),
          (72, 9, "ロ）委託先の選定では、調査票の回答と過去の事故の記録を確かめたうえで契約を決めるため"),
          (72, 9, "の体制"),
          (72, 9, "ハ）事故が起きた時に、経営会議へ速やかに報告するための連絡網"),
          (72, 9, "以上の取り組みは、取締役会が毎年見直しています。")]
    full = [t for x, z, t in ja if x + z * len(t) == 477]
    assert len(full) == 2, full  # the two full lines set the column's edge
    for i in (1, 2, 3, 9, 11, 14):  # cut by hand: long, two characters short or more
        x, z, t = ja[i]
        assert len(t) >= 40 and x + z * len(t) <= 477 - 18, t
    # a line as long as the one before it but for a tenth (a full printed
    # line that kinsoku left short), which went on by hand from it
    assert len(ja[4][2]) < 40 and len(ja[4][2]) * 10 >= len(ja[3][2]) * 9
    # the paragraphs after a full line are set apart by a blank line, for
    # the full line would else run on into them
    gap_before = {7, 9}
    ops, y = list(head), 780
    for i, (x, size, t) in enumerate(ja):
        y -= 14 if i in gap_before else 0
        ops.append(f"BT /F2 {size} Tf {x} {y} Td {pdf_string(t)} Tj ET")
        y -= 14 if size == 9 else 20
    mutool_create("hand-cut-paragraphs.pdf", ops)


def pdf_hyphens():
    """hyphens.pdf: English justified to the column's edge (Courier, 6 points
    a character, the column from 72 to 474, each full line stretched to it
    by character spacing) whose wraps cut words at hyphens: compounds the
    document writes with their hyphen within a line (state- + sponsored),
    or whose first part opens compounds before a part it writes as a word
    elsewhere (third- + party, cash- + settled), and words cut by the
    typesetter (secu- + rity, written whole elsewhere; state- + ment)."""
    paras = [
        ["Larkspur Freight follows every state-sponsored group and checks",
         "each party that carries its goods before it signs a contract. The",
         "security staff keep a long-term plan for the depots."],
        ["Each quarter the security staff report to the board on the state-",
         "sponsored groups, on each carrier that acts for it as a third-",
         "party agent, on the claims that the finance team marked as cash-",
         "settled, on the people and on all the tools that keep up the secu-",
         "rity of each of the depots, and on the draft of the annual state-",
         "ment of the risk team."],
        ["Claims are settled each month by the finance team at Larkspur."],
    ]
    ops, y = ["%%MediaBox 0 0 595 842", "%%Font F4 Courier"], 780
    for lines in paras:
        for i, t in enumerate(lines):
            full = i + 1 < len(lines)
            assert not full or 60 <= len(t) <= 67, t
            tc = (402 - 6 * len(t)) / (len(t) - 1) if full else 0
            ops.append(f"BT /F4 10 Tf {tc:.3f} Tc 72 {y} Td {pdf_string(t)} Tj ET")
            y -= 14
        y -= 16
    mutool_create("hyphens.pdf", ops)


def pdf_hand_cut_english():
    """hand-cut-en.pdf: English set as each printed line a paragraph of its
    own, cut by hand short of the column's edge (Courier, 6 points a
    character, the column from 72 to 474): a paragraph whose lines end
    within a sentence before a lower-case word, one on a hyphen (re- +
    hearsal); a long line that ends no sentence before one that begins with
    a capital; a numbered entry whose first line was cut so, its second set
    under its text; and paragraphs that run to the edge around them."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F4 Courier"]
    en = [(72, "Hoshizora Robotics reviews its security measures every year and the"),
          (72, "results of each review are reported to the board of directors."),
          (72, "Hoshizora Robotics keeps a written response plan for each kind of"),
          (72, "incident, and the team rehearses the plan with the"),
          (72, "business owners twice a year. The findings of each re-"),
          (72, "hearsal go to the security committee."),
          (72, "Measures the security committee approved during the year"),
          (72, "The committee met four times and approved two new policies."),
          (72, "1. Each plan names an owner for every system it covers and is"),
          (90, "kept on a shared drive that the whole response team can read."),
          (72, "2. Outside counsel reviews the plans once a year."),
          (72, "The committee reports to the board on each of these measures at its"),
          (72, "next meeting, together with the results of the annual exercise.")]
    assert [x + 6 * len(t) for x, t in en if x + 6 * len(t) == 474] == [474, 474]
    # the lines cut by hand are long, and the next line's first word would
    # have fit after them within the paragraph's widest line (its first),
    # or within the column for the entry
    widest = 72 + 6 * len(en[2][1])
    for i, edge in ((3, widest), (4, widest), (6, widest), (8, 474)):
        x, t = en[i]
        first = len(en[i + 1][1].split()[0]) + 1
        assert len(t) >= 40 and x + 6 * (len(t) + first) < edge - 2, t
    # the first paragraph is set apart by a blank line, for its last line
    # would else run on into the next, whose first word would not fit
    gap_before = {2, 8, 11}
    ops, y = list(head), 780
    for i, (x, t) in enumerate(en):
        y -= 14 if i in gap_before else 0
        ops.append(f"BT /F4 10 Tf {x} {y} Td {pdf_string(t)} Tj ET")
        y -= 14
    mutool_create("hand-cut-en.pdf", ops)


def pdf_hand_cut_pages():
    """hand-cut-pages.pdf: a Japanese report printed as a filing that sets
    each printed line as a paragraph of its own prints it, over three pages
    (9 points a character, the body from 72 to 477, 45 characters to a line,
    each page numbered at its foot): a paragraph cut by hand whose last line
    on the first page ends on a particle (…その一覧を) and goes on at the top
    of the second (情報セキュリティ委員会に…); on the second, a paragraph cut
    by hand whose second line ends on a katakana word that runs into a kanji
    one on the third (…サイバーセキュリティ + 対策の…), then an entry and a
    paragraph of one long line each that end on a katakana word (…に関する
    リスク, …確かめるテスト) before paragraphs that begin with a kanji
    (当社は…); and a long line that ends the second page on a noun before a
    paragraph that begins afresh at the top of the third (当社は…)."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica", "%%CJKFont F2 ja H serif"]
    full = ["当社は、情報セキュリティ委員会を設けて、全社の情報資産を管理する方針を毎年定めています。委",
            "員会は社長を委員長として、四半期ごとに必ず開かれ、各部門の対策の進み具合を確かめています。"]
    p1 = ["委員会の議事は、取締役会に毎回報告しています。",
          "各部門の責任者は、年に一度、部門が扱う顧客の情報と取引先の情報をすべて洗い出して、",
          "その情報の重要度を三つの段階に分けたうえで、段階ごとにまとめた洗い出した情報の一覧を"]
    p2 = ["情報セキュリティ委員会に提出しています。",
          "当社は、外部からの攻撃に備えて、専門の会社に通信の監視を委託するとともに、全従業員に",
          "向けた研修を毎年行い、その結果を踏まえて、各部門の責任者が部門のサイバーセキュリティ",
          "対策の計画を見直しています。",
          "・取引先から預かった設計の情報が、外部からの攻撃によって当社の社外に流出するリスク",
          "当社は、設計の情報を扱う端末を社内の専用の回線につなぎ、外部との通信を止めています。",
          "当社の情報システムの弱点を、外部の専門の会社が毎年攻撃者の立場から確かめるテスト",
          "当社は、テストで見つかった弱点を、三か月以内に直すことを社内の規程で定めています。",
          "取引先と結ぶ契約の中で、預かった情報の扱いを定めるために当社が用いる契約書のひな形"]
    p3 = ["当社は、契約書のひな形を、法務部と情報管理部が毎年見直しています。"]
    assert [len(t) for t in full] == [45, 45]
    cut = p1[1:] + p2[1:3] + p2[4:5] + p2[6:7] + p2[8:9]
    for t in cut:  # cut by hand: long, two characters short of the edge or more
        assert 40 <= len(t) <= 43, (len(t), t)
    pages, y = [], 780
    for n, rows in enumerate(([*full, *p1], p2, p3)):
        ops = list(head)
        # the first page's rows run to its foot: its last line is the page's last
        top = 780 if n else 100 + 14 * (len(rows) - 1)
        for i, t in enumerate(rows):
            ops.append(f"BT /F2 9 Tf 72 {top - 14 * i} Td {pdf_string(t)} Tj ET")
        ops.append(f"BT /F1 8 Tf 290 40 Td ({n + 1}) Tj ET")
        pages.append(ops)
    mutool_create("hand-cut-pages.pdf", *pages)


def pdf_note_marks():
    """note-marks.pdf: English with note marks. A table of plans whose
    cells carry a note mark set small after their text ("(1)"), which the
    page's content stream shows after everything else, as a browser's print
    does, and the notes under it; then an entry list numbered (1) (2) whose
    numbers stand apart from their text by a tab (Helvetica 10: the mark
    ends some 13 points after its start, the text starts 36 points after
    it)."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica"]
    ops = list(head)
    text = [(72, 780, "Hoshizora Robotics keeps a written plan for each part of its security program,"),
            (72, 766, "and the security committee reviews each of them once a year."),
            (72, 740, "Plan"), (480, 740, "Adopted"),
            (72, 726, "Incident response plan, reviewed by the committee"), (480, 726, "2021"),
            (72, 712, "Supplier review plan, adopted by the board"), (480, 712, "2023"),
            (72, 698, "Backup and recovery plan, tested every quarter"), (480, 698, "2024"),
            (72, 670, "Two rules hold for every plan:"),
            (72, 650, "(1)"), (108, 650, "Each plan names an owner for every system it covers."),
            (72, 636, "(2)"), (108, 636, "Each owner reviews the plan once a year."),
            (72, 610, "The findings of each review go to the security committee.")]
    for x, y, t in text:
        ops.append(f"BT /F1 10 Tf {x} {y} Td {pdf_string(t)} Tj ET")
    for x, y in ((318, 729), (268, 715)):  # the marks, set small and high, read last
        ops.append(f"BT /F1 6 Tf {x} {y} Td (\\(1\\)) Tj ET")
    mutool_create("note-marks.pdf", ops)


def pdf_bare_pages():
    """bare-pages.pdf: an English report printed from a browser over seven
    pages, every one with a running head and its number (Courier 10 for the
    text, 6 points a character, wrapped at 60 characters from 72); pages 2,
    4 and 6 hold nothing else. On page 1 a table of plans whose cell
    carries a note mark set small, shown after the page's text, and a
    paragraph whose last line wraps at the page's foot within a sentence
    and goes on at the top of page 3; on page 3 a paragraph whose last line
    is cut by hand within a sentence (…with the) and goes on at the top of
    page 5; on page 5 a paragraph whose last line runs to the edge and ends
    its sentence, and page 7 opens a paragraph of its own."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica", "%%Font F4 Courier"]
    a = wrap("Hoshizora Robotics keeps a written plan for each part of its security "
             "program, and the security committee reviews each plan once a year with "
             "the owners of the systems it covers, who report on the tests they ran "
             "and on the weaknesses those tests found during the year.", 60)
    b = ["The response team rehearses the incident plan twice a year",
         "with the owners, and each one reads it with the"]
    c = wrap("committee every spring. Backups of the order system are copied to a "
             "second site every night and restored in a test once a month, so that "
             "the team knows how long a restore takes.", 60)
    d = ["The committee reports to the board on the results of these",
         "reviews at its next meeting, and the board then approves it."]
    e = wrap("The board also hears the chief information security officer once a "
             "quarter.", 60)
    # a's page-1 part ends on a line that runs to the edge within a sentence;
    # b's last line is cut by hand, long, short of the edge; d's last line
    # runs to the edge and ends its sentence
    cut = 2
    assert not a[cut - 1].endswith(".") and len(a[cut - 1]) + 1 + len(a[cut].split()[0]) > 60
    assert len(b[0]) + 1 + len("with") > 60 and len(d[0]) + 1 + len("reviews") > 60
    assert b[-1].endswith("with the") and 40 <= len(b[-1]) and len(b[-1] + " committee") < 59
    assert d[-1].endswith(".") and 58 <= len(d[-1]) <= 60, len(d[-1])

    def rows(texts, y):
        return [f"BT /F4 10 Tf 72 {y - i * 14} Td {pdf_string(t)} Tj ET" for i, t in enumerate(texts)]

    def page(n, body):
        return head + [f"BT /F1 8 Tf 72 815 Td {pdf_string('Hoshizora Robotics Annual Report')} Tj ET",
                       f"BT /F1 8 Tf 290 30 Td {pdf_string(f'- {n} -')} Tj ET"] + body
    table = [(72, 740, "Incident response plan"), (350, 740, "2021"),
             (72, 726, "Supplier review plan"), (350, 726, "2023")]
    p1 = [f"BT /F4 10 Tf {x} {y} Td {pdf_string(t)} Tj ET" for x, y, t in table]
    p1 += rows(a[:cut], 100 + 14 * (cut - 1))  # its last line the page's lowest
    p1.append("BT /F4 6 Tf 210 743 Td (\\(1\\)) Tj ET")  # the cell's mark, read last
    # b's last line the page's lowest, as d's is
    p3 = rows(a[cut:], 740) + rows(b, 100 + 14 * (len(b) - 1))
    p5 = rows(c, 740) + rows(d, 100 + 14 * (len(d) - 1))
    p7 = rows(e, 740)
    pages = [page(1, p1), page(2, []), page(3, p3), page(4, []), page(5, p5), page(6, []),
             page(7, p7)]
    mutool_create("bare-pages.pdf", *pages)


def pdf_bold_marks():
    """bold-marks.pdf: a page with lines set in bold that hold no words: a
    note's mark alone ("(1)") over the note's text, and a year alone over a
    table's figure; a bold heading that opens with a number ("(2)
    Response plan") over a paragraph; and a bold year with a figure in
    roman beside it on its row (Helvetica 10)."""
    ops = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica", "%%Font F3 Helvetica-Bold"]
    text = [("F3", 700, "(1)"),
            ("F1", 686, "The plan was adopted by the board in the spring."),
            ("F3", 660, "2024"),
            ("F1", 646, "12 reviews"),
            ("F3", 620, "(2) Response plan"),
            ("F1", 606, "The response team keeps a written playbook for each kind of incident."),
            ("F3", 580, "2023")]
    for font, y, t in text:
        ops.append(f"BT /{font} 10 Tf 72 {y} Td {pdf_string(t)} Tj ET")
    # a figure beside the bold year on its row, a space's width after it
    ops.append(f"BT /F1 10 Tf 104 580 Td {pdf_string('14 reviews')} Tj ET")
    mutool_create("bold-marks.pdf", ops)


def courier_rows(rows, y, ends, pitch=14):
    """Content-stream lines setting a table laid out as text in Courier 10 (6
    points a character), one row every pitch points down from y: each row's
    label from 72, its figures set right to end at the x of ends."""
    ops = []
    for i, (label, *figures) in enumerate(rows):
        yy = y - i * pitch
        ops.append(f"BT /F4 10 Tf 72 {yy} Td {pdf_string(label)} Tj ET")
        for end, fig in zip(ends, figures):
            ops.append(f"BT /F4 10 Tf {end - 6 * len(fig)} {yy} Td {pdf_string(fig)} Tj ET")
    return ops


def courier_lines(texts, y, pitch=14, x=72):
    return [f"BT /F4 10 Tf {x} {y - i * pitch} Td {pdf_string(t)} Tj ET" for i, t in enumerate(texts)]


TRAINING_TABLE = [("Measure", "2023", "2024"),
                  ("Phishing drills held", "4", "6"),
                  ("Staff trained", "1,200", "1,350"),
                  ("Incidents reported by staff", "31", "44")]


def pdf_table_rows():
    """table-rows.pdf: a table laid out as text (Courier 10, the text column
    60 characters wide from 72 to 432), a row of a label and two figures
    each, the last figure of each row set right to end at the column's
    edge, where a wrapped line ends: a row's last figure and the next row's
    label are two blocks. Above it a paragraph wrapped at the edge, whose
    lines still join; beside it, on a second page, a table of contents whose
    page numbers end at the edge too."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F3 Helvetica-Bold", "%%Font F4 Courier"]
    intro = wrap("Staff took part in several drills during the year, and the results of "
                 "each drill went to the security committee at its next meeting.", 60)
    assert len(intro) == 3
    p1 = head + ["BT /F3 16 Tf 72 780 Td (Security training) Tj ET"]
    p1 += courier_lines(intro, 750)
    p1 += courier_rows(TRAINING_TABLE, 700, (342, 432))
    p1 += courier_lines(["The committee expects more drills next year."], 630)
    contents = [("Governance of cyber risk", "3"), ("Incident response", "7"),
                ("Training and awareness", "12")]
    p2 = head + ["BT /F3 16 Tf 72 780 Td (Contents) Tj ET"]
    p2 += courier_rows(contents, 750, (432,))
    mutool_create("table-rows.pdf", p1, p2)


def pdf_cell_gaps():
    """cell-gaps.pdf: cells of a table's rows set closer than 1.5 characters
    (Courier 10, 6 points a character): the longest label a character and
    a fifth from the first column of figures, set flush left, and in one row
    two figures as close, the second column set flush right; the other rows
    show that the columns line up. Below it a paragraph justified so loose
    that every space is wider than 0.8 of a character (MuPDF splits its
    lines there), each line's spaces alike, and the first words of its
    lines lined up at the left margin; then two lines of Japanese spread
    one character in every two across a cell, their characters lined up."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F3 Helvetica-Bold", "%%Font F4 Courier",
            "%%CJKFont F2 ja H serif"]
    ops = head + ["BT /F3 16 Tf 72 780 Td (Training figures) Tj ET"]
    rows = [("Measure", "2023", "2024"), ("Phishing drills held", "4", "6"),
            ("Staff trained", "1,200", "1,350"), ("Incidents reported by staff", "31", "44")]
    assert 72 + 6 * max(len(r[0]) for r in rows) == 234  # the longest label: 12 points to 246
    for i, (label, a, b) in enumerate(rows):
        y = 740 - 14 * i
        ops.append(f"BT /F4 10 Tf 72 {y} Td {pdf_string(label)} Tj ET")
        ops.append(f"BT /F4 10 Tf 246 {y} Td {pdf_string(a)} Tj ET")
        ops.append(f"BT /F4 10 Tf {318 - 6 * len(b)} {y} Td {pdf_string(b)} Tj ET")
    loose = [("Our", "drills", "ran", "late", "this", "spring"),
             ("so", "the", "teams", "met", "again", "twice"),
             ("and", "wrote", "new", "notes.")]
    for i, words in enumerate(loose):
        y, x = 660 - 14 * i, 72.0
        gap = 11 + i if i < len(loose) - 1 else 6  # the last line is set tight
        for wd in words:
            ops.append(f"BT /F4 10 Tf {x:.1f} {y} Td {pdf_string(wd)} Tj ET")
            x += 6 * len(wd) + gap
    for i, chars in enumerate(["代表取", "締役会"]):
        for k, ch in enumerate(chars):
            ops.append(f"BT /F2 10 Tf {72 + 20 * k} {590 - 14 * i} Td {pdf_string(ch)} Tj ET")
    mutool_create("cell-gaps.pdf", ops)


def pdf_foot_figures():
    """foot-figures.pdf: three pages (Courier 10, the text column 60
    characters wide from 72 to 432), each with its number centred in the
    bottom tenth of the page (below 84 points), where running footers are
    looked for. The first page ends with a table whose last rows fall in
    that tenth: a label and three figures a row, the last figure set flush
    right at the column's edge, several of them bare numbers as a page's
    number is. The second page opens with a line of a new paragraph at the
    left margin, which the row's last figure does not run on into."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F4 Courier"]
    intro = wrap("The branch offices below keep their own servers, and each of them "
                 "reports its floor space and staff to the security team every year.", 60)
    rows = [("Office", "Floor m2", "Servers", "Staff"), ("Hillside branch", "59", "1,808", "145"),
            ("Harbour branch", "231", "2,839", "81"), ("River branch", "32", "259", "54")]
    p1 = head + courier_lines(intro, 780)
    for i, (label, *figs) in enumerate(rows):
        yy = 100 - 14 * (i + 1) if i else 100
        p1.append(f"BT /F4 10 Tf 72 {yy} Td {pdf_string(label)} Tj ET")
        for end, fig in zip((282, 360, 432), figs):
            p1.append(f"BT /F4 10 Tf {end - 6 * len(fig)} {yy} Td {pdf_string(fig)} Tj ET")
    # the rows of figures lie in the bottom tenth, their tops below 84 points
    pages = [p1]
    pages.append(head + courier_lines(wrap("Northgate office opened in the spring and "
                                           "follows the same rules as the branches.", 60), 780))
    pages.append(head + courier_lines(["The review of all offices ends in the autumn."], 780))
    for n, page in enumerate(pages, 1):
        page.append(f"BT /F4 10 Tf 291 20 Td {pdf_string(f'- {n} -')} Tj ET")
    mutool_create("foot-figures.pdf", *pages)


def pdf_cell_wraps():
    """cell-wraps.pdf: tables as a browser prints them, each row's cells set
    in the middle of the row's height, rows set apart by the cells' padding
    (15 points between the lines of two rows), each cell's lines 11 points
    apart. In
    English (Courier 10, 6 points a character) a row's label cut onto two
    lines, the row's unit and figures set midway between them; a row of two
    lines whose figures stand on each of them (its unit midway); under it a
    table of a row per line (11 points apart) whose labels, flush left one
    under the other, have their figures on their own rows. In Japanese (a
    CJK font, 10 points a character) a label on two lines and one on three,
    the row's figures midway (on the middle line of three), then a table of
    a row per line again. Then English rows of two lines parted by thin
    padding, a label whose second line hangs a character in, and a table of a row per line whose section labels (Assets:,
    Liabilities:) have no figures, a row with figures between them."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F3 Helvetica-Bold", "%%Font F4 Courier",
            "%%CJKFont F2 ja H serif"]

    def cell(font, x, y, texts):
        # a cell's lines 11 points apart, their middle at y
        top = y + 5.5 * (len(texts) - 1)
        return [f"BT /{font} 10 Tf {x} {top - 11 * i} Td {pdf_string(t)} Tj ET"
                for i, t in enumerate(texts)]

    def row(font, y, label, unit, figures):
        ops = cell(font, 72, y, label) + cell(font, 250, y, [unit])
        for end, fig in zip((370, 440), figures):
            ops += cell("F4", end - 6 * len(fig), y, [fig])
        return ops
    ops = head + ["BT /F3 16 Tf 72 780 Td (Results by year) Tj ET"]
    english = [(["Revenue"], ("12,480", "11,905")),
               (["Net income attributable", "to shareholders"], ("1,310", "1,122")),
               (["Total assets"], ("40,215", "38,790"))]
    for i, (label, figs) in enumerate(english):
        ops += row("F4", 740 - 26 * i, label, "(USD m)", figs)
    # a row of two lines whose figures stand on each line: (persons) midway
    ops += cell("F4", 72, 662, ["Employees", "[temporary staff]"]) + cell("F4", 250, 662, ["(persons)"])
    for end, figs in zip((370, 440), (("5,210", "[380]"), ("5,032", "[412]"))):
        ops += [f"BT /F4 10 Tf {end - 6 * len(f)} {667.5 - 11 * k} Td {pdf_string(f)} Tj ET"
                for k, f in enumerate(figs)]
    dense = [("Staff", "212", "198"), ("Contractors", "35", "41"), ("Interns", "6", "4")]
    ops += courier_rows(dense, 640, (370, 440), pitch=11)
    ops += courier_lines(["The figures above are unaudited."], 590)
    japanese = [(["売上収益"], ("52,100", "48,700")),
                (["情報セキュリティ関連の", "設備投資額"], ("3,210", "2,980")),
                (["外部委託先への", "監査の", "実施件数"], ("14", "11")),
                (["研修受講者数"], ("1,820", "1,640"))]
    y = 560
    for label, figs in japanese:  # each row as high as its lines and the padding
        y -= 5.5 * (len(label) - 1)
        ops += row("F2", y, label, "（件）", figs)
        y -= 5.5 * (len(label) - 1) + 26
    for i, (label, a, b) in enumerate([("本社", "8", "7"), ("支社", "5", "6"), ("工場", "3", "3")]):
        yy = 410 - 11 * i
        ops.append(f"BT /F2 10 Tf 72 {yy} Td {pdf_string(label)} Tj ET")
        ops += [f"BT /F4 10 Tf {end - 6 * len(f)} {yy} Td {pdf_string(f)} Tj ET"
                for end, f in zip((370, 440), (a, b))]
    # rows of two lines each parted by thin padding (a gap of 1.5 points
    # between rows, none within a cell's lines)
    for i, (label, figs) in enumerate([(["Cash from operating", "activities"], ("2,904", "2,611")),
                                       (["Cash used in investing", "activities"], ("(870)", "(655)"))]):
        ops += row("F4", 340 - 25 * i, label, "(USD m)", figs)
    # a label whose second line hangs a character in
    ops += cell("F4", 72, 295.5, ["Loss on the sale of"]) + cell("F4", 78, 284.5, ["old servers"])
    ops += row("F4", 290, [], "(USD m)", ("(12)", "(31)"))
    # a table of a row per line whose section labels have no figures
    ops += courier_rows([("Assets:",), ("Cash", "1,000", "900"), ("Liabilities:",),
                         ("Loans", "400", "300")], 240, (370, 440), pitch=11)
    mutool_create("cell-wraps.pdf", ops)


def pdf_grid_rows():
    """grid-rows.pdf: tables as a browser prints them, read as lines (a CJK
    font, 10 points a character). A history: a header row of two column
    titles over rows of a date and an event. A board: a header row whose
    third title is set centred on two lines (its unit under it), the other
    titles midway down them (the second line starts two characters in); a
    row whose post is set centred on two lines,
    the name and the shares midway, one line of the career midway too and
    the others a line or more away; a row whose career has a second line
    alone on its row; a third row. A heading 30 points under the table,
    flush left with its first column, over a paragraph. Then a risk's name
    beside its description of three lines, the first two to the column's
    edge."""
    head = ["%%MediaBox 0 0 595 842", "%%CJKFont F2 ja H serif"]

    def at(x, y, t):
        return f"BT /F2 10 Tf {x} {y} Td {pdf_string(t)} Tj ET"

    def centred(mid, y, texts):
        # lines 11 points apart, their middle at y, each centred on mid
        top = y + 5.5 * (len(texts) - 1)
        return [at(mid - 5 * len(t), top - 11 * i, t) for i, t in enumerate(texts)]
    ops = head + [at(72, 780, "２ 【会社のあゆみ】"), at(72, 756, "時期"), at(180, 756, "できごと")]
    history = [("2001年４月", "架空精機として創業"), ("2008年10月", "高原工場を新設"),
               ("2015年６月", "本社を架空市に移し、研究所を新設しました。")]
    for i, (when, what) in enumerate(history):
        ops += [at(72, 740 - 14 * i, when), at(180, 740 - 14 * i, what)]
    ops += [at(72, 680, "３ 【経営陣】"), at(72, 660, "当社の取締役と監査役は次のとおりです。")]
    ops += [at(72, 636, "役職"), at(150, 636, "氏名"), at(330, 636, "略歴")]
    ops += centred(265, 636, ["保有する株式の数", "（千株）"])
    ops += centred(100, 596, ["代表取締役", "社長"]) + [at(150, 596, "星野 一郎"), at(260, 596, "12")]
    ops += [at(330, 618, "架空精機に入社"), at(330, 596, "同社取締役就任"),
            at(330, 574, "同社代表取締役社長に就任し現在に至る")]
    ops += [at(72, 548, "取締役"), at(150, 548, "月岡 二葉"), at(260, 548, "3"),
            at(330, 548, "架空電機に入社"), at(330, 536, "架空精機に入社し品質部長")]
    ops += [at(72, 514, "監査役"), at(150, 514, "日向 三郎"), at(260, 514, "1"),
            at(330, 514, "監査法人に勤め、独立しました。")]
    ops += [at(72, 484, "情報管理の体制"),
            at(72, 466, "当社は情報管理の委員会を置き、年に四回開いています。")]
    risk = ["部品の多くを海外の少数の取引先から調達しているため、災害や",
            "紛争で取引先の操業が止まると、製品の出荷が遅れ、売上が減る",
            "おそれがあります。当社は調達先を分けています。"]
    ops += [at(72, 420, "供給網の途絶")] + [at(180, 420 - 14 * i, t) for i, t in enumerate(risk)]
    mutool_create("grid-rows.pdf", ops)


def pdf_grid_narrow():
    """grid-narrow.pdf: tables as a browser prints them, read as lines (a
    CJK font, 10 points a character, figures in Courier). Subsidiaries: a
    header row of six column titles over two rows of a company's name, its
    address, its capital (its unit over it), its business described in a
    narrow column (eight characters a line, over sixty in all), its share
    and its relation (two lines, the second a sentence); a sentence under
    the table. Then a risk's name beside its description set in a narrow
    column, with one short remark beside them, over a paragraph."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F4 Courier", "%%CJKFont F2 ja H serif"]

    def at(x, y, t):
        return f"BT /F2 10 Tf {x} {y} Td {pdf_string(t)} Tj ET"

    def fig(end, y, t):  # Courier, flush right at end
        return f"BT /F4 10 Tf {end - 6 * len(t)} {y} Td {pdf_string(t)} Tj ET"

    def lines(x, y, texts):
        # lines 11 points apart, their middle at y
        top = y + 5.5 * (len(texts) - 1)
        return [at(x, top - 11 * i, t) for i, t in enumerate(texts)]

    def cut(text, n):
        return [text[i:i + n] for i in range(0, len(text), n)]
    ops = head + [at(40, 790, "４ 【関係会社】")]
    ops += [at(40, 766, "名称"), at(150, 766, "所在地"), at(250, 766, "資本金"),
            at(300, 766, "事業の内容"), at(390, 766, "持分"), at(440, 766, "関係")]
    rows = [("北星電機株式会社", "架空県星野市", "450",
             "精密部品の設計と製造、産業用機械の組立と保守、制御装置の開発と販売、"
             "それらの交換部品の輸入と国内の代理店への卸売、修理の受託",
             "100", ["製品の販売", "役員を派遣しています。"]),
            ("南風商事株式会社", "架空県風見町", "80",
             "当社製品の国内外への販売と据付、保守と修理の受託、交換部品の"
             "在庫管理と配送、顧客向けの操作研修と安全講習の企画と実施、その記録",
             "60", ["製品の販売", "資金を貸し付けています。"])]
    y = 700
    for name, place, capital, business, share, relation in rows:
        ops += [at(40, y, name), at(150, y, place)]
        ops += [at(260, y + 5.5, "百万円"), fig(290, y - 5.5, capital)]
        ops += lines(300, y, cut(business, 8))
        ops += [fig(430, y, share)] + lines(440, y, relation)
        y -= 120
    ops += [at(40, 440, "子会社の株式はいずれも上場していません。")]
    risk = ("主な原材料の価格が市況により大きく上がると、製造原価が増え、"
            "利益が減るおそれがあります。当社は複数の調達先と長期契約を結んでいます。")
    ops += [at(40, 380, "原材料の高騰")] + lines(180, 350, cut(risk, 12)) + [at(320, 350, "影響は中")]
    ops += [at(40, 290, "当社は原材料の在庫を三か月分持つようにしています。")]
    mutool_create("grid-narrow.pdf", ops)


def pdf_grid_figures():
    """grid-figures.pdf: a balance sheet as a browser prints it, read as
    lines (a CJK font, 10 points a character, figures in Courier): over two
    columns of figures, section labels (流動資産, 固定資産) alone on their
    rows, and rows (20 points apart) of an item's label, set further in, and
    its two figures, flush right; two rows' figures carry a note's mark
    (※１ 3,400), which makes them list items. A note under the table."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F4 Courier", "%%CJKFont F2 ja H serif"]

    def at(x, y, t):
        return f"BT /F2 10 Tf {x} {y} Td {pdf_string(t)} Tj ET"

    def right(end, y, t):  # Courier, flush right at end, a note's mark before it
        mark, _, figure = t.rpartition(" ")
        ops = [at(end - 6 * len(figure) - 24, y, mark)] if mark else []
        return ops + [f"BT /F4 10 Tf {end - 6 * len(figure)} {y} Td {pdf_string(figure)} Tj ET"]
    ops = head + [at(72, 790, "① 【貸借対照表】"), at(300, 766, "前期"), at(420, 766, "当期")]
    rows = [("流動資産",), ("現金及び預金", "1,200", "1,100"), ("売掛金", "※１ 3,400", "※１ 3,100"),
            ("その他の流動資産", "250", "240"), ("固定資産",),
            ("建物及び構築物", "※２ 5,000", "※２ 4,800"), ("土地", "900", "900")]
    y = 748
    for label, *figures in rows:
        ops.append(at(85 if figures else 72, y, label))
        for end, f in zip((340, 460), figures):
            ops += right(end, y, f)
        y -= 20
    ops += [at(72, y - 24, "※１ 子会社への売掛金を含みます。")]
    mutool_create("grid-figures.pdf", ops)


def pdf_edge_note():
    """edge-note.pdf: a note that ends its sentence and, under it, the next
    line (Courier 10, 14 points down) as MuPDF reads them, two lines of one
    block of their own, set apart from the paragraphs around them: the
    note's line is the block's widest and so sets its right edge. Under the
    first note the next line opens an entry ("c. Sales by region"); under
    the second it does not."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F4 Courier"]
    intro = wrap("The tables below give the orders and the sales of the year for each of "
                 "the regions where the company sells its machines.", 60)
    ops = head + courier_lines(intro, 780)
    ops += courier_lines(["(Note) The figures above do not include tax.", "c. Sales by region"], 700)
    ops += courier_lines(["Orders grew in two of the three regions."], 650)
    ops += courier_lines(["(Note) The figures were checked twice.", "The finance team kept a log."], 600)
    mutool_create("edge-note.pdf", ops)


def pdf_float_table():
    """float-table.pdf: a page as a browser prints an HTML filing whose
    tables float (Courier 10, 60 characters a line from 72): the page's
    content stream shows the cells of its two tables first, then its
    heading, the paragraph that introduces the first table, whose last line
    runs nearly to the column's edge, a note under the first table, the
    sub-heading over the second and a closing paragraph."""
    head = ["%%MediaBox 0 0 595 842", "%%Font F3 Helvetica-Bold", "%%Font F4 Courier"]
    intro = wrap("Staff took part in several drills during the year, and the committee "
                 "compared the results of each one with those of the year before, as the "
                 "table below shows for each of its teams", 60)
    assert len(intro) == 3 and len(intro[-1]) + 1 + len("Measure") > 60, intro
    drills = [("Drill", "Spring", "Autumn"), ("Desk exercise", "1", "1"),
              ("Restore from backup", "2", "2")]
    y_intro, y_t1 = 750, 700
    y_note = y_t1 - 14 * len(TRAINING_TABLE) - 8
    y_sub = y_note - 28
    y_t2 = y_sub - 22
    y_end = y_t2 - 14 * len(drills) - 16
    ops = head + courier_rows(TRAINING_TABLE, y_t1, (342, 432))
    ops += courier_rows(drills, y_t2, (342, 432))
    ops += ["BT /F3 16 Tf 72 780 Td (Training results) Tj ET"]
    ops += courier_lines(intro, y_intro)
    ops += courier_lines(["Figures are for the whole group."], y_note)
    ops += [f"BT /F3 10 Tf 72 {y_sub} Td (Response drills) Tj ET"]
    ops += courier_lines(["Each drill ends with a written review."], y_end)
    mutool_create("float-table.pdf", ops)


def utf16_hex(t):
    """t as the hex of its UTF-16BE bytes, a string a UTF-16 font shows."""
    return t.encode("utf-16-be").hex()


# Objects 3 to 5 of a PDF whose Japanese is shown as UTF-16 (utf16_hex) in a
# Mincho font that is not embedded: the Type0 font, its CID font and their
# descriptor.
MINCHO_AT_3 = [b"<< /Type /Font /Subtype /Type0 /BaseFont /Mincho /Encoding /UniJIS-UTF16-H"
               b" /DescendantFonts [4 0 R] >>",
               b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Mincho /CIDSystemInfo << /Registry"
               b" (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor 5 0 R >>",
               b"<< /Type /FontDescriptor /FontName /Mincho /FontBBox [-200 -200 1200 1200] /Flags 6"
               b" /ItalicAngle 0 /Ascent 1000 /Descent -200 /StemV 80 >>"]


def write_pdf(name, objs, info=None):
    """A PDF of objs (object 1 the catalog), written by hand with its
    cross-reference table, for what mutool create cannot write; info, when
    given, is the document information dictionary (its Title and such)."""
    if info is not None:
        objs = objs + [info]
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    info_ref = b" /Info %d 0 R" % len(objs) if info is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, info_ref, xref)
    w(name, out, "wb")


def pdf_file_titles():
    """cover-titled.pdf: a securities report printed from its EDINET files,
    as EDINET's own PDFs are: the metadata's Title is the cover file's name
    (0000000_header_….htm), the first page the cover (each label over its
    value), the second the business section. word-titled.pdf: a draft whose
    Title is what a word processor writes when its author gave none
    ("Microsoft Word - " and the file's name), over a heading and a
    paragraph; meta-titled.pdf, the same under a Title a person wrote."""
    def lines(rows):
        # a row is a line, or a cover's label and its value side by side; a
        # row that opens with "#" is a heading, set larger
        def row(i, r):
            cells = [r] if isinstance(r, str) else r
            size = 16 if cells[0].startswith("#") else 10
            return "\n".join("BT /F1 %d Tf %d %d Td <%s> Tj ET"
                             % (size, 72 + 160 * k, 760 - 24 * i, utf16_hex(t.lstrip("#")))
                             for k, t in enumerate(cells))
        return "\n".join(row(i, r) for i, r in enumerate(rows)).encode()

    def pdf(name, title, pages):
        # 1 catalog, 2 page tree, 3-5 the font, then each page and its contents from 6
        kids = [6 + 2 * i for i in range(len(pages))]
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [%s] /Count %d >>"
                % (" ".join("%d 0 R" % k for k in kids).encode(), len(pages))] + MINCHO_AT_3
        for i, rows in enumerate(pages):
            data = lines(rows)
            objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources"
                        b" << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (kids[i] + 1))
            objs.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        write_pdf(name, objs, b"<< /Title (%s) /Producer (kaiji fixtures) >>" % title)
    pdf("cover-titled.pdf", b"0000000_header_0123456789012.htm",
        [["【表紙】", ("【提出書類】", "有価証券報告書"), ("【提出日】", "２０２５年６月２７日"),
          ("【事業年度】", "第２３期（自　２０２４年４月１日　至　２０２５年３月３１日）"),
          ("【会社名】", "みなと計測株式会社"), ("【代表者の役職氏名】", "代表取締役社長　港　一郎")],
         ["第２【事業の状況】", "当社は情報セキュリティ委員会を設け、対策の進み具合を確かめています。"]])
    pdf("word-titled.pdf", b"Microsoft Word - draft_v3.docx",
        [["#サイバーセキュリティへの取り組み", "当社はインシデント対応チームを設けています。"]])
    pdf("meta-titled.pdf", b"Minato Security Report 2025",
        [["#サイバーセキュリティへの取り組み", "当社はインシデント対応チームを設けています。"]])


def pdf_garbled():
    """garbled.pdf: a text layer whose font says nothing of what its glyphs
    are (an encoding of glyph names of its own, no ToUnicode map), as some
    PDF makers write Japanese: MuPDF gives private-use code points."""
    names = " ".join(f"/uniE{0x100 + c:03X}" for c in range(65, 91))
    content = b"BT /F1 12 Tf 72 770 Td (ABCDEFG HIJKLMN OPQRST) Tj 0 -16 Td (UVWXYZ ABCDEF GHIJK) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
            b" /Contents 5 0 R >>",
            ("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding"
             f" /Differences [65 {names}] >> >>").encode(),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    write_pdf("garbled.pdf", objs)


def pdf_vertical():
    """vertical.pdf: a Japanese page set vertically (tategaki), as the top
    message of an integrated report often is: a horizontal heading, then
    columns of 12-point text read top to bottom, right to left, with a
    font whose writing mode is vertical (UniJIS-UTF16-V). Two paragraphs,
    each opening with a one-character indent; the first runs over three
    columns, the second over two and has numbers set across the column
    (tate-chu-yoko, each a horizontal text object of its own): the 12 of
    12月 inside the first, and the 20 and 24 of 2024年度 at the head of the
    second.
    Two more pages of one paragraph each; every page has a chapter tab set
    vertically at its right edge, which is furniture."""
    size, top, per = 12, 760, 30
    p1 = ("当社は、情報セキュリティを経営の重要な課題と位置付けています。取締役会は毎年、"
          "対策の進み具合と次の年度の計画を確かめ、必要な予算と人員を認めています。")
    p2 = ("また、毎年|12|月には全ての役員と従業員が研修を受けています。"
          "|20||24|年度からは不審なメールを見分ける訓練も始めました。")
    # characters, one em each; a run between bars is one upright em
    cols = []
    for text in (p1, p2):
        ems = []
        for i, part in enumerate(text.split("|")):
            ems += [part] if i % 2 else list(part)
        first = per - 1  # the indent
        cols.append((size, ems[:first]))
        ems = ems[first:]
        while ems:
            cols.append((0, ems[:per]))
            ems = ems[per:]
    assert len(cols) == 5 and len(cols[2][1]) < per and len(cols[4][1]) < per, cols
    ops = ["BT /F1 16 Tf 72 790 Td <%s> Tj ET" % "トップメッセージ".encode("utf-16-be").hex()]
    for i, (indent, ems) in enumerate(cols):
        x, y, run = 520 - 18 * i, top - indent, ""
        for k, em in enumerate(ems + [None]):
            if em is not None and len(em) == 1:
                run += em
                continue
            if run:  # the vertical run so far, from its top
                ops.append("BT /F2 %d Tf %d %d Td <%s> Tj ET"
                           % (size, x, y, run.encode("utf-16-be").hex()))
                y -= size * len(run)
                run = ""
            if em is not None:  # upright, centred across the column: two
                # half-width digits (500 units each, /W) fill one em
                ops.append("BT /F1 %d Tf %d %d Td <%s> Tj ET"
                           % (size, x - size // 2, y - 10, em.encode("utf-16-be").hex()))
                y -= size
    tab = "BT /F2 10 Tf 580 700 Td <%s> Tj ET" % "価値創造の基盤".encode("utf-16-be").hex()
    more = ["取引先には契約の際に情報の取り扱いに関する約束を求め、主な取引先の状況を毎年確かめています。",
            "万一の事故に備えて対応の手順を定め、年に一度、経営陣も加わる訓練を行っています。"]
    pages = [ops + [tab]]
    for text in more:
        cut = per - 1
        pages.append(["BT /F2 %d Tf %d %d Td <%s> Tj ET" % (size, 520 - 18 * i, top - ind,
                                                           part.encode("utf-16-be").hex())
                      for i, (ind, part) in enumerate([(size, text[:cut]), (0, text[cut:])])]
                     + [tab])
    cid = (b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Mincho /CIDSystemInfo << /Registry"
           b" (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor 6 0 R /W [1 95 500] >>")
    # objects 1-2 the catalog and page tree, 3-5 the fonts, 6-7 the CID font,
    # then each page and its contents
    kids = " ".join("%d 0 R" % (8 + 2 * i) for i in range(len(pages)))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids.encode(), len(pages)),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Mincho /Encoding /UniJIS-UTF16-H"
            b" /DescendantFonts [7 0 R] >>",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Mincho /Encoding /UniJIS-UTF16-V"
            b" /DescendantFonts [7 0 R] >>",
            b"<< /Font << /F1 3 0 R /F2 4 0 R >> >>",
            b"<< /Type /FontDescriptor /FontName /Mincho /FontBBox [-200 -200 1200 1200] /Flags 6"
            b" /ItalicAngle 0 /Ascent 1000 /Descent -200 /StemV 80 >>",
            cid]
    for i, page in enumerate(pages):
        content = "\n".join(page).encode()
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 5 0 R"
                    b" /Contents %d 0 R >>" % (9 + 2 * i))
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    write_pdf("vertical.pdf", objs)


def wrap_ems(text, width, first=None):
    """Japanese lines of text broken where the next character would not
    fit in width half-ems (an ASCII character takes one, any other two),
    the first line in first; no line may start with a mark kinsoku keeps
    off a line's start."""
    lines, cur, used, limit = [], "", 0, width if first is None else first
    for ch in text:
        w = 1 if ord(ch) < 128 else 2
        if used + w > limit:
            lines.append(cur)
            cur, used, limit = "", 0, width
        cur += ch
        used += w
    lines = lines + [cur]
    assert not any(t[0] in "、。）」" for t in lines), lines
    return lines


def pdf_inset():
    """inset.pdf: a page of 10-point text whose top message is set in a box
    inset from the text column on both sides, as integrated reports set one
    on a tint, each line a text object of its own as browsers print them: a
    Japanese paragraph whose second line, holding five half-width letters,
    stops half a character short of the box's edge (the next character did
    not fit) but well short of the page's, which a second paragraph follows
    without an indent, its first line full and its last short; an English
    paragraph in a box set the same way, wrapped greedily at its width.
    Between them the page's own paragraphs, and after them a list of
    reports set in from the left only, its long lines all of a length, that
    is no box: its lines are paragraphs of their own."""
    size, pitch, body_x, box_x = 10, 17, 72, 96
    ja_body = ("当社は、お客様からお預かりする情報を守ることを経営の土台と考え、全ての拠点で同じ水準の"
               "対策をとることを目指しています。工場の制御システムも事務所のパソコンも、同じ規程の下で"
               "管理し、その状況を年に一度、外部の専門家に確かめてもらっています。このページでは、その"
               "考え方を社長が説明します。")
    ja_box1 = ("昨年度は海外の拠点で不審なメールが相次ぎ、取引先の皆様に大変なご心配をおかけしました。社内の専"
               "門チームであるCSIRTが初動を担い、半日で送信を止めましたが、連絡の手順には改めるべき点"
               "が見つかりました。今年度はこの反省を生かし、全ての拠点で同じ手順の訓練を行います。")
    ja_box2 = ("取締役会はこの取り組みの進み具合を四半期ごとに確かめ、必要な人と予算を毎年度の初めに"
               "認めています。")
    ja_body2 = ("囲みの外の本文です。当社は毎年、情報セキュリティに関する報告書を公表し、その中で対策の"
                "成果と課題を説明しています。報告書は当社のウェブサイトで誰でも読むことができ、印刷した"
                "ものも各拠点に置いています。")
    en_box = ("In the same year we asked every supplier that handles the records of our "
              "customers to answer a questionnaire on encryption, backups and access reviews; "
              "those whose answers raised doubts had a visit from our auditors within three "
              "months, and two of them changed how they keep their backups as a result.")
    en_body = ("Outside the box the report goes on across the full measure of the page, as its "
               "other sections do.")
    reports = ["Q1 report (1 April to 30 June 2025)", "filed on 7 August 2025",
               "Q2 report (1 July to 30 Sept. 2025)", "filed on 6 November 2025",
               "Q3 report (1 Oct. to 31 Dec. 2025)", "filed on 5 February 2026"]
    body = wrap_ems(ja_body, 88)
    box1 = wrap_ems(ja_box1, 80, 78)  # a one-character indent
    box2 = wrap_ems(ja_box2, 80)
    body2 = wrap_ems(ja_body2, 88)
    ebox, ebody = wrap(en_box, 65), wrap(en_body, 73)
    # the second line of the box stops one half-em short of the box's edge
    assert box1[1].count("CSIRT") == 1 and len(box1[1]) == 42 and len(box1) == 4, box1
    assert len(box2) == 2 and len(box2[1]) < 20, box2
    # the page's text edge is where its body lines end
    assert len(body) == 4 and len(body2) == 3, (body, body2)
    # a line of the English box whose next word ends past the box's edge
    # but short of the page's: a wrap only the box tells
    assert any(65 < len(a) + 1 + len(b.split()[0]) <= 68 for a, b in zip(ebox, ebox[1:])), ebox
    assert sum(len(t) >= 64 for t in ebox) >= 3 and len(ebody) == 2, (ebox, ebody)
    assert {len(t) for t in reports[::2]} <= {34, 35}
    rows = [("F3", 16, body_x, "Message from the President", 2)]
    rows += [("F1", size, body_x, t, 0) for t in body[:-1]] + [("F1", size, body_x, body[-1], 2)]
    rows += [("F1", size, box_x + (size if i == 0 else 0), t, 0) for i, t in enumerate(box1)]
    rows += [("F1", size, box_x, t, 0) for t in box2[:-1]] + [("F1", size, box_x, box2[-1], 2)]
    rows += [("F1", size, body_x, t, 0) for t in body2[:-1]] + [("F1", size, body_x, body2[-1], 2)]
    rows += [("F2", size, box_x, t, 0) for t in ebox[:-1]] + [("F2", size, box_x, ebox[-1], 2)]
    rows += [("F2", size, body_x, t, 0) for t in ebody[:-1]] + [("F2", size, body_x, ebody[-1], 2)]
    rows += [("F2", size, body_x, "Reports filed during the year:", 0)]
    rows += [("F2", size, box_x, t, 0) for t in reports]
    rows += [("F2", size, body_x, "Each was filed on time.", 0)]
    ops, y = [], 740
    for font, sz, x, text, gap in rows:
        shown = "<%s>" % text.encode("utf-16-be").hex() if font == "F1" else "(%s)" % text
        ops.append("BT /%s %d Tf %d %d Td %s Tj ET" % (font, sz, x, y, shown))
        y -= pitch * (1 + gap // 2)
    assert y > 60, y
    content = "\n".join(ops).encode()
    cid = (b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Mincho /CIDSystemInfo << /Registry"
           b" (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor 6 0 R /W [1 95 500] >>")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [8 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Mincho /Encoding /UniJIS-UTF16-H"
            b" /DescendantFonts [7 0 R] >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
            b"<< /Type /FontDescriptor /FontName /Mincho /FontBBox [-200 -200 1200 1200] /Flags 6"
            b" /ItalicAngle 0 /Ascent 1000 /Descent -200 /StemV 80 >>",
            cid,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources"
            b" << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents 9 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    write_pdf("inset.pdf", objs)


def pdf_outline():
    """outline.pdf: a report whose section titles are set like its body
    text (same font, same size, as designed reports often set them, in a
    colour), so that only its outline (bookmarks) tells them: two chapters
    and a section under the second, one title wrapped over two lines. Two
    titles differ from their lines only in what folding removes (a line's
    full-width １． for the title's 1., and the Kangxi radical ⼿ that
    browser prints give for 手, set here in a font of its own whose
    ToUnicode map says so), as titles and lines of real files often do."""
    def lines(rows):
        # U+2F3F is shown in font F2 (CID 3000, a full-width one), the rest in F1
        def shown(t):
            return " ".join("/F2 10 Tf <0BB8> Tj /F1 10 Tf" if part == "\u2f3f" else "<%s> Tj" % utf16_hex(part)
                            for part in t.replace("\u2f3f", "\0\u2f3f\0").split("\0") if part)
        return "\n".join("BT /F1 10 Tf 72 %d Td %s ET" % (y, shown(t)) for y, t in rows)
    pages = [lines([(760, "１．情報セキュリティへの取り組み"),
                    (740, "当社は情報セキュリティ委員会を設け、対策の進み具合を四半期ごとに確かめています。")]),
             lines([(760, "サイバー攻撃に備えた"),
                    (746, "事業継続の体制"),
                    (726, "重要なシステムは二か所のデータセンターで動かし、バックアップから復旧する訓練を年に一度行っています。"),
                    (700, "インシデント対応の\u2f3f順"),
                    (680, "専門チームが初動対応から再発防止までを担っています。")])]
    titles = [(0, 0, "1. 情報セキュリティへの取り組み"), (0, 1, "サイバー攻撃に備えた事業継続の体制"),
              (1, 1, "インシデント対応の手順")]
    # 1 catalog, 2 page tree, 3 font, 4 its CID font, 5 descriptor, 6 outline root,
    # 7-9 the outline's items, then each page and its contents from 10
    page_obj = [10 + 2 * i for i in range(len(pages))]
    objs = [b"<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>"
            % (" ".join("%d 0 R" % n for n in page_obj).encode(), len(pages))] + MINCHO_AT_3 + [
            b"<< /Type /Outlines /First 7 0 R /Last 8 0 R /Count 3 >>"]
    for i, (depth, page, title) in enumerate(titles):
        n = 7 + i
        links = {0: b"/Parent 6 0 R /Next 8 0 R",
                 1: b"/Parent 6 0 R /Prev 7 0 R /First 9 0 R /Last 9 0 R /Count 1",
                 2: b"/Parent 8 0 R"}[i]
        objs.append(b"<< /Title <feff%s> %s /Dest [%d 0 R /XYZ null null null] >>"
                    % (utf16_hex(title).encode(), links, page_obj[page]))
        assert n == len(objs)
    for i, content in enumerate(pages):
        data = content.encode()
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources"
                    b" << /Font << /F1 3 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>"
                    % (page_obj[-1] + 2, page_obj[i] + 1))
        objs.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /K def"
            b" 1 begincodespacerange <0000> <FFFF> endcodespacerange"
            b" 1 beginbfchar <0BB8> <2F3F> endbfchar endcmap CMapName currentdict /CMap"
            b" defineresource pop end end")
    objs.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /Mincho /Encoding /Identity-H"
                b" /DescendantFonts [4 0 R] /ToUnicode %d 0 R >>" % (len(objs) + 2))
    objs.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    write_pdf("outline.pdf", objs)


def hostile():
    """Crafted hostile containers, small zipped, that a reader must get
    through without taking time that grows with the square of their size:
    styles-many.docx, 100,000 styles of one ID and 100,000 paragraphs whose
    style is none of them (a walk over the styles for each paragraph);
    rels-many.pptx, 100,000 relationships and 100,000 slide entries whose
    relationship is not among them (a walk over the relationships for
    each); markup-bomb.docx, 17 KB that unzip to 4.2 million empty
    elements, whose tree would take over half a gigabyte; string-bomb.pdf,
    40 KB whose one page shows a string of 40 million characters once
    decompressed (MuPDF keeps a glyph for each: gigabytes);
    sections-together.zip, two EDINET sections of 20,000 bytes each,
    deflated, that pass a limit one at a time and not together; and
    same-slide.pptx, whose presentation lists its one slide three times;
    attr-bomb.docx, an attribute value of 11 MB, past libxml2's limit of
    10 MB; deep.docx, elements nested 300 deep, past libxml2's limit."""
    n = 100000
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W}>' +
              '<w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style>' * n +
              '</w:styles>')
    body = (para("Hoshizora security policy", "1") +
            '<w:p><w:pPr><w:pStyle w:val="zz"/></w:pPr></w:p>' * n)
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    styles_head = '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>'
    styles = styles.replace("</w:styles>", styles_head + "</w:styles>")
    with zipfile.ZipFile(os.path.join(OUT, "styles-many.docx"), "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as zf:
        put(zf, "[Content_Types].xml", CT)
        put(zf, "word/document.xml", doc)
        put(zf, "word/styles.xml", styles)
    P = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
         'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
    R = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
    pres = (f'<?xml version="1.0" encoding="UTF-8"?><p:presentation {P}><p:sldIdLst>'
            '<p:sldId id="256" r:id="rIdS"/>' + '<p:sldId id="257" r:id="rIdZ"/>' * n +
            '</p:sldIdLst></p:presentation>')
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships {R}>' +
            '<Relationship Id="rIdA" Target="slides/none.xml"/>' * n +
            '<Relationship Id="rIdS" Target="slides/slide1.xml"/></Relationships>')
    slide = (f'<?xml version="1.0" encoding="UTF-8"?><p:sld {P}><p:cSld><p:spTree>'
             '<p:sp><p:txBody><a:p><a:r><a:t>Hoshizora security committee</a:t></a:r></a:p>'
             '</p:txBody></p:sp></p:spTree></p:cSld></p:sld>')
    with zipfile.ZipFile(os.path.join(OUT, "rels-many.pptx"), "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as zf:
        put(zf, "[Content_Types].xml", CT)
        put(zf, "ppt/presentation.xml", pres)
        put(zf, "ppt/_rels/presentation.xml.rels", rels)
        put(zf, "ppt/slides/slide1.xml", slide)
    body = para("Hoshizora security policy") + "<w:p/>" * 4200000
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(os.path.join(OUT, "markup-bomb.docx"), "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as zf:
        put(zf, "[Content_Types].xml", CT)
        put(zf, "word/document.xml", doc)
    content = b"BT /F1 12 Tf 72 720 Td (Hoshizora security policy) Tj 0 -20 Td (" + \
        b"a" * 40000000 + b") Tj ET"
    data = zlib.compress(content, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>stream\n" % len(data) + data + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    write_pdf("string-bomb.pdf", objs)
    page = ("<html><body><p>Hoshizora security policy.</p>" + " " * 19900 +
            "</body></html>")[:20000]
    with zipfile.ZipFile(os.path.join(OUT, "sections-together.zip"), "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as zf:
        put(zf, "XBRL/PublicDoc/0101010_honbun_x.htm", page)
        put(zf, "XBRL/PublicDoc/0102010_honbun_x.htm", page)
    pres = (f'<?xml version="1.0" encoding="UTF-8"?><p:presentation {P}><p:sldIdLst>' +
            '<p:sldId id="256" r:id="rIdS"/>' * 3 + '</p:sldIdLst></p:presentation>')
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships {R}>'
            '<Relationship Id="rIdS" Target="slides/slide1.xml"/></Relationships>')
    with zipfile.ZipFile(os.path.join(OUT, "same-slide.pptx"), "w", zipfile.ZIP_DEFLATED) as zf:
        put(zf, "[Content_Types].xml", CT)
        put(zf, "ppt/presentation.xml", pres)
        put(zf, "ppt/_rels/presentation.xml.rels", rels)
        put(zf, "ppt/slides/slide1.xml", slide)
    # attr-bomb.docx, a paragraph whose attribute value is 11 MB: over the
    # 10 MB libxml2 reads, which printed its error and the line to stderr
    body = f'<w:p w:rsidR="{"a" * 11000000}">' + para("Hoshizora security policy")[5:]
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    with open(os.path.join(OUT, "attr-bomb.docx"), "wb") as f:
        f.write(zip_bytes([("[Content_Types].xml", CT), ("word/document.xml", doc)]))
    body = para("Hoshizora security policy") + "<w:sdt>" * 300 + "</w:sdt>" * 300
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(os.path.join(OUT, "deep.docx"), "w", zipfile.ZIP_DEFLATED) as zf:
        put(zf, "[Content_Types].xml", CT)
        put(zf, "word/document.xml", doc)


def pdf_loops():
    """PDFs whose structure refers to itself, which MuPDF must get through
    without a hang or a crash: page-tree-loop.pdf, whose page tree lists an
    intermediate node whose Kids name the root again; objstm-loop.pdf, whose
    cross-reference stream places an object stream in itself (and the font
    in it); xref-loop.pdf, an update whose /Prev names the section that names
    it back; form-loop.pdf, a form XObject that draws itself; and
    pages-bomb.pdf, 4 KB whose 30 levels of page tree each list the next
    level twice: 2^30 pages of one page object."""
    content = b"BT /F1 12 Tf 72 720 Td (Hoshizora security policy) Tj ET"
    stream = b"<< /Length %d >>stream\n" % len(content) + content + b"\nendstream"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    res = b"/MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
    page = b"<< /Type /Page /Parent 2 0 R " + res + b" /Contents 4 0 R >>"
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    write_pdf("page-tree-loop.pdf", [
        catalog, b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 3 >>", page, stream, font,
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 2 >>"])
    form = b"q /X1 Do Q " + content
    write_pdf("form-loop.pdf", [
        catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
        b"<< /X1 6 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length 6 >>stream\n/X1 Do\nendstream", font,
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R"
        b" >> /XObject << /X1 6 0 R >> >> /Length %d >>stream\n" % len(form) + form +
        b"\nendstream"])
    # 30 levels of /Pages, each listing the next twice, the last the page
    levels = 30
    objs = [catalog, None, page, stream, font]
    nums = [2] + [6 + i for i in range(levels - 1)]
    for i, num in enumerate(nums):
        kid = nums[i + 1] if i + 1 < len(nums) else 3
        parent = b"/Parent %d 0 R " % nums[i - 1] if i else b""
        node = b"<< /Type /Pages %s/Kids [%d 0 R %d 0 R] /Count %d >>" % (
            parent, kid, kid, 2 ** (levels - i))
        if num == 2:
            objs[1] = node
        else:
            objs.append(node)
    write_pdf("pages-bomb.pdf", objs)
    # an update whose /Prev names the first section, whose /Prev names it
    body = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate([catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream,
                           font]):
        offs.append(len(body))
        body += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref1 = len(body)
    first = (b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
             + b"trailer\n<< /Size 6 /Root 1 0 R /Prev %010d >>\nstartxref\n%d\n%%%%EOF\n")
    update_at = xref1 + len(first % (0, xref1))
    update = b"5 0 obj\n" + font + b"\nendobj\n"
    xref2 = update_at + len(update)
    update += (b"xref\n5 1\n%010d 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %010d >>\n"
               b"startxref\n%d\n%%%%EOF\n" % (update_at, xref1, xref2))
    w("xref-loop.pdf", body + first % (xref2, xref1) + update, "wb")
    # an object stream (6) that the cross-reference stream (8) places in itself
    body = b"%PDF-1.5\n"
    offs = {}
    for num, o in [(1, catalog), (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                   (3, page.replace(b"/F1 5 0 R", b"/F1 7 0 R")), (4, stream)]:
        offs[num] = len(body)
        body += b"%d 0 obj\n" % num + o + b"\nendobj\n"
    index = b"7 0 6 60 "
    data = zlib.compress(index + font.ljust(60) + b"<< /Type /ObjStm /N 1 /First 0 >>")
    offs[6] = len(body)
    body += (b"6 0 obj\n<< /Type /ObjStm /N 2 /First %d /Extends 6 0 R /Filter /FlateDecode "
             b"/Length %d >>stream\n" % (len(index), len(data)) + data + b"\nendstream\nendobj\n")
    offs[8] = len(body)
    kinds = {0: (0, 0, 65535), 5: (0, 0, 0), 6: (2, 6, 1), 7: (2, 6, 0)}
    rows = b"".join(bytes([t]) + a.to_bytes(4, "big") + g.to_bytes(2, "big") for t, a, g in
                    (kinds.get(n, (1, offs.get(n, 0), 0)) for n in range(9)))
    xs = zlib.compress(rows)
    body += (b"8 0 obj\n<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
             b"/Length %d >>stream\n" % len(xs) + xs +
             b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offs[8])
    w("objstm-loop.pdf", body, "wb")


def zip_bytes(members):
    """A deflated zip of (name, text) members, byte for byte the same at each
    run (fixed dates), as bytes."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text,
                        compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def corrupt_zips():
    """Zip archives damaged as downloads and disks damage them, of which a
    reader must say what is wrong in a user's words: truncated.zip (an
    EDINET filing) and truncated.docx, cut in half, without the list of
    members at their end; damaged-list.docx, whose end points at the list of
    members 7 bytes off; damaged-member.zip, an EDINET section whose
    compressed data has 20 bytes flipped; and misplaced-member.docx, whose
    list says word/document.xml starts at byte 5."""
    import struct
    filing = zip_bytes([(f"XBRL/PublicDoc/{code}_honbun_x.htm", edinet_section(code, head, body))
                        for code, head, body in SECTIONS])
    word = zip_bytes([("[Content_Types].xml", CT),
                      ("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document '
                       f'{W}><w:body>{para("Hoshizora security policy")}</w:body></w:document>')])
    w("truncated.zip", filing[:len(filing) // 2])
    w("truncated.docx", word[:len(word) // 2])
    end = word.rfind(b"PK\x05\x06")
    listed = struct.unpack("<I", word[end + 16:end + 20])[0]
    d = bytearray(word)
    d[end + 16:end + 20] = struct.pack("<I", listed + 7)
    w("damaged-list.docx", bytes(d))
    entry = word.index(b"PK\x01\x02", listed)  # the list's first entry,
    entry = word.index(b"PK\x01\x02", entry + 4)  # then its second, word/document.xml
    assert word[entry + 46:entry + 46 + 17] == b"word/document.xml"
    d = bytearray(word)
    d[entry + 42:entry + 46] = struct.pack("<I", 5)
    w("misplaced-member.docx", bytes(d))
    name_len, extra_len = struct.unpack("<HH", filing[26:30])
    data = 30 + name_len + extra_len
    d = bytearray(filing)
    for i in range(data + 5, data + 25):
        d[i] ^= 0x55
    w("damaged-member.zip", bytes(d))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    texts()
    htmls()
    docx()
    docx_boxes()
    docx_pages()
    docx_nested()
    docx_tables()
    docx_lines()
    docx_stand_ins()
    docx_sdt()
    docx_placeholder()
    pptx()
    pdfs()
    pdf_columns()
    pdf_numbered()
    pdf_hyphens()
    pdf_marked()
    pdf_page_numbers()
    pdf_bullets()
    pdf_hand_cut()
    pdf_hand_cut_paragraphs()
    pdf_hand_cut_english()
    pdf_hand_cut_pages()
    pdf_note_marks()
    pdf_bare_pages()
    pdf_bold_marks()
    pdf_table_rows()
    pdf_cell_gaps()
    pdf_foot_figures()
    pdf_cell_wraps()
    pdf_grid_rows()
    pdf_grid_narrow()
    pdf_grid_figures()
    pdf_edge_note()
    pdf_float_table()
    pdf_letterspaced()
    pdf_stand_ins()
    pdf_type3()
    pdf_italic_heading()
    pdf_garbled()
    pdf_vertical()
    pdf_outline()
    pdf_file_titles()
    pdf_inset()
    hostile()
    corrupt_zips()
    pdf_loops()
    print("fixtures written to", OUT)
