/*
 * bench_gencorpus.c - generate a large corpus for `make bench`: plain-text
 * documents of disclosure-like paragraphs assembled at random from kaiji's
 * own labelled passages (data/train), so the text has the vocabulary and
 * sentence shapes the analyzer meets, at any size.
 *
 * By default paragraphs are drawn from all passages of the language, most of
 * which are about cybersecurity: the analyzer's worst case, since every such
 * paragraph is scored sentence by sentence. With CYBER_SHARE (0-1) a
 * paragraph is drawn from the cybersecurity passages with that probability
 * and otherwise from the passages labelled with no item, like a whole filing
 * in which a few paragraphs are about cybersecurity.
 *
 * Passages shorter than KJ_GEN_MIN_BYTES or of several lines are left out:
 * a short line (a heading-like passage, or the first line of a list) would
 * be taken as a heading, and every paragraph after it, to the end of the
 * file, would sit under it.
 *
 * usage: bench_gencorpus TRAIN_DIR OUT_DIR MB_TOTAL FILES [ja|en] [CYBER_SHARE]
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KJ_GEN_MIN_BYTES 120 /* about 40 Japanese or 120 English characters */

typedef struct {
    char **v;
    size_t n, cap;
} strv;

static void push(strv *s, const char *t) {
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) exit(1);
    }
    s->v[s->n++] = strdup(t);
}

/* Load the passages of lang from dir's *.jsonl: those with items into cyber,
 * those with none into other. */
static void load(const char *dir, const char *lang, strv *cyber, strv *other) {
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        exit(1);
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 7 || strcmp(e->d_name + l - 6, ".jsonl") != 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        char *line = NULL;
        size_t cap = 0;
        while (f && getline(&line, &cap, f) > 0) {
            json_t *o = json_loads(line, 0, NULL);
            const char *t = json_string_value(json_object_get(o, "text"));
            const char *lg = json_string_value(json_object_get(o, "lang"));
            json_t *items = json_object_get(o, "items");
            if (t && lg && strcmp(lg, lang) == 0 && strlen(t) >= KJ_GEN_MIN_BYTES &&
                !strchr(t, '\n'))
                push(json_array_size(items) > 0 ? cyber : other, t);
            json_decref(o);
        }
        free(line);
        if (f) fclose(f);
    }
    closedir(d);
}

/* One paragraph of 1-3 of the n passages v, written to f; returns its bytes. */
static size_t write_paragraph(FILE *f, char *const *v, size_t n) {
    size_t bytes = 0;
    int k = 1 + rand() % 3;
    for (int j = 0; j < k; j++) {
        const char *t = v[(size_t)rand() % n];
        bytes += fwrite(t, 1, strlen(t), f);
    }
    return bytes + fwrite("\n\n", 1, 2, f);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s TRAIN_DIR OUT_DIR MB_TOTAL FILES [ja|en] [CYBER_SHARE]\n",
                argv[0]);
        return 2;
    }
    const char *lang = argc > 5 ? argv[5] : "ja";
    double share = argc > 6 ? atof(argv[6]) : -1; /* < 0: all passages alike */
    strv all = {0}, other = {0};
    load(argv[1], lang, &all, &other);
    /* all: the cybersecurity passages (the first nc), then the others */
    size_t nc = all.n;
    for (size_t i = 0; i < other.n; i++)
        push(&all, other.v[i]);
    if (all.n == 0 || (share >= 0 && (nc == 0 || nc == all.n))) {
        fprintf(stderr, "not enough %s passages in %s\n", lang, argv[1]);
        return 1;
    }
    long files = atol(argv[4]);
    size_t per = (size_t)(atof(argv[3]) * 1048576.0 / (double)files);
    srand(42);
    for (long i = 0; i < files; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/gen-%s-%03ld.txt", argv[2], lang, i);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 1;
        }
        for (size_t n = 0; n < per;) {
            if (share < 0)
                n += write_paragraph(f, all.v, all.n);
            else if ((double)rand() / RAND_MAX < share)
                n += write_paragraph(f, all.v, nc);
            else
                n += write_paragraph(f, all.v + nc, all.n - nc);
        }
        fclose(f);
    }
    return 0;
}
