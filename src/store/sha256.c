/*
 * sha256.c - SHA-256 (FIPS 180-4), a small self-contained implementation so
 * the store can identify documents by content, and know how each was read,
 * without another library.
 * Checked against the standard test vectors in tests/unit/test_store.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kaiji/store.h"

typedef struct {
    uint32_t h[8];
    uint64_t bits;
    unsigned char buf[64];
    size_t used;
} kj_sha256_ctx;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void block(kj_sha256_ctx *c, const unsigned char *p) {
    uint32_t w[64], s[8];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(s, c->h, sizeof s);
    for (int i = 0; i < 64; i++) {
        uint32_t S1 = ROR(s[4], 6) ^ ROR(s[4], 11) ^ ROR(s[4], 25);
        uint32_t ch = (s[4] & s[5]) ^ (~s[4] & s[6]);
        uint32_t t1 = s[7] + S1 + ch + K[i] + w[i];
        uint32_t S0 = ROR(s[0], 2) ^ ROR(s[0], 13) ^ ROR(s[0], 22);
        uint32_t mj = (s[0] & s[1]) ^ (s[0] & s[2]) ^ (s[1] & s[2]);
        uint32_t t2 = S0 + mj;
        memmove(s + 1, s, 7 * sizeof s[0]);
        s[4] += t1;
        s[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++)
        c->h[i] += s[i];
}

static void init(kj_sha256_ctx *c) {
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, h0, sizeof h0);
    c->bits = 0;
    c->used = 0;
}

static void update(kj_sha256_ctx *c, const void *data, size_t len) {
    const unsigned char *p = data;
    c->bits += (uint64_t)len * 8;
    while (len) {
        size_t take = 64 - c->used < len ? 64 - c->used : len;
        memcpy(c->buf + c->used, p, take);
        c->used += take;
        p += take;
        len -= take;
        if (c->used == 64) {
            block(c, c->buf);
            c->used = 0;
        }
    }
}

static void finish_hex(kj_sha256_ctx *c, char hex[65]) {
    uint64_t bits = c->bits;
    unsigned char pad = 0x80, zero = 0, lenb[8];
    update(c, &pad, 1);
    while (c->used != 56)
        update(c, &zero, 1);
    for (int i = 0; i < 8; i++)
        lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
    update(c, lenb, 8);
    for (int i = 0; i < 8; i++)
        snprintf(hex + 8 * i, 9, "%08x", c->h[i]);
}

void kj_sha256_hex(const void *data, size_t len, char hex[65]) {
    kj_sha256_ctx c;
    init(&c);
    update(&c, data, len);
    finish_hex(&c, hex);
}

/* Feed the integer v as four bytes, least significant first. */
static void update_int(kj_sha256_ctx *c, uint32_t v) {
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    update(c, b, sizeof b);
}

/* Feed n bytes of s (NULL: none) and their count, so that fields cannot
 * run into one another; a NULL field differs from an empty one. */
static void update_field(kj_sha256_ctx *c, const char *s, size_t n) {
    update_int(c, s ? (uint32_t)n : UINT32_MAX);
    if (s) update(c, s, n);
}

static void update_str(kj_sha256_ctx *c, const char *s) {
    update_field(c, s, s ? strlen(s) : 0);
}

void kj_store_reading_hash(const kj_doc_analysis *a, char hex[65]) {
    kj_sha256_ctx c;
    init(&c);
    update_str(&c, a->doc ? a->doc->title : NULL);
    update_str(&c, a->doc ? a->doc->company : NULL);
    for (size_t i = 0; i < a->passages.n; i++) {
        const kj_passage *p = &a->passages.items[i];
        int cut = 0;
        size_t keep = p->heading ? kj_passage_heading_cut(p->heading, &cut) : 0;
        update_int(&c, (uint32_t)p->kind);
        update_int(&c, (uint32_t)p->lang);
        update_int(&c, (uint32_t)p->page);
        update_int(&c, (uint32_t)p->line);
        update_int(&c, p->start);
        update_int(&c, p->end);
        update_str(&c, p->section);
        update_field(&c, p->heading, keep);
        update_int(&c, (uint32_t)cut);
        update_str(&c, p->lead);
    }
    finish_hex(&c, hex);
}

void kj_store_doc_hash(const kj_document *doc, char hex[65]) {
    kj_sha256_ctx c;
    init(&c);
    for (size_t i = 0; i < doc->n_blocks; i++) {
        if (i) update(&c, "\n", 1);
        update(&c, doc->blocks[i].text, doc->blocks[i].len);
    }
    finish_hex(&c, hex);
}
