#ifndef FEEDWATCH_BYTE_BLOCK_H
#define FEEDWATCH_BYTE_BLOCK_H
/* Sixteen bytes asked about at once, for the text scanners' innermost loops (see Markup's ByteBlock).
 * Each function reads the 16 bytes at `p` (no alignment needed) and returns a mask with bit i set when
 * byte i answers yes. Swift's own SIMD types compile these comparisons to a loop over the lanes, so they
 * are written with SSE2 (part of every x86-64) and, elsewhere, as plain loops the compiler may vectorise.
 * Static inline, so that a header-only target carries them and Swift inlines them into its loops. */
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Bytes equal to `byte`. */
static inline uint32_t feedwatch_block_equal(const void *p, uint8_t byte) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)byte)));
#else
    const uint8_t *b = (const uint8_t *)p;
    uint32_t mask = 0;
    for (int i = 0; i < 16; i++) mask |= (uint32_t)(b[i] == byte) << i;
    return mask;
#endif
}

/* Bytes below `limit` (as unsigned numbers); none when `limit` is 0. */
static inline uint32_t feedwatch_block_below(const void *p, uint8_t limit) {
    if (limit == 0) return 0;
#if defined(__SSE2__)
    /* v < limit exactly when max(v, limit - 1) is limit - 1. */
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i top = _mm_set1_epi8((char)(uint8_t)(limit - 1));
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, top), top));
#else
    const uint8_t *b = (const uint8_t *)p;
    uint32_t mask = 0;
    for (int i = 0; i < 16; i++) mask |= (uint32_t)(b[i] < limit) << i;
    return mask;
#endif
}

/* Bytes at or above `limit` (as unsigned numbers). */
static inline uint32_t feedwatch_block_at_least(const void *p, uint8_t limit) {
    return ~feedwatch_block_below(p, limit) & 0xFFFF;
}

/* Bytes at or above 0x80: those of multi-byte UTF-8 sequences. */
static inline uint32_t feedwatch_block_non_ascii(const void *p) {
#if defined(__SSE2__)
    return (uint32_t)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)p));
#else
    const uint8_t *b = (const uint8_t *)p;
    uint32_t mask = 0;
    for (int i = 0; i < 16; i++) mask |= (uint32_t)(b[i] >> 7) << i;
    return mask;
#endif
}

#endif
