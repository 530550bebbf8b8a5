#!/usr/bin/env python3
"""Validate kaiji training data (data/train/*.jsonl, any language) and report counts.

Checks every line: valid JSON object; fields id, lang, text, items, elements, spec;
items are unique sorted ints 1-10; each element belongs to one of the items and every
item has at least one element; spec is 1-4; ids unique across all files.

Also reports any training passage that shares a run of N (default 20) identical
characters with a text in the held-out eval data (eval/*.jsonl: text/body/commentary)
or the guide (seed/*.txt). Missing directories are skipped silently.
Japanese (and any non-English) passages use --run (default 20 characters). English passages
use --run-en (default 40 characters): 20 characters of English is only 3-4 common words
("business continuity ", " incident response p"), which flags stock vocabulary rather than
copying; pass --run-en 20 for the strict character rule.

With --against DIR (another set of kaiji's own passages, e.g. data/train for the held-out
set in tests/heldout) it also reports any sentence of 30 characters or more that appears in
both, so a held-out set stays held out.

usage: python3 tools/check_train.py [--train DIR] [--shared DIR] [--run N] [--run-en N]
                                    [--lang ja|en] [--against DIR] [--quiet]
exit status 1 when any error or overlap is found.
"""
import argparse
import collections
import glob
import json
import os
import re
import sys

ELEMENTS = {
    1: ["1.1", "1.2", "1.3"], 2: ["2.1", "2.2"], 3: ["3.1", "3.2", "3.3"],
    4: ["4.1", "4.2"], 5: ["5.1"], 6: ["6.1", "6.2", "6.3"], 7: ["7.1", "7.2"],
    8: ["8.1"], 9: ["9.1", "9.2"], 10: ["10.1", "10.2"],
}
ALL_ELEMENTS = [e for v in ELEMENTS.values() for e in v]
REQUIRED = ("id", "lang", "text", "items", "elements", "spec")


def norm(s):
    # collapse whitespace so PDF line wraps do not hide an overlap
    return re.sub(r"\s+", " ", s).strip()


def sentences(text):
    """The normalised sentences of 30 characters or more of text."""
    parts = re.split(r"(?<=[。.!?])\s*", norm(text))
    return {x.strip() for x in parts if len(x.strip()) >= 30}


