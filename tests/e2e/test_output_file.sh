#!/usr/bin/env bash
# End-to-end tests of -o FILE (output.c): a file is written whole or not
# at all. A write that fails part way (a file size limit, a full disk)
# leaves an earlier report at FILE as it was and no temporary file beside
# it; FILE may be one of the inputs; a symbolic link stays a link; the
# file's permissions are kept; what is not a regular file (/dev/null) is
# written as it is; a directory kaiji may not write to is written through
# the file itself; when no input file can be read, FILE is left as it was.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE="$root/data/sample/hoshizora-security-2025.html"
export XDG_DATA_HOME="$T/xdg" # no case collection to read
mkdir "$T/w"
cd "$T/w" || exit 1
leftovers() { find "$T/w" -name '.*kaiji-*' | wc -l; }

# a write cut short by the file size limit: the old report stays
printf 'an earlier report\n' >report.json
chmod 640 report.json
for cmd in "analyze --format json" "lint --format json" "classify --jsonl"; do
  in=$SAMPLE
  [ "$cmd" = "classify --jsonl" ] && {
    python3 -c 'import json; [print(json.dumps({"id": i, "text": "当社はCSIRTを設置し、不正アクセスに備えて訓練を年に二回行っています。" * 20})) for i in range(200)]' >"$T/in.jsonl"
    in=$T/in.jsonl
  }
  run bash -c "ulimit -f 1; exec '$KAIJI' $cmd -o report.json '$in'"
  expect_rc "kaiji $cmd -o past the file size limit fails" 3
  expect_err "... saying the write failed and the file is left as it was" 'report\.json: write failed: File too large; left as it was'
  [ "$(cat report.json)" = "an earlier report" ] && ok "... and the earlier report is whole" ||
    not_ok "... and the earlier report is whole" "$(head -c 200 report.json)"
  [ "$(leftovers)" = 0 ] && ok "... with no temporary file left" || not_ok "... with no temporary file left" "$(ls -a)"
done

# written whole: replaces the file, keeping its permissions
run "$KAIJI" analyze --format json -o report.json "$SAMPLE"
expect_rc "analyze -o over an earlier report" 0
python3 -c 'import json,sys; json.load(open("report.json"))' && ok "... which now holds the whole JSON" ||
  not_ok "... which now holds the whole JSON"
[ "$(stat -c %a report.json)" = 640 ] && ok "... with the file's permissions kept" ||
  not_ok "... with the file's permissions kept" "mode $(stat -c %a report.json)"

# a new file gets the permissions the umask gives
(umask 027 && "$KAIJI" analyze -o new.txt "$SAMPLE" >/dev/null 2>&1)
[ "$(stat -c %a new.txt)" = 640 ] && ok "a new file gets the umask's permissions" ||
  not_ok "a new file gets the umask's permissions" "mode $(stat -c %a new.txt)"

# the input itself as the output: read before it is replaced
cp "$SAMPLE" page.html
run "$KAIJI" analyze --format html -o page.html page.html
expect_rc "analyze --format html -o of its own input" 0
grep -q '株式会社ほしぞら電機' page.html && ok "... reads the input before replacing it" ||
  not_ok "... reads the input before replacing it" "$(head -c 300 page.html)"

# a symbolic link stays a link; its target is replaced
printf 'old\n' >target.txt
ln -s target.txt link.txt
run "$KAIJI" analyze -o link.txt "$SAMPLE"
expect_rc "analyze -o through a symbolic link" 0
[ -L link.txt ] && grep -q 'サイバーセキュリティ' target.txt && ok "... keeps the link and writes its target" ||
  not_ok "... keeps the link and writes its target" "$(ls -l)"

# not a regular file: written as it is
run "$KAIJI" analyze -o /dev/null "$SAMPLE"
expect_rc "analyze -o /dev/null" 0
[ -c /dev/null ] && ok "... leaves /dev/null a device" || not_ok "... leaves /dev/null a device"
if [ -w /dev/full ]; then
  run "$KAIJI" analyze -o /dev/full "$SAMPLE"
  expect_rc "analyze -o /dev/full fails" 3
  expect_err "... naming it" '/dev/full: write failed'
