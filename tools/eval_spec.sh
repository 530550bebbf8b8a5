#!/usr/bin/env bash
# tools/eval_spec.sh - how well kaiji's per-passage specificity (1-4, the
# "spec" field of `kaiji classify --jsonl`) agrees with the labelled spec in
# ../shared/eval/dev-ja.jsonl and dev-en.jsonl: exact and within +-1, per
# language and overall, with the confusion counts. Used by `make eval`;
# skips cleanly (exit 0) when the shared evaluation data is absent.
# usage: tools/eval_spec.sh [BUILD_DIR]   (default: build)
set -u
cd "$(dirname "$0")/.."
bdir=${1:-build}
eval_dir=${KAIJI_EVAL_DIR:-../shared/eval}
[ -d "$eval_dir" ] || eval_dir=/work/shared/eval
if [ ! -f "$eval_dir/dev-ja.jsonl" ] && [ ! -f "$eval_dir/dev-en.jsonl" ]; then
  echo "eval_spec: no labelled dev data (../shared/eval); skipped"
  exit 0
fi
[ -x "$bdir/kaiji" ] || { echo "eval_spec: $bdir/kaiji is missing; build first" >&2; exit 1; }
export KAIJI_DATA=${KAIJI_DATA:-$(pwd)/data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$eval_dir"/dev-ja.jsonl "$eval_dir"/dev-en.jsonl; do
  [ -f "$f" ] || continue
  name=$(basename "$f" .jsonl)
  "$bdir/kaiji" classify --jsonl "$f" >"$tmp/$name.out" || { echo "eval_spec: kaiji classify failed on $f" >&2; exit 1; }
  cp "$f" "$tmp/$name.gold"
done
python3 - "$tmp" <<'PY'
import json, os, sys, collections
tmp = sys.argv[1]
total = []
for name in sorted(n[:-5] for n in os.listdir(tmp) if n.endswith('.gold')):
    gold = {}
    for line in open(os.path.join(tmp, name + '.gold'), encoding='utf-8'):
        if line.strip():
            d = json.loads(line); gold[d['id']] = d['spec']
    pairs = []
    for line in open(os.path.join(tmp, name + '.out'), encoding='utf-8'):
        if not line.strip():
            continue
        d = json.loads(line)
        if d.get('id') in gold and 'spec' in d:
            pairs.append((gold[d['id']], d['spec']))
    if len(pairs) != len(gold):
        print(f"spec {name}: {len(gold) - len(pairs)} of {len(gold)} lines had no spec")
    total += pairs
    def report(label, ps):
        if not ps:
            return
        ex = sum(g == p for g, p in ps) / len(ps)
        w1 = sum(abs(g - p) <= 1 for g, p in ps) / len(ps)
        print(f"spec {label}: n={len(ps)} exact={ex:.3f} within1={w1:.3f}")
    report(name, pairs)
ex = sum(g == p for g, p in total) / max(1, len(total))
w1 = sum(abs(g - p) <= 1 for g, p in total) / max(1, len(total))
print(f"spec all: n={len(total)} exact={ex:.3f} within1={w1:.3f} (target within1 >= 0.85)")
cm = collections.Counter(total)
print("spec confusion (gold->pred): " + " ".join(f"{g}->{p}:{n}" for (g, p), n in sorted(cm.items())))
PY
