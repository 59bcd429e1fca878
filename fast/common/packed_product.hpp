// Fast side only: a matrix product for the large layers (AlexNet's, K = C*FH*FW in the thousands),
// in the way of GotoBLAS and BLIS: both operands are copied ("packed") block by block into the
// order in which a 12 x 32 block of the result reads them, and that block stays in 24 vector
// registers while k runs over a block of 256. Eigen's general product (a 48 x 4 block with AVX-512)
// reached 54-62% of the FMA peak on the layers' shapes on one thread, this one 74-88%
// (bench/README.md, "Ceilings").
// Only the convolution layer's three products use it, and only on machines with AVX-512: elsewhere
// the layer keeps Eigen's product, which is always built and tested.
#pragma once

#include "common/block_product.hpp"  // Lanes, load_lanes, store_lanes
#include "common/tensor.hpp"

#include <algorithm>
#include <vector>

#ifdef __AVX512F__
#include <immintrin.h>
#endif

namespace cnn {

/// A matrix read through strides: element (i, k) is data[i*row + k*col], so one buffer can be read
/// as a matrix or as its transpose without a copy.
struct StridedView {
    const Scalar* data;
    Index row, col;
    Scalar operator()(Index i, Index k) const { return data[i * row + k * col]; }
};

namespace packed {

constexpr int kMR = 12;          // rows of the register block
constexpr int kNR = 2 * kLanes;  // its columns: two vector registers
constexpr Index kKC = 256;       // k per packed block: one packed A sliver, 12 KiB, stays in L1
constexpr Index kNC = 512;       // columns per packed B block, 512 KiB: stays in L2

/// Packs rows [i0, i0+rows) x k [k0, k0+kc) of A as kMR rows kKC apart (a row-major sliver whose
/// rows are zero past `rows`): for a row-major A that is one copy per row, and the kernel still
/// reads all kMR numbers of one k at fixed offsets from one address. A is row-major (col 1) or a
/// transposed row-major matrix (row 1). `next` rows follow this sliver's in A.
inline void pack_a(const StridedView& A, Index i0, Index rows, Index next, Index k0, Index kc, Scalar* out) {
    if (A.col == 1) {  // one copy per row
        for (Index i = 0; i < rows; ++i) std::copy_n(&A.data[(i0 + i) * A.row + k0], kc, out + i * kKC);
        // Ask for the next sliver's rows now, so that its copy finds them in cache: A is the
        // layer's column matrix, read once, from memory.
        for (Index i = rows; i < rows + std::min<Index>(next, kMR); ++i)
            for (Index k = 0; k < kc; k += kLanes) __builtin_prefetch(&A.data[(i0 + i) * A.row + k0 + k]);
    } else {  // along A's contiguous columns
        for (Index k = 0; k < kc; ++k)
            for (Index i = 0; i < rows; ++i) out[i * kKC + k] = A.data[(k0 + k) * A.col + i0 + i];
    }
    for (Index i = rows; i < kMR; ++i) std::fill_n(out + i * kKC, kc, Scalar(0));
}

#ifdef __AVX512F__
/// dst(k, j) = src(j, k) for a 16 x 16 block, rows ld_src and ld_dst apart: four rounds of shuffles
/// (32-bit pairs, 64-bit pairs, 128-bit quarters twice) in registers instead of 256 single copies.
inline void transpose_16x16(const Scalar* src, Index ld_src, Scalar* dst, Index ld_dst) {
    __m512 r[16], t[16];
    for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(src + i * ld_src);
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    const auto pd = [](__m512 v) { return _mm512_castps_pd(v); };
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(pd(t[i]), pd(t[i + 2])));
        r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(pd(t[i]), pd(t[i + 2])));
        r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(pd(t[i + 1]), pd(t[i + 3])));
        r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(pd(t[i + 1]), pd(t[i + 3])));
    }
    for (int i = 0; i < 16; i += 8)
        for (int j = 0; j < 4; ++j) {
            t[i + j] = _mm512_shuffle_f32x4(r[i + j], r[i + j + 4], 0x88);
            t[i + j + 4] = _mm512_shuffle_f32x4(r[i + j], r[i + j + 4], 0xdd);
        }
    for (int j = 0; j < 8; ++j) {
        r[j] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0x88);
        r[j + 8] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0xdd);
    }
    for (int i = 0; i < 16; ++i) _mm512_storeu_ps(dst + i * ld_dst, r[i]);
}
#endif

/// Packs k [k0, k0+kc) x columns [j0, j0+cols) of B into kNR-column slivers, each kc x kNR,
/// zero-padded to a whole sliver.
inline void pack_b(const StridedView& B, Index k0, Index kc, Index j0, Index cols, Scalar* out) {
    for (Index s = 0; s < cols; s += kNR) {
        Scalar* sliver = out + s * kc;
        const Index width = std::min<Index>(kNR, cols - s);
        if (B.col == 1 && width == kNR) {  // rows of B are contiguous: whole vectors
            for (Index k = 0; k < kc; ++k)
                for (int v = 0; v < 2; ++v)
                    store_lanes(sliver + k * kNR + v * kLanes, load_lanes(&B.data[(k0 + k) * B.row + j0 + s + v * kLanes]));
            continue;
        }
        Index k_done = 0;  // B is a transposed matrix (W_col^T in forward): its columns are contiguous
#ifdef __AVX512F__
        if (B.row == 1 && width == kNR)
            for (; k_done + kLanes <= kc; k_done += kLanes)
                for (int v = 0; v < 2; ++v)
                    transpose_16x16(&B.data[(j0 + s + v * kLanes) * B.col + k0 + k_done], B.col,
                                    sliver + k_done * kNR + v * kLanes, kNR);
#endif
        for (Index j = 0; j < kNR; ++j)  // the rest along k for each column: reads B^T's rows in order
            for (Index k = k_done; k < kc; ++k) sliver[k * kNR + j] = j < width ? B(k0 + k, j0 + s + j) : Scalar(0);
    }
}

