#!/usr/bin/env python3
"""Validate kaiji lexicons (data/lexicon/*.tsv) and print counts.

Checks every non-comment line: 6 or 7 tab-separated columns; lang in ja/en/any; item 0-10;
element '-' or one of the guide's 21 elements belonging to that item; non-empty category;
weight a number in [0, 1]; `re:` patterns compile with Python's re (a rough check) and use no
look-around or back-references (unsupported by Vectorscan); `*` only as a literal's last
character; no duplicate (normalised term, item, element, category) across all files (the
same item-0 term may be both a `cyber` relevance term and a `jargon` or `topic` entry).
Normalisation is kaiji's: NFKC, ASCII lower case, white-space runs -> one space.

Usage: tools/check_lexicon.py [DIR]     (default: data/lexicon next to this script)
Exit status 1 when any error is found.
"""
import collections
import glob
import os
import re
import sys
import unicodedata

ELEMENTS = {
    1: ["1.1", "1.2", "1.3"], 2: ["2.1", "2.2"], 3: ["3.1", "3.2", "3.3"],
    4: ["4.1", "4.2"], 5: ["5.1"], 6: ["6.1", "6.2", "6.3"], 7: ["7.1", "7.2"],
    8: ["8.1"], 9: ["9.1", "9.2"], 10: ["10.1", "10.2"],
}
LANGS = {"ja", "en", "any"}
UNSUPPORTED_RE = re.compile(r"\(\?<?[=!]|\\[1-9]|\(\?P=")
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def normalise(s):
    s = unicodedata.normalize("NFKC", s).translate(_ASCII_LOWER)
    return re.sub(r"\s+", " ", s).strip()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "data", "lexicon")
    files = sorted(glob.glob(os.path.join(d, "*.tsv")))
    if not files:
        print("no .tsv files in", d)
        return 1
    errors = warnings = 0
    seen = {}
    per_file = collections.Counter()
    per_file_lang = collections.defaultdict(collections.Counter)
    per_item = collections.Counter()
    per_elem = collections.Counter()
    per_elem_lang = collections.defaultdict(collections.Counter)
    per_cat = collections.Counter()

    def err(f, n, msg):
        nonlocal errors
        errors += 1
        print(f"{os.path.basename(f)}:{n}: error: {msg}")

    def warn(f, n, msg):
        nonlocal warnings
        warnings += 1
        print(f"{os.path.basename(f)}:{n}: warning: {msg}")

    for f in files:
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.rstrip("\n").rstrip("\r")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) < 6 or len(cols) > 7:
                    err(f, n, f"{len(cols)} columns (want 6 or 7)")
                    continue
                term, lang, item, elem, cat, weight = cols[:6]
                if term != term.strip() or not term.strip():
                    err(f, n, "empty term or leading/trailing white space")
                if lang not in LANGS:
                    err(f, n, f"bad lang {lang!r}")
                try:
                    it = int(item)
                    if not 0 <= it <= 10:
                        raise ValueError
                except ValueError:
                    err(f, n, f"bad item {item!r}")
                    continue
                if elem != "-":
                    if it == 0 or elem not in ELEMENTS.get(it, []):
                        err(f, n, f"element {elem!r} does not belong to item {it}")
                if not cat or not re.fullmatch(r"[a-z_]+", cat):
                    err(f, n, f"bad category {cat!r}")
                try:
                    w = float(weight)
                    if not 0.0 <= w <= 1.0:
                        raise ValueError
                except ValueError:
                    err(f, n, f"bad weight {weight!r}")
                if term.startswith("re:"):
                    pat = term[3:]
                    if UNSUPPORTED_RE.search(pat):
                        err(f, n, "look-around or back-reference (unsupported by Vectorscan)")
                    try:
                        re.compile(pat)
                    except re.error as e:
                        err(f, n, f"regex does not compile: {e}")
                    key = ("re", pat, it, elem, cat)
                else:
                    core = term[:-1] if term.endswith("*") else term
                    if "*" in core:
                        err(f, n, "'*' is only allowed as the last character")
                    if "\t" in term:
                        err(f, n, "tab in term")
                    nt = normalise(term)
                    if nt != term.lower().strip() and unicodedata.normalize("NFKC", term) == term:
                        pass
                    if lang == "en" and not nt.isascii():
                        warn(f, n, "lang en but term is not ASCII")
                    if len(nt.rstrip("*")) < 2:
                        warn(f, n, "very short term")
                    key = ("lit", nt, it, elem, cat)
                if key in seen:
                    err(f, n, f"duplicate of {seen[key]} (term, item, element, category)")
                else:
                    seen[key] = f"{os.path.basename(f)}:{n}"
                base = os.path.basename(f)
                per_file[base] += 1
                per_file_lang[base][lang] += 1
                per_item[it] += 1
                per_cat[cat] += 1
                if elem != "-":
                    per_elem[elem] += 1
                    per_elem_lang[elem][lang] += 1

    total = sum(per_file.values())
    print(f"\n{total} entries in {len(files)} files")
    print("\nper file (ja / en / any):")
    for fn in sorted(per_file):
        c = per_file_lang[fn]
        print(f"  {fn:16s} {per_file[fn]:5d}   ({c['ja']} / {c['en']} / {c['any']})")
    print("\nper item:")
    for it in sorted(per_item):
        print(f"  item {it:2d}  {per_item[it]:5d}")
    print("\nper element (ja / en / any):")
    for it in range(1, 11):
        for e in ELEMENTS[it]:
            c = per_elem_lang[e]
            print(f"  {e:5s} {per_elem[e]:5d}   ({c['ja']} / {c['en']} / {c['any']})")
    print("\nper category:")
    for cat, k in sorted(per_cat.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {cat:12s} {k:5d}")
    print(f"\n{errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
