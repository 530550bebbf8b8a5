#!/usr/bin/env bash
# Write tests/fixtures/store/indent-guide.pdf from
# tests/fixtures/store/indent-guide.txt (kaiji's own invented guide-like
# text) with `mutool create`, each line placed where the text file sets it:
# a line that starts with a space is placed one character to the right and
# written without the space, as PDF makers set an indent by position. So
# `kaiji cases import` is tested on a PDF whose indents are not characters.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - tests/fixtures/store/indent-guide.txt "$tmp/page.txt" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = ["%%MediaBox 0 0 595 842", "%%CJKFont F1 ja H serif", "%%Font F2 Helvetica", "BT"]
y = 800
for l in lines:
    x = 60.0 if l.startswith(" ") else 50.0
    # Japanese in the CJK font (10 points a character), ASCII in Helvetica:
    # the CJK font gives ASCII digits full widths, which reads as "2 0 2 4"
    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", l.strip(" ")):
        if run[0] < "\x7f":
            out.append("/F2 10 Tf 1 0 0 1 %.1f %d Tm (%s) Tj" % (x, y, run))
            x += 5.6 * len(run)
        else:
            out.append("/F1 10 Tf 1 0 0 1 %.1f %d Tm <%s> Tj" % (x, y, run.encode("utf-16-be").hex()))
            x += 10.0 * len(run)
    y -= 14
out.append("ET")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY
mutool create -o tests/fixtures/store/indent-guide.pdf "$tmp/page.txt"
