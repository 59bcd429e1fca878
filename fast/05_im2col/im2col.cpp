// Chapter 05, fast side: im2col and col2im without a padded copy, split across threads.
// The model answers in solutions/05_im2col/ are the book's; these give the same numbers.
#include "05_im2col/im2col.hpp"

#include "05_im2col/im2col_into.hpp"

#include "02_stride/stride.hpp"
#include "common/parallel.hpp"
#include "common/shape.hpp"

#include <algorithm>

namespace cnn {

namespace {

// Fills col, with the window width FW fixed at compile time when kFW > 0: the copies of 3 or 5
// values then become a few vector moves instead of a loop (im2col a third faster or more here).
template <int kFW>
void fill_windows(const Tensor4& x, int FH, int FW_, int stride, int pad, Index OH, Index OW, Matrix& col) {
    const Index N = x.dimension(0), C = x.dimension(1), H = x.dimension(2), W = x.dimension(3);
    const Index FW = kFW > 0 ? kFW : FW_;
    // Each output row (n, oh) fills its own OW rows of col, so the threads share them out, at
    // batch 1 as at batch 100.
    CNN_PARALLEL_FOR_IF(N * OH > 1)
    for (Index image_row = 0; image_row < N * OH; ++image_row) {
        const Index n = image_row / OH, oh = image_row % OH;
        for (Index ow = 0; ow < OW; ++ow) {
            // One row is one window, read channel by channel, top to bottom, left to right:
            // the order of a (C,FH,FW) filter flattened row-major (WE-24).
            Scalar* row = col.row((n * OH + oh) * OW + ow).data();
            for (Index c = 0; c < C; ++c)
                for (Index kh = 0; kh < FH; ++kh, row += FW) {
                    const Index h = oh * stride + kh - pad;
                    // Rows of the padding are zeros; no padded copy of x is ever made.
                    if (h < 0 || h >= H) {
                        std::fill(row, row + FW, Scalar(0));
                        continue;
                    }
                    const Scalar* x_row = &x(n, c, h, 0);
                    const Index w0 = ow * stride - pad;
                    if (w0 >= 0 && w0 + FW <= W) {  // most windows: no padding in this row
                        for (Index kw = 0; kw < FW; ++kw) row[kw] = x_row[w0 + kw];
                        continue;
                    }
                    for (Index kw = 0; kw < FW; ++kw) {
                        const Index w = w0 + kw;
                        row[kw] = (w >= 0 && w < W) ? x_row[w] : Scalar(0);
                    }
                }
        }
    }
}

}  // namespace

void im2col_into(const Tensor4& x, int FH, int FW, int stride, int pad, Matrix& col) {
    const Shape2 out = conv_output_shape(shape4(x), FH, FW, Stride{stride}, Pad{pad});
    col.resize(x.dimension(0) * out.H * out.W, x.dimension(1) * FH * FW);  // keeps the storage when the size is unchanged
    switch (FW) {  // the filters of the notes' networks are 3x3 and 5x5
        case 3: return fill_windows<3>(x, FH, FW, stride, pad, out.H, out.W, col);
        case 5: return fill_windows<5>(x, FH, FW, stride, pad, out.H, out.W, col);
        default: return fill_windows<0>(x, FH, FW, stride, pad, out.H, out.W, col);
    }
}

Matrix im2col(const Tensor4& x, int FH, int FW, int stride, int pad) {
    Matrix col;
    im2col_into(x, FH, FW, stride, pad, col);
    return col;
}

Tensor4 col2im(const Matrix& col, const Shape4& input_shape, int FH, int FW, int stride, int pad) {
    const Index N = input_shape[0], C = input_shape[1], H = input_shape[2], W = input_shape[3];
    const Shape2 out = conv_output_shape(input_shape, FH, FW, Stride{stride}, Pad{pad});
    const Index OH = out.H, OW = out.W;
    check_col_shape(col, input_shape, FH, FW, stride, pad);
    // One task is a block of channels of one image: the blocks of x are disjoint, so threads
    // never add into the same pixel, batch 1 is split as well as batch 100, and each task reads
    // one contiguous piece of every row of col.
    const Index K = C * FH * FW;
    Tensor4 x(N, C, H, W);
    const Index blocks = std::min<Index>(C, thread_count());
    CNN_PARALLEL_FOR_IF(N * blocks > 1)
    for (Index task = 0; task < N * blocks; ++task) {
        const Index n = task / blocks, c0 = C * (task % blocks) / blocks, c1 = C * (task % blocks + 1) / blocks;
        std::fill(&x(n, c0, 0, 0), &x(n, c0, 0, 0) + (c1 - c0) * H * W, Scalar(0));
        for (Index oh = 0; oh < OH; ++oh) {
            const Scalar* windows = &col((n * OH + oh) * OW, 0);  // window ow is row ow from here
            for (Index c = c0; c < c1; ++c)
                for (Index kh = 0; kh < FH; ++kh) {
                    const Index h = oh * stride + kh - pad;
                    if (h < 0 || h >= H) continue;  // this window row lies in the padding
                    Scalar* x_row = &x(n, c, h, 0);
                    for (Index kw = 0; kw < FW; ++kw) {
                        // ow innermost: for one kw the windows add into distinct pixels, whereas
                        // neighbouring windows overlap, and adding window by window would make
                        // each pixel wait for the previous window's addition.
                        const Scalar* value = windows + (c * FH + kh) * FW + kw;
                        for (Index ow = 0; ow < OW; ++ow) {
                            const Index w = ow * stride + kw - pad;
                            // += : where windows overlap, one pixel fed several rows of col and
                            // receives the sum of their gradients (WE-26).
                            if (w >= 0 && w < W) x_row[w] += value[ow * K];
                        }
                    }
                }
        }
    }
    return x;
}

}  // namespace cnn
