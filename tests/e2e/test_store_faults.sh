#!/usr/bin/env bash
# The store when things go wrong around it: a --db that is a directory, empty,
# damaged or of an impossible schema version; a store another process holds
# locked (kaiji waits, then fails naming the wait); a file or directory kaiji
# may not write to; a file size limit reached mid-batch, and a full disk,
# each named as such; an application id in the header that is not kaiji's;
# a text that is not UTF-8 or holds a NUL through export and import; an
# export whose output cannot be written. Each bad case must give a clear
# error naming the file and exit 3, and leave what the store held as it was.
. "$(dirname "$0")/lib.sh"
GUIDE="$FIX/store/mini-guide.txt"
SAMPLE="$(cd "$FIX/../.." && pwd)/data/sample/hoshizora-security-2025.html"
DB="$T/base.db"
"$KAIJI" cases import --db "$DB" "$GUIDE" >/dev/null 2>&1
# a small fictional document of its own, so a batch has more than one
printf '# みずうみ物産 報告書\n\n当社は情報セキュリティ委員会を設け、CISOが年に二度取締役会へ報告しています。\n' \
  >"$T/mizuumi.txt"

# same FILE COPY: the two files hold the same bytes
same() { cmp -s "$1" "$2"; }

# ---- --db paths that are no store -------------------------------------------
mkdir "$T/dir.db"
run "$KAIJI" analyze --db "$T/dir.db" -o /dev/null "$T/mizuumi.txt"
expect_rc "--db a directory is refused" 3
expect_err "... naming it" "dir.db: not a kaiji database \(not a regular file\)"
head -c 100000 "$DB" >"$T/trunc.db"
cp "$T/trunc.db" "$T/trunc.orig"
run "$KAIJI" analyze --db "$T/trunc.db" -o /dev/null "$T/mizuumi.txt"
expect_rc "a truncated store is refused" 3
expect_err "... as damaged, not as another kind of file" "trunc.db: damaged database, left as it is \(database disk image is malformed\)"
if same "$T/trunc.db" "$T/trunc.orig" && [ ! -e "$T/trunc.db-wal" ]; then ok "... and left untouched"
else not_ok "... and left untouched"; fi
# a schema version below 0 (a damaged header) is no list of migrations to run
cp "$DB" "$T/neg.db"
sqlite3 "$T/neg.db" "PRAGMA user_version = -8" >/dev/null
cp "$T/neg.db" "$T/neg.orig"
run "$KAIJI" cases list --db "$T/neg.db"
expect_rc "a negative schema version is refused" 3
expect_no_crash "... without a crash"
expect_err "... as damaged" "neg.db: damaged database, left as it is \(schema version -8, which no kaiji writes\)"
if same "$T/neg.db" "$T/neg.orig"; then ok "... and left untouched"; else not_ok "... and left untouched"; fi

# ---- Locks --------------------------------------------------------------------
# hold DB SQL: a sqlite3 shell runs SQL on DB and keeps its connection, and
# the lock SQL took, until release. It has the lock once it says so.
hold() {
  rm -f "$T/hold.fifo" "$T/hold.out"
  mkfifo "$T/hold.fifo"
  sqlite3 "$1" <"$T/hold.fifo" >"$T/hold.out" 2>&1 &
  HOLD_PID=$!
  exec 7>"$T/hold.fifo"
  printf "%s\nSELECT 'held';\n" "$2" >&7
  for _ in $(seq 1 300); do grep -q held "$T/hold.out" && return; sleep 0.1; done
  echo "# the sqlite3 shell did not take the lock: $(cat "$T/hold.out")"
}
release() { printf 'COMMIT;\n.quit\n' >&7; exec 7>&-; wait "$HOLD_PID"; }

# A new database another program is writing to before it is in WAL mode (as
# another kaiji creating the same store is): SQLite does not wait for the
# switch to WAL, kaiji does.
: >"$T/new.db"
hold "$T/new.db" "BEGIN IMMEDIATE;"
"$KAIJI" cases import-jsonl --db "$T/new.db" /dev/null >"$T/new.out" 2>"$T/new.err" &
kpid=$!
sleep 1
release
wait "$kpid"
RC=$?; ERR=$(cat "$T/new.err")
expect_rc "a new store another program is writing to is waited for, not refused at once" 0
run "$KAIJI" docs check --db "$T/new.db"
expect_rc "... and then made whole" 0

