#!/usr/bin/env bash
# Check `kaiji cases import` on the real guide: import ../shared/seed's guide
# into a temporary database and compare with ../shared/eval/seed-cases.jsonl
# (the guide's 29 worked examples): count, items, headers, years, and the
# similarity of bodies and commentaries. A body is compared as text, line
# breaks left out (the import joins lines wrapped at the margin, which the
# labelled bodies keep), and also as it is, line breaks and all. Prints the figures; exit 1 when the
# count or any item/header differs or a body is less than 0.95 similar.
# Called from `make eval`; skips cleanly when ../shared is absent.
set -u
cd "$(dirname "$0")/.."
SHARED=${KAIJI_SHARED:-../shared}
[ -d "$SHARED" ] || SHARED=/work/shared
GUIDE="$SHARED/seed/000_c211d88b93d341ba.txt"
WANT="$SHARED/eval/seed-cases.jsonl"
KAIJI=${KAIJI:-build/kaiji}
if [ ! -f "$GUIDE" ] || [ ! -f "$WANT" ]; then
  echo "eval_cases: $SHARED/seed or $SHARED/eval not found; skipping"
  exit 0
fi
[ -x "$KAIJI" ] || { echo "eval_cases: $KAIJI missing; build first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "eval_cases: python3 not found; skipping"; exit 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$KAIJI" cases import --db "$T/eval.db" "$GUIDE" || exit 1
"$KAIJI" cases export --db "$T/eval.db" -o "$T/got.jsonl" 2>/dev/null || exit 1
"$KAIJI" cases refs --db "$T/eval.db" --format json >"$T/refs.json" || exit 1
python3 - "$T/got.jsonl" "$WANT" "$T/refs.json" <<'PY'
import difflib, json, sys
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
refs = json.load(open(sys.argv[3], encoding="utf-8"))
by_key = {g["key"]: g for g in got}
sim = lambda a, b: difflib.SequenceMatcher(None, a or "", b or "").ratio()
items = headers = years = 0
bodies, lined, comms, bad = [], [], [], []
flat = lambda s: (s or "").replace("\n", "")
for w in want:
    g = by_key.get(w["id"])
    if not g:
        bad.append(w["id"] + ": missing")
        continue
    items += g["item"] == w["item"]
    headers += g["title"] == w["header"]
    years += g["year"] == w["year"]
    b, c = sim(flat(g["body"]), flat(w["body"])), sim(g["commentary"], w["commentary"])
    bodies.append(b)
    lined.append(sim(g["body"], w["body"]))
    comms.append(c)
    if g["item"] != w["item"] or g["title"] != w["header"] or b < 0.95:
        bad.append("%s: item %s/%s header %r body %.3f" % (w["id"], g["item"], w["item"], g["title"], b))
n = len(want)
mean = lambda xs: sum(xs) / len(xs) if xs else 0.0
print("cases: %d imported, %d expected" % (len(got), n))
print("cases: items %d/%d, headers %d/%d, years %d/%d" % (items, n, headers, n, years, n))
print("cases: body similarity mean %.4f min %.4f (line breaks and all: %.4f, %.4f); "
      "commentary mean %.4f min %.4f"
      % (mean(bodies), min(bodies or [0]), mean(lined), min(lined or [0]), mean(comms),
         min(comms or [0])))
print("cases: %d reference reports imported (the guide lists 11)" % len(refs))
for b in bad:
    print("cases: MISMATCH " + b)
sys.exit(0 if len(got) == n and not bad and len(refs) == 11 else 1)
PY
