#!/usr/bin/env bash
# End-to-end tests of output that cannot be written, in every command that
# writes: standard output that is full (/dev/full), closed (>&-) or a pipe
# whose reader has gone, and -o FILE on a full device or past the file size
# limit (ulimit -f). Each says one line naming the output ("<stdout>" or the
# file) and why (the system's reason: "No space left on device", "Bad file
# descriptor", "Broken pipe", "File too large"), exits 3, is not killed by
# SIGPIPE, leaves an earlier file at -o as it was with no temporary file
# beside it, and stops working once its output has failed. Descriptors 0-2
# closed by the caller are not taken by files kaiji opens: an error message
# never lands in a report.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE="$root/data/sample/hoshizora-security-2025.html"
export XDG_DATA_HOME="$T/xdg" # no case collection: no note on stderr
mkdir "$T/w"
cd "$T/w" || exit 1

# broken_pipe CMD...: run CMD with standard output a pipe whose reader has
# already gone (no race: the pipe's read end is closed before CMD starts)
# and SIGPIPE as a shell leaves it (deadly); $RC gets its status (128+N
# when signal N killed it), $ERR its standard error.
broken_pipe() {
  python3 - "$@" >"$T/rc" 2>"$T/err" <<'EOF'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
sys.stderr.write(p.stderr.decode("utf-8", "replace"))
print(p.returncode if p.returncode >= 0 else 128 - p.returncode)
EOF
  RC=$(cat "$T/rc"); ERR=$(cat "$T/err")
}
# one_line NAME REGEX: the last run failed with exit status 3 and said
# exactly one line on stderr, which matches REGEX whole
one_line() {
  if [ "$RC" -eq 3 ] && [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] &&
    printf '%s' "$ERR" | grep -Eqx -- "$2"; then ok "$1"
  else not_ok "$1" "exit $RC, wanted 3; stderr, wanted one line /$2/:" "${ERR:0:400}"; fi
}

# a store with a document and cases, for docs and cases to list
DB="$T/k.db"
"$KAIJI" analyze --db "$DB" "$SAMPLE" >/dev/null 2>&1
"$KAIJI" cases import --db "$DB" "$FIX/store/mini-guide.txt" >/dev/null 2>&1
printf '{"id":"a","text":"当社は架空の監視室を置き、不審な通信を毎日確かめています。"}\n' >one.jsonl

