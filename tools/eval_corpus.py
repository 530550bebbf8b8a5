#!/usr/bin/env python3
"""Which passages of whole filings kaiji takes to be about cybersecurity (make eval).

The labelled paragraphs in ../shared/eval were chosen because they mention security, so they
cannot show how many passages of a whole filing are wrongly taken to be about it. This script
analyses the real filings in ../shared/corpus (EDINET business sections, US 10-Ks) and counts,
per language, the passages, those that got an item ("flagged"), the flagged ones that contain
a strong cybersecurity word (a proxy for the ones that are right) and the flagged ones that
contain no cyber word at all (a proxy for the ones that are wrong). The word lists are a rough
yardstick for comparing two versions of kaiji, not labels.

The labels are in tools/corpus-gate.tsv: the passages the session-10 model flagged (and, added on
2026-12-02, the 14 that later versions flagged besides), each read by hand and marked about
cybersecurity / information security / personal data (1) or not (0), keyed by file and the SHA-1
of the passage text (no text is stored). For them the script reports how
many of each kind are flagged now: precision on whole filings, and on-topic passages lost. A
passage flagged now that was not flagged then has no label and is counted apart.

usage: python3 tools/eval_corpus.py KAIJI CORPUS_DIR
"""
import glob
import hashlib
import json
import os
import re
import subprocess
import sys

from tsv_rows import tsv_rows

STRONG = {
    "ja": re.compile(r"サイバー|情報セキュリティ|不正アクセス|情報漏|情報の漏|ランサム|マルウェア"
                     r"|コンピュータ.?ウ.ルス|ハッキング|標的型|CSIRT|ＣＳＩＲＴ|システム障害|情報システム"),
    "en": re.compile(r"cyber|information security|data breach|unauthori[sz]ed access|malware"
                     r"|ransomware|hack|phishing|CISO|incident response", re.I),
}
ANY = {
    "ja": re.compile(r"サイバー|セキュリティ|不正アクセス|情報漏|漏えい|漏洩|個人情報|システム障害"
                     r"|マルウェア|ランサム|ハッキング|情報システム|ＩＴ|IT|コンピュータ|ネットワーク"
                     r"|標的型|情報管理|機密情報|データ|CSIRT|ＣＳＩＲＴ|情報資産|改ざん|システム"),
    "en": re.compile(r"cyber|security|breach|unauthori[sz]ed|malware|ransomware|hack"
                     r"|information technology|IT system|data|privacy|network|incident", re.I),
}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    kaiji, corpus = sys.argv[1], sys.argv[2]
    labels = load_labels(os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus-gate.tsv"))
    seen = {}  # (file, sha1) -> flagged now
    sets = {"ja": sorted(glob.glob(f"{corpus}/ja-yuho-business/*.html")),
            "en": sorted(glob.glob(f"{corpus}/en-10k/*.html"))}
    for lang, files in sets.items():
        total = flagged = strong = none = 0
        for f in files:
            r = subprocess.run([kaiji, "analyze", "--format", "json", "--all-passages", f],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{f}: kaiji exited {r.returncode}: {r.stderr.strip()[:200]}")
                continue
            doc = json.loads(r.stdout)
            total += doc["passage_count"]
            name = "/".join(f.split("/")[-2:])
            for p in doc["passages"]:
                key = (name, hashlib.sha1(p["text"].encode()).hexdigest())
                seen[key] = seen.get(key, False) or bool(p.get("items"))
                if not p.get("items"):
                    continue
                flagged += 1
                strong += bool(STRONG[lang].search(p["text"]))
                none += not ANY[lang].search(p["text"])
        print(f"corpus {lang}: {len(files)} files, {total} passages, {flagged} about cybersecurity; "
              f"of those {strong} with a strong cyber word, {none} with no cyber word at all")
    report_labels(labels, seen)


def load_labels(path):
    """{(file, sha1): 0 or 1} from corpus-gate.tsv ({} when it is missing)."""
    if not os.path.exists(path):
        return {}
    return {(name, digest): int(label) for name, digest, label in tsv_rows(path)}


def report_labels(labels, seen):
    if not labels:
        return
    on = sum(labels.values())
    off = len(labels) - on
    on_now = sum(1 for k, v in labels.items() if v and seen.get(k))
    off_now = sum(1 for k, v in labels.items() if not v and seen.get(k))
    gone = sum(1 for k in labels if k not in seen)
    new = sum(1 for k, v in seen.items() if v and k not in labels)
    prec = on_now / (on_now + off_now) if on_now + off_now else 0.0
    print(f"corpus hand labels ({len(labels)} passages, tools/corpus-gate.tsv): flagged {on_now} of "
          f"{on} on-topic and {off_now} of {off} off-topic (precision {prec:.3f}); "
          f"{new} flagged passages unlabelled, {gone} labelled passages not found")


if __name__ == "__main__":
    main()
