/*
 * stand_in.c - the characters PDF text layers give in place of others.
 * Fonts often map a common ideograph's glyph to a CJK or Kangxi radical
 * that looks the same (⽣ for 生, ⻑ for 長), and Japanese PDFs give U+2027
 * HYPHENATION POINT for the katakana middle dot ・. Every reader maps them
 * back as it reads (the PDF reader character by character, the others as
 * the block builder copies their text in: kj_map_stand_ins), and the text
 * stage does for text that no reader gave (kj_fold_radicals): each is one
 * code point for one and three UTF-8 bytes for three, so offsets hold
 * either way.
 */
#include "kaiji/common.h"

#include <string.h>

#include <utf8proc.h>

/* CJK Radicals Supplement characters that PDF fonts map common ideographs
 * to and that have no NFKC decomposition (U+2E9F and U+2EF3 do). */
static const struct {
    int32_t radical, ideograph;
} supplement[] = {
    {0x2EA0, 0x6C11}, /* ⺠ 民 */ {0x2EC4, 0x897F}, /* ⻄ 西 */ {0x2ED1, 0x9577}, /* ⻑ 長 */
    {0x2ED8, 0x9752}, /* ⻘ 青 */ {0x2EDD, 0x98DF}, /* ⻝ 食 */ {0x2EE4, 0x9B3C}, /* ⻤ 鬼 */
    {0x2EE8, 0x9EA6}, /* ⻨ 麦 */ {0x2EE9, 0x9EC4}, /* ⻩ 黄 */ {0x2EEB, 0x6589}, /* ⻫ 斉 */
    {0x2EED, 0x6B6F}, /* ⻭ 歯 */ {0x2EEF, 0x7ADC}, /* ⻯ 竜 */ {0x2EF2, 0x4E80}, /* ⻲ 亀 */
};

/* The ideograph a radical stands for, or 0. */
static int32_t radical_ideograph(int32_t cp) {
    if (cp < 0x2E80 || cp > 0x2FDF) return 0;
    for (size_t i = 0; i < sizeof supplement / sizeof supplement[0]; i++)
        if (supplement[i].radical == cp) return supplement[i].ideograph;
    int32_t d[4];
    int bc = 0;
    if (utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bc) == 1 &&
        d[0] >= 0x3400)
        return d[0];
    return 0;
}

int32_t kj_stand_in_for(int32_t cp) {
    return cp == 0x2027 ? 0x30FB : radical_ideograph(cp);
}

void kj_map_stand_ins(char *s, size_t len) {
    for (char *p = s, *end = s + len; (p = memchr(p, 0xE2, (size_t)(end - p))); p++) {
        /* every stand-in starts with byte E2, which no character's tail has */
        int32_t cp;
        size_t k = kj_utf8_decode(p, (size_t)(end - p), &cp);
        int32_t ideo = k == 3 ? kj_stand_in_for(cp) : 0;
        char enc[4];
        if (ideo && kj_utf8_encode(ideo, enc) == 3) memcpy(p, enc, 3);
    }
}
