#!/usr/bin/env python3
"""Score `kaiji classify --jsonl` on the labelled passages of whole filings (make eval).

The dev paragraphs in ../shared/eval are few (66 English, 135 Japanese), so a change to the
classifier moves their figures by a paragraph or two. tools/corpus-items.tsv labels the items and
elements of the 218 passages of ../shared/corpus's filings that tools/corpus-gate.tsv marks as
about cybersecurity (real text no one here wrote; 60 English, 158 Japanese), keyed by file and the
SHA-1 of the passage text, so no text is stored. This script takes those passages from
`kaiji analyze --all-passages --format json` of their filings, writes them with their labels as
JSON lines to a temporary directory, one file per language, and scores them with
tools/eval_classify.py, as the dev sets are scored: each passage alone, without its heading.

It then scores what a reader of `kaiji analyze` sees: for each filing and item, the passages the
terminal summary shows as the item's best (those whose items include it, by the item's score, as
best_passages() in src/render/text.c ranks them, in the document's context with headings), and
how many of the first one and of the first two the hand labels give that item. A passage shown
that the labels hold off-topic (tools/corpus-gate.tsv 0) counts as wrong; one neither file
labels is counted apart.

usage: python3 tools/eval_corpus_items.py KAIJI CORPUS_DIR
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

from tsv_rows import tsv_rows

HERE = os.path.dirname(os.path.abspath(__file__))


def load_labels(path):
    """{(file, sha1): (items, elements)} from corpus-items.tsv."""
    return {(name, digest): ([int(i) for i in items.split(",") if i],
                             [e for e in elements.split(",") if e])
            for name, digest, items, elements in tsv_rows(path)}


def analyses(kaiji, corpus, names):
    """{file: [passage, ...]} from `kaiji analyze --all-passages --format json` of each filing."""
    docs = {}
    for name in sorted(names):
        r = subprocess.run([kaiji, "analyze", "--format", "json", "--all-passages",
                            os.path.join(corpus, name)], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"{name}: kaiji exited {r.returncode}: {r.stderr.strip()[:200]}")
        docs[name] = json.loads(r.stdout)["passages"]
    return docs


def key_of(name, p):
    return (name, hashlib.sha1(p["text"].encode()).hexdigest())


def passages(docs):
    """{(file, sha1): (lang, text)} of every passage of the analysed filings."""
    return {key_of(name, p): ("en" if name.startswith("en-") else "ja", p["text"])
            for name, ps in docs.items() for p in ps}


def shown(docs, labels, gate):
    """Per language, [right, wrong, unlabelled] of the first and of the first two passages
    shown as each item's best, against the hand labels."""
    tally = {}
    for name, ps in docs.items():
        lang = "en" if name.startswith("en-") else "ja"
        for it in range(1, 11):
            best = sorted((p for p in ps if it in p["items"]),
                          key=lambda p: -p["scores"][str(it)])
            for k, p in enumerate(best[:2]):
                key = key_of(name, p)
                col = (0 if it in labels[key][0] else 1) if key in labels else \
                    1 if gate.get(key) == 0 else 2
                for top in (1, 2):
                    if k < top:
                        tally.setdefault((lang, top), [0, 0, 0])[col] += 1
    return tally


def print_shown(tally):
    print("== passages shown as each item's best (analyze's summary), against the hand labels")
    for lang in ("ja", "en"):
        for top in (1, 2):
            right, wrong, unlabelled = tally.get((lang, top), [0, 0, 0])
            prec = right / (right + wrong) if right + wrong else 0.0
            extra = f", {unlabelled} unlabelled" if unlabelled else ""
            print(f"{lang} first {top}: {right} right, {wrong} wrong{extra} "
                  f"(precision {prec:.3f})")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    kaiji, corpus = sys.argv[1], sys.argv[2]
    labels = load_labels(os.path.join(HERE, "corpus-items.tsv"))
    docs = analyses(kaiji, corpus, {name for name, _ in labels})
    found = passages(docs)
    missing = [k for k in labels if k not in found]
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for lang in ("ja", "en"):
            path = os.path.join(tmp, f"corpus-{lang}.jsonl")
            with open(path, "w", encoding="utf-8") as out:
                for (name, digest), (items, elements) in sorted(labels.items()):
                    if (name, digest) in found and found[(name, digest)][0] == lang:
                        out.write(json.dumps({"id": digest[:12], "lang": lang,
                                              "text": found[(name, digest)][1], "items": items,
                                              "elements": elements}, ensure_ascii=False) + "\n")
            files.append(os.path.basename(path))
        # run where the files are, so that the report names them plainly
        rc = subprocess.run([sys.executable, os.path.join(HERE, "eval_classify.py"),
                             os.path.abspath(kaiji)] + files, cwd=tmp)
    gate = {(name, digest): int(on) for name, digest, on in
            tsv_rows(os.path.join(HERE, "corpus-gate.tsv"))}
    print_shown(shown(docs, labels, gate))
    if missing:
        print(f"{len(missing)} labelled passages not found (the filings' passages changed?)")
    return rc.returncode or bool(missing)


if __name__ == "__main__":
    sys.exit(main())
