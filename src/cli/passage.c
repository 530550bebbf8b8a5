/*
 * passage.c - one passage of free text classified as `kaiji classify`
 * reads each input line (under a heading when given), and the items an
 * explanation of it covers; shared by `classify` and `explain`, which must
 * read a passage alike for one to explain the other.
 */
#include <string.h>

#include "cli.h"
#include "kaiji/assess.h"

kj_status kj_cli_classify_text(const kj_analyzer *a, kj_scanner *sc, const char *text, size_t len,
                               kj_lang lang, const char *heading, kj_arena *ar, kj_cli_passage *out,
                               kj_error *err) {
    int subject = KJ_HEADING_NONE;
    kj_status st = kj_passage_from_text(ar, text, len, lang, &out->p);
    if (st != KJ_OK) return kj_error_set(err, st, "out of memory");
    if (heading && heading[0])
        st = kj_heading_subject(a->lex, sc, heading, strlen(heading), out->p.lang, ar, &subject,
                                err);
    if (st == KJ_OK) st = kj_match_passage(sc, &out->p, ar, &out->mt, err);
    if (st == KJ_OK)
        st = kj_classify_under(a->model, a->lex, &out->p, &out->mt, subject, ar, &out->c, err);
    if (st == KJ_OK) out->spec = kj_passage_spec(&out->p, &out->mt, a->lex, &out->c);
    return st;
}

kj_status kj_cli_explain(const kj_analyzer *a, const kj_cli_passage *cp, unsigned asked,
                         kj_arena *ar, kj_explanation *out, int *n, kj_error *err) {
    int items[KJ_N_ITEMS];
    unsigned have = 0;
    *n = 0;
    for (int i = 0; i < cp->c.n_items; i++) {
        items[(*n)++] = cp->c.items[i];
        have |= 1u << cp->c.items[i];
    }
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        if ((asked >> it) & 1 && !((have >> it) & 1)) items[(*n)++] = it;
    if (*n) return kj_explain_items(a->model, a->lex, &cp->p, &cp->mt, items, *n, ar, out, err);
    /* nothing given or asked: the item the model scores highest */
    for (int it = 1; it <= KJ_N_ITEMS; it++)
        items[it - 1] = it;
    kj_status st =
        kj_explain_items(a->model, a->lex, &cp->p, &cp->mt, items, KJ_N_ITEMS, ar, out, err);
    if (st != KJ_OK) return st;
    for (int it = 1; it < KJ_N_ITEMS; it++)
        if (out[it].logit > out[0].logit) out[0] = out[it];
    *n = 1;
    return KJ_OK;
}

int kj_cli_parse_items(const char *opt, const char *arg, unsigned *mask) {
    if (strcmp(arg, "all") == 0) {
        for (int it = 1; it <= KJ_N_ITEMS; it++)
            *mask |= 1u << it;
        return 0;
    }
    const char *s = arg;
    while (*s) {
        int v = 0, digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 3) {
            v = v * 10 + (*s++ - '0');
            digits++;
        }
        if (!digits || v < 1 || v > KJ_N_ITEMS || (*s && *s != ',')) {
            kj_cli_error("%s: '%s' is not a list of items 1-10 (such as 6 or 2,6,8) or all", opt,
                         arg);
            return -1;
        }
        *mask |= 1u << v;
        if (*s == ',') s++;
    }
    if (!*mask) {
        kj_cli_error("%s: give items 1-10 (such as 6 or 2,6,8) or all", opt);
        return -1;
    }
    return 0;
}
