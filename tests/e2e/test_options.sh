#!/usr/bin/env bash
# End-to-end tests of how every subcommand reports a bad option: one line,
# "kaiji: unknown option '--bogus'; see `kaiji help CMD`" (or "option
# '--format' needs a value"), naming the option as typed, exit status 2 —
# never getopt's own "unrecognized option" / "requires an argument" lines.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
doc="$root/tests/fixtures/ingest/sample.html"

# bad_opt CMD WANT ARGS...: `kaiji ARGS` is a usage error whose one stderr
# line is "kaiji: WANT; see `kaiji help CMD`".
bad_opt() {
  local cmd=$1 want=$2
  shift 2
  run "$KAIJI" "$@"
  local line="kaiji: $want; see \`kaiji help $cmd\`"
  if [ "$RC" -eq 2 ] && [ "$ERR" = "$line" ]; then
    ok "kaiji $* says: $want"
  else
    not_ok "kaiji $* says: $want" "exit $RC, wanted 2" "stderr: ${ERR:0:400}" "wanted: $line"
  fi
}

for cmd in analyze lint; do
  bad_opt $cmd "unknown option '--bogus'" $cmd --bogus x "$doc"
  bad_opt $cmd "option '-o' needs a value" $cmd "$doc" -o
  bad_opt $cmd "option '--format' needs a value" $cmd "$doc" --format
  bad_opt $cmd "unknown option '-Z'" $cmd -Z "$doc"
done
bad_opt analyze "unknown option '-Z'" analyze -AZ "$doc"
bad_opt analyze "unknown option '-Z'" analyze --store -Zx "$doc"
bad_opt analyze "option '--store' takes no value" analyze --store=yes "$doc"
bad_opt analyze "unknown option '--bogus'" analyze --bogus=1 "$doc"
bad_opt analyze "option '--co' is ambiguous" analyze --co x "$doc"
bad_opt lint "option '--strict' takes no value" lint --strict=1 "$doc"
bad_opt classify "unknown option '--bogus'" classify --jsonl --bogus
bad_opt classify "option '-o' needs a value" classify --jsonl -o
bad_opt classify "option '--lang' needs a value" classify --jsonl --lang
bad_opt lexicon "unknown option '--bogus'" lexicon --bogus info
bad_opt lexicon "option '--dir' needs a value" lexicon info --dir
bad_opt extract "unknown option '--bogus'" extract --bogus "$doc"
bad_opt extract "option '--format' needs a value" extract "$doc" --format
bad_opt extract "unknown option '-Z'" extract -Z "$doc"
bad_opt train "unknown option '--bogus'" train --bogus
bad_opt train "option '--C' needs a value" train --train x --out y --C
bad_opt docs "unknown option '--bogus'" docs search --db "$T/db" --bogus x
bad_opt docs "option '--limit' needs a value" docs search --db "$T/db" x --limit
bad_opt docs "option '--passages' takes no value" docs show --passages=1 1
bad_opt cases "unknown option '--bogus'" cases list --db "$T/db" --bogus
bad_opt cases "option '--doc-type' needs a value" cases search --db "$T/db" x --doc-type
bad_opt cases "unknown option '-Z'" cases list -Z

# getopt's own messages never show
run "$KAIJI" analyze --bogus x "$doc"
expect_no_crash "analyze --bogus does not crash"
if printf '%s' "$ERR" | grep -Eq "unrecognized option|requires an argument|invalid option"; then
  not_ok "no getopt message" "stderr: $ERR"
else
  ok "no getopt message"
fi
# nothing was written to a store by a refused command
if [ -e "$T/db" ]; then not_ok "a refused command makes no database" "$T/db exists"; else ok "a refused command makes no database"; fi
