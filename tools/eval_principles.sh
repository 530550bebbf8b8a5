#!/usr/bin/env bash
# tools/eval_principles.sh - on the guide's 29 worked examples
# (../shared/eval/seed-cases.jsonl), is the principle the guide's commentary
# praises detected in that example? The commentary's keywords (定量, 件数,
# 注釈, 経営層/トップ, 第三者認証, PDCA, 重要トピックス ...) name the praised
# principle(s); each example's header and body go through
# `kaiji analyze --format json --year YEAR` and count as detected when the
# assessment has a positive signal of a praised principle from the signals
# that principle's praise refers to. Prints one line per example and
# "N of 29". Used by `make eval`; skips cleanly when the data is absent.
# usage: tools/eval_principles.sh [BUILD_DIR]   (default: build)
set -u
cd "$(dirname "$0")/.."
bdir=${1:-build}
eval_dir=${KAIJI_EVAL_DIR:-../shared/eval}
[ -d "$eval_dir" ] || eval_dir=/work/shared/eval
cases="$eval_dir/seed-cases.jsonl"
if [ ! -f "$cases" ]; then
  echo "eval_principles: no worked examples (../shared/eval/seed-cases.jsonl); skipped"
  exit 0
fi
[ -x "$bdir/kaiji" ] || { echo "eval_principles: $bdir/kaiji is missing; build first" >&2; exit 1; }
export KAIJI_DATA=${KAIJI_DATA:-$(pwd)/data}
python3 - "$bdir/kaiji" "$cases" <<'PY'
import json, os, subprocess, sys, tempfile
kaiji, cases = sys.argv[1], sys.argv[2]
# commentary keyword -> (principle, the signals that praise refers to)
P1 = ('P1', {'top-message', 'commitment', 'strategy-value', 'policy-stated'})
P2Q = ('P2', {'quantified', 'kpi', 'incident-count', 'incident-zero'})
P2I = ('P2', {'incident-count', 'incident-zero', 'incident-disclosed', 'recurrence-prevention', 'quantified'})
P3C = ('P3', {'certification', 'third-party-opinion'})
P3P = ('P3', {'pdca', 'target-vs-result', 'prior-period', 'time-series'})
P3S = ('P3', {'soc-csirt'})
P3F = ('P3', {'focus-areas', 'certification', 'soc-csirt', 'framework-alignment'})
P4 = ('P4', {'jargon-explained', 'notes', 'references'})
P5 = ('P5', {'topic-current', 'new-rules', 'plans-ahead', 'recent-figures'})
KEYWORDS = [
    ('注釈', P4), ('専門用語', P4), ('わかりやすく', P4), ('簡潔', P4),
    ('定量', P2Q), ('数値化', P2Q), ('件数', P2I), ('KPI', P2Q), ('指標', P2Q),
    ('重大事件', P2I), ('事故の存在', P2I), ('再発防止', P2I), ('対策費', P2Q),
    ('社長メッセージ', P1), ('経営層', P1), ('トップ', P1), ('経営者', P1), ('本気度', P1),
    ('企業価値', P1), ('経営方針', P1), ('基本方針', P1), ('感度の高さ', P1),
    ('第三者評価', P3C), ('認証', P3C),
    ('PDCA', P3P), ('達成状況', P3P), ('目標', P3P), ('継続的', P3P),
    ('SOC', P3S), ('CSIRT', P3S),
    ('差別化', P3F), ('重点', P3F), ('一通り', P3F),
    ('重要トピックス', P5), ('重点トピックス', P5), ('最新', P5), ('今後の', P5), ('戦略', P5),
]
def praised(commentary):
    c = commentary.replace('\n', '')
    want = {}
    for kw, (p, sigs) in KEYWORDS:
        if kw in c:
            want.setdefault(p, set()).update(sigs)
    return want
hits = total = 0
with tempfile.TemporaryDirectory() as tmp:
    for line in open(cases, encoding='utf-8'):
        if not line.strip():
            continue
        case = json.loads(line)
        total += 1
        want = praised(case['commentary'])
        path = os.path.join(tmp, case['id'] + '.txt')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(case['header'] + '\n\n' + case['body'] + '\n')
        cmd = [kaiji, 'analyze', '--format', 'json', '--as', 'text', path]
        if case.get('year'):
            cmd[2:2] = ['--year', str(case['year'])]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode not in (0, 1):
            print(f"{case['id']}: kaiji analyze failed: {r.stderr.strip()[:200]}")
            continue
        doc = json.loads(r.stdout)
        doc = doc[0] if isinstance(doc, list) else doc
        fired = {}
        for pr in doc['assessment']['principles']:
            fired[pr['id']] = {s['name'] for s in pr['signals'] if s['points'] > 0}
        got = sorted(p for p, sigs in want.items() if fired.get(p, set()) & sigs)
        ok = bool(got)
        hits += ok
        wanted = ','.join(sorted(want)) or '-'
        print(f"{case['id']}: praised {wanted}; detected {','.join(got) or '-'} {'ok' if ok else 'MISS'}")
print(f"principles: {hits} of {total} worked examples have the praised principle detected")
PY
