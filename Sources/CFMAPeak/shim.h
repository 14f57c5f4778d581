// The multiply-add peak of one core, measured: loops of independent fused multiply-adds on
// the widest vectors the CPU and the OS support. Swift builds for the x86-64 baseline (no FMA),
// so these few functions carry their own target attribute; the caller checks support first.
#ifndef ACGAN_CFMAPEAK_SHIM_H
#define ACGAN_CFMAPEAK_SHIM_H

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/// XCR0, the register state the OS saves (xgetbv 0); 0 when the OS does not expose it.
static inline unsigned long long acgan_xcr0(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 27))) return 0;  // OSXSAVE
    unsigned int low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((unsigned long long)high << 32) | low;
}

/// CPUID leaf `leaf`, subleaf `subleaf`; 0 when the CPU has no such leaf.
static inline int acgan_cpuid(unsigned int leaf, unsigned int subleaf, unsigned int *eax,
                              unsigned int *ebx, unsigned int *ecx, unsigned int *edx) {
    return __get_cpuid_count(leaf, subleaf, eax, ebx, ecx, edx);
}

/// 2 for AVX-512F (with the OS saving the ZMM state), 1 for AVX2 + FMA, 0 otherwise.
static inline int acgan_fma_level(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int fma = (ecx >> 12) & 1, avx = (ecx >> 28) & 1;
    unsigned long long xcr0 = acgan_xcr0();
    if (!fma || !avx || (xcr0 & 0x6) != 0x6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    int avx2 = (ebx >> 5) & 1, avx512f = (ebx >> 16) & 1;
    if (avx512f && (xcr0 & 0xe6) == 0xe6) return 2;
    return avx2 ? 1 : 0;
}

/// `iterations` rounds of 12 independent 16-wide FMA chains: 384 FLOPs a round.
__attribute__((target("avx512f")))
static inline float acgan_fma_loop_avx512(long iterations) {
    __m512 b = _mm512_set1_ps(0.9999999f), c = _mm512_set1_ps(1e-7f);
    __m512 a0 = _mm512_set1_ps(1.0f), a1 = _mm512_set1_ps(1.1f), a2 = _mm512_set1_ps(1.2f), a3 = _mm512_set1_ps(1.3f);
    __m512 a4 = _mm512_set1_ps(1.4f), a5 = _mm512_set1_ps(1.5f), a6 = _mm512_set1_ps(1.6f), a7 = _mm512_set1_ps(1.7f);
    __m512 a8 = _mm512_set1_ps(1.8f), a9 = _mm512_set1_ps(1.9f), a10 = _mm512_set1_ps(2.0f), a11 = _mm512_set1_ps(2.1f);
    for (long i = 0; i < iterations; i++) {
        a0 = _mm512_fmadd_ps(a0, b, c); a1 = _mm512_fmadd_ps(a1, b, c); a2 = _mm512_fmadd_ps(a2, b, c);
        a3 = _mm512_fmadd_ps(a3, b, c); a4 = _mm512_fmadd_ps(a4, b, c); a5 = _mm512_fmadd_ps(a5, b, c);
        a6 = _mm512_fmadd_ps(a6, b, c); a7 = _mm512_fmadd_ps(a7, b, c); a8 = _mm512_fmadd_ps(a8, b, c);
        a9 = _mm512_fmadd_ps(a9, b, c); a10 = _mm512_fmadd_ps(a10, b, c); a11 = _mm512_fmadd_ps(a11, b, c);
    }
    __m512 sum = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)),
                               _mm512_add_ps(_mm512_add_ps(a4, a5), _mm512_add_ps(a6, a7)));
    sum = _mm512_add_ps(sum, _mm512_add_ps(_mm512_add_ps(a8, a9), _mm512_add_ps(a10, a11)));
    return _mm512_reduce_add_ps(sum);
}

/// `iterations` rounds of 12 independent 8-wide FMA chains: 192 FLOPs a round.
__attribute__((target("avx2,fma")))
static inline float acgan_fma_loop_avx2(long iterations) {
    __m256 b = _mm256_set1_ps(0.9999999f), c = _mm256_set1_ps(1e-7f);
    __m256 a0 = _mm256_set1_ps(1.0f), a1 = _mm256_set1_ps(1.1f), a2 = _mm256_set1_ps(1.2f), a3 = _mm256_set1_ps(1.3f);
    __m256 a4 = _mm256_set1_ps(1.4f), a5 = _mm256_set1_ps(1.5f), a6 = _mm256_set1_ps(1.6f), a7 = _mm256_set1_ps(1.7f);
    __m256 a8 = _mm256_set1_ps(1.8f), a9 = _mm256_set1_ps(1.9f), a10 = _mm256_set1_ps(2.0f), a11 = _mm256_set1_ps(2.1f);
    for (long i = 0; i < iterations; i++) {
        a0 = _mm256_fmadd_ps(a0, b, c); a1 = _mm256_fmadd_ps(a1, b, c); a2 = _mm256_fmadd_ps(a2, b, c);
        a3 = _mm256_fmadd_ps(a3, b, c); a4 = _mm256_fmadd_ps(a4, b, c); a5 = _mm256_fmadd_ps(a5, b, c);
        a6 = _mm256_fmadd_ps(a6, b, c); a7 = _mm256_fmadd_ps(a7, b, c); a8 = _mm256_fmadd_ps(a8, b, c);
        a9 = _mm256_fmadd_ps(a9, b, c); a10 = _mm256_fmadd_ps(a10, b, c); a11 = _mm256_fmadd_ps(a11, b, c);
    }
    __m256 sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                               _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    sum = _mm256_add_ps(sum, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
}

/// The spin-wait hint (PAUSE): a busy-waiting thread yields the core's shared resources.
static inline void acgan_cpu_relax(void) { _mm_pause(); }
#else
static inline void acgan_cpu_relax(void) {}
static inline int acgan_cpuid(unsigned int leaf, unsigned int subleaf, unsigned int *eax,
                              unsigned int *ebx, unsigned int *ecx, unsigned int *edx) {
    (void)leaf; (void)subleaf; (void)eax; (void)ebx; (void)ecx; (void)edx; return 0;
}
static inline int acgan_fma_level(void) { return 0; }
static inline float acgan_fma_loop_avx512(long iterations) { (void)iterations; return 0; }
static inline float acgan_fma_loop_avx2(long iterations) { (void)iterations; return 0; }
#endif

#endif
