#!/usr/bin/env bash
# Print tests/fixtures/store/mini-guide.txt (kaiji's own invented guide-like
# fixture) to tests/fixtures/store/mini-guide.pdf with Debian's headless
# Chromium, so `kaiji cases import` is tested on a PDF text layer too (with
# the Kangxi radicals and joined lines PDF extraction brings).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/mini.html" <<'PY'
import html, sys
t = open("tests/fixtures/store/mini-guide.txt", encoding="utf-8").read()
open(sys.argv[1], "w", encoding="utf-8").write(
    "<html><head><meta charset=utf-8><style>pre{white-space:pre-wrap;font-size:10pt}</style>"
    "</head><body><pre>" + html.escape(t) + "</pre></body></html>")
PY
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/profile" \
  --print-to-pdf=tests/fixtures/store/mini-guide.pdf --no-pdf-header-footer "file://$tmp/mini.html"
