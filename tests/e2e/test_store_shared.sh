#!/usr/bin/env bash
# A store in a directory kaiji may not write to (a team's store on a
# read-only share or a CD, another user's directory): SQLite cannot make the
# shared index (PATH-shm) it reads a WAL store through, so kaiji reads the
# store as it is on the disk. Reading commands work and leave no file
# behind; writing commands fail at once in one line naming the file; a
# PATH-wal holding changes not yet written into the store is not left out
# silently: kaiji says what to do. Run as another user (nobody) in a
# directory without write permission, and as root in a read-only bind mount
# where `unshare` can make one.
. "$(dirname "$0")/lib.sh"
GUIDE="$FIX/store/mini-guide.txt"
SAMPLE="$(cd "$FIX/../.." && pwd)/data/sample/hoshizora-security-2025.html"
DB="$T/base.db"
"$KAIJI" cases import --db "$DB" "$GUIDE" >/dev/null 2>&1
"$KAIJI" analyze --no-lint --db "$DB" -o /dev/null "$SAMPLE" >/dev/null 2>&1
printf '{"key": "shared-1", "item": 4, "body": "共有の事例"}\n' >"$T/add.jsonl"
printf '# みずうみ物産 報告書\n\n当社は情報セキュリティ委員会を設け、CISOが年に二度取締役会へ報告しています。\n' \
  >"$T/mizuumi.txt"


# same FILE COPY: the two files hold the same bytes
same() { cmp -s "$1" "$2"; }
# only_store DIR: the directory holds the store alone (no -wal, no -shm)
only_store() { [ "$(ls -A "$1")" = "s.db" ]; }

# the store's file as it was, for the checks that it is left untouched
cp "$DB" "$T/orig.db"
chmod 755 "$T"
SH="$T/share"

# share MODE: a fresh directory $SH holding a copy of the store with file
# mode MODE, the directory then closed to writing
share() {
  [ -d "$SH" ] && chmod 755 "$SH" && rm -rf "$SH"
  mkdir "$SH"
  cp "$DB" "$SH/s.db"
  chmod "$1" "$SH/s.db"
  chmod 555 "$SH"
}

