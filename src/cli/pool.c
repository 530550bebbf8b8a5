/*
 * pool.c - the ordered thread pool of the subcommands that work on many
 * independent items: analyze and lint (files), classify (input lines).
 *
 * Items are taken one after another by up to p->threads threads, each with
 * its own state (a scanner: Vectorscan scratch space cannot be shared), and
 * handed to the calling thread in the order they were taken, so what is
 * written is exactly what one thread gives. A thread takes the next item
 * only while fewer than p->window items are taken and not yet emitted, so
 * memory is bounded: item k has slot k % window, and the item window before
 * it has been emitted and its slot cleared. With one thread everything runs
 * in the calling thread, without locks. Once the output the items are
 * emitted to could not be written (p->out), no more are taken.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kaiji/ingest.h"

typedef struct {
    const kj_cli_pool *p;
    unsigned char *slots; /* window slots of p->slot_size bytes */
    char *ready;          /* per slot: its item has been worked on */
    long taken;           /* items taken so far */
    long emitted;         /* items emitted so far */
    int done;             /* take() said there is no more */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pool_run;

typedef struct {
    pool_run *r;
    void *state;
} pool_thread;

static void *slot_at(pool_run *r, long k) {
    return r->slots + (size_t)(k % r->p->window) * r->p->slot_size;
}

/* Under the lock: take the next item into its slot; -1 when there is none. */
static long take_next(pool_run *r) {
    while (!r->done && r->taken >= r->emitted + r->p->window)
        pthread_cond_wait(&r->cv, &r->mu);
    if (r->done) return -1;
    if (!r->p->take(r->p->ctx, slot_at(r, r->taken))) {
        r->done = 1;
        pthread_cond_broadcast(&r->cv);
        return -1;
    }
    return r->taken++;
}

static void *pool_worker(void *arg) {
    pool_thread *t = arg;
    pool_run *r = t->r;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        long k = take_next(r);
        pthread_mutex_unlock(&r->mu);
        if (k < 0) break;
        r->p->work(r->p->ctx, t->state, slot_at(r, k));
        pthread_mutex_lock(&r->mu);
        r->ready[k % r->p->window] = 1;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
    }
    return NULL;
}

/* Whether p's output could not be written: no more items are taken. */
static int output_failed(const kj_cli_pool *p) {
    return p->out && ferror(p->out);
}

/* Emit the items in order as they become ready, until there are no more. */
static int emit_all(pool_run *r) {
    int failed = 0;
    for (long k = 0;; k++) {
        pthread_mutex_lock(&r->mu);
        while (!(k < r->taken && r->ready[k % r->p->window]) && !(r->done && k >= r->taken))
            pthread_cond_wait(&r->cv, &r->mu);
        int end = k >= r->taken;
        pthread_mutex_unlock(&r->mu);
        if (end) break;
        void *slot = slot_at(r, k);
        failed |= r->p->emit(r->p->ctx, slot) != 0;
        memset(slot, 0, r->p->slot_size);
        int stop = output_failed(r->p);
        pthread_mutex_lock(&r->mu);
        r->ready[k % r->p->window] = 0;
        r->emitted++;
        if (stop) r->done = 1;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
    }
    return failed;
}

/* One thread: take, work and emit each item in turn. */
static int run_inline(const kj_cli_pool *p, void *state, void *slot) {
    int failed = 0;
    while (!output_failed(p) && p->take(p->ctx, slot)) {
        p->work(p->ctx, state, slot);
        failed |= p->emit(p->ctx, slot) != 0;
        memset(slot, 0, p->slot_size);
    }
    return failed;
}

static int run_inline_alloc(const kj_cli_pool *p) {
    void *slot = calloc(1, p->slot_size);
    void *state = slot ? p->thread_new(p->ctx) : NULL;
    int failed = state ? run_inline(p, state, slot) : -1;
    if (state) p->thread_free(p->ctx, state);
    free(slot);
    return failed;
}

int kj_cli_pool_run(const kj_cli_pool *p) {
    if (p->threads <= 1) return run_inline_alloc(p);
    int n = p->threads < KJ_MAX_JOBS ? p->threads : KJ_MAX_JOBS;
    pool_run r = {.p = p,
                  .slots = calloc((size_t)p->window, p->slot_size),
                  .ready = calloc((size_t)p->window, 1)};
    pool_thread t[KJ_MAX_JOBS];
    pthread_t tid[KJ_MAX_JOBS];
    int started = 0, failed = -1;
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cv, NULL);
    while (r.slots && r.ready && started < n) {
        t[started] = (pool_thread){&r, p->thread_new(p->ctx)};
        if (!t[started].state) break;
        if (pthread_create(&tid[started], NULL, pool_worker, &t[started]) != 0) {
            p->thread_free(p->ctx, t[started].state);
            break;
        }
        started++;
    }
    if (started) failed = emit_all(&r);
    for (int i = 0; i < started; i++) {
        pthread_join(tid[i], NULL);
        p->thread_free(p->ctx, t[i].state);
    }
    pthread_cond_destroy(&r.cv);
    pthread_mutex_destroy(&r.mu);
    free(r.ready);
    free(r.slots);
    /* no thread at all (nothing taken yet): one at a time in this thread */
    return started ? failed : run_inline_alloc(p);
}

void *kj_cli_scanner_new(const kj_lexicon *lex) {
    kj_scanner *sc = NULL;
    kj_error err = {0};
    return kj_scanner_new(lex, &sc, &err) == KJ_OK ? sc : NULL;
}

void kj_cli_scanner_free(void *ctx, void *state) {
    (void)ctx;
    kj_scanner_free(state);
}

int kj_cli_pool_files(kj_cli_pool *p, int n, int jobs) {
    p->threads = p->window = jobs < n ? jobs : n;
    if (p->threads > 1) kj_ingest_prepare_threads();
    int failed = kj_cli_pool_run(p);
    if (failed < 0) kj_cli_error("out of memory");
    return failed != 0;
}
