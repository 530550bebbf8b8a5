#!/usr/bin/env bash
# A store under a file size limit (ulimit -f) below 32 KiB: SQLite sizes the
# shared index it reads a WAL store through (PATH-shm) to 32 KiB at once, so
# under a smaller limit it could read no store at all ("disk I/O error").
# kaiji reads it with that index in its own memory instead: reading commands
# work and leave no PATH-shm behind; a write that the limit stops says so; a
# store opened read-only (analyze's examples from the default store) says
# the limit it needs. (kaiji ignores SIGXFSZ, so a write past the limit fails
# rather than the process being killed.)
. "$(dirname "$0")/lib.sh"
GUIDE="$FIX/store/mini-guide.txt"
DB="$T/s/kaiji.db"
mkdir "$T/s"
"$KAIJI" cases import --db "$DB" "$GUIDE" >/dev/null 2>&1
printf '# みずうみ物産 報告書\n\n当社は情報セキュリティ委員会を設け、CISOが年に二度取締役会へ報告しています。\n' \
  >"$T/mizuumi.txt"
cp "$DB" "$T/orig.db"
# limited KIB CMD...: runs CMD under a file size limit of KIB KiB
limited() { local k=$1; shift; run bash -c 'ulimit -f "$1"; shift; exec "$@"' - "$k" "$@"; }
# only_store: the store's directory holds the store alone (no -wal, no -shm)
only_store() { [ "$(ls -A "$T/s")" = "kaiji.db" ]; }

# ---- reading ------------------------------------------------------------------
"$KAIJI" cases list --db "$DB" >"$T/want" 2>/dev/null
limited 16 "$KAIJI" cases list --db "$DB"
expect_rc "cases list under a 16 KiB file size limit reads the store" 0
if [ "$OUT" = "$(cat "$T/want")" ] && [ -n "$OUT" ]; then ok "... and lists what it lists without the limit"
else not_ok "... and lists what it lists without the limit" "stdout: ${OUT:0:300}" "stderr: ${ERR:0:300}"; fi
if only_store; then ok "... leaving no -shm or -wal behind"; else not_ok "... leaving no -shm or -wal behind" "$(ls -A "$T/s")"; fi
limited 1 "$KAIJI" cases search --db "$DB" 訓練
expect_rc "cases search under a 1 KiB limit reads the store" 0
limited 16 "$KAIJI" docs list --db "$DB"
expect_rc "docs list under the limit reads the store" 0
limited 16 "$KAIJI" docs check --db "$DB"
expect_rc "docs check under the limit checks the store" 0
if cmp -s "$DB" "$T/orig.db"; then ok "... and the store is as it was"; else not_ok "... and the store is as it was"; fi

# ---- writing past the limit ---------------------------------------------------------
limited 16 "$KAIJI" analyze --db "$DB" -o /dev/null "$T/mizuumi.txt"
expect_rc "storing an analysis past the limit fails" 3
expect_no_crash "... without a crash"
expect_err "... naming the store and the file size limit" "$DB: .*the file size limit \(ulimit -f\) of 16384 bytes"
if [ "$(printf '%s\n' "$ERR" | grep -c .)" -eq 1 ]; then ok "... in one line"; else not_ok "... in one line" "stderr: ${ERR:0:600}"; fi
run "$KAIJI" docs check --db "$DB"
expect_rc "... and the store is sound afterwards" 0
run "$KAIJI" docs list --db "$DB"
expect_out "... holding no document" "^0 documents$"

# a new store cannot be made under the limit: said so, not only "disk I/O error"
mkdir "$T/new"
limited 16 "$KAIJI" cases import --db "$T/new/k.db" "$GUIDE"
expect_rc "making a store past the limit fails" 3
expect_err "... naming the file size limit" "k.db: migration to schema version [0-9]+ failed, the database is left as it was \(schema 0\): disk I/O error: the store cannot grow past the file size limit \(ulimit -f\) of 16384 bytes$"

# ---- a store opened read-only ----------------------------------------------------
# analyze reads examples from the default store read-only when it stores nothing
cp "$T/orig.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
mkdir -p "$T/xdg"
ln -s "$T/s" "$T/xdg/kaiji"
XDG_DATA_HOME="$T/xdg" limited 16 "$KAIJI" analyze -o /dev/null "$T/mizuumi.txt"
expect_rc "analyze under the limit still analyses" 0
expect_err "... its note naming the store and the limit the store needs" \
  "note: no examples from the case collection: $T/xdg/kaiji/kaiji.db: cannot read the store: SQLite needs a file size limit \(ulimit -f\) of at least 32 KiB to make its -shm file \(32768 bytes\), past the limit of 16384 bytes$"
limited 32 "$KAIJI" cases list --db "$DB"
expect_rc "a 32 KiB limit reads the store as usual" 0
