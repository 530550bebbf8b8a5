#!/usr/bin/env bash
# make eval: score kaiji against its own held-out paragraphs (tests/heldout)
# and the labelled data in ../shared/eval (not shipped with kaiji; skipped
# cleanly when absent). Prints, per file, top-1,
# item-in-items, per-item P/R/F1, macro-F1 and element micro-F1 of
# `kaiji classify --jsonl`, then the specificity agreement, the principles
# detected in the guide's worked examples, the case import of the guide and
# the lint's precision and recall, how many passages of the shared
# corpus's whole filings are taken to be about cybersecurity, the items of
# those that are (hand-labelled), and whether the principle signals given
# those filings are right.
set -u
cd "$(dirname "$0")/.."
SHARED=${KAIJI_SHARED:-../shared}
KAIJI=${KAIJI:-build/kaiji}
# kaiji's own held-out paragraphs (tests/heldout/README.md): written apart
# from data/train and never trained on, so they show how the model does on
# wording it has not seen. Shipped with kaiji, so scored even without ../shared.
if ls tests/heldout/*.jsonl >/dev/null 2>&1; then
  echo "== held-out paragraphs (tests/heldout: kaiji's own, never trained on)"
  python3 tools/check_train.py --train tests/heldout --shared "$SHARED" --against data/train \
    --quiet | grep -v '^errors: 0  overlaps: 0$' &&
    echo "make eval: tests/heldout fails tools/check_train.py (above); its figures may not be held out"
  # data/calibrate tunes the short passages' thresholds: it must share nothing with them either
  python3 tools/check_train.py --train tests/heldout --shared "$SHARED" --against data/calibrate \
    --quiet | grep -v '^errors: 0  overlaps: 0$' &&
    echo "make eval: tests/heldout shares text with data/calibrate (above); its figures may not be held out"
  python3 tools/eval_classify.py "$KAIJI" tests/heldout/*.jsonl || exit 1
  # the one-sentence statements as a writer classifies them for a security section
  echo "== held-out one-sentence statements under a cybersecurity heading (classify --heading)"
  for f in tests/heldout/short-en.jsonl tests/heldout/short-ja.jsonl; do
    [ -f "$f" ] || continue
    case $f in *-en.jsonl) h=Cybersecurity ;; *) h=情報セキュリティ ;; esac
    python3 tools/eval_classify.py --heading "$h" "$KAIJI" "$f" | grep -E '^==|micro-F1' || exit 1
  done
fi
if [ ! -d "$SHARED/eval" ]; then
  echo "make eval: $SHARED/eval not found; skipping (the evaluation data is not part of kaiji)"
  exit 0
fi
status=0
echo "== classification (kaiji classify --jsonl)"
python3 tools/eval_classify.py "$KAIJI" "$SHARED/eval/seed-cases.jsonl" "$SHARED/eval/dev-ja.jsonl" \
  "$SHARED/eval/dev-en.jsonl" || status=1
for extra in eval_spec.sh eval_principles.sh eval_cases.sh; do
  if [ -f "tools/$extra" ]; then
    echo "== ${extra%.sh}"
    KAIJI="$KAIJI" KAIJI_SHARED="$SHARED" KAIJI_EVAL_DIR="$SHARED/eval" bash "tools/$extra" "$(dirname "$KAIJI")" || status=1
  fi
done
if [ -d "$SHARED/corpus" ]; then
  echo "== whole filings (passages taken to be about cybersecurity)"
  python3 tools/eval_corpus.py "$KAIJI" "$SHARED/corpus" || status=1
  echo "== whole filings (items of the on-topic passages, against hand labels: tools/corpus-items.tsv)"
  python3 tools/eval_corpus_items.py "$KAIJI" "$SHARED/corpus" || status=1
  echo "== whole filings (principle signals naming a passage, against hand labels)"
  python3 tools/eval_signals.py "$KAIJI" "$SHARED/corpus" || status=1
fi
if [ -f tools/eval_lint.py ]; then
  echo "== lint (planted sensitive details)"
  python3 tools/eval_lint.py --kaiji "$KAIJI" || status=1
fi
exit $status
