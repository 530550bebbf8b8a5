#!/usr/bin/env python3
"""Score `kaiji classify --jsonl` against labelled JSONL (the evaluation contract).

usage: eval_classify.py [--heading TEXT] [--headings] KAIJI FILE [FILE...]
Each FILE line has "text" (or "body"), "items", "elements" and optionally "item"
(the primary). Prints top-1 and item-in-items (when "item" is present), per-item
precision/recall/F1, macro-F1 over the ten items, micro-F1 over items, and micro-F1 over elements,
and for the two item figures the range in which 95% of them fall when the passages are drawn again
with replacement (1,000 draws, fixed seed): a change inside it may be one passage's luck.
--heading TEXT classifies every passage under that heading (kaiji classify --heading);
--headings passes each line's own "heading" field when it has one. The evaluation contract
sends neither: the figures without them are the ones that count.
"""
import json, random, subprocess, sys


def item_counts(pairs):
    """(item, tp, fp, fn) for each of the ten items over (pred, gold) pairs."""
    for it in range(1, 11):
        yield (it, sum(it in p["items"] and it in g["items"] for p, g in pairs),
               sum(it in p["items"] and it not in g["items"] for p, g in pairs),
               sum(it not in p["items"] and it in g["items"] for p, g in pairs))


def item_figures(pairs):
    """(macro-F1 over the items present in gold, item micro-F1) of (pred, gold) pairs."""
    f1s, tps, npred, ngold = [], 0, 0, 0
    for _, tp, fp, fn in item_counts(pairs):
        if tp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
        tps, npred, ngold = tps + tp, npred + tp + fp, ngold + tp + fn
    micro = 2 * tps / (npred + ngold) if npred + ngold else 0.0
    return (sum(f1s) / len(f1s) if f1s else 0.0), micro


def resampled(pairs, draws=1000):
    """The 2.5th and 97.5th percentiles of item_figures over draws of the pairs with
    replacement: [(macro lo, macro hi), (micro lo, micro hi)]."""
    rng = random.Random(0)
    runs = [item_figures([pairs[rng.randrange(len(pairs))] for _ in pairs]) for _ in range(draws)]
    lo, hi = int(0.025 * draws), int(0.975 * draws) - 1
    ranked = [sorted(r[k] for r in runs) for k in (0, 1)]
    return [(v[lo], v[hi]) for v in ranked]


def score(kaiji, path, heading=None, headings=False):
    gold = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    inp = "".join(json.dumps({"id": g["id"], "text": g.get("text") or g.get("body"),
                              **({"lang": g["lang"]} if "lang" in g else {}),
                              **({"heading": g["heading"]} if headings and g.get("heading") else {})},
                             ensure_ascii=False) + "\n"
                  for g in gold)
    cmd = [kaiji, "classify", "--jsonl"] + (["--heading", heading] if heading else [])
    out = subprocess.run(cmd, input=inp.encode(), capture_output=True)
    if out.returncode != 0:
        sys.exit(f"kaiji classify failed: {out.stderr.decode()[:500]}")
    pred = [json.loads(l) for l in out.stdout.decode().splitlines()]
    assert len(pred) == len(gold), (len(pred), len(gold))
    print(f"== {path} ({len(gold)} passages)")
    if all("item" in g for g in gold):
        top1 = sum(p["primary"] == g["item"] for p, g in zip(pred, gold)) / len(gold)
        inn = sum(g["item"] in p["items"] for p, g in zip(pred, gold)) / len(gold)
        print(f"top-1 {top1:.3f}   item-in-items {inn:.3f}")
    f1s = []
    for it, tp, fp, fn in item_counts(list(zip(pred, gold))):
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        if tp + fn > 0:
            f1s.append(f1)
        print(f"  item {it:2d}: P {pr:.2f} R {rc:.2f} F1 {f1:.2f} (gold {tp+fn}, pred {tp+fp})")
    print(f"macro-F1 (items present in gold) {sum(f1s)/len(f1s):.3f}")
    tp = sum(len(set(p["items"]) & set(g["items"])) for p, g in zip(pred, gold))
    npred = sum(len(p["items"]) for p in pred); ngold = sum(len(g["items"]) for g in gold)
    pr = tp / npred if npred else 0; rc = tp / ngold if ngold else 0
    print(f"item micro-F1 {2*pr*rc/(pr+rc) if pr+rc else 0:.3f} (P {pr:.2f} R {rc:.2f}; "
          "steadier than macro when an item has few gold passages)")
    (mlo, mhi), (ilo, ihi) = resampled(list(zip(pred, gold)))
    print(f"  95% of resampled sets: macro-F1 {mlo:.3f}-{mhi:.3f}, item micro-F1 {ilo:.3f}-{ihi:.3f}")
    tp = fp = fn = 0
    for p, g in zip(pred, gold):
        pe, ge = set(p["elements"]), set(g["elements"])
        tp += len(pe & ge); fp += len(pe - ge); fn += len(ge - pe)
    pr = tp / (tp + fp) if tp + fp else 0; rc = tp / (tp + fn) if tp + fn else 0
    print(f"element micro-F1 {2*pr*rc/(pr+rc) if pr+rc else 0:.3f} (P {pr:.2f} R {rc:.2f})")
    nulls = [g for g in gold if not g["items"]]
    if nulls:
        ok = sum(p["primary"] is None for p, g in zip(pred, gold) if not g["items"])
        print(f"non-cyber passages with primary null: {ok}/{len(nulls)}")

if __name__ == "__main__":
    args, heading, headings = sys.argv[1:], None, False
    while args and args[0].startswith("--"):
        if args[0] == "--heading" and len(args) > 1:
            heading, args = args[1], args[2:]
        elif args[0] == "--headings":
            headings, args = True, args[1:]
        else:
            sys.exit(__doc__)
    if len(args) < 2:
        sys.exit(__doc__)
    for f in args[1:]:
        score(args[0], f, heading, headings)
