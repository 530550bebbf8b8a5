#!/usr/bin/env bash
# End-to-end tests of how every subcommand reports a bad option: one line,
# "kaiji: unknown option '--bogus'; see `kaiji help CMD`" (or "option
# '--format' needs a value"), naming the option as typed, exit status 2 —
# never getopt's own "unrecognized option" / "requires an argument" lines.
# Also one line and exit status 2, where an option was silently dropped or
# ignored before: a value option given twice, an empty value, an option the
# subcommand does not use, arguments a command does not take, no FILE or
# subcommand; numbers with white space, hexadecimal or "inf"; every ID of
# `docs rm` checked before any document goes; a FILE starting with "-"
# after `--`; `kaiji help CMD` for every command.
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

# one_line CMD-DESCRIPTION REGEX ARGS...: `kaiji ARGS` is a usage error (2)
# with one stderr line matching REGEX and nothing on stdout.
one_line() {
  local name=$1 want=$2
  shift 2
  run "$KAIJI" "$@"
  local lines
  lines=$(printf '%s\n' "$ERR" | wc -l)
  if [ "$RC" -eq 2 ] && [ "$lines" -eq 1 ] && [ -z "$OUT" ] && printf '%s' "$ERR" | grep -Eq -- "$want"; then
    ok "$name"
  else
    not_ok "$name" "exit $RC (wanted 2), $lines stderr line(s)" "stderr: ${ERR:0:400}" \
      "stdout: ${OUT:0:200}" "wanted: /$want/"
  fi
}

# an option that takes a value, given twice: the first value was dropped
bad_opt analyze "option '--format' given twice" analyze --format json --format text "$doc"
bad_opt analyze "option '--format' given twice" analyze -f json -f=json "$doc"
bad_opt lint "option '--jobs' given twice" lint -j 2 --jobs 3 "$doc"
bad_opt extract "option '--encoding' given twice" extract -e UTF-8 --encoding CP932 "$doc"
bad_opt classify "option '--lang' given twice" classify --jsonl --lang ja --lang en
bad_opt lexicon "option '--dir' given twice" lexicon --dir a --dir b info
bad_opt train "option '--out' given twice" train --train a --out b --out c
bad_opt docs "option '--db' given twice" docs list --db "$T/db" --db "$T/db2"
bad_opt cases "option '--item' given twice" cases search --db "$T/db" x --item 1 --item 2
# a flag given twice loses nothing
run "$KAIJI" lint --strict --strict --format json "$doc"
expect_rc "a flag may be repeated (lint --strict --strict)" 0

# an empty value: no path, name or number
bad_opt analyze "option '--db' has an empty value" analyze --db '' "$doc"
bad_opt analyze "option '--output' has an empty value" analyze --output= "$doc"
bad_opt analyze "option '--encoding' has an empty value" analyze --encoding '' "$doc"
bad_opt lint "option '--output' has an empty value" lint -o '' "$doc"
bad_opt extract "option '--encoding' has an empty value" extract --encoding '' "$doc"
bad_opt classify "option '--heading' has an empty value" classify --jsonl --heading ''
bad_opt lexicon "option '--dir' has an empty value" lexicon --dir '' info
bad_opt train "option '--train' has an empty value" train --train '' --out "$T/m"
bad_opt docs "option '--db' has an empty value" docs list --db ''
bad_opt cases "option '--db' has an empty value" cases import --db '' "$FIX/store/mini-guide.txt"
bad_opt cases "option '--element' has an empty value" cases add --db "$T/db" --passage 1 --item 1 --element ''
# analyze --db '' was a private temporary database: "stored", then gone
if [ -e "$T/db" ]; then not_ok "an empty --db makes no database" "$T/db exists"; else ok "an empty --db makes no database"; fi

# an option the subcommand does not use: it changed nothing, unseen
bad_opt cases "option '--source' does not apply to \`kaiji cases search\`" cases search --db "$T/db" x --source import
bad_opt cases "option '--year' does not apply to \`kaiji cases list\`" cases list --db "$T/db" --year 2020
bad_opt cases "option '--format' does not apply to \`kaiji cases export\`" cases export --db "$T/db" --format text
bad_opt cases "option '--output' does not apply to \`kaiji cases list\`" cases list --db "$T/db" -o "$T/out.txt"
bad_opt cases "option '--limit' does not apply to \`kaiji cases add\`" cases add --db "$T/db" --passage 1 --item 1 --limit 3
bad_opt docs "option '--item' does not apply to \`kaiji docs list\`" docs list --db "$T/db" --item 3
bad_opt docs "option '--passages' does not apply to \`kaiji docs search\`" docs search --db "$T/db" x --passages
bad_opt docs "option '--format' does not apply to \`kaiji docs rm\`" docs rm --db "$T/db" --format json 1
one_line "analyze --company without --store is refused" \
  "^kaiji: option '--company' is stored with the document: it needs --store \(or --db\)" \
  analyze --company Example "$doc"
