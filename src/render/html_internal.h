/*
 * html_internal.h - what the parts of the HTML report share: escaping and
 * highlighted passages (html_text.c), the inline-SVG charts (html_chart.c)
 * and the page itself (html.c). Private to src/render/html*.c.
 */
#ifndef KAIJI_HTML_INTERNAL_H
#define KAIJI_HTML_INTERNAL_H

#include "kaiji/render.h"

/* Append a NUL-terminated string, escaped (NULL appends nothing). */
void kj_html_puts(kj_buf *b, const char *s);

/* Append passage p (number index in the analysis), escaped, with its
 * evidence terms marked (<mark class="ev iN">), the terms that name the
 * topic (kj_classification.topic_*: <mark class="topic" title=
 * "topic_title">) and the spans of lint findings in it (<mark
 * class="sens">). c and lint may be NULL. */
void kj_html_passage(kj_buf *b, const kj_passage *p, size_t index, const kj_classification *c,
                     const kj_lint_result *lint, const char *topic_title);

/* Append an inline SVG radar chart of the ten items: value[1..10] in
 * [0, 1], labels[1..10] (escaped here), an accessible title. */
void kj_html_radar(kj_buf *b, const double value[KJ_N_ITEMS + 1],
                   const char *const labels[KJ_N_ITEMS + 1], const char *title);

/* Append a horizontal bar (inline SVG) for a 0..100 score. */
void kj_html_bar(kj_buf *b, int score, const char *color);

/* Colour of an item (1..10), "#rrggbb". Static storage. */
const char *kj_html_item_color(int item);

#endif
