# Helpers for end-to-end tests of the kaiji CLI. Source this file; $KAIJI is
# the binary under test. Each check prints "ok N - name" or "not ok N - name"
# followed by what went wrong. Temporary files go under $T (removed at exit).
set -u
KAIJI=${KAIJI:-build/kaiji}
FIX=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# no case collection but the test's own: the user's default store (which an
# older kaiji may have left at an older schema, with a note on stderr) is
# never read; a test that means the default path sets its own
export XDG_DATA_HOME="$T/xdg"
_n=0
ok()     { _n=$((_n+1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n+1)); echo "not ok $_n - $1"; shift; [ $# -gt 0 ] && printf '   %s\n' "$@"; }

# run CMD...: runs it, captures stdout in $OUT, stderr in $ERR, status in $RC.
run() { "$@" >"$T/out" 2>"$T/err"; RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err"); }

# expect_rc NAME WANT: the last run exited with WANT (and did not crash).
expect_rc() {
  if [ "$RC" -eq "$2" ]; then ok "$1"; else not_ok "$1" "exit $RC, wanted $2" "stderr: ${ERR:0:400}"; fi
}
# expect_out NAME REGEX: stdout of the last run matches the extended regex.
expect_out() {
  if printf '%s' "$OUT" | grep -Eq -- "$2"; then ok "$1"; else not_ok "$1" "stdout lacks /$2/" "stdout: ${OUT:0:400}"; fi
}
# expect_err NAME REGEX: stderr of the last run matches.
expect_err() {
  if printf '%s' "$ERR" | grep -Eq -- "$2"; then ok "$1"; else not_ok "$1" "stderr lacks /$2/" "stderr: ${ERR:0:400}"; fi
}
# expect_no_out NAME REGEX: stdout does not match.
expect_no_out() {
  if printf '%s' "$OUT" | grep -Eq -- "$2"; then not_ok "$1" "stdout has /$2/" "stdout: ${OUT:0:400}"; else ok "$1"; fi
}
# expect_jsonl NAME FILTER: the JSON lines the last run printed, as one array,
# make the jq FILTER true.
expect_jsonl() {
  if printf '%s\n' "$OUT" | jq -s -e "$2" >/dev/null 2>&1; then ok "$1"; else not_ok "$1" "jq: $2" "stdout: ${OUT:0:600}"; fi
}
# expect_no_crash NAME: exit status is not a signal/sanitizer abort (<128) and no sanitizer report.
expect_no_crash() {
  if [ "$RC" -lt 128 ] && ! printf '%s' "$ERR" | grep -q "Sanitizer"; then ok "$1"; else not_ok "$1" "crashed: exit $RC" "${ERR:0:600}"; fi
}

# as_other CMD...: runs CMD as a user other than root (nobody), for checks of
# files and directories kaiji may not write to, which root may write anyway;
# as it is when not root; returns 99 when no other user can be taken.
if [ "$(id -u)" -ne 0 ]; then
  as_other() { "$@"; }
elif command -v setpriv >/dev/null; then
  as_other() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
  as_other() { return 99; }
fi
