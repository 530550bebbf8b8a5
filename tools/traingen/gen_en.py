#!/usr/bin/env python3
"""Compose kaiji's own 10-K Item 1C style training passages (en-k.jsonl) from the
hand-written sentences in en_pool.py: one to four sentences a passage, mostly on one or two
topics as real Item 1C paragraphs are; labels are the union of the sentences' elements."""
import json, random, sys
from en_pool import POOL, PASSING
rng = random.Random(2026)
ITEM = lambda e: int(e.split(".")[0])
# how often each topic leads a paragraph (Item 1C paragraphs are mostly governance, risk
# process, third parties, incident response)
LEAD = {"gov": 10, "erm": 4, "expert": 5, "train": 5, "budget": 1, "risk": 8, "riskproc": 6,
        "protect": 7, "pdca": 4, "cert": 3, "cert_pdca": 1, "incident": 2, "ir": 6, "drill": 2,
        "recovery": 2, "vendor": 6, "group": 2, "share": 2, "intel": 2, "policy": 2, "stance": 2,
        "keyarea": 1, "null": 3}
NEAR = {"gov": ["erm", "expert", "gov"], "erm": ["gov", "riskproc"], "expert": ["gov", "expert"],
        "train": ["train", "drill", "protect"], "risk": ["risk", "riskproc", "incident"],
        "riskproc": ["riskproc", "protect", "pdca"], "protect": ["protect", "riskproc", "pdca"],
        "ir": ["ir", "drill", "recovery"], "vendor": ["vendor", "group"], "pdca": ["cert", "pdca"],
        "share": ["intel"], "intel": ["share", "protect"], "policy": ["protect", "train"],
        "stance": ["policy", "gov"], "null": ["null"]}

def passage(n_id):
    cats = list(LEAD)
    lead = rng.choices(cats, [LEAD[c] for c in cats])[0]
    parts = [(POOL[lead][0], rng.choice(POOL[lead][1]))]
    k = rng.choices([0, 1, 2], [4, 4, 2])[0]
    for _ in range(k):
        if lead == "null":
            c = "null"
        elif rng.random() < 0.7:
            c = rng.choice(NEAR.get(lead, [lead]))
        else:
            c = rng.choice([c for c in cats if c != "null"])
        parts.append((POOL[c][0], rng.choice(POOL[c][1])))
    if rng.random() < 0.25:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(PASSING))
    texts, els = [], set()
    for e, t in parts:
        if t in texts:
            continue
        texts.append(t)
        els |= set(e)
    items = sorted({ITEM(e) for e in els})
    spec = 3 if any(ch.isdigit() for ch in " ".join(texts)) else 2
    return {"id": f"ten-k{n_id:04d}", "lang": "en", "text": " ".join(texts), "items": items,
            "elements": sorted(els, key=lambda e: (ITEM(e), e)), "spec": spec if items else 1}

n = int(sys.argv[1]) if len(sys.argv) > 1 else 450
seen, out = set(), []
while len(out) < n:
    p = passage(len(out) + 1)
    if p["text"] in seen:
        continue
    seen.add(p["text"])
    out.append(p)
# every sentence also once on its own
for cat, (els, sents) in POOL.items():
    for t in sents:
        if t not in seen:
            seen.add(t)
            out.append({"id": f"ten-k{len(out)+1:04d}", "lang": "en", "text": t,
                        "items": sorted({ITEM(e) for e in els}), "elements": els, "spec": 2 if els else 1})
for els, t in PASSING:
    if t not in seen:
        out.append({"id": f"ten-k{len(out)+1:04d}", "lang": "en", "text": t,
                    "items": sorted({ITEM(e) for e in els}), "elements": els, "spec": 2})
for p in out:
    print(json.dumps(p, ensure_ascii=False))
