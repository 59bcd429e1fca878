// Chapter 05, fast side: the Convolution layer with the book's layout (book 7.4.3): one matrix
// product in the (N*OH*OW, FN) layout, then the transpose to (N,FN,OH,OW), and back for dout.
// The model answer is solutions/05_im2col/convolution.cpp; this one gives the same numbers.
//
// Threads: the rows of that layout are cut into one equal share per thread, whatever the batch
// size, so batch 1 keeps both cores as busy as batch 8. Each thread runs single-threaded products
// on its own share; with the OpenBLAS backend, run with OPENBLAS_NUM_THREADS=1. The three products
// go through product_into (common/packed_product.hpp): a packed 12 x 32 register-blocked product
// where the machine has AVX-512, Eigen's elsewhere. They put N*OH*OW, not FN, along the rows: a
// thread's share of the rows is then large whatever the batch, and a transpose costs less than
// blocks left partly idle (bench/README.md has the figures).
#include "05_im2col/convolution.hpp"

#include "05_im2col/im2col_into.hpp"
#include "05_im2col/small_filters.hpp"

#include "02_stride/stride.hpp"
#include "common/for_each_share.hpp"
#include "common/packed_product.hpp"
#include "common/parallel.hpp"

#include <algorithm>
#include <vector>

namespace cnn {

namespace {

/// Scratch matrices of the layer, kept across calls so that their memory is touched once, not
/// once per call. They live here rather than in the class, whose header shows only the book's
/// state; one set per calling thread, so layers used from different threads never share one.
struct Workspace {
    Matrix rows_by_filter;         // forward's product, then backward's dout, as (N*OH*OW, FN)
    Matrix dcol;                   // dcol of one group of images
    std::vector<Matrix> dW_parts;  // one part of dW per thread
};
Workspace& workspace() {
    thread_local Workspace w;
    return w;
}

/// Calls piece(n, p0, len) for each piece of rows [r0, r0 + rows) that lies in one image
/// (rows n*P + p0 .. n*P + p0 + len), where a transpose between the layouts must stop.
template <class Piece>
void for_each_image_piece(Index r0, Index rows, Index P, Piece piece) {
    for (Index r = r0; r < r0 + rows;) {
        const Index n = r / P, p0 = r % P, len = std::min(P - p0, r0 + rows - r);
        piece(n, p0, len);
        r += len;
    }
}

/// Largest number of images that divides N and whose dcol, `image_bytes` each, fits in kGroupBytes
/// (at least 1): about what the last-level cache of a small machine holds.
constexpr Index kGroupBytes = Index(8) << 20;
Index images_per_group(Index N, Index image_bytes) {
    for (Index G = std::min(N, std::max<Index>(1, kGroupBytes / image_bytes)); G > 1; --G)
        if (N % G == 0) return G;
    return 1;
}

}  // namespace

Tensor4 Convolution::forward(const Tensor4& x) {
    check_channels("Convolution::forward", x, W);
    const Index N = x.dimension(0), FN = W.dimension(0), C = W.dimension(1);
    const int FH = static_cast<int>(W.dimension(2)), FW = static_cast<int>(W.dimension(3));
    const Shape2 o = conv_output_shape(shape4(x), FH, FW, Stride{stride}, Pad{pad});
    const Index P = Index(o.H) * o.W;  // output positions per image
    x_shape_ = shape4(x);
    out_shape_ = {N, FN, o.H, o.W};
    if (small_filters(W)) {
        Tensor4 out;
        small_forward(x, W, b, stride, pad, col_, out);  // col_ keeps x itself here (small_filters.hpp)
        return out;
    }
    im2col_into(x, FH, FW, stride, pad, col_);

    // W.reshape(FN, -1) is W's own storage read as a (FN, C*FH*FW) matrix: no copy.
    const ConstMatrixView W_col(W.data(), FN, C * FH * FW);
    Tensor4 out(N, FN, o.H, o.W);
    Matrix& rows_by_filter = workspace().rows_by_filter;
    rows_by_filter.resize(N * P, FN);
    for_each_share(N * P, [&](int, Index r0, Index rows) {
        auto product = rows_by_filter.middleRows(r0, rows);
        product_into(col_.middleRows(r0, rows), W_col.transpose(), product, false);
        // out.reshape(N, OH, OW, FN).transpose(0, 3, 1, 2), one image's piece at a time
        for_each_image_piece(r0, rows, P, [&](Index n, Index p0, Index len) {
            MatrixView(out.data() + n * FN * P, FN, P).middleCols(p0, len) =
                product.middleRows(n * P + p0 - r0, len).transpose().colwise() + b;
        });
    });
    return out;
}

Tensor4 Convolution::backward(const Tensor4& dout) {
    check_dout("Convolution::backward", dout, out_shape_);
    const Index N = out_shape_[0], FN = out_shape_[1], P = out_shape_[2] * out_shape_[3];
    if (small_filters(W)) {
        Tensor4 dx;
        small_backward(dout, W, col_, x_shape_, stride, pad, need_dx, dW, db, dx);
        return dx;
    }
    const Index K = col_.cols();  // C*FH*FW
    const ConstMatrixView W_col(W.data(), FN, K);
    const auto dout_of = [&](Index n) { return ConstMatrixView(dout.data() + n * FN * P, FN, P); };

    db = Vector::Zero(FN);
    for (Index n = 0; n < N; ++n) db += dout_of(n).rowwise().sum();

    // The images go in equal groups, as many per group as keep the group's dcol,
    // (G*OH*OW, C*FH*FW), within kGroupBytes: dcol is then still in cache when col2im reads it,
    // and the layer keeps one group's dcol instead of the whole batch's.
    const Index G = images_per_group(N, P * K * Index(sizeof(Scalar)));
    const Shape4 group_shape{G, x_shape_[1], x_shape_[2], x_shape_[3]};
    const Index image_size = x_shape_[1] * x_shape_[2] * x_shape_[3];
    const int FH = static_cast<int>(W.dimension(2)), FW = static_cast<int>(W.dimension(3));
    Workspace& ws = workspace();
    Matrix& D = ws.rows_by_filter;
    Matrix& dcol = ws.dcol;
    std::vector<Matrix>& dW_parts = ws.dW_parts;
    D.resize(G * P, FN);
    if (need_dx) dcol.resize(G * P, K);
    dW_parts.resize(thread_count());
    for (Matrix& part : dW_parts) part.resize(FN, K);
    Tensor4 dx;  // stays empty when nobody reads it (need_dx false: x is the data)
    if (need_dx) dx.resize(x_shape_[0], x_shape_[1], x_shape_[2], x_shape_[3]);
    for (Index n0 = 0; n0 < N; n0 += G) {
        // D = dout.transpose(0, 2, 3, 1).reshape(-1, FN), then the Affine layer's rules on each
        // thread's share of the rows: dcol = D W_col, and a part of dW = D^T col per thread.
        for_each_share(G * P, [&](int t, Index r0, Index rows) {
            for_each_image_piece(r0, rows, P, [&](Index n, Index p0, Index len) {
                D.middleRows(n * P + p0, len) = dout_of(n0 + n).middleCols(p0, len).transpose();
            });
            const auto D_t = D.middleRows(r0, rows);
            const auto col_t = col_.middleRows(n0 * P + r0, rows);
            if (need_dx) product_into(D_t, W_col, dcol.middleRows(r0, rows), false);
            product_into(D_t.transpose(), col_t, dW_parts[t], n0 > 0);
        });
        if (!need_dx) continue;
        const Tensor4 dx_group = col2im(dcol, group_shape, FH, FW, stride, pad);
        std::copy_n(dx_group.data(), G * image_size, dx.data() + n0 * image_size);
    }
    dW = Tensor4(W.dimensions());
    MatrixView dW_col(dW.data(), FN, K);
    for_each_share(FN, [&](int, Index f0, Index rows) {  // the threads' parts of dW, added up
        auto dW_rows = dW_col.middleRows(f0, rows);
        dW_rows = dW_parts[0].middleRows(f0, rows);
        for (std::size_t t = 1; t < dW_parts.size(); ++t) dW_rows += dW_parts[t].middleRows(f0, rows);
    });
    return dx;
}

}  // namespace cnn
