#!/bin/sh
# Print the bundled fictional sample (data/sample/hoshizora-security-2025.html) to PDF with headless
# Chromium. Needs Debian's chromium and fonts-noto-cjk:  apt-get install -y chromium fonts-noto-cjk
# Usage: tools/make-sample-pdf.sh        (run from anywhere; writes data/sample/hoshizora-security-2025.pdf)
set -eu
cd "$(dirname "$0")/.."
HTML=data/sample/hoshizora-security-2025.html
PDF=data/sample/hoshizora-security-2025.pdf
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$CHROMIUM" ] || { echo "make-sample-pdf: chromium not found (apt-get install -y chromium fonts-noto-cjk)" >&2; exit 1; }
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || echo "make-sample-pdf: warning: fonts-noto-cjk not found; Japanese may print as boxes" >&2
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT INT TERM
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$PROFILE" \
  --print-to-pdf="$PDF" --no-pdf-header-footer "file://$(pwd)/$HTML" 2>/dev/null
[ -s "$PDF" ] || { echo "make-sample-pdf: no PDF written" >&2; exit 1; }
echo "wrote $PDF ($(wc -c < "$PDF") bytes)"
