/*
 * html_chart.c - the charts of the HTML report, drawn as inline SVG in C so
 * the page needs no script, font or network: a ten-axis radar of item
 * coverage and horizontal score bars. All coordinates are computed here;
 * the only text (labels) is escaped.
 */
#include <math.h>

#include "html_internal.h"

#define KJ_RADAR_SIZE 420
#define KJ_RADAR_R 135.0

static const char *const item_colors[KJ_N_ITEMS + 1] = {"#888888", "#1f77b4", "#ff7f0e", "#2ca02c",
                                                        "#d62728", "#9467bd", "#8c564b", "#e377c2",
                                                        "#7f7f7f", "#bcbd22", "#17becf"};

const char *kj_html_item_color(int item) {
    return (item >= 1 && item <= KJ_N_ITEMS) ? item_colors[item] : item_colors[0];
}

/* Point on axis k (0..9) at fraction f of the radius. */
static void axis_point(int k, double f, double *x, double *y) {
    double ang = -M_PI / 2 + 2 * M_PI * k / KJ_N_ITEMS;
    *x = KJ_RADAR_SIZE / 2.0 + cos(ang) * KJ_RADAR_R * f;
    *y = KJ_RADAR_SIZE / 2.0 + sin(ang) * KJ_RADAR_R * f;
}

static void ring(kj_buf *b, double f) {
    kj_buf_puts(b, "<polygon class=\"grid\" points=\"");
    for (int k = 0; k < KJ_N_ITEMS; k++) {
        double x, y;
        axis_point(k, f, &x, &y);
        kj_buf_printf(b, "%.1f,%.1f ", x, y);
    }
    kj_buf_puts(b, "\"/>");
}

static void axis_label(kj_buf *b, int k, const char *label) {
    double x, y;
    axis_point(k, 1.17, &x, &y);
    const char *anchor = x < KJ_RADAR_SIZE / 2.0 - 10   ? "end"
                         : x > KJ_RADAR_SIZE / 2.0 + 10 ? "start"
                                                        : "middle";
    kj_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">", x, y + 4,
                  anchor, kj_html_item_color(k + 1));
    kj_html_puts(b, label);
    kj_buf_puts(b, "</text>");
}

void kj_html_radar(kj_buf *b, const double value[KJ_N_ITEMS + 1],
                   const char *const labels[KJ_N_ITEMS + 1], const char *title) {
    /* wide margins: item names are long and sit outside the circle */
    kj_buf_printf(b,
                  "<svg class=\"radar\" viewBox=\"-170 0 %d %d\" role=\"img\" "
                  "xmlns=\"http://www.w3.org/2000/svg\"><title>",
                  KJ_RADAR_SIZE + 340, KJ_RADAR_SIZE);
    kj_html_puts(b, title);
    kj_buf_puts(b, "</title>");
    for (int r = 1; r <= 3; r++)
        ring(b, r / 3.0);
    for (int k = 0; k < KJ_N_ITEMS; k++) {
        double x, y;
        axis_point(k, 1.0, &x, &y);
        kj_buf_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>",
                      KJ_RADAR_SIZE / 2, KJ_RADAR_SIZE / 2, x, y);
        axis_label(b, k, labels[k + 1]);
    }
    kj_buf_puts(b, "<polygon class=\"area\" points=\"");
    for (int k = 0; k < KJ_N_ITEMS; k++) {
        double v = value[k + 1], x, y;
        if (!(v >= 0)) v = 0; /* also NaN */
        if (v > 1) v = 1;
        axis_point(k, v, &x, &y);
        kj_buf_printf(b, "%.1f,%.1f ", x, y);
    }
    kj_buf_puts(b, "\"/>");
    for (int k = 0; k < KJ_N_ITEMS; k++) {
        double v = value[k + 1], x, y;
        if (!(v >= 0)) v = 0;
        if (v > 1) v = 1;
        axis_point(k, v, &x, &y);
        kj_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", x, y,
                      kj_html_item_color(k + 1));
    }
    kj_buf_puts(b, "</svg>");
}

void kj_html_bar(kj_buf *b, int score, const char *color) {
    if (score < 0) score = 0;
    if (score > 100) score = 100;
    kj_buf_printf(b,
                  "<svg class=\"bar\" viewBox=\"0 0 200 14\" width=\"200\" height=\"14\" "
                  "xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"200\" height=\"14\" rx=\"3\" "
                  "fill=\"#e8ecf1\"/><rect width=\"%d\" height=\"14\" rx=\"3\" fill=\"%s\"/></svg>",
                  score * 2, color);
}
