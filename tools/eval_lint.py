#!/usr/bin/env python3
"""eval_lint.py - precision and recall of `kaiji lint` on planted details.

Reads tests/fixtures/lint/planted.jsonl ({"id", "lang", "text", "findings":
[{"rule", "text"}]}, and "heading" in some: realistic disclosure paragraphs,
about half with planted sensitive details, half clean but tricky; a case with
a heading is that heading over its paragraph, and its details may be in
either), writes the paragraphs into one text document (one paragraph per
blank-line-separated block, a case's heading in a block of its own before
it), runs `kaiji lint --format json` on it and matches each finding back to
its case by source line. A finding is a true positive when a planted detail
of the same rule in the same case overlaps it. Prints per-rule and overall
precision/recall and exits 1 when either is below --min (0.9).

usage: eval_lint.py [--kaiji BIN] [--set FILE] [--min 0.9] [--verbose]
       eval_lint.py --pred PRED.jsonl ...   (score {"id", "pred": [...]} lines instead)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_set(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def run_kaiji(binary, cases):
    """Write all paragraphs into one document; return {id: [finding]}."""
    line_of = {}
    with tempfile.TemporaryDirectory() as d:
        doc = os.path.join(d, "planted.txt")
        with open(doc, "w", encoding="utf-8") as f:
            line = 1
            for c in cases:
                for part in (c.get("heading"), c["text"]):
                    if part is None:
                        continue
                    line_of[line] = c["id"]
                    f.write(part.replace("\n", " ") + "\n\n")
                    line += 2
        r = subprocess.run([binary, "lint", "--format", "json", doc],
                           capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit(f"eval_lint: kaiji lint failed ({r.returncode}): {r.stderr.strip()}")
        out = json.loads(r.stdout)
    pred = defaultdict(list)
    for f in out["findings"]:
        cid = line_of.get(f.get("line"))
        if cid is None:
            sys.exit(f"eval_lint: finding on unexpected line {f.get('line')}: {f}")
        pred[cid].append(f)
    return pred


def span(text, sub):
    i = text.find(sub)
    return (i, i + len(sub)) if i >= 0 else None


def overlaps(text, gold, pred):
    g, p = span(text, gold), span(text, pred.strip())
    if g and p:
        return g[0] < p[1] and p[0] < g[1]
    return gold in pred or pred.strip() in gold


def case_text(c):
    """The text a case's details are found in: its heading, if any, and paragraph."""
    return (c["heading"] + "\n" if c.get("heading") else "") + c["text"]


def score(cases, pred, verbose):
    tp_p = defaultdict(int); n_p = defaultdict(int)
    tp_g = defaultdict(int); n_g = defaultdict(int)
    for c in cases:
        text = case_text(c)
        golds, preds = c.get("findings", []), pred.get(c["id"], [])
        for g in golds:
            n_g[g["rule"]] += 1
            hit = any(p["rule"] == g["rule"] and overlaps(text, g["text"], p["text"]) for p in preds)
            tp_g[g["rule"]] += hit
            if not hit and verbose:
                print(f"  missed  {c['id']} {g['rule']}: {g['text']}")
        for p in preds:
            n_p[p["rule"]] += 1
            ok = any(p["rule"] == g["rule"] and overlaps(text, g["text"], p["text"]) for g in golds)
            tp_p[p["rule"]] += ok
            if not ok and verbose:
                print(f"  false   {c['id']} {p['rule']}: {p['text']}")
    return tp_p, n_p, tp_g, n_g


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kaiji", default=os.environ.get("KAIJI", os.path.join(ROOT, "build", "kaiji")))
    ap.add_argument("--set", default=os.path.join(ROOT, "tests", "fixtures", "lint", "planted.jsonl"))
    ap.add_argument("--pred")
    ap.add_argument("--min", type=float, default=0.9)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    cases = load_set(a.set)
    if a.pred:
        pred = {j["id"]: j["pred"] for j in map(json.loads, open(a.pred, encoding="utf-8"))}
    else:
        pred = run_kaiji(a.kaiji, cases)
    tp_p, n_p, tp_g, n_g = score(cases, pred, a.verbose)
    rules = sorted(set(n_p) | set(n_g))
    print(f"{'rule':22} {'planted':>7} {'found':>6} {'recall':>7} {'flagged':>7} {'precision':>9}")
    for r in rules:
        rec = tp_g[r] / n_g[r] if n_g[r] else 1.0
        pre = tp_p[r] / n_p[r] if n_p[r] else 1.0
        print(f"{r:22} {n_g[r]:7d} {tp_g[r]:6d} {rec:7.3f} {n_p[r]:7d} {pre:9.3f}")
    G, TG = sum(n_g.values()), sum(tp_g.values())
    Pn, TP = sum(n_p.values()), sum(tp_p.values())
    recall = TG / G if G else 1.0
    precision = TP / Pn if Pn else 1.0
    clean = sum(1 for c in cases if not c.get("findings"))
    print(f"paragraphs {len(cases)} (clean {clean}); planted {G}, flagged {Pn}")
    print(f"precision {precision:.3f} recall {recall:.3f}")
    sys.exit(0 if precision >= a.min and recall >= a.min else 1)


if __name__ == "__main__":
    main()
