/*
 * text.c - plain-text reader: decides the encoding (BOM, UTF-8 validity,
 * UTF-16 zero-byte pattern, then uchardet for Shift_JIS / EUC-JP), converts
 * to UTF-8 with iconv, and splits blank-line separated paragraphs into
 * blocks, joining wrapped lines the way the script needs. Japanese plain
 * text often starts a paragraph with an ideographic space instead of a blank
 * line, so such a line also starts a new block.
 */
#include "ingest_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <uchardet/uchardet.h>

/* Map a detector or user name to the iconv name we convert with. */
static const char *iconv_name(const char *det) {
    if (!det || !*det) return NULL;
    if (!strcasecmp(det, "SHIFT_JIS") || !strcasecmp(det, "SJIS") || !strcasecmp(det, "CP932") ||
        !strcasecmp(det, "WINDOWS-31J") || !strcasecmp(det, "MS_KANJI"))
        return "CP932";
    if (!strcasecmp(det, "EUC-JP")) return "EUC-JP";
    if (!strcasecmp(det, "ISO-2022-JP")) return "ISO-2022-JP";
    if (!strcasecmp(det, "UTF-16LE")) return "UTF-16LE";
    if (!strcasecmp(det, "UTF-16BE")) return "UTF-16BE";
    if (!strcasecmp(det, "UTF-16")) return "UTF-16";
    if (!strcasecmp(det, "UTF-8") || !strcasecmp(det, "ASCII")) return "UTF-8";
    return NULL; /* a non-Japanese legacy code page: not trusted for our inputs */
}

/* UTF-16 without BOM shows as zero bytes on one side of each pair. */
static const char *utf16_by_zeros(const unsigned char *p, size_t len) {
    size_t n = len < 4096 ? len : 4096, even = 0, odd = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        even += p[i] == 0;
        odd += p[i + 1] == 0;
    }
    size_t pairs = n / 2;
    if (pairs < 2) return NULL;
    if (odd * 10 >= pairs * 3 && even * 20 < pairs) return "UTF-16LE";
    if (even * 10 >= pairs * 3 && odd * 20 < pairs) return "UTF-16BE";
    return NULL;
}

const char *kj_guess_encoding(const char *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return "UTF-8";
    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) return "UTF-16LE";
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) return "UTF-16BE";
    const char *z = utf16_by_zeros(p, len);
    if (z) return z;
    if (!memchr(data, 0, len) && kj_utf8_valid(data, len)) return "UTF-8";
    uchardet_t ud = uchardet_new();
    if (!ud) return NULL;
    const char *res = NULL;
    if (uchardet_handle_data(ud, data, len) == 0) {
        uchardet_data_end(ud);
        res = iconv_name(uchardet_get_charset(ud));
    }
    uchardet_delete(ud);
    return res;
}

/* Byte offset of the first invalid UTF-8 sequence. */
static size_t first_invalid_utf8(const char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = kj_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && !kj_utf8_valid(s + i, n)) return i;
        i += n;
    }
    return len;
}

kj_status kj_iconv_to_utf8(const char *path, const char *enc, const char *in, size_t len,
                           char **out, size_t *outlen, kj_error *err) {
    *out = NULL;
    *outlen = 0;
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return kj_error_set(err, KJ_ERR_ARG, "%s: unknown encoding '%s'", path, enc);
    size_t cap = len * 2 + 16;
    char *buf = malloc(cap + 1);
    if (!buf) {
        iconv_close(cd);
        return kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
    }
    char *ip = (char *)in, *op = buf;
    size_t il = len, ol = cap;
    kj_status st = KJ_OK;
    while (il > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) break;
        if (errno == E2BIG) {
            size_t used = (size_t)(op - buf);
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", path);
                break;
            }
            buf = nb;
            op = buf + used;
            ol += cap;
            cap *= 2;
            continue;
        }
        st = kj_error_set(err, KJ_ERR_FORMAT, "%s: invalid %s at byte %zu", path, enc,
                          (size_t)(ip - in));
        break;
    }
    iconv_close(cd);
    if (st != KJ_OK) {
        free(buf);
        return st;
    }
    *op = '\0';
    *out = buf;
    *outlen = (size_t)(op - buf);
    return KJ_OK;
}