# A store another process is writing to: kaiji waits for it
cp "$DB" "$T/lock.db"
hold "$T/lock.db" "BEGIN IMMEDIATE;"
"$KAIJI" analyze --db "$T/lock.db" -o /dev/null "$T/mizuumi.txt" >"$T/lock.out" 2>"$T/lock.err" &
kpid=$!
sleep 1
release
wait "$kpid"
RC=$?; ERR=$(cat "$T/lock.err")
expect_rc "a write to a store another process holds waits until it is free" 0
expect_err "... and stores the document" "stored as document 1 \(added\)"
# and gives up after its 10 seconds, naming the wait, the store as it was
hold "$T/lock.db" "BEGIN IMMEDIATE;"
printf '{"key": "wait-1", "item": 4, "body": "待っている間の事例"}\n' >"$T/wait.jsonl"
run "$KAIJI" cases import-jsonl --db "$T/lock.db" "$T/wait.jsonl"
release
expect_rc "a store held longer than the busy timeout is an error" 3
expect_err "... naming the store and the wait" "lock.db: .*database is locked: another process is writing to it \(kaiji waits up to 10 seconds\); try again when it has finished"
run "$KAIJI" cases list --db "$T/lock.db"
expect_out "... and the store holds what it held" "^5 cases$"
run "$KAIJI" docs list --db "$T/lock.db"
expect_out "... the document stored before too" "^1 document$"

# ---- Files and directories kaiji may not write to ---------------------------------
RO="$T/ro"
mkdir "$RO" "$RO/dir"
chmod 755 "$T"
chmod 777 "$RO" # SQLite makes a WAL store's -shm beside it, to read it through
cp "$DB" "$RO/ro.db"
chmod 444 "$RO/ro.db"
chmod 555 "$RO/dir"
if as_other "$KAIJI" --version >/dev/null 2>&1 && ! as_other sh -c ": >>'$RO/ro.db'" 2>/dev/null; then
  cp "$RO/ro.db" "$T/ro.orig"
  run as_other "$KAIJI" analyze --db "$RO/ro.db" -o /dev/null "$T/mizuumi.txt" "$SAMPLE"
  expect_rc "analyze into a read-only store fails" 3
  expect_err "... naming it" "^kaiji: $RO/ro.db: cannot write to the store: the file is read-only$"
  if [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]; then ok "... at once, before analysing anything"
  else not_ok "... at once, before analysing anything" "$ERR"; fi
  run as_other "$KAIJI" cases import-jsonl --db "$RO/ro.db" "$T/wait.jsonl"
  expect_err "cases import-jsonl into a read-only store fails so" "ro.db: cannot write to the store: the file is read-only"
  run as_other "$KAIJI" docs rm --db "$RO/ro.db" 1
  expect_rc "docs rm in a read-only store fails" 3
  expect_err "... saying the file is read-only" "ro.db: cannot write to the store: the file is read-only"
  run as_other "$KAIJI" cases list --db "$RO/ro.db"
  expect_out "a read-only store can be read" "^5 cases$"
  run as_other "$KAIJI" docs check --db "$RO/ro.db"
  expect_rc "docs check checks a read-only store (its search indexes on a copy)" 0
  expect_out "... and says it is sound" "ro.db: ok \(schema [0-9]+; integrity and search indexes checked\)"
  if same "$RO/ro.db" "$T/ro.orig"; then ok "... and leaves it untouched"; else not_ok "... and leaves it untouched"; fi
  # an older store that cannot be migrated
  chmod 644 "$RO/ro.db"
  sqlite3 "$RO/ro.db" "PRAGMA user_version = 6" >/dev/null
  chmod 444 "$RO/ro.db"
  run as_other "$KAIJI" cases list --db "$RO/ro.db"
  expect_rc "an older read-only store is refused" 3
  expect_err "... saying why it cannot be migrated" "ro.db: schema version 6 is older than this kaiji's \([0-9]+\), and the file is read-only, so it cannot be migrated"
  # (a store in a directory kaiji may not write to: test_store_shared.sh)
  run as_other "$KAIJI" cases import --db "$RO/dir/new.db" "$GUIDE"
  expect_rc "a new store in a directory that cannot be written to is an error" 3
  expect_err "... saying so" "dir/new.db: cannot create the database: its directory cannot be written to \(Permission denied\)"
else
  echo "# no other user to run as: skipping the read-only checks"
fi
chmod 755 "$RO/dir"
chmod 644 "$RO/ro.db"