if as_other "$KAIJI" --version >/dev/null 2>&1 && share 666 && ! as_other sh -c ": >'$SH/x'" 2>/dev/null; then
  # ---- Reading -----------------------------------------------------------------
  for mode in 444 666; do
    share $mode
    run as_other "$KAIJI" docs list --db "$SH/s.db"
    expect_rc "docs list of a store (mode $mode) in a directory kaiji may not write to succeeds" 0
    expect_out "... listing its document" "hoshizora-security-2025"
    run as_other "$KAIJI" cases list --db "$SH/s.db"
    expect_out "cases list reads it" "^5 cases$"
    run as_other "$KAIJI" cases search --db "$SH/s.db" インシデント
    expect_out "cases search reads it" "\[\[インシデント\]\]"
    run as_other "$KAIJI" docs search --db "$SH/s.db" CSIRT
    expect_out "docs search reads it" "\[\[CSIRT\]\]"
    run as_other "$KAIJI" docs show --db "$SH/s.db" 1
    expect_rc "docs show reads it" 0
    run as_other "$KAIJI" cases export --db "$SH/s.db"
    expect_jsonl "cases export reads it" 'length == 5'
    run as_other "$KAIJI" docs check --db "$SH/s.db"
    expect_out "docs check checks it" "s.db: ok \(schema [0-9]+; integrity and search indexes checked\)"
    if same "$SH/s.db" "$T/orig.db" && only_store "$SH"; then ok "... leaving the store as it was, and nothing beside it"
    else not_ok "... leaving the store as it was, and nothing beside it" "$(ls -A "$SH")"; fi
  done

  # a directory whose name SQLite's file names (URIs) give a meaning to
  odd="$T/team share #1?x=%41"
  mkdir "$odd"
  cp "$DB" "$odd/s.db"
  chmod 555 "$odd"
  run as_other "$KAIJI" cases list --db "$odd/s.db"
  expect_out "a store in a directory named with ' ', '#', '?', '=' and '%' is read" "^5 cases$"
  chmod 755 "$odd"

  # ---- Writing -------------------------------------------------------------------
  # a file kaiji may write to in a directory it may not: SQLite would need
  # PATH-wal and PATH-shm beside it, so every write fails at once, in one line
  share 666
  dirmsg="^kaiji: $SH/s.db: cannot write to the store: its directory $SH cannot be written to \(Permission denied\), where SQLite keeps the store's -wal and -shm files$"
  run as_other "$KAIJI" analyze --no-lint --db "$SH/s.db" -o /dev/null "$T/mizuumi.txt" "$SAMPLE"
  expect_rc "analyze --db into it fails" 3
  expect_err "... in one line naming the file and its directory" "$dirmsg"
  if [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]; then ok "... at once, before analysing anything"
  else not_ok "... at once, before analysing anything" "$ERR"; fi
  run as_other "$KAIJI" cases import-jsonl --db "$SH/s.db" "$T/add.jsonl"
  expect_rc "cases import-jsonl into it fails" 3
  expect_err "... so" "$dirmsg"
  run as_other "$KAIJI" cases import --db "$SH/s.db" "$GUIDE"
  expect_err "cases import into it fails so" "$dirmsg"
  run as_other "$KAIJI" docs rm --db "$SH/s.db" 1
  expect_rc "docs rm in it fails" 3
  expect_err "... so" "$dirmsg"
  if [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]; then ok "... in one line"; else not_ok "... in one line" "$ERR"; fi
  run as_other "$KAIJI" cases add --db "$SH/s.db" --passage 3 --item 4
  expect_err "cases add in it fails so" "$dirmsg"
  if same "$SH/s.db" "$T/orig.db" && only_store "$SH"; then ok "... and the store is left as it was"
  else not_ok "... and the store is left as it was" "$(ls -A "$SH")"; fi
  # a file kaiji may not write to: named first, as in a writable directory
  share 444
  run as_other "$KAIJI" docs rm --db "$SH/s.db" 1
  expect_err "docs rm of a read-only file there says the file is read-only" "^kaiji: $SH/s.db: cannot write to the store: the file is read-only$"

  # ---- Changes not yet written into the store ----------------------------------------
  # a writer stopped before it wrote its changes back leaves them in s.db-wal
  chmod 755 "$SH"
  rm -rf "$SH"
  mkdir "$SH"
  cp "$DB" "$SH/s.db"
  rm -f "$T/w.fifo"
  mkfifo "$T/w.fifo"
  sqlite3 "$SH/s.db" <"$T/w.fifo" >"$T/w.out" 2>&1 &
  wpid=$!
  exec 7>"$T/w.fifo"
  printf "UPDATE documents SET company = 'みずうみ物産' WHERE id = 1;\nSELECT 'written';\n" >&7
  for _ in $(seq 1 300); do grep -q written "$T/w.out" && break; sleep 0.1; done
  kill -9 "$wpid"
  exec 7>&-
  wait "$wpid" 2>/dev/null
  chmod 644 "$SH"/*
  chmod 555 "$SH"
  # with its shared index beside it, SQLite reads the changes itself
  run as_other "$KAIJI" docs list --db "$SH/s.db"
  expect_out "a store whose -wal and -shm are there is read with the changes" "みずうみ物産"
  # without the index, reading the file as it is would leave them out
  chmod 755 "$SH"
  rm "$SH/s.db-shm"
  chmod 555 "$SH"
  cp "$SH/s.db" "$T/wal.orig"
  run as_other "$KAIJI" docs list --db "$SH/s.db"
  expect_rc "a store whose -wal holds changes SQLite cannot read is an error" 3
  expect_err "... saying so and what to do" "^kaiji: $SH/s.db: cannot read the store: $SH/s.db-wal holds changes not yet written into it, which SQLite reads only through a -shm file it cannot make in $SH \(Permission denied\); open the store once where its directory can be written to, or copy it with $SH/s.db-wal to a directory you may write to$"
  expect_no_out "... not listing the store without them" "document"
  if same "$SH/s.db" "$T/wal.orig" && [ "$(ls -A "$SH")" = "$(printf 's.db\ns.db-wal')" ]; then ok "... and leaves the files as they were"
  else not_ok "... and leaves the files as they were" "$(ls -A "$SH")"; fi
  # done as the message says: the copy, with its -wal, reads with the changes
  mkdir "$T/copy"
  cp "$SH/s.db" "$SH/s.db-wal" "$T/copy/"
  run "$KAIJI" docs list --db "$T/copy/s.db"
  expect_out "... and a copy of both reads with the changes" "みずうみ物産"
  # an empty -wal holds nothing
  chmod 755 "$SH"
  : >"$SH/s.db-wal"
  chmod 555 "$SH"
  run as_other "$KAIJI" docs list --db "$SH/s.db"
  expect_rc "a store beside an empty -wal is read" 0

  # ---- An older schema cannot be migrated there -----------------------------------------
  chmod 755 "$SH"
  rm -rf "$SH"
  mkdir "$SH"
  cp "$DB" "$SH/s.db"
  sqlite3 "$SH/s.db" "PRAGMA user_version = 6" >/dev/null
  chmod 666 "$SH/s.db"
  chmod 555 "$SH"
  run as_other "$KAIJI" cases list --db "$SH/s.db"
  expect_rc "an older store in a directory kaiji may not write to is refused" 3
  expect_err "... saying why it cannot be migrated" "s.db: schema version 6 is older than this kaiji's \([0-9]+\), and its directory cannot be written to, so it cannot be migrated"
  chmod 755 "$SH"
else
  echo "# no other user to run as: skipping the checks of a directory kaiji may not write to"
fi

# ---- A read-only file system (a share mounted read-only, a CD), as root -------------------
mkdir "$T/ro" "$T/mnt"
cp "$DB" "$T/ro/s.db"
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null &&
  unshare -m sh -c "mount --bind -o ro '$T/ro' '$T/mnt'" 2>/dev/null; then
  in_ro() { unshare -m sh -c "mount --bind -o ro '$T/ro' '$T/mnt' && exec \"\$@\"" sh "$@"; }
  run in_ro "$KAIJI" cases list --db "$T/mnt/s.db"
  expect_rc "a store on a read-only file system is read" 0
  expect_out "... listing its cases" "^5 cases$"
  run in_ro "$KAIJI" docs search --db "$T/mnt/s.db" CSIRT
  expect_out "... and searched" "\[\[CSIRT\]\]"
  run in_ro "$KAIJI" analyze --no-lint --db "$T/mnt/s.db" -o /dev/null "$T/mizuumi.txt"
  expect_rc "analyze --db into it fails" 3
  expect_err "... in one line naming the file" "^kaiji: $T/mnt/s.db: cannot write to the store: the file is read-only$"
  run in_ro "$KAIJI" cases import-jsonl --db "$T/mnt/s.db" "$T/add.jsonl"
  expect_err "cases import-jsonl into it fails so" "^kaiji: $T/mnt/s.db: cannot write to the store: the file is read-only$"
  if same "$T/ro/s.db" "$T/orig.db" && [ "$(ls -A "$T/ro")" = "s.db" ]; then ok "... and the store is left as it was"
  else not_ok "... and the store is left as it was" "$(ls -A "$T/ro")"; fi
else
  echo "# cannot mount read-only here: skipping the read-only file system checks"
fi
