/*
 * bench_gencorpus.c - generate a large corpus for `make bench`: plain-text
 * documents of disclosure-like paragraphs assembled at random from kaiji's
 * own labelled passages (data/train), so the text has the vocabulary and
 * sentence shapes the analyzer meets, at any size.
 *
 * usage: bench_gencorpus TRAIN_DIR OUT_DIR MB_TOTAL FILES [ja|en]
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void load(const char *dir, const char *lang, strv *s) {
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
            if (t && lg && strcmp(lg, lang) == 0) push(s, t);
            json_decref(o);
        }
        free(line);
        if (f) fclose(f);
    }
    closedir(d);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s TRAIN_DIR OUT_DIR MB_TOTAL FILES [ja|en]\n", argv[0]);
        return 2;
    }
    const char *lang = argc > 5 ? argv[5] : "ja";
    strv s = {0};
    load(argv[1], lang, &s);
    if (s.n == 0) {
        fprintf(stderr, "no %s passages in %s\n", lang, argv[1]);
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
        size_t n = 0;
        while (n < per) {
            int k = 1 + rand() % 3;
            for (int j = 0; j < k; j++) {
                const char *t = s.v[(size_t)rand() % s.n];
                n += fwrite(t, 1, strlen(t), f);
            }
            n += fwrite("\n\n", 1, 2, f);
        }
        fclose(f);
    }
    return 0;
}