static bool blank_line(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f') {
            if (len - i >= 3 && !memcmp(s + i, "\xE3\x80\x80", 3)) { /* U+3000 */
                i += 2;
                continue;
            }
            return false;
        }
    return true;
}

kj_status kj_text_paragraphs(kj_builder *b, const char *s, size_t len, kj_error *err) {
    kj_buf para = KJ_BUF_INIT;
    kj_status st = KJ_OK;
    int line = 1, start_line = 0;
    size_t i = 0;
    while (i <= len && st == KJ_OK) {
        const char *nl = i < len ? memchr(s + i, '\n', len - i) : NULL;
        size_t e = nl ? (size_t)(nl - s) : len;
        size_t ll = e - i;
        while (ll && (s[i + ll - 1] == '\r'))
            ll--;
        bool blank = blank_line(s + i, ll);
        bool indent = ll >= 3 && !memcmp(s + i, "\xE3\x80\x80", 3);
        if ((blank || indent) && para.len) {
            st = kj_builder_add(b, KJ_BLOCK_PARAGRAPH, 0, para.data, para.len, 0, start_line, err);
            kj_buf_reset(&para);
        }
        if (!blank && st == KJ_OK) {
            if (!para.len) start_line = line;
            size_t a = i, z = i + ll;
            while (a < z && (s[a] == ' ' || s[a] == '\t'))
                a++;
            while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t'))
                z--;
            if (kj_join_line(&para, s + a, z - a) != KJ_OK)
                st = kj_error_set(err, KJ_ERR_NOMEM, "%s: out of memory", b->doc->path);
        }
        line++;
        if (!nl) break;
        i = e + 1;
    }
    if (st == KJ_OK && para.len)
        st = kj_builder_add(b, KJ_BLOCK_PARAGRAPH, 0, para.data, para.len, 0, start_line, err);
    kj_buf_free(&para);
    return st;
}

/* Does the sample look like binary data rather than text in any encoding? */
static bool looks_binary(const char *data, size_t len) {
    size_t n = len < 8192 ? len : 8192, ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B) ctl++;
    }
    return ctl * 20 > n;
}

kj_status kj_read_text(kj_builder *b, const char *data, size_t len, const char *encoding,
                       kj_error *err) {
    const char *path = b->doc->path;
    const char *enc = encoding ? (iconv_name(encoding) ? iconv_name(encoding) : encoding)
                               : kj_guess_encoding(data, len);
    if (!enc) {
        if (looks_binary(data, len))
            return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a text document (binary data)", path);
        return kj_error_set(err, KJ_ERR_FORMAT,
                            "%s: invalid UTF-8 at byte %zu (and not Shift_JIS, EUC-JP or "
                            "UTF-16; use --encoding to force one)",
                            path, first_invalid_utf8(data, len));
    }
    if (!encoding && !strcmp(enc, "UTF-8") && !strncmp(data, "\xEF\xBB\xBF", len < 3 ? len : 3))
        data += 3, len -= 3;
    if (!encoding && !strcmp(enc, "UTF-8")) {
        if (looks_binary(data, len))
            return kj_error_set(err, KJ_ERR_FORMAT, "%s: not a text document (binary data)", path);
        if (!kj_utf8_valid(data, len))
            return kj_error_set(err, KJ_ERR_FORMAT, "%s: invalid UTF-8 at byte %zu", path,
                                first_invalid_utf8(data, len));
        b->doc->encoding = "UTF-8";
        return kj_text_paragraphs(b, data, len, err);
    }
    char *u;
    size_t ul;
    kj_status st = kj_iconv_to_utf8(path, enc, data, len, &u, &ul, err);
    if (st != KJ_OK) return st;
    b->doc->encoding = kj_arena_strdup(b->doc->arena, enc);
    const char *p = u;
    if (ul >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, ul -= 3; /* BOM kept by iconv */
    if (memchr(p, 0, ul))
        st = kj_error_set(err, KJ_ERR_FORMAT, "%s: not a text document (binary data)", path);
    else
        st = kj_text_paragraphs(b, p, ul, err);
    free(u);
    return st;
}
