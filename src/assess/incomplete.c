/*
 * incomplete.c - the cue searches that could not finish, as the assessment
 * reports them (kj_assessment.incomplete): the matcher remembers each
 * search that gave up (data.c, kj_cue_matcher_failures); once the passages
 * are read, each becomes an entry that names the cue, why and where, with a
 * message in the assessment's language. A cue that could not be searched
 * for is not a cue found missing: its signals, or the document type it
 * recognises, may be missing there, and the user is told so.
 */
#include "assess_internal.h"

#include <string.h>

static const char *const kj_text_names[] = {
    [KJ_CUE_IN_PASSAGE] = "passage", [KJ_CUE_IN_HEADING] = "heading", [KJ_CUE_IN_TITLE] = "title"};

/* The message for failure f of cue name, in language li (0 Japanese, 1
 * English), in arena. */
static const char *message(kj_arena *arena, const kj_cue_failure *f, const char *name, int li) {
    static const char *const in[][2] = {[KJ_CUE_IN_PASSAGE] = {"", ""},
                                        [KJ_CUE_IN_HEADING] = {"（見出し）", " (in a heading)"},
                                        [KJ_CUE_IN_TITLE] = {"（表題）", " (in the title)"}};
    char why[KJ_SEARCH_WHY_MAX];
    kj_search_why(f->code, li, why, sizeof why);
    int doctype = strncmp(name, "doctype:", 8) == 0;
    if (li)
        return kj_arena_printf(arena,
                               doctype ? "%s; the document type that %s recognises may be missed "
                                         "here%s"
                                       : "%s; signals that use the cue %s may be missing here%s",
                               why, name, in[f->text][1]);
    return kj_arena_printf(arena,
                           doctype ? "%s。ここでは %s による文書の種類の判定が漏れている可能性が"
                                     "あります%s"
                                   : "%s。ここでは手掛かり %s によるシグナルが漏れている可能性が"
                                     "あります%s",
                           why, name, in[f->text][0]);
}

kj_status kj_assess_list_incomplete(kj_assess_ctx *c) {
    kj_assessment *o = c->out;
    const kj_cue_failure *f;
    size_t n;
    if (!kj_cue_matcher_failures(c->cm, &f, &n)) return KJ_ERR_NOMEM;
    if (!n) return KJ_OK;
    o->incomplete = kj_arena_alloc(c->arena, n * sizeof *o->incomplete);
    if (!o->incomplete) return KJ_ERR_NOMEM;
    int li = o->lang == KJ_LANG_EN;
    for (size_t k = 0; k < n; k++) {
        /* the tables may be freed before the assessment: copy the name */
        const char *name = kj_arena_strdup(c->arena, c->d->cues[f[k].cue].name);
        const char *msg = name ? message(c->arena, &f[k], name, li) : NULL;
        if (!msg) return KJ_ERR_NOMEM;
        o->incomplete[k] = (kj_assess_incomplete){.cue = name,
                                                  .reason = kj_search_reason(f[k].code),
                                                  .code = f[k].code,
                                                  .passage = f[k].passage,
                                                  .text = kj_text_names[f[k].text],
                                                  .message = msg};
    }
    o->n_incomplete = n;
    return KJ_OK;
}
