#!/usr/bin/env bash
# Crash safety and concurrency of the store: `kaiji cases import-jsonl` of a
# generated file of 3,000 cases is killed with SIGKILL after a random short
# delay, 60 times, each time with a new batch of keys; afterwards
# `PRAGMA integrity_check` must say ok and every batch must be complete
# (3,000 cases) or absent. Then readers run `kaiji cases list|search` while a
# writer imports batches: every read succeeds and sees whole batches only.
. "$(dirname "$0")/lib.sh"
DB="$T/crash.db"
N=3000
ROUNDS=60

# gen BATCH FILE: N cases with keys BATCH-i and Japanese-like bodies.
gen() {
  awk -v b="$1" -v n="$N" 'BEGIN {
    split("情報セキュリティ 委員会 インシデント 訓練 委託先 監査 方針 体制 復旧 共有 標的型 予算 人材 認証 経営層", w, " ");
    for (i = 0; i < n; i++) {
      body = "";
      for (j = 0; j < 12; j++) body = body w[(i * 7 + j * 3) % 15 + 1] "を";
      printf "{\"key\":\"%s-%d\",\"item\":%d,\"company\":\"架空%d社\",\"year\":%d,\"body\":\"%s進めています。\"}\n", b, i, i % 10 + 1, i % 97, 2015 + i % 10, body;
    }
  }' >"$2"
}

"$KAIJI" cases import-jsonl --db "$DB" /dev/null >/dev/null 2>&1  # create the schema
# Time one whole import so the kills land before, during and after the commit
# whatever the build (sanitizer builds are several times slower).
gen b0 "$T/b.jsonl"
t0=$(date +%s%N)
"$KAIJI" cases import-jsonl --db "$DB" "$T/b.jsonl" >/dev/null 2>&1
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
span=$(( ms * 13 / 10 + 1 ))
echo "# one import of $N cases takes $ms ms; killing after 0..$span ms"
complete=0
absent=0
bad=0
for r in $(seq 1 $ROUNDS); do
  gen "b$r" "$T/b.jsonl"
  "$KAIJI" cases import-jsonl --db "$DB" "$T/b.jsonl" >/dev/null 2>&1 &
  pid=$!
  d=$(( (RANDOM * 32768 + RANDOM) % span ))
  sleep "$((d / 1000)).$(printf '%03d' $((d % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  c=$(sqlite3 "$DB" "SELECT count(*) FROM cases WHERE key LIKE 'b$r-%'")
  if [ "$c" -eq "$N" ]; then complete=$((complete+1));
  elif [ "$c" -eq 0 ]; then absent=$((absent+1));
  else bad=$((bad+1)); echo "# round $r: $c of $N cases (half-written batch)"; fi
done
echo "# $ROUNDS kills: $complete batches complete, $absent absent, $bad partial"
if [ "$bad" -eq 0 ]; then ok "every killed import is complete or absent ($complete complete, $absent absent)"; else not_ok "partial batches after SIGKILL" "$bad of $ROUNDS"; fi
ic=$(sqlite3 "$DB" "PRAGMA integrity_check")
if [ "$ic" = ok ]; then ok "integrity_check ok after $ROUNDS SIGKILLs"; else not_ok "integrity_check" "$ic"; fi
# the search indexes use kaiji's tokenizers, which only kaiji has: it checks them
run "$KAIJI" docs check --db "$DB"
expect_rc "search indexes consistent with the cases (kaiji docs check)" 0
run "$KAIJI" cases list --db "$DB" --item 3
expect_rc "the store is usable after the kills" 0
run "$KAIJI" cases import-jsonl --db "$DB" "$T/b.jsonl"
expect_rc "a killed import can be run again" 0

# Concurrent readers while one process writes.
for k in 1 2 3 4 5 6; do gen "c$k" "$T/c$k.jsonl"; done
( for k in 1 2 3 4 5 6; do "$KAIJI" cases import-jsonl --db "$DB" "$T/c$k.jsonl" >/dev/null || exit 1; done ) &
writer=$!
reads=0
read_fail=0
torn=0
while kill -0 "$writer" 2>/dev/null; do
  n=$(sqlite3 "$DB" "PRAGMA busy_timeout=5000; SELECT count(*) FROM cases WHERE source = 'import'" 2>&1 | tail -1)
  case "$n" in ''|*[!0-9]*) read_fail=$((read_fail+1)); echo "# unexpected: $n" ;; *) [ $((n % N)) -eq 0 ] || torn=$((torn+1)) ;; esac
  "$KAIJI" cases search --db "$DB" 標的型 --limit 3 >/dev/null 2>"$T/rerr" || { read_fail=$((read_fail+1)); head -2 "$T/rerr"; }
  "$KAIJI" cases show --db "$DB" 1 >/dev/null 2>"$T/rerr" || { read_fail=$((read_fail+1)); head -2 "$T/rerr"; }
  reads=$((reads+1))
done
wait "$writer"; wrc=$?
echo "# $reads reader rounds while writing"
if [ "$wrc" -eq 0 ]; then ok "writer finished while readers read"; else not_ok "writer failed" "exit $wrc"; fi
if [ "$read_fail" -eq 0 ] && [ "$reads" -gt 0 ]; then ok "every concurrent read succeeded ($reads rounds)"; else not_ok "concurrent reads failed" "$read_fail of $reads"; fi
if [ "$torn" -eq 0 ]; then ok "readers saw whole batches only"; else not_ok "readers saw partial batches" "$torn"; fi