# ---- A file size limit reached in the middle of a batch -------------------------
# (kaiji ignores SIGXFSZ, so the write fails rather than the process being killed)
cp "$DB" "$T/full.db"
for i in 1 2 3 4 5 6; do sed "s|</body>|<p>第${i}版の追記。</p></body>|" "$SAMPLE" >"$T/v$i.html"; done
before=$(stat -c %s "$T/full.db")
( ulimit -f $(( before / 1024 + 300 )); "$KAIJI" analyze --db "$T/full.db" -o /dev/null "$T"/v{1..6}.html ) \
  >"$T/out" 2>"$T/err"
RC=$?; ERR=$(cat "$T/err")
expect_rc "a store that cannot grow fails the documents it cannot hold" 3
expect_err "... naming them and the store" "v6.html: not stored: $T/full.db: "
expect_err "... and the file size limit, not only SQLite's 'disk I/O error'" "v6.html: not stored: $T/full.db: commit failed: disk I/O error: the store cannot grow past the file size limit \(ulimit -f\) of [0-9]+ bytes$"
stored=$(printf '%s\n' "$ERR" | grep -c "stored as document")
run "$KAIJI" docs check --db "$T/full.db"
expect_rc "... and the store is sound afterwards" 0
run "$KAIJI" docs list --db "$T/full.db"
expect_out "... holding every document it said it stored" "^$stored documents?$"
have=$(sqlite3 "$T/full.db" "SELECT count(*) FROM documents d WHERE n_passages = (SELECT count(*) FROM passages p WHERE p.doc_id = d.id) AND EXISTS (SELECT 1 FROM assessments a WHERE a.doc_id = d.id)" 2>&1)
if [ "$have" = "$stored" ]; then ok "... each whole, with its passages and assessment"
else not_ok "... each whole, with its passages and assessment" "$have whole, $stored stored"; fi

# ---- A full disk (a small file system of its own, where unshare can mount one) -------
mkdir "$T/small"
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null &&
  unshare -m sh -c "mount -t tmpfs -o size=1m tmpfs '$T/small'" 2>/dev/null; then
  # the store fills its 1 MB file system: some documents are stored, the rest refused
  unshare -m sh -c "mount -t tmpfs -o size=1m tmpfs '$T/small' && cp '$DB' '$T/small/s.db' &&
    '$KAIJI' analyze --no-lint --db '$T/small/s.db' -o /dev/null $(printf "'%s' " "$T"/v{1..6}.html) &&
    echo analyzed; '$KAIJI' docs check --db '$T/small/s.db' && echo checked" >"$T/out" 2>"$T/err"
  OUT=$(cat "$T/out"); ERR=$(cat "$T/err"); RC=0
  expect_err "a store whose disk is full fails the documents it cannot hold, saying the disk is full" "v6.html: not stored: $T/small/s.db: commit failed: database or disk is full: no space is left on the disk that holds the store \(or SQLite's temporary files\)$"
  expect_out "... and the store is sound afterwards" "^checked$"
else
  echo "# cannot mount a small file system here: skipping the full disk check"
fi

# ---- An application id that is not kaiji's ------------------------------------------
# the 4 bytes at offset 68 of the file: 'KAIJ' in every kaiji store, 0 in a
# new file; any other value, or 0 in a file that holds tables, is refused by
# every command and the file left as it was
for bad in XXXX KAIK '\0\0\0\0'; do
  cp "$DB" "$T/app.db"
  printf "$bad" | dd of="$T/app.db" bs=1 seek=68 conv=notrunc 2>/dev/null
  cp "$T/app.db" "$T/app.orig"
  for args in "analyze --no-lint -o /dev/null $T/mizuumi.txt" "cases import-jsonl $T/wait.jsonl" \
    "cases import $GUIDE" "docs rm 1" "docs list" "docs check"; do
    run "$KAIJI" $args --db "$T/app.db"
    expect_rc "application id $bad: ${args%% /*} is refused" 3
    expect_err "... as not a kaiji store, or a damaged header" "app.db: not a kaiji database \(its header's application id is 0x[0-9a-f]{8}, not kaiji's: another application's database, or a damaged header\)"
  done
  if same "$T/app.db" "$T/app.orig" && [ ! -e "$T/app.db-wal" ]; then ok "... and the file is left as it was"
  else not_ok "... and the file is left as it was"; fi
done

