/*
 * data_load.c - a batch command's data (model, lexicon, assessment tables,
 * lint patterns), loaded once the first file has been read rather than
 * before any is: reading needs none of it, and a large PDF's reading is when
 * memory peaks (MuPDF's fonts and the lines held until the layout is known).
 * Whichever thread first has a document read loads it; the others wait for
 * that and share how it went. A failure is the same for every file, so it is
 * reported once, in the order the files' results are written: after any
 * file before it that could not be read. Used by analyze and lint, with
 * their pool threads' scanners, which are made once the lexicon is there.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

kj_status kj_cli_data_init(kj_cli_data *d, kj_status (*load)(void *ud, kj_error *err), void *ud,
                           kj_error *err) {
    *d = (kj_cli_data){.load = load, .ud = ud};
    pthread_mutex_init(&d->mu, NULL);
    d->inited = 1;
    char dir[4096];
    return kj_data_dir(dir, sizeof dir, err);
}

kj_status kj_cli_data_ready(kj_cli_data *d, kj_error *err) {
    pthread_mutex_lock(&d->mu);
    if (!d->tried) {
        d->tried = 1;
        d->st = d->load(d->ud, &d->err);
        if (d->st != KJ_OK) atomic_store(&d->failed, 1);
    }
    kj_status st = d->st;
    if (st != KJ_OK) *err = d->err;
    pthread_mutex_unlock(&d->mu);
    return st;
}

int kj_cli_data_failed(kj_cli_data *d) {
    return atomic_load(&d->failed);
}

void kj_cli_data_report(kj_cli_data *d, const char *path, const kj_error *err, int unloaded) {
    if (!unloaded) {
        kj_cli_report_file(path, err);
        return;
    }
    if (!d->said) kj_cli_report(err);
    d->said = 1;
}

void kj_cli_data_destroy(kj_cli_data *d) {
    if (d->inited) pthread_mutex_destroy(&d->mu);
    d->inited = 0;
}

kj_status kj_cli_data_read(kj_cli_data *d, const char *path, const kj_ingest_options *o,
                           kj_document **doc, int *unloaded, kj_error *err) {
    *unloaded = 0;
    kj_status st = kj_cli_ingest(path, o, doc, err);
    if (st != KJ_OK) return st;
    st = kj_cli_data_ready(d, err);
    *unloaded = st != KJ_OK;
    return st;
}

void *kj_cli_data_thread_new(void *ctx) {
    (void)ctx;
    return calloc(1, sizeof(kj_cli_data_thread));
}

void kj_cli_data_thread_free(void *ctx, void *state) {
    (void)ctx;
    kj_cli_data_thread *t = state;
    if (t) kj_scanner_free(t->sc);
    free(t);
}

kj_status kj_cli_data_scanner(kj_cli_data_thread *t, const kj_lexicon *lex, kj_error *err) {
    if (t->sc) return KJ_OK;
    return kj_scanner_new(lex, &t->sc, err);
}
