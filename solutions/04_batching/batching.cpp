// Chapter 04 reference solutions.
#include "04_batching/batching.hpp"

#include "common/checks.hpp"

namespace cnn {

namespace {
void check_image(const char* function, const Tensor4& x, Index n) {
    if (n < 0 || n >= x.dimension(0)) {
        throw ShapeError(fmt::format("{}: image n = {} is not in [0, {}) for x of shape {}", function, n,
                                     x.dimension(0), shape_of(x)));
    }
}

void check_channel(const char* function, const Tensor4& x, Index n, Index c) {
    check_image(function, x, n);
    if (c < 0 || c >= x.dimension(1)) {
        throw ShapeError(fmt::format("{}: channel c = {} is not in [0, {}) for x of shape {}", function,
                                     c, x.dimension(1), shape_of(x)));
    }
}

// Row-major (N,C,H,W): image n starts after n whole images, channel c after c whole maps.
Index image_offset(const Tensor4& x, Index n) {
    return n * x.dimension(1) * x.dimension(2) * x.dimension(3);
}
Index channel_offset(const Tensor4& x, Index n, Index c) {
    return image_offset(x, n) + c * x.dimension(2) * x.dimension(3);
}
}  // namespace

ConstTensor3View image(const Tensor4& x, Index n) {
    check_image("image", x, n);
    return ConstTensor3View(x.data() + image_offset(x, n), x.dimension(1), x.dimension(2), x.dimension(3));
}

Tensor3View image(Tensor4& x, Index n) {
    check_image("image", x, n);
    return Tensor3View(x.data() + image_offset(x, n), x.dimension(1), x.dimension(2), x.dimension(3));
}

ConstMatrixView channel(const Tensor4& x, Index n, Index c) {
    check_channel("channel", x, n, c);
    return ConstMatrixView(x.data() + channel_offset(x, n, c), x.dimension(2), x.dimension(3));
}

MatrixView channel(Tensor4& x, Index n, Index c) {
    check_channel("channel", x, n, c);
    return MatrixView(x.data() + channel_offset(x, n, c), x.dimension(2), x.dimension(3));
}

Tensor4 conv_batch(const Tensor4& x, const Tensor4& w, const Vector& b, int stride, int pad) {
    const Index N = x.dimension(0), C = x.dimension(1), H = x.dimension(2), W = x.dimension(3);
    const Index FN = w.dimension(0), FH = w.dimension(2), FW = w.dimension(3);
    check_channels("conv_batch", x, w);
    check_bias("conv_batch", b, w);
    const Shape2 out = conv_output_shape(shape4(x), static_cast<int>(FH), static_cast<int>(FW),
                                         Stride{stride}, Pad{pad});
    Tensor4 y(N, FN, out.H, out.W);
    // No padded copy: a window element that falls in the padding is a zero and adds nothing.
    for (Index n = 0; n < N; ++n)
        for (Index fn = 0; fn < FN; ++fn)
            for (Index oh = 0; oh < out.H; ++oh)
                for (Index ow = 0; ow < out.W; ++ow) {
                    Scalar sum = b(fn);
                    for (Index c = 0; c < C; ++c)
                        for (Index kh = 0; kh < FH; ++kh)
                            for (Index kw = 0; kw < FW; ++kw) {
                                // (h, col) in x: `w` already names the filters.
                                const Index h = oh * stride + kh - pad, col = ow * stride + kw - pad;
                                if (h < 0 || h >= H || col < 0 || col >= W) continue;
                                sum += x(n, c, h, col) * w(fn, c, kh, kw);
                            }
                    y(n, fn, oh, ow) = sum;
                }
    return y;
}

}  // namespace cnn
