/*
 * tsv.c - splitting a line of kaiji's tab-separated data files (lexicons,
 * assessment tables, lint rules) into fields, in place.
 */
#include "kaiji/common.h"

int kj_split_tabs(char *line, char **fields, int max) {
    int n = 0;
    if (max <= 0) return 0;
    fields[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    return n;
}