/// c (kMR x kNR, row-major, rows ldc apart) = or += the product of one packed A sliver and one
/// packed B sliver over kc. Every result of the block is in a register for the whole loop.
inline void kernel(Index kc, const Scalar* a, const Scalar* b, Scalar* c, Index ldc, bool accumulate) {
    Lanes acc[kMR][2] = {};
    for (Index k = 0; k < kc; ++k) {
        const Lanes b0 = load_lanes(b + k * kNR), b1 = load_lanes(b + k * kNR + kLanes);
        for (int i = 0; i < kMR; ++i) {
            const Scalar value = a[i * kKC + k];
            acc[i][0] += value * b0;
            acc[i][1] += value * b1;
        }
    }
    for (int i = 0; i < kMR; ++i)
        for (int v = 0; v < 2; ++v) {
            Scalar* out = c + i * ldc + v * kLanes;
            store_lanes(out, accumulate ? load_lanes(out) + acc[i][v] : acc[i][v]);
        }
}

/// Per-thread packing buffers, kept across calls (first touch of fresh memory is slow here).
struct Buffers {
    std::vector<Scalar> a = std::vector<Scalar>(kMR * kKC);
    std::vector<Scalar> b = std::vector<Scalar>(kKC * kNC);
};
inline Buffers& buffers() {
    thread_local Buffers kept;
    return kept;
}

}  // namespace packed

/// C(M,N) = A(M,K) B(K,N), or C += A B when `accumulate`; C is row-major with rows ldc apart, and
/// A and B each have one stride of 1 (a row-major matrix or its transpose).
/// Single-threaded: the fast side gives each thread its own rows (for_each_share).
inline void packed_product(const StridedView& A, const StridedView& B, Index M, Index N, Index K, Scalar* C, Index ldc,
                           bool accumulate) {
    using namespace packed;
    Buffers& buf = buffers();
    Scalar edge[kMR * kNR];  // a block that sticks out of C is computed here first
    for (Index j0 = 0; j0 < N; j0 += kNC) {
        const Index nc = std::min(kNC, N - j0);
        for (Index k0 = 0; k0 < K; k0 += kKC) {
            const Index kc = std::min(kKC, K - k0);
            const bool add = accumulate || k0 > 0;  // later k blocks add to what the first wrote
            pack_b(B, k0, kc, j0, nc, buf.b.data());
            for (Index i0 = 0; i0 < M; i0 += kMR) {
                const Index rows = std::min<Index>(kMR, M - i0);
                pack_a(A, i0, rows, M - i0 - rows, k0, kc, buf.a.data());  // stays in L1 for B's slivers
                for (Index s = 0; s < nc; s += kNR) {
                    const Index cols = std::min<Index>(kNR, nc - s);
                    Scalar* c = C + i0 * ldc + j0 + s;
                    if (rows == kMR && cols == kNR) {
                        kernel(kc, buf.a.data(), buf.b.data() + s * kc, c, ldc, add);
                        continue;
                    }
                    std::fill_n(edge, kMR * kNR, Scalar(0));
                    if (add)
                        for (Index i = 0; i < rows; ++i)
                            for (Index j = 0; j < cols; ++j) edge[i * kNR + j] = c[i * ldc + j];
                    kernel(kc, buf.a.data(), buf.b.data() + s * kc, edge, kNR, true);
                    for (Index i = 0; i < rows; ++i)
                        for (Index j = 0; j < cols; ++j) c[i * ldc + j] = edge[i * kNR + j];
                }
            }
        }
    }
}

/// out = a * b, or out += a * b when `accumulate`, for Eigen matrices, maps, blocks and their
/// transposes with direct access (out row-major): the packed product where the machine has
/// AVX-512, Eigen's own product elsewhere (and OpenBLAS's in the WORKBOOK_BLAS build).
template <class A, class B, class Out>
void product_into(const A& a, const B& b, Out&& out, bool accumulate) {
#if defined(__AVX512F__) && !defined(EIGEN_USE_BLAS)  // the OpenBLAS build keeps its own product
    const auto view = [](const auto& m) { return StridedView{m.data(), m.rowStride(), m.colStride()}; };
    eigen_assert(out.colStride() == 1 && (a.colStride() == 1 || a.rowStride() == 1) &&
                 (b.colStride() == 1 || b.rowStride() == 1));
    eigen_assert(a.cols() == b.rows() && out.rows() == a.rows() && out.cols() == b.cols());
    packed_product(view(a), view(b), out.rows(), out.cols(), a.cols(), out.data(), out.rowStride(), accumulate);
#else
    if (accumulate) {
        out.noalias() += a * b;
    } else {
        out.noalias() = a * b;
    }
#endif
}

}  // namespace cnn
