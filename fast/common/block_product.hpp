// Fast side only: two register-blocked product kernels for the shapes where Eigen's general
// product spends more time packing its operands than multiplying: the short inner dimensions of
// small filters (SimpleConvNet's first layer, K = 25 or FN = 30).
// GCC's and clang's vector types compile to AVX-512 registers where the machine has them and to
// several narrower ones elsewhere.
#pragma once

#include "common/tensor.hpp"

#include <algorithm>
#include <cstring>

namespace cnn {

typedef Scalar Lanes __attribute__((vector_size(64)));
constexpr int kLanes = 16;

inline Lanes load_lanes(const Scalar* p) {
    Lanes v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store_lanes(Scalar* p, Lanes v) { std::memcpy(p, &v, sizeof v); }

/// out(M,P) = A(M,K) B(K,P), plus bias(i) on row i when bias is not null. A(i,k) is
/// a[i*a_row + k*a_col], so A may be a matrix or a transposed one; B and out are row-major with
/// rows ldb and ldo values apart. A block of 6 rows by 32 columns of out stays in registers while k
/// runs, so each row of B is read once per 6 rows of A; the edges that do not fill a block go to Eigen.
inline void block_product(const Scalar* a, Index a_row, Index a_col, Index M, Index K, const Scalar* B, Index ldb,
                          Index P, Scalar* out, Index ldo, const Scalar* bias = nullptr) {
    constexpr int kRows = 6, kVecs = 2, kCols = kVecs * kLanes;
    const Index Mb = M / kRows * kRows, Pb = P / kCols * kCols;
    for (Index p0 = 0; p0 < Pb; p0 += kCols)
        for (Index m0 = 0; m0 < Mb; m0 += kRows) {
            Lanes acc[kRows][kVecs];
            for (int i = 0; i < kRows; ++i)
                for (int j = 0; j < kVecs; ++j) acc[i][j] = Lanes{} + (bias ? bias[m0 + i] : Scalar(0));
            const Scalar* a_block = a + m0 * a_row;
            for (Index k = 0; k < K; ++k) {
                Lanes row[kVecs];
                for (int j = 0; j < kVecs; ++j) row[j] = load_lanes(B + k * ldb + p0 + j * kLanes);
                for (int i = 0; i < kRows; ++i) {
                    const Scalar value = a_block[i * a_row + k * a_col];
                    for (int j = 0; j < kVecs; ++j) acc[i][j] += value * row[j];
                }
            }
            for (int i = 0; i < kRows; ++i)
                for (int j = 0; j < kVecs; ++j) store_lanes(out + (m0 + i) * ldo + p0 + j * kLanes, acc[i][j]);
        }
    if (Mb == M && Pb == P) return;
    using Strided = Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>;
    const Eigen::Map<const Matrix, 0, Strided> A(a, M, K, Strided(a_row, a_col));
    const Eigen::Map<const Matrix, 0, Eigen::OuterStride<>> Bm(B, K, P, Eigen::OuterStride<>(ldb));
    Eigen::Map<Matrix, 0, Eigen::OuterStride<>> o(out, M, P, Eigen::OuterStride<>(ldo));
    const auto add_bias = [&](auto block, Index m0) {
        if (bias) block.colwise() += Eigen::Map<const Vector>(bias + m0, block.rows());
    };
    if (Pb < P) {
        o.rightCols(P - Pb).noalias() = A * Bm.rightCols(P - Pb);
        add_bias(o.rightCols(P - Pb), 0);
    }
    if (Mb < M && Pb > 0) {
        o.bottomLeftCorner(M - Mb, Pb).noalias() = A.bottomRows(M - Mb) * Bm.leftCols(Pb);
        add_bias(o.bottomLeftCorner(M - Mb, Pb), Mb);
    }
}

/// out(M,N) += A(M,L) B(N,L)^T for row-major A and B whose rows have length L: out(i,j) is the dot
/// product of row i of A and row j of B, e.g. dW += dout(n) col(n)^T, summed over the OH*OW positions.
/// A block of 5 x 5 results is summed along L in vector registers (25 of them, plus the 5 rows of B
/// and one of A: 31 of the 32) and reduced to numbers once per block.
inline void add_row_products(const Scalar* A, Index M, const Scalar* B, Index N, Index L, Scalar* out) {
    constexpr int kDot = 5;
    const Index Lv = L / kLanes * kLanes;
    for (Index i0 = 0; i0 < M; i0 += kDot)
        for (Index j0 = 0; j0 < N; j0 += kDot) {
            const int rm = static_cast<int>(std::min<Index>(kDot, M - i0));
            const int rn = static_cast<int>(std::min<Index>(kDot, N - j0));
            Lanes acc[kDot][kDot] = {};
            if (rm == kDot && rn == kDot) {  // the whole block: fixed loop bounds, all in registers
                for (Index l = 0; l < Lv; l += kLanes) {
                    Lanes b[kDot];
                    for (int j = 0; j < kDot; ++j) b[j] = load_lanes(B + (j0 + j) * L + l);
                    for (int i = 0; i < kDot; ++i) {
                        const Lanes a = load_lanes(A + (i0 + i) * L + l);
                        for (int j = 0; j < kDot; ++j) acc[i][j] += a * b[j];
                    }
                }
            } else {  // the edge of out: the same sums with bounds known only at run time
                for (Index l = 0; l < Lv; l += kLanes)
                    for (int i = 0; i < rm; ++i) {
                        const Lanes a = load_lanes(A + (i0 + i) * L + l);
                        for (int j = 0; j < rn; ++j) acc[i][j] += a * load_lanes(B + (j0 + j) * L + l);
                    }
            }
            for (int i = 0; i < rm; ++i)
                for (int j = 0; j < rn; ++j) {
                    Scalar sum = 0;
                    for (int k = 0; k < kLanes; ++k) sum += acc[i][j][k];
                    for (Index l = Lv; l < L; ++l) sum += A[(i0 + i) * L + l] * B[(j0 + j) * L + l];
                    out[(i0 + i) * N + j0 + j] += sum;
                }
        }
}

}  // namespace cnn