# ---- standard output ----------------------------------------------------------
stdout_cmds=(
  "analyze $SAMPLE" "analyze --format json $SAMPLE" "analyze --format html $SAMPLE"
  "classify --jsonl one.jsonl" "extract $SAMPLE" "extract --format json $SAMPLE"
  "lint $SAMPLE" "lint --format json $SAMPLE" "lint --strict $SAMPLE"
  "docs list --db $DB" "docs show --db $DB 1" "docs search --db $DB CSIRT"
  "docs check --db $DB" "docs list --db $DB --format json"
  "cases list --db $DB" "cases show --db $DB 1" "cases search --db $DB 情報"
  "cases search --db $DB --format json 情報" "cases export --db $DB"
  "lexicon info" "help" "help analyze" "--version" "--help" "docs --help" "lint --strict -h"
)
for args in "${stdout_cmds[@]}"; do
  name=${args//$SAMPLE/SAMPLE}; name=${name//$DB/DB}
  if [ -w /dev/full ]; then
    run bash -c "exec \"\$@\" >/dev/full" _ "$KAIJI" $args
    one_line "kaiji $name to a full standard output: one line with the reason, exit 3" \
      'kaiji: <stdout>: write failed: No space left on device'
  fi
  run bash -c "exec \"\$@\" >&-" _ "$KAIJI" $args
  one_line "kaiji $name to a closed standard output: one line with the reason, exit 3" \
    'kaiji: <stdout>: write failed: Bad file descriptor'
  broken_pipe "$KAIJI" $args
  one_line "kaiji $name to a pipe whose reader has gone: one line, exit 3, no SIGPIPE" \
    'kaiji: <stdout>: write failed: Broken pipe'
done

# ---- -o FILE ---------------------------------------------------------------------
# cases enough for an export past 64 KiB (a store is not read under a
# smaller limit: its shared-memory file is 32 KiB)
python3 - >many.jsonl <<'EOF'
import json
body = "架空の会社は情報セキュリティ委員会を四半期ごとに開き、訓練の結果を取締役会へ報告している。" * 4
for i in range(120):
    print(json.dumps({"key": "fict-%d" % i, "item": 1, "elements": ["1.1"], "company": "架空商事",
                      "document": "報告書", "doc_type": "integrated", "year": 2024,
                      "title": "架空商事 報告書 %d" % i, "body": body, "source": "import"}, ensure_ascii=False))
EOF
"$KAIJI" cases import-jsonl --db "$T/many.db" many.jsonl >/dev/null 2>&1
python3 -c 'import json; [print(json.dumps({"id": i, "text": "当社は架空の監視室を置き、不審な通信を毎日確かめています。" * 20})) for i in range(100)]' >many-lines.jsonl
o_cmds=(
  "1|analyze -o OUT $SAMPLE" "1|analyze --format json -o OUT $SAMPLE"
  "1|analyze --format html -o OUT $SAMPLE" "1|classify --jsonl -o OUT many-lines.jsonl"
  "1|lint -o OUT $SAMPLE" "1|lint --format json -o OUT $SAMPLE"
  "64|cases export --db $T/many.db -o OUT"
)
for entry in "${o_cmds[@]}"; do
  limit=${entry%%|*}; args=${entry#*|}
  name=${args//$SAMPLE/SAMPLE}; name=${name//$T\//}
  if [ -w /dev/full ]; then
    run "$KAIJI" ${args/OUT//dev/full}
    one_line "kaiji ${name/OUT//dev/full}: one line with the reason, exit 3" \
      'kaiji: /dev/full: write failed: No space left on device'
  fi
  printf 'an earlier report\n' >report.out
  run bash -c "ulimit -f $limit; exec \"\$@\"" _ "$KAIJI" ${args/OUT/report.out}
  one_line "kaiji ${name/OUT/FILE} past the file size limit: one line with the reason, exit 3" \
    'kaiji: report\.out: write failed: File too large; left as it was'
  [ "$(cat report.out)" = "an earlier report" ] && ok "... the earlier report left whole" ||
    not_ok "... the earlier report left whole" "$(head -c 200 report.out)"
  left=$(find . -name '.*kaiji-*')
  [ -z "$left" ] && ok "... and no temporary file left" || not_ok "... and no temporary file left" "$left"
  broken_pipe "$KAIJI" ${args/OUT/report.out}
  [ "$RC" -lt 128 ] && ok "kaiji ${name/OUT/FILE} with a broken standard output is not killed by SIGPIPE" ||
    not_ok "kaiji ${name/OUT/FILE} with a broken standard output is not killed by SIGPIPE" "exit $RC"
done

# ---- stopping once the output has failed -----------------------------------------
# classify reads no further than it must: standard input is a file whose
# offset, shared with this shell, shows how far it was read
python3 -c 'import json; [print(json.dumps({"id": i, "text": "架空の会社はCSIRTを置いています。"})) for i in range(50000)]' >long.jsonl
if [ -w /dev/full ]; then
  for jobs in 1 2; do
    exec 3<long.jsonl
    "$KAIJI" classify --jsonl --jobs $jobs <&3 >/dev/full 2>"$T/err"
    RC=$?; ERR=$(cat "$T/err")
    pos=$(sed -n 's/^pos:[[:space:]]*//p' /proc/$$/fdinfo/3)
    exec 3<&-
    one_line "classify --jobs $jobs to a full standard output: one line" \
      'kaiji: <stdout>: write failed: No space left on device'
    [ "$pos" -lt "$(stat -c %s long.jsonl)" ] && ok "... and it stopped reading its input" ||
      not_ok "... and it stopped reading its input" "read $pos of $(stat -c %s long.jsonl) bytes"
  done
  run bash -c "exec \"\$@\" >/dev/full" _ "$KAIJI" analyze --jobs 2 "$SAMPLE" "$SAMPLE" "$SAMPLE" "$SAMPLE" missing.txt
  one_line "analyze --jobs 2 to a full standard output stops before the last file" \
    'kaiji: <stdout>: write failed: No space left on device'
  # analyze and lint take no further file: the one after is never read
  run bash -c "exec \"\$@\" >/dev/full" _ "$KAIJI" analyze "$SAMPLE" "$SAMPLE" missing.txt
  one_line "analyze to a full standard output stops before the next file" \
    'kaiji: <stdout>: write failed: No space left on device'
  run bash -c "exec \"\$@\" >/dev/full" _ "$KAIJI" lint "$SAMPLE" "$SAMPLE" "$SAMPLE" "$SAMPLE" missing.txt
  one_line "lint to a full standard output stops before the next file" \
    'kaiji: <stdout>: write failed: No space left on device'
  run bash -c "exec \"\$@\" >/dev/full" _ "$KAIJI" extract "$SAMPLE" missing.txt
  one_line "extract to a full standard output stops before the next file" \
    'kaiji: <stdout>: write failed: No space left on device'
fi

# ---- descriptors closed by the caller ----------------------------------------------
# stderr closed: the report at -o is no place for the error about a file
run bash -c "exec \"\$@\" 2>&-" _ "$KAIJI" lint -o report.txt missing.txt "$SAMPLE"
expect_rc "lint -o FILE with standard error closed fails on the missing file" 3
if grep -q 'missing' report.txt; then not_ok "... and its error is not written into the report" "$(head -3 report.txt)"
else ok "... and its error is not written into the report"; fi
grep -q 'product-version\|ip-address' report.txt && ok "... which holds the findings" ||
  not_ok "... which holds the findings" "$(head -3 report.txt)"
# stdin closed: read as such, not as an empty file
run bash -c "exec \"\$@\" <&-" _ "$KAIJI" analyze -
one_line "analyze - with standard input closed says it cannot be read" \
  'kaiji: <stdin>: cannot read: Bad file descriptor'
run bash -c "exec \"\$@\" <&-" _ "$KAIJI" classify --jsonl
one_line "classify with standard input closed says it cannot be read" \
  'kaiji: <stdin>: cannot read: Bad file descriptor'
# stdout closed and -o FILE: nothing goes to standard output, all is well
run bash -c "exec \"\$@\" >&-" _ "$KAIJI" analyze -o report.txt "$SAMPLE"
expect_rc "analyze -o FILE with standard output closed" 0
grep -q 'サイバーセキュリティ' report.txt && ok "... writes FILE" || not_ok "... writes FILE" "$(head -3 report.txt)"

# ---- files kaiji writes into its data: the lexicon's database, a model ------------
# written whole or not at all, and a write that fails says why
mkdir -p "$T/lex" && cp "$root"/data/lexicon/*.tsv "$T/lex/"
printf 'an earlier database\n' >"$T/lex/lexicon.hsdb"
run bash -c "ulimit -f 16; exec \"\$@\"" _ "$KAIJI" lexicon compile --dir "$T/lex"
one_line "lexicon compile past the file size limit: one line with the reason, exit 3" \
  "kaiji: $T/lex/lexicon\.hsdb: write failed: File too large; left as it was"
[ "$(cat "$T/lex/lexicon.hsdb")" = "an earlier database" ] && ok "... the earlier database left whole" ||
  not_ok "... the earlier database left whole" "$(head -c 100 "$T/lex/lexicon.hsdb")"
left=$(find "$T/lex" -name 'lexicon.hsdb?*')
[ -z "$left" ] && ok "... and no temporary file left" || not_ok "... and no temporary file left" "$left"
mkdir -p "$T/tr" "$T/model"
head -40 "$root/data/train/en.jsonl" >"$T/tr/en.jsonl"
printf 'an earlier model\n' >"$T/model/model.tsv"
run bash -c "ulimit -f 4; exec \"\$@\"" _ "$KAIJI" train --train "$T/tr" --out "$T/model" --folds 2 --quiet
one_line "train past the file size limit: one line with the reason, exit 3" \
  "kaiji: $T/model/model\.tsv: write failed: File too large; left as it was"
[ "$(cat "$T/model/model.tsv")" = "an earlier model" ] && ok "... the earlier model left whole" ||
  not_ok "... the earlier model left whole" "$(head -c 100 "$T/model/model.tsv")"

# ---- standard output left non-blocking by another program ---------------------------
# a full pipe is waited for, not taken for a failed write: the reader reads
# nothing until the pipe is full (kaiji's next write would block), then all
python3 - "$KAIJI" "$SAMPLE" >"$T/nb.out" 2>"$T/nb.err" <<'PY'
import fcntl, os, struct, subprocess, sys, termios, time
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ: a small pipe, soon full
size = fcntl.fcntl(w, 1032)  # F_GETPIPE_SZ
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
p = subprocess.Popen([sys.argv[1], "analyze", "--format", "json", sys.argv[2]], stdout=w)
os.close(w)
while p.poll() is None:
    if struct.unpack("i", fcntl.ioctl(r, termios.FIONREAD, b"\0\0\0\0"))[0] >= size:
        break
    time.sleep(0.01)
data = b""
while True:
    d = os.read(r, 65536)
    if not d:
        break
    data += d
print(p.wait(), len(data))
PY
want=$("$KAIJI" analyze --format json "$SAMPLE" 2>/dev/null | wc -c)
if [ "$(cat "$T/nb.out")" = "0 $want" ] && [ ! -s "$T/nb.err" ]; then
  ok "analyze to a non-blocking pipe that fills waits for its reader and writes all"
else not_ok "analyze to a non-blocking pipe that fills waits for its reader and writes all" \
  "status and bytes: $(cat "$T/nb.out"), wanted 0 $want" "$(cat "$T/nb.err")"; fi