# ---- Text that is not UTF-8, or holds a NUL ---------------------------------------
# A --company and --note in Shift_JIS: the export keeps every field (with
# U+FFFD for the bytes JSON cannot hold), where it dropped them
SJIS=$(printf '\x82\xdd\x82\xb8\x82\xa4\x82\xdd\x95\xa8\x8e\x59') # みずうみ物産 in Shift_JIS
"$KAIJI" analyze --db "$T/sjis.db" -o /dev/null --company "$SJIS" "$T/mizuumi.txt" >/dev/null 2>&1
pid=$("$KAIJI" docs show --db "$T/sjis.db" 1 --format json | jq -r '.passage_list[0].id')
"$KAIJI" cases add --db "$T/sjis.db" --passage "$pid" --item 2 --note "$SJIS" --tags "a,$SJIS" >/dev/null 2>&1
run "$KAIJI" cases export --db "$T/sjis.db"
expect_rc "cases export of text that is not UTF-8 succeeds" 0
expect_jsonl "... keeping company, title, note and tags, as valid JSON" \
  'length == 1 and (.[0] | (.company | test("\ufffd")) and (.title | test("\ufffd")) and (.note | test("\ufffd")) and (.tags | startswith("a,")))'
printf '%s\n' "$OUT" >"$T/sjis.jsonl"
run "$KAIJI" cases import-jsonl --db "$T/sjis2.db" "$T/sjis.jsonl"
run "$KAIJI" cases show --db "$T/sjis2.db" 1 --format json
expect_jsonl "... and an import of that export has the company" '.[0].company | test("\ufffd")'
printf '{"item": 4, "body": "前半\\u0000後半"}\n' >"$T/nul-body.jsonl"
printf '{"item": 4, "body": "本文", "company": "架空\\u0000商事"}\n' >"$T/nul-company.jsonl"
for field in body company; do
  cp "$T/nul-$field.jsonl" "$T/nul.jsonl"
  run "$KAIJI" cases import-jsonl --db "$T/nul.db" "$T/nul.jsonl"
  expect_rc "import-jsonl refuses a $field holding a NUL" 3
  expect_err "... naming the line and field, not cutting the text there" "nul.jsonl:1: \"$field\" holds a NUL character \(\\\\u0000\), which a case cannot hold"
done
printf '{"item": 7, "body": "体制", "elements": ["7.1\\u0000junk"]}\n' >"$T/nul.jsonl"
run "$KAIJI" cases import-jsonl --db "$T/nul.db" "$T/nul.jsonl"
expect_err "import-jsonl refuses an element holding a NUL, not reading it as 7.1" "nul.jsonl:1: \"elements\" holds a NUL character"

mkdir "$T/cases.d"
run "$KAIJI" cases import-jsonl --db "$DB" "$T/cases.d"
expect_rc "import-jsonl of a directory fails" 3
expect_err "... saying why" "cases.d: cannot read: Is a directory"

# ---- Output that cannot be written ---------------------------------------------
if [ -w /dev/full ]; then
  run "$KAIJI" cases export --db "$DB" -o /dev/full
  expect_rc "cases export to a full disk fails" 3
  expect_err "... naming it" "/dev/full: write failed"
  "$KAIJI" cases export --db "$DB" >/dev/full 2>"$T/err"
  RC=$?; ERR=$(cat "$T/err")
  expect_rc "cases export to a full standard output fails" 3
  expect_err "... saying so" "<stdout>: write failed"
  "$KAIJI" cases list --db "$DB" >/dev/full 2>"$T/err"
  RC=$?; ERR=$(cat "$T/err")
  expect_rc "cases list to a full standard output fails" 3
else
  echo "# no /dev/full: skipping the full-output checks"
fi

# ---- An empty file named as the store -------------------------------------------
# holds no database yet: a command that only reads says so and leaves the file
# as it was (empty); a command that stores makes the database in it
: >"$T/empty.db"
for args in "cases list" "docs list" "docs check"; do
  run "$KAIJI" $args --db "$T/empty.db"
  expect_rc "$args of an empty file fails" 3
  expect_err "... saying there is no database yet" "no kaiji database here yet"
  if [ ! -s "$T/empty.db" ]; then ok "... and leaves the file empty"; else not_ok "... and leaves the file empty" "$(stat -c %s "$T/empty.db") bytes"; fi
done
run "$KAIJI" analyze --no-lint --db "$T/empty.db" "$SAMPLE"
expect_rc "analyze --db of an empty file stores into it" 0
run "$KAIJI" docs list --db "$T/empty.db"
expect_out "... and the document is listed" "hoshizora-security-2025"
