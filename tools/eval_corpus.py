#!/usr/bin/env python3
"""Which passages of whole filings kaiji takes to be about cybersecurity (make eval).

The labelled paragraphs in ../shared/eval were chosen because they mention security, so they
cannot show how many passages of a whole filing are wrongly taken to be about it. This script
analyses the real filings in ../shared/corpus (EDINET business sections, US 10-Ks) and counts,
per language, the passages, those that got an item ("flagged"), the flagged ones that contain
a strong cybersecurity word (a proxy for the ones that are right) and the flagged ones that
contain no cyber word at all (a proxy for the ones that are wrong). The word lists are a rough
yardstick for comparing two versions of kaiji, not labels.

usage: python3 tools/eval_corpus.py KAIJI CORPUS_DIR
"""
import glob
import json
import re
import subprocess
import sys

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
    sets = {"ja": sorted(glob.glob(f"{corpus}/ja-yuho-business/*.html")),
            "en": sorted(glob.glob(f"{corpus}/en-10k/*.html"))}
    for lang, files in sets.items():
        total = flagged = strong = none = 0
        for f in files:
            r = subprocess.run([kaiji, "analyze", "--format", "json", f], capture_output=True,
                               text=True)
            if r.returncode != 0:
                print(f"{f}: kaiji exited {r.returncode}: {r.stderr.strip()[:200]}")
                continue
            doc = json.loads(r.stdout)
            total += doc["passage_count"]
            for p in doc["passages"]:
                if not p.get("items"):
                    continue
                flagged += 1
                strong += bool(STRONG[lang].search(p["text"]))
                none += not ANY[lang].search(p["text"])
        print(f"corpus {lang}: {len(files)} files, {total} passages, {flagged} about cybersecurity; "
              f"of those {strong} with a strong cyber word, {none} with no cyber word at all")


if __name__ == "__main__":
    main()
