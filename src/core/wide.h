/*
 * wide.h - scans of 32 bytes a step on CPUs with AVX2, in a build for any
 * x86-64: the attribute that compiles one function for AVX2 (and POPCNT,
 * which every AVX2 CPU has), and the run-time check a caller makes before
 * calling it. The UTF-8 walks (utf8.c), the list check's leads (listed.c)
 * and the specificity scan's marks (spec_scan.c) use them; each keeps a
 * 16-byte SSE2 step for other CPUs.
 */
#ifndef KJ_CORE_WIDE_H
#define KJ_CORE_WIDE_H

#ifdef __x86_64__
#include <immintrin.h>

/* Compile a function for CPUs with AVX2; call it only when kj_wide(). */
#define KJ_WIDE __attribute__((target("avx2,popcnt")))

/* Whether this CPU runs KJ_WIDE functions (the compiler caches the answer). */
#define kj_wide() __builtin_cpu_supports("avx2")
#endif

#endif
