/*
 * bench_search.c - how fast the store searches: builds a temporary database
 * of 100,000 passages (100 documents of 1,000 passages of Japanese-like text
 * generated from a small word list, saved through kj_store_save_analysis like
 * `kaiji analyze --store` does), then runs 200 searches (Japanese substring
 * queries of one and two terms: through the FTS5 trigram index, or the index of
 * characters and character pairs when a term is shorter) and prints the
 * median and 95th-percentile latency, and the size of the database file once
 * closed (what the indexes cost). The target: median < 50 ms.
 * Usage: bench_search [PASSAGES] [SEARCHES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kaiji/store.h"

static const char *const words[] = {"情報セキュリティ",
                                    "サイバー攻撃",
                                    "インシデント",
                                    "委員会",
                                    "取締役会",
                                    "経営層",
                                    "標的型メール",
                                    "訓練",
                                    "演習",
                                    "委託先",
                                    "取引先",
                                    "グループ会社",
                                    "監査",
                                    "点検",
                                    "リスク",
                                    "評価",
                                    "方針",
                                    "体制",
                                    "責任者",
                                    "予算",
                                    "人材",
                                    "育成",
                                    "認証",
                                    "取得",
                                    "脆弱性",
                                    "診断",
                                    "監視",
                                    "検知",
                                    "防御",
                                    "復旧",
                                    "事業継続",
                                    "計画",
                                    "共有",
                                    "連携",
                                    "個人情報",
                                    "保護",
                                    "暗号化",
                                    "アクセス",
                                    "管理",
                                    "教育",
                                    "研修",
                                    "従業員",
                                    "全社",
                                    "継続的",
                                    "改善",
                                    "目標",
                                    "実績",
                                    "報告",
                                    "対応",
                                    "強化",
                                    "推進",
                                    "整備",
                                    "構築"};
static const char *const joins[] = {"の", "を", "に", "と", "が", "で", "について", "に関する"};
#define NW (sizeof words / sizeof words[0])
#define NJ (sizeof joins / sizeof joins[0])
#define PER_DOC 1000

static unsigned long long rng = 88172645463325252ULL;
static unsigned next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

static char *make_text(void) {
    char buf[1024];
    size_t len = 0;
    int n = 8 + (int)(next_rand() % 10);
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", words[next_rand() % NW],
                                i + 1 < n ? joins[next_rand() % NJ] : "しています。");
        if (i % 4 == 3 && i + 1 < n) len += (size_t)snprintf(buf + len, sizeof buf - len, "、");
    }
    return strdup(buf);
}

static int save_doc(kj_store *s, int d, kj_error *err) {
    kj_block *blocks = calloc(PER_DOC, sizeof *blocks);
    kj_passage *ps = calloc(PER_DOC, sizeof *ps);
    kj_classification *cls = calloc(PER_DOC, sizeof *cls);
    char **texts = calloc(PER_DOC, sizeof *texts);
    size_t off = 0;
    for (int i = 0; i < PER_DOC; i++) {
        texts[i] = make_text();
        size_t len = strlen(texts[i]), chars = kj_utf8_count(texts[i], len);
        blocks[i] = (kj_block){.text = texts[i], .len = len, .start = off, .end = off + chars};
        ps[i] = (kj_passage){.index = (size_t)i,
                             .text = texts[i],
                             .len = len,
                             .lang = KJ_LANG_JA,
                             .start = off,
                             .end = off + chars};
        int item = 1 + (int)(next_rand() % 10);
        cls[i].primary = item;
        cls[i].items[0] = item;
        cls[i].n_items = 1;
        cls[i].scores[item] = 0.7f;
        off += chars + 1;
    }
    char path[32], company[32];
    snprintf(path, sizeof path, "doc%03d.txt", d);
    snprintf(company, sizeof company, "架空%03d株式会社", d);
    kj_document doc = {
        .path = path, .format = KJ_FORMAT_TEXT, .blocks = blocks, .n_blocks = PER_DOC};
    kj_doc_analysis a = {
        .doc = &doc, .passages = {.items = ps, .n = PER_DOC}, .cls = cls, .lang = KJ_LANG_JA};
    kj_doc_meta m = {.company = company,
                     .fiscal_year = 2015 + d % 10,
                     .doc_type = "integrated",
                     .model_version = "bench"};
    int64_t id;
    kj_save_result r;
    kj_status st = kj_store_save_analysis(s, &a, &m, &id, &r, err);
    for (int i = 0; i < PER_DOC; i++)
        free(texts[i]);
    free(texts);
    free(blocks);
    free(ps);
    free(cls);
    return st == KJ_OK;
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int passages = argc > 1 ? atoi(argv[1]) : 100000, searches = argc > 2 ? atoi(argv[2]) : 200;
    if (passages < PER_DOC || searches < 1) {
        fprintf(stderr, "usage: bench_search [PASSAGES>=%d] [SEARCHES]\n", PER_DOC);
        return 2;
    }
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char dir[512], db[600];
    snprintf(dir, sizeof dir, "%s/kj-bench-search-XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        perror(dir);
        return 3;
    }
    snprintf(db, sizeof db, "%s/bench.db", dir);
    kj_store *s;
    kj_error err;
    kj_error_clear(&err);
    if (kj_store_open(db, 0, &s, &err) != KJ_OK) {
        fprintf(stderr, "bench_search: %s\n", err.msg);
        return 3;
    }
    double t0 = now_ms();
    for (int d = 0; d < passages / PER_DOC; d++)
        if (!save_doc(s, d, &err)) {
            fprintf(stderr, "bench_search: %s\n", err.msg);
            return 3;
        }
    double build = now_ms() - t0;
    double *lat = calloc((size_t)searches, sizeof *lat);
    double *lat_fts = calloc((size_t)searches, sizeof *lat),
           *lat_scan = calloc((size_t)searches, sizeof *lat);
    int n_fts = 0, n_scan = 0;
    kj_marks marks = {"[[", "]]"};
    size_t total_hits = 0;
    for (int q = 0; q < searches; q++) {
        char query[128];
        const char *w1 = words[next_rand() % NW], *w2 = words[next_rand() % NW];
        if (q % 2)
            snprintf(query, sizeof query, "%s %s", w1, w2);
        else
            snprintf(query, sizeof query, "%s", w1);
        if (kj_utf8_count(w1, strlen(w1)) < 3 || kj_utf8_count(w2, strlen(w2)) < 3)
            snprintf(query, sizeof query, "%s%s", w1, q % 2 ? joins[q % NJ] : "");
        kj_search_filter f = {.limit = 10, .item = q % 5 == 4 ? 1 + q % 10 : 0};
        kj_arena *ar = kj_arena_new();
        kj_hit *h;
        size_t n;
        double a = now_ms();
        if (kj_store_passage_search(s, query, &f, &marks, ar, &h, &n, &err) != KJ_OK) {
            fprintf(stderr, "bench_search: %s: %s\n", query, err.msg);
            return 3;
        }
        lat[q] = now_ms() - a;
        int short_q = 0;
        for (const char *t = strtok(query, " "); t; t = strtok(NULL, " "))
            short_q |= kj_utf8_count(t, strlen(t)) < 3;
        if (short_q)
            lat_scan[n_scan++] = lat[q];
        else
            lat_fts[n_fts++] = lat[q];
        if (getenv("KJ_BENCH_VERBOSE"))
            fprintf(stderr, "%8.2f ms  %zu  item %d  %s\n", lat[q], n, f.item, query);
        total_hits += n;
        kj_arena_free(ar);
    }
    qsort(lat, (size_t)searches, sizeof *lat, cmp_d);
    qsort(lat_fts, (size_t)n_fts, sizeof *lat, cmp_d);
    qsort(lat_scan, (size_t)n_scan, sizeof *lat, cmp_d);
    double median = lat[searches / 2],
           p95 = lat[(int)(searches * 0.95) < searches ? (int)(searches * 0.95) : searches - 1];
    printf("search: %d passages (built in %.1f s), %d searches: median %.2f ms, p95 %.2f ms, "
           "max %.2f ms, %zu hits shown (target: median < 50 ms)\n",
           passages, build / 1e3, searches, median, p95, lat[searches - 1], total_hits);
    if (n_fts)
        printf("search: %d queries of 3+ character terms (FTS5 trigram): median %.2f ms, p95 %.2f "
               "ms\n",
               n_fts, lat_fts[n_fts / 2], lat_fts[(int)(n_fts * 0.95)]);
    if (n_scan)
        printf("search: %d queries with a 1-2 character term (ngram index): median %.2f ms, p95 "
               "%.2f ms\n",
               n_scan, lat_scan[n_scan / 2], lat_scan[(int)(n_scan * 0.95)]);
    kj_store_close(s); /* checkpoints the write-ahead log into the file */
    struct stat sb;
    if (stat(db, &sb) == 0)
        printf("search: database %.1f MB for %d passages\n", (double)sb.st_size / 1e6, passages);
    free(lat_fts);
    free(lat_scan);
    free(lat);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "bench_search: could not remove %s\n", dir);
    return median < 50.0 ? 0 : 1;
}
