#!/usr/bin/env bash
# End-to-end tests of crafted hostile inputs (made here, in $T, or small
# fixtures in tests/fixtures/ingest): inputs shaped to make a reader take
# time that grows with the square of their size, hang on a special file or
# exhaust memory. Each must be read, or refused with an error naming the
# file and the problem, and never hang: the `timeout` guards only turn a
# hang of hours into a failure; none of these takes more than seconds.
. "$(dirname "$0")/lib.sh"
I="$FIX/ingest"

# 4 MB of CRs between two lines: every CR alone is a line break; looking
# for an LF after the run again from each of its CRs took hours
{ printf 'CISO\r'; head -c 4000000 /dev/zero | tr '\0' '\r'; printf 'board\r'; } >"$T/cr-run.txt"
run timeout 300 "$KAIJI" extract "$T/cr-run.txt"
expect_rc "a run of 4 MB of CRs reads" 0
expect_out "the lines before and after the run of CRs are blocks" "^paragraph	board$"

# 32 MB of combining accents and no sentence end: cut into passages of at
# most 2000 characters, each cut counted the characters of all the rest
head -c 16000000 /dev/zero | tr '\0' '\1' | sed 's/\x01/\xcc\x81/g' >"$T/accents.txt"
run timeout 300 "$KAIJI" analyze --format json "$T/accents.txt"
expect_rc "32 MB of combining accents without a sentence end is analysed" 0

# a DOCX with 100,000 styles and 100,000 paragraphs whose style is none of
# them: each paragraph's style was looked for by a walk over all the styles
run timeout 300 "$KAIJI" extract "$I/styles-many.docx"
expect_rc "a DOCX with 100,000 styles and paragraphs reads" 0
expect_out "its heading's style is found among them" "^heading/1	Hoshizora security policy$"

# a PPTX whose presentation lists 100,000 slides by a relationship that is
# not among its 100,000 relationships: each was looked for by a walk over
# all of them
run timeout 300 "$KAIJI" extract "$I/rels-many.pptx"
expect_rc "a PPTX with 100,000 slide entries and relationships reads" 0
expect_out "the slide whose relationship is there is read" "^paragraph p1	Hoshizora security committee$"
