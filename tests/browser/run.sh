#!/usr/bin/env bash
# Browser tests of the HTML report: render reports of two hostile documents
# and of the bundled sample with $KAIJI, open them in Debian's headless Chromium
# through playwright-core (installed locally on first use; browsers are never
# downloaded) and check that no script runs and the charts and sections are
# there; screenshots go to $SHOTS (default: <build dir>/browser). Prints
# "ok N - name" / "not ok N - name" lines for tests/run.sh.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KAIJI=${KAIJI:-$root/build/kaiji}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SHOTS=${SHOTS:-$(dirname "$KAIJI")/browser}
export KAIJI_DATA=${KAIJI_DATA:-$root/data}
n=0
ok()     { n=$((n+1)); echo "ok $n - $1"; }
not_ok() { n=$((n+1)); echo "not ok $n - $1"; shift; [ $# -gt 0 ] && printf '   %s\n' "$@"; }

if [ ! -x "$CHROMIUM" ] || ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  ok "browser tests # SKIP chromium, node or npm missing (make deps-test)"
  exit 0
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund \
     --loglevel=error playwright-core >/dev/null 2>"$here/.npm-install.log") ||
    { not_ok "install playwright-core" "$(tail -5 "$here/.npm-install.log")"; exit 1; }
fi
mkdir -p "$SHOTS"
reports=()
# breakout: text that closes <title>, <style>, <script> and comments, U+2028,
# escape sequences and bytes that are not UTF-8, read from a file whose own
# name is markup (the report shows the path)
breakout="$SHOTS/<img src=x onerror=alert(19)>.html"
cp "$root/tests/fixtures/render/breakout.html" "$breakout" 2>/dev/null
for spec in "hostile:$root/tests/fixtures/lint/hostile.html" "breakout:$breakout" \
            "sample:$root/data/sample/hoshizora-security-2025.html"; do
  name=${spec%%:*}; src=${spec#*:}
  if [ ! -f "$src" ]; then ok "render $name # SKIP $src missing"; continue; fi
  if "$KAIJI" analyze --format html -o "$SHOTS/report-$name.html" "$src" 2>"$SHOTS/$name.err"; then
    ok "render $name report"
    reports+=("$name=$SHOTS/report-$name.html")
  else
    not_ok "render $name report" "$(head -3 "$SHOTS/$name.err")"
  fi
done
[ ${#reports[@]} -gt 0 ] || exit 0
CHROMIUM="$CHROMIUM" SHOTS="$SHOTS" START=$n node "$here/report.test.mjs" "${reports[@]}"