one_line "analyze --industry without --store is refused" "option '--industry' .* needs --store" \
  analyze --industry Retail "$doc"
one_line "analyze --passages with --format json is refused" \
  "^kaiji: option '--passages' applies to the text summary, not --format json" \
  analyze --passages 3 --format json "$doc"
one_line "analyze --all-passages with the text summary is refused" \
  "^kaiji: option '--all-passages' applies to JSON" analyze --all-passages "$doc"

# arguments a command does not take
bad_opt cases "\`kaiji cases list\` takes no arguments, not 'extra'" cases list --db "$T/db" extra
bad_opt cases "\`kaiji cases add\` takes no arguments, not 'extra'" cases add --db "$T/db" --passage 1 --item 1 extra
bad_opt cases "\`kaiji cases show\` takes at most 1 argument, not also '2'" cases show --db "$T/db" 1 2
bad_opt cases "\`kaiji cases import\` takes at most 1 argument, not also 'b'" cases import --db "$T/db" a b
bad_opt docs "\`kaiji docs check\` takes no arguments, not 'extra'" docs check --db "$T/db" extra
bad_opt lexicon "\`kaiji lexicon info\` takes no arguments, not 'extra'" lexicon info extra
bad_opt train "\`kaiji train\` takes no arguments, not 'extra'" train --train a --out b extra
bad_opt classify "\`kaiji classify\` takes at most 1 argument, not also 'b'" classify --jsonl a b
bad_opt help "\`kaiji help\` takes at most 1 argument, not also 'extra'" help analyze extra

# nothing to work on: one line, not the whole help on stderr
bad_opt analyze "no FILE given" analyze --format json
bad_opt lint "no FILE given" lint
bad_opt classify "classify reads JSON lines only: give --jsonl" classify "$T/in.jsonl"
bad_opt train "train needs --train DIR" train --out "$T/m"
bad_opt train "train needs --out DIR" train --train "$T/t"
bad_opt lexicon "lexicon needs a subcommand, info or compile" lexicon
bad_opt lexicon "lexicon: unknown subcommand 'nonsense' (info, compile)" lexicon nonsense
bad_opt docs "docs needs a subcommand (list, show, search, rm, check)" docs
bad_opt cases "cases needs a subcommand (import, refs, add, search, show, list, export, import-jsonl)" cases
one_line "cases show of an ID that is no number: one line" \
  "^kaiji: case ID must be a whole number 1\.\.[0-9]+, not '1x'$" cases show --db "$T/db" 1x
one_line "docs show of an ID that is no number: one line" \
  "^kaiji: document ID must be a whole number 1\.\.[0-9]+, not '1x'$" docs show --db "$T/db" 1x
one_line "train --whole fr: one line in the one format" "^kaiji: --whole takes ja, en or ja,en, not 'fr'$" \
  train --train a --out b --whole fr

# numbers: the whole value, nothing around it
one_line "--year with white space before it is no number" "^kaiji: --year must be a whole number 1900\.\.2100, not ' 2020'$" \
  analyze --year ' 2020' "$doc"
one_line "--limit with white space after it is no number" "^kaiji: --limit must be a whole number" \
  docs search --db "$T/db" x --limit '5 '
for bad in 0x10 inf nan ' 1' 1e400 -1 1e-400; do
  one_line "train --C '$bad' is refused" "^kaiji: --C must be a number above 0 and at most 1e\+06, not '$bad'$" \
    train --train a --out b --C "$bad"
done
one_line "--jobs 99999999999999999999 (overflow) is refused" "^kaiji: --jobs must be a whole number 1\.\.64 or auto" \
  lint --jobs 99999999999999999999 "$doc"
one_line "--item -3 is refused" "^kaiji: --item must be a whole number 1\.\.10, not '-3'$" \
  cases search --db "$T/db" x --item -3

if [ -e "$T/db" ]; then not_ok "the refused commands make no database" "$T/db exists"; else ok "the refused commands make no database"; fi

