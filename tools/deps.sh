#!/usr/bin/env bash
# Install the Debian 12 packages kaiji needs to build and test, when missing.
# Idempotent and quick when everything is present. Uses sudo when not root.
# Usage: tools/deps.sh [build|test|fuzz]   (test adds the browser-test
# packages, fuzz clang and its libFuzzer runtime for `make fuzz`)
set -euo pipefail
want=(build-essential cmake pkg-config
  libmupdf-dev mupdf-tools libfreetype-dev libharfbuzz-dev libjbig2dec0-dev libopenjp2-7-dev
  libjpeg-dev libmujs-dev libgumbo-dev zlib1g-dev
  libxml2-dev libzip-dev libutf8proc-dev libuchardet-dev libvectorscan-dev libpcre2-dev
  libsqlite3-dev sqlite3 libjansson-dev libxlsxwriter-dev libcmocka-dev
  liblinear-dev zip jq time bc python3)
if [ "${1:-build}" = fuzz ]; then
  want+=(clang libclang-rt-dev)
fi
if [ "${1:-build}" = test ]; then
  want+=(chromium fonts-noto-cjk)
  # Node.js may come from elsewhere than Debian (its npm then conflicts with
  # Debian's): only ask for Debian's when the commands are missing.
  command -v node >/dev/null 2>&1 || want+=(nodejs)
  command -v npm >/dev/null 2>&1 || want+=(npm)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "kaiji: installing missing Debian packages: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
