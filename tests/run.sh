#!/usr/bin/env bash
# Run every test of kaiji against one or more build directories:
# cmocka unit tests (tests/unit), end-to-end CLI tests (tests/e2e/*.sh) and,
# when present, browser tests (tests/browser). With TSAN_BUILD=DIR (a
# ThreadSanitizer build of the binary, make check's build-tsan), also the
# --jobs tests (tests/e2e/test_jobs.sh) with that binary. Prints each result
# and ends with one line "N passed, N failed". Exit status 1 when anything
# failed.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
passed=0
failed=0
failures=()
[ $# -gt 0 ] || set -- build
export KAIJI_DATA="$root/data"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for bdir in "$@"; do
  [ -x "$bdir/kaiji" ] || { echo "run.sh: $bdir/kaiji is missing; build first" >&2; failed=$((failed+1)); continue; }
  echo "== $bdir: unit tests"
  for t in "$bdir"/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1); rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    p=${p:-0}; f=${f:-0}
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed+p)); failed=$((failed+f))
    if [ "$f" -ne 0 ]; then
      failures+=("$bdir/$(basename "$t")")
      printf '%s\n' "$out" | grep -E "FAILED|ERROR|error|Sanitizer|runtime error" | head -20
    fi
    echo "$(basename "$t"): $p passed, $f failed"
  done
  echo "== $bdir: end-to-end tests"
  for s in tests/e2e/test_*.sh; do
    [ -f "$s" ] || continue
    out=$(KAIJI="$root/$bdir/kaiji" BUILD_DIR="$root/$bdir" bash "$s" 2>&1); rc=$?
    p=$(printf '%s\n' "$out" | grep -c '^ok ')
    f=$(printf '%s\n' "$out" | grep -c '^not ok ')
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; printf '%s\n' "$out" | tail -5; fi
    passed=$((passed+p)); failed=$((failed+f))
    if [ "$f" -ne 0 ]; then
      failures+=("$bdir/$s")
      printf '%s\n' "$out" | grep -A6 '^not ok ' | head -40
    fi
    echo "$(basename "$s"): $p passed, $f failed"
  done
done
if [ -n "${TSAN_BUILD:-}" ]; then
  echo "== $TSAN_BUILD: analyze --jobs under ThreadSanitizer"
  if [ -x "$TSAN_BUILD/kaiji" ]; then
    out=$(TSAN_OPTIONS="suppressions=$root/tests/tsan.supp" KAIJI="$root/$TSAN_BUILD/kaiji" \
      bash tests/e2e/test_jobs.sh 2>&1); rc=$?
    p=$(printf '%s\n' "$out" | grep -c '^ok ')
    f=$(printf '%s\n' "$out" | grep -c '^not ok ')
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; printf '%s\n' "$out" | tail -5; fi
  else
    echo "run.sh: $TSAN_BUILD/kaiji is missing; build first" >&2
    p=0; f=1
  fi
  passed=$((passed+p)); failed=$((failed+f))
  if [ "$f" -ne 0 ]; then
    failures+=("$TSAN_BUILD/test_jobs.sh")
    printf '%s\n' "$out" | grep -A12 '^not ok ' | head -60
  fi
  echo "test_jobs.sh (ThreadSanitizer): $p passed, $f failed"
fi
if [ -d tests/browser ] && [ -f tests/browser/run.sh ]; then
  echo "== browser tests"
  out=$(KAIJI="$root/$1/kaiji" bash tests/browser/run.sh 2>&1); rc=$?
  p=$(printf '%s\n' "$out" | grep -c '^ok ')
  f=$(printf '%s\n' "$out" | grep -c '^not ok ')
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; printf '%s\n' "$out" | tail -5; fi
  passed=$((passed+p)); failed=$((failed+f))
  [ "$f" -eq 0 ] || { failures+=("browser"); printf '%s\n' "$out" | grep -A6 '^not ok ' | head -40; }
  echo "browser: $p passed, $f failed"
fi
if [ ${#failures[@]} -gt 0 ]; then
  echo "failing: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