# docs rm checks every ID before removing any: a typo leaves the store as it was
sdb="$T/rm.db"
"$KAIJI" analyze --store --db "$sdb" -o /dev/null "$doc" 2>/dev/null
one_line "docs rm with a bad ID among good ones is a usage error" \
  "^kaiji: document ID must be a whole number 1\.\.[0-9]+, not 'x'$" docs rm --db "$sdb" 1 x
run "$KAIJI" docs list --db "$sdb"
expect_out "... and removes no document" "^1 document$|1 document$"

# a FILE whose name starts with "-" is read after --
cp "$doc" "$T/-page.html"
(cd "$T" && "$KAIJI" extract -- -page.html >"$T/dash.out" 2>"$T/dash.err"); RC=$?
if [ "$RC" -eq 0 ] && [ -s "$T/dash.out" ]; then ok "extract -- -page.html reads the file"; else
  not_ok "extract -- -page.html reads the file" "exit $RC" "$(head -c 300 "$T/dash.err")"; fi
(cd "$T" && "$KAIJI" lint --format json -- -page.html >"$T/dash.out" 2>"$T/dash.err"); RC=$?
if [ "$RC" -eq 0 ] && jq -e '.count >= 0' "$T/dash.out" >/dev/null 2>&1; then ok "lint -- -page.html reads the file"; else
  not_ok "lint -- -page.html reads the file" "exit $RC" "$(head -c 300 "$T/dash.err")"; fi
(cd "$T" && "$KAIJI" lint -page.html >"$T/dash.out" 2>"$T/dash.err"); RC=$?
if [ "$RC" -eq 2 ]; then ok "lint -page.html without -- is an option error"; else not_ok "lint -page.html without -- is an option error" "exit $RC"; fi

# help COMMAND for every command: its usage on stdout, exit 0
for cmd in help extract train classify analyze lint docs cases lexicon; do
  run "$KAIJI" help "$cmd"
  if [ "$RC" -eq 0 ] && printf '%s' "$OUT" | head -1 | grep -q "^usage: kaiji $cmd" && [ -z "$ERR" ]; then
    ok "kaiji help $cmd"
  else
    not_ok "kaiji help $cmd" "exit $RC" "stdout: ${OUT:0:200}" "stderr: ${ERR:0:200}"
  fi
done
one_line "kaiji help of no command" "^kaiji: no such command 'bogus'" help bogus

# --help and -h anywhere among a command's options give its usage on stdout
# and exit 0; but a -h or --help that is an option's value is that value
# (a note, a heading), and one after -- is a FILE.
asks_help() {
  local cmd=$1
  shift
  run "$KAIJI" "$@"
  if [ "$RC" -eq 0 ] && printf '%s' "$OUT" | head -1 | grep -q "^usage: kaiji $cmd" && [ -z "$ERR" ]; then
    ok "kaiji $* gives the usage of $cmd"
  else
    not_ok "kaiji $* gives the usage of $cmd" "exit $RC" "stdout: ${OUT:0:200}" "stderr: ${ERR:0:200}"
  fi
}
asks_help analyze analyze --help
asks_help analyze analyze --no-lint "$doc" -h
asks_help lint lint --strict -sh "$doc"
asks_help docs docs --help
asks_help docs docs list --db "$T/none.db" --help
asks_help cases cases -h
asks_help classify classify --jsonl --help
asks_help help help --help
run "$KAIJI" cases add --db "$T/h.db" --note -h --item 1
if [ "$RC" -eq 2 ] && printf '%s' "$ERR" | grep -q -- "--passage" && [ -z "$OUT" ]; then
  ok "cases add --note -h takes -h as the note (and asks for --passage)"
else
  not_ok "cases add --note -h takes -h as the note (and asks for --passage)" "exit $RC" "stdout: ${OUT:0:200}" "stderr: ${ERR:0:200}"
fi
run "$KAIJI" classify --jsonl --heading --help "$T/none.jsonl"
if [ "$RC" -ne 0 ] && printf '%s' "$ERR" | grep -q "none.jsonl" && [ -z "$OUT" ]; then
  ok "classify --heading --help takes --help as the heading"
else
  not_ok "classify --heading --help takes --help as the heading" "exit $RC" "stdout: ${OUT:0:200}" "stderr: ${ERR:0:200}"
fi
run "$KAIJI" lint -- --help
if [ "$RC" -eq 3 ] && printf '%s' "$ERR" | grep -q -- "--help" && [ -z "$OUT" ]; then
  ok "lint -- --help reads a file named --help"
else
  not_ok "lint -- --help reads a file named --help" "exit $RC" "stdout: ${OUT:0:200}" "stderr: ${ERR:0:200}"
fi