def load_reference(shared, n):
    """Return (set of n-grams, list of source names) from eval jsonl and seed txt."""
    texts = []
    for path in sorted(glob.glob(os.path.join(shared, "eval", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for ln in f:
                ln = ln.strip()
                if not ln:
                    continue
                try:
                    d = json.loads(ln)
                except ValueError:
                    continue
                for k in ("text", "body", "commentary"):
                    if isinstance(d.get(k), str):
                        texts.append(d[k])
    for path in sorted(glob.glob(os.path.join(shared, "seed", "*.txt"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            texts.append(f.read())
    grams = set()
    for t in texts:
        t = norm(t)
        for i in range(len(t) - n + 1):
            grams.add(t[i:i + n])
    return grams, len(texts)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default=os.path.join(here, "..", "data", "train"))
    ap.add_argument("--shared", default=os.environ.get("KAIJI_SHARED", "/work/shared"))
    ap.add_argument("--run", type=int, default=20, help="overlap run for non-English text")
    ap.add_argument("--run-en", type=int, default=40, help="overlap run for English text")
    ap.add_argument("--lang", default=None, help="only count/report this language")
    ap.add_argument("--against", default=None, help="report sentences shared with DIR/*.jsonl")
    ap.add_argument("--quiet", action="store_true", help="errors and overlaps only")
    a = ap.parse_args()

    files = sorted(glob.glob(os.path.join(a.train, "*.jsonl")))
    if not files:
        print("no files in", a.train)
        return 1
    errors = []
    ids = {}
    rows = []
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            for no, ln in enumerate(f, 1):
                where = "%s:%d" % (name, no)
                if not ln.strip():
                    errors.append("%s: empty line" % where)
                    continue
                try:
                    d = json.loads(ln)
                except ValueError as e:
                    errors.append("%s: bad JSON (%s)" % (where, e))
                    continue
                if not isinstance(d, dict):
                    errors.append("%s: not an object" % where)
                    continue
                miss = [k for k in REQUIRED if k not in d]
                if miss:
                    errors.append("%s: missing %s" % (where, ",".join(miss)))
                    continue
                i, items, els, spec = d["id"], d["items"], d["elements"], d["spec"]
                if not isinstance(i, str) or not i:
                    errors.append("%s: bad id" % where)
                elif i in ids:
                    errors.append("%s: duplicate id %s (first at %s)" % (where, i, ids[i]))
                else:
                    ids[i] = where
                if d["lang"] not in ("ja", "en"):
                    errors.append("%s: lang %r" % (where, d["lang"]))
                if not isinstance(d["text"], str) or not d["text"].strip():
                    errors.append("%s: empty text" % where)
                if (not isinstance(items, list) or
                        any(type(x) is not int or not 1 <= x <= 10 for x in items)):
                    errors.append("%s: items must be ints 1-10: %r" % (where, items))
                    continue
                if items != sorted(set(items)):
                    errors.append("%s: items not sorted/unique: %r" % (where, items))
                if not isinstance(els, list) or any(e not in ALL_ELEMENTS for e in els):
                    errors.append("%s: unknown element in %r" % (where, els))
                    continue
                if len(els) != len(set(els)):
                    errors.append("%s: duplicate elements %r" % (where, els))
                for e in els:
                    if int(e.split(".")[0]) not in items:
                        errors.append("%s: element %s not of items %r" % (where, e, items))
                for it in items:
                    if not any(e in ELEMENTS[it] for e in els):
                        errors.append("%s: item %d has no element" % (where, it))
                if type(spec) is not int or not 1 <= spec <= 4:
                    errors.append("%s: spec %r" % (where, spec))
                if not items and spec != 1:
                    errors.append("%s: negative passage should have spec 1" % where)
                rows.append((where, d))

    # overlap with held-out data
    refs = {}
    nref = 0
    for n in sorted({a.run, a.run_en}):
        refs[n], nref = load_reference(a.shared, n)
    grams = refs[a.run] or refs[a.run_en]
    overlaps = []
    if grams:
        for where, d in rows:
            if a.lang and d.get("lang") != a.lang:
                continue
            n = a.run_en if d.get("lang") == "en" else a.run
            t = norm(d.get("text", ""))
            for k in range(len(t) - n + 1):
                g = t[k:k + n]
                if g in refs[n]:
                    overlaps.append("%s (%s): shares %r" % (where, d.get("id"), g))
                    break

    if a.against:
        theirs = set()
        for path in sorted(glob.glob(os.path.join(a.against, "*.jsonl"))):
            with open(path, encoding="utf-8") as f:
                for ln in f:
                    try:
                        theirs.update(sentences(json.loads(ln).get("text", "")))
                    except (ValueError, AttributeError):
                        continue
        for where, d in rows:
            shared = [x for x in sentences(d.get("text", "")) if x in theirs]
            if shared:
                overlaps.append("%s (%s): sentence also in %s: %r"
                                % (where, d.get("id"), a.against, shared[0][:60]))

    sel = [d for _, d in rows if a.lang is None or d.get("lang") == a.lang]
    if not a.quiet:
        langs = collections.Counter(d["lang"] for _, d in rows)
        print("files: %d  passages: %d  %s" % (len(files), len(rows), dict(sorted(langs.items()))))
        if a.lang:
            print("counting lang=%s: %d passages" % (a.lang, len(sel)))
        item_c = collections.Counter(x for d in sel for x in d["items"])
        prim_c = collections.Counter(d["items"][0] for d in sel if len(d["items"]) == 1)
        el_c = collections.Counter(e for d in sel for e in d["elements"])
        spec_c = collections.Counter(d["spec"] for d in sel)
        neg = sum(1 for d in sel if not d["items"])
        multi = sum(1 for d in sel if len(d["items"]) > 1)
        print("negatives (items []): %d   single-item: %d   multi-item: %d"
              % (neg, len(sel) - neg - multi, multi))
        print("item  passages  single-item")
        for it in range(1, 11):
            print("%4d  %8d  %11d" % (it, item_c[it], prim_c[it]))
        print("elements: " + "  ".join("%s:%d" % (e, el_c[e]) for e in ALL_ELEMENTS))
        print("spec: " + "  ".join("%d:%d" % (s, spec_c[s]) for s in range(1, 5)))
        lens = sorted(len(d["text"]) for d in sel)
        if lens:
            print("text length chars: min %d  median %d  max %d"
                  % (lens[0], lens[len(lens) // 2], lens[-1]))
        if grams:
            print("overlap check: %d reference texts, run %d chars (en: %d)"
                  % (nref, a.run, a.run_en))
        else:
            print("overlap check: no reference data found under %s (skipped)" % a.shared)
    for e in errors:
        print("ERROR", e)
    for o in overlaps:
        print("OVERLAP", o)
    print("errors: %d  overlaps: %d" % (len(errors), len(overlaps)))
    return 1 if errors or overlaps else 0


if __name__ == "__main__":
    sys.exit(main())