fi

# a cases export that fails leaves the earlier export
printf 'an earlier export\n' >cases.jsonl
run "$KAIJI" cases export --db "$T/missing.db" -o cases.jsonl
expect_rc "cases export from a missing store fails" 3
[ "$(cat cases.jsonl)" = "an earlier export" ] && ok "... leaving the earlier export" ||
  not_ok "... leaving the earlier export" "$(head -c 200 cases.jsonl)"

# a directory kaiji may not write to: written through the file itself
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
  mkdir "$T/ro"
  : >"$T/ro/out.txt"
  chmod 755 "$T/ro" "$T"
  chmod 666 "$T/ro/out.txt"
  chmod o+rx "$root" 2>/dev/null
  run setpriv --reuid=nobody --regid=nogroup --clear-groups env KAIJI_DATA="$KAIJI_DATA" XDG_DATA_HOME=/nonexistent \
    "$KAIJI" analyze -o "$T/ro/out.txt" "$SAMPLE"
  if [ "$RC" -eq 0 ]; then
    grep -q 'サイバーセキュリティ' "$T/ro/out.txt" && ok "a file in a directory kaiji may not write to is written in place" ||
      not_ok "a file in a directory kaiji may not write to is written in place" "$(head -c 200 "$T/ro/out.txt")"
  else
    echo "# nobody cannot run kaiji here ($ERR): skipping the read-only directory check"
  fi
fi

# no input file could be read: -o FILE is not replaced by an empty report (nor made), and the
# command says so; on standard output the (empty) report is still whole
for cmd in "analyze --format json" "analyze --format csv" "analyze --format xlsx" "analyze" \
  "lint --format json" "lint"; do
  printf 'an earlier report\n' >kept.out
  run "$KAIJI" $cmd -o kept.out "$T/none.pdf" "$T/nothing.html"
  [ "$RC" = 3 ] && [ "$(cat kept.out)" = "an earlier report" ] &&
    ok "$cmd -o FILE, no input readable: FILE left as it was, exit 3" ||
    not_ok "$cmd -o FILE, no input readable: FILE left as it was, exit 3" "rc $RC" "$(head -c 100 kept.out)"
  expect_err "... saying it is not written" "kept\.out: not written: no FILE could be read"
done
run "$KAIJI" analyze --format json -o fresh.json "$T/none.pdf"
[ "$RC" = 3 ] && [ ! -e fresh.json ] && [ "$(leftovers)" = 0 ] && ok "... and a FILE that was not there is not made" ||
  not_ok "... and a FILE that was not there is not made" "rc $RC, $(ls -a)"
mkdir broken-data && cp -r "$KAIJI_DATA"/. broken-data/ && printf 'junk\n' >broken-data/model/model.tsv &&
  rm -f broken-data/model/model.bin
printf 'an earlier report\n' >kept.out
run env KAIJI_DATA="$PWD/broken-data" "$KAIJI" analyze --format json -o kept.out "$SAMPLE"
[ "$RC" = 3 ] && [ "$(cat kept.out)" = "an earlier report" ] &&
  ok "data that cannot be loaded: -o FILE left as it was" ||
  not_ok "data that cannot be loaded: -o FILE left as it was" "rc $RC, ${ERR:0:300}" "$(head -c 100 kept.out)"
printf 'an earlier report\n' >kept.out
run "$KAIJI" analyze --format json -o kept.out "$SAMPLE" "$T/none.pdf"
[ "$RC" = 3 ] && grep -q '"path"' kept.out && ok "one input readable of two: FILE has its report (exit 3)" ||
  not_ok "one input readable of two: FILE has its report (exit 3)" "rc $RC" "$(head -c 100 kept.out)"
run "$KAIJI" analyze --format json "$T/none.pdf" "$T/nothing.html"
[ "$RC" = 3 ] && [ "$OUT" = "[]" ] && ok "on standard output, no input readable: an empty JSON array, whole" ||
  not_ok "on standard output, no input readable: an empty JSON array, whole" "rc $RC, out '$OUT'"
