#!/usr/bin/env python3
"""Whether the principle signals kaiji gives whole filings are right (make eval).

The guide's worked examples (tools/eval_principles.sh) show whether a principle the guide praises
is detected; they cannot show how often a signal fires where it should not, for they were chosen
for being good. This script analyses the real filings in ../shared/corpus and checks the signals
that name a passage (a top-management message, an incident disclosed, a certification held, a
topic of the day, ...) against hand labels in tools/corpus-signals.tsv: every such signal that
kaiji gave on 2026-12-02 before or after that day's changes, read by hand and marked right (1)
or wrong (0) for its passage, keyed by file, signal and the SHA-1 of the passage text (no text
is stored). Signals computed from the whole document (sentence length, headings, notes) and
from the classification (a stated policy, quantified facts) are not in it.

It prints, per signal and in all: fired now and right, fired now and wrong (precision), right
ones no longer fired, and fired ones with no label (a new signal or a changed passage).

usage: python3 tools/eval_signals.py KAIJI CORPUS_DIR
"""
import collections
import glob
import hashlib
import json
import os
import subprocess
import sys

from tsv_rows import tsv_rows

# Signals that stand for one passage's text; the others are counted from the document or the
# classification and are not labelled.
PASSAGE_SIGNALS = {
    "top-message", "commitment", "strategy-value", "incident-disclosed", "incident-zero",
    "incident-count", "recurrence-prevention", "kpi", "prior-period", "target-vs-result", "pdca",
    "certification", "third-party-opinion", "framework-alignment", "soc-csirt", "focus-areas",
    "topic-current", "new-rules", "plans-ahead",
}


def corpus_files(corpus):
    return (sorted(glob.glob(f"{corpus}/ja-yuho-business/*.html"))
            + sorted(glob.glob(f"{corpus}/ja-yuho-full/*"))
            + sorted(glob.glob(f"{corpus}/en-10k/*.html"))
            + sorted(glob.glob(f"{corpus}/pdf/*.pdf")))


def fired_signals(kaiji, corpus):
    """{(file, signal, sha1)} of the passage signals kaiji gives the corpus now."""
    fired = set()
    for f in corpus_files(corpus):
        r = subprocess.run([kaiji, "analyze", "--no-lint", "--format", "json", "--all-passages", f],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"{f}: kaiji exited {r.returncode}: {r.stderr.strip()[:200]}")
            continue
        doc = json.loads(r.stdout)
        text = {p["index"]: p["text"] for p in doc["passages"]}
        name = "/".join(f.split("/")[-2:])
        for principle in doc["assessment"]["principles"]:
            for s in principle["signals"]:
                if s["name"] in PASSAGE_SIGNALS and s["passage"] in text:
                    digest = hashlib.sha1(text[s["passage"]].encode()).hexdigest()
                    fired.add((name, s["name"], digest))
    return fired


def load_labels(path):
    return {(name, signal, digest): int(label)
            for name, signal, digest, label in tsv_rows(path)}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    kaiji, corpus = sys.argv[1], sys.argv[2]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus-signals.tsv")
    if not os.path.exists(path):
        sys.exit(f"{path}: missing")
    labels = load_labels(path)
    fired = fired_signals(kaiji, corpus)
    rows = collections.defaultdict(lambda: [0, 0, 0, 0])  # right, wrong, lost, unlabelled
    for key in fired:
        r = rows[key[1]]
        if key not in labels:
            r[3] += 1
        elif labels[key]:
            r[0] += 1
        else:
            r[1] += 1
    for key, label in labels.items():
        if label and key not in fired:
            rows[key[1]][2] += 1
    print(f"{'signal':24} {'right':>6} {'wrong':>6} {'prec':>6} {'lost':>6} {'new':>6}")
    total = [0, 0, 0, 0]
    for name in sorted(rows):
        r = rows[name]
        total = [a + b for a, b in zip(total, r)]
        prec = r[0] / (r[0] + r[1]) if r[0] + r[1] else 0.0
        print(f"{name:24} {r[0]:6} {r[1]:6} {prec:6.3f} {r[2]:6} {r[3]:6}")
    prec = total[0] / (total[0] + total[1]) if total[0] + total[1] else 0.0
    print(f"passage signals on whole filings ({len(labels)} labelled, tools/corpus-signals.tsv): "
          f"{total[0]} right, {total[1]} wrong (precision {prec:.3f}); {total[2]} right ones lost, "
          f"{total[3]} unlabelled")


if __name__ == "__main__":
    main()
