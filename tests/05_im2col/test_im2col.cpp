// Chapter 05 tests, part 1: im2col and col2im (book 7.4.2–7.4.3; slides). Hand-worked matrices on
// the book's fig 7-3 example, a plainly written im2col in this file for random shapes, window-count
// pictures for col2im, and the adjoint identity that ties col2im to im2col without trusting either.
#include "05_im2col/im2col.hpp"

#include "common/random.hpp"
#include "support/book_figures.hpp"
#include "support/compare.hpp"
#include "support/conv_cases.hpp"

#include <doctest/doctest.h>

#include <vector>

using cnn::Index;
using cnn::Matrix;
using cnn::Shape4;
using cnn::ShapeError;
using cnn::Tensor4;
using cnn::test::close;
using cnn::test::fig73_batch;
using cnn::test::fig77_batch;

namespace {

Matrix rows_of(std::initializer_list<std::initializer_list<float>> rows) {
    Matrix m(static_cast<Index>(rows.size()), static_cast<Index>(rows.begin()->size()));
    Index r = 0;
    for (const auto& row : rows) {
        Index c = 0;
        for (float v : row) m(r, c++) = v;
        ++r;
    }
    return m;
}

// Independent im2col for random shapes: reads the NCHW element of every (row, column) pair
// directly from the index formulas, one element at a time.
Matrix plain_im2col(const Tensor4& x, Index FH, Index FW, Index S, Index P) {
    const Index N = x.dimension(0), C = x.dimension(1), H = x.dimension(2), W = x.dimension(3);
    const Index OH = (H + 2 * P - FH) / S + 1, OW = (W + 2 * P - FW) / S + 1;
    Matrix col(N * OH * OW, C * FH * FW);
    for (Index r = 0; r < col.rows(); ++r)
        for (Index k = 0; k < col.cols(); ++k) {
            const Index n = r / (OH * OW), oh = r / OW % OH, ow = r % OW;
            const Index c = k / (FH * FW), kh = k / FW % FH, kw = k % FW;
            const Index h = oh * S + kh - P, w = ow * S + kw - P;
            col(r, k) = (h >= 0 && h < H && w >= 0 && w < W) ? x(n, c, h, w) : 0.0f;
        }
    return col;
}

double dot(const float* a, const float* b, Index size) {
    double sum = 0;
    for (Index i = 0; i < size; ++i) sum += double(a[i]) * double(b[i]);
    return sum;
}

}  // namespace

TEST_CASE("WE-23 im2col of (1,3,7,7) with a 5x5 filter is (9,75); of (10,3,7,7) is (90,75)") {
    // OH = OW = (7 - 5)/1 + 1 = 3: nine windows per image, 3*5*5 = 75 values per window.
    SUBCASE("one image") {
        Tensor4 x(1, 3, 7, 7);
        x.setConstant(1);
        const Matrix col = cnn::im2col(x, 5, 5, 1, 0);
        CHECK(col.rows() == 9);
        CHECK(col.cols() == 75);
    }
    SUBCASE("ten images: ten times the rows, the same 75 columns") {
        Tensor4 x(10, 3, 7, 7);
        cnn::Random rng(23);
        rng.fill_uniform(x);
        const Matrix col = cnn::im2col(x, 5, 5, 1, 0);
        CHECK(col.rows() == 90);
        CHECK(col.cols() == 75);
        CHECK(close(col, plain_im2col(x, 5, 5, 1, 0)));
    }
}

TEST_CASE("WE-24 a (3,5,5) window flattens like a (10,3,5,5) filter bank reshaped to (10,75)") {
    // A (1,3,5,5) input and a 5x5 filter have exactly one window, the whole image, so im2col's one
    // row must list x in the order a filter row of W.reshape(10,-1) lists w(fn,c,kh,kw):
    // column c*25 + kh*5 + kw.
    Tensor4 x(1, 3, 5, 5);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(i);
    const Matrix col = cnn::im2col(x, 5, 5, 1, 0);
    REQUIRE(col.rows() == 1);
    REQUIRE(col.cols() == 75);
    for (Index c = 0; c < 3; ++c)
        for (Index kh = 0; kh < 5; ++kh)
            for (Index kw = 0; kw < 5; ++kw) {
                CAPTURE(c); CAPTURE(kh); CAPTURE(kw);
                CHECK(col(0, c * 25 + kh * 5 + kw) == x(0, c, kh, kw));
            }
    // The filter side of the same picture: 750 values, (10,75) without moving any of them.
    Tensor4 w(10, 3, 5, 5);
    CHECK(w.size() == 750);
    const cnn::ConstMatrixView w_rows(w.data(), 10, w.size() / 10);
    CHECK(w_rows.cols() == 75);
}

TEST_CASE("05.1 im2col of the WE-01 input with a 3x3 filter, written out by hand") {
    // x (4,4), 3x3 windows, S=1, P=0 -> OH = OW = 2, col (4,9). Row (oh,ow) is the window whose
    // top-left corner is x(oh,ow), read row by row:
    //   (0,0): 1 2 3 / 0 1 2 / 3 0 1      (0,1): 2 3 0 / 1 2 3 / 0 1 2
    //   (1,0): 0 1 2 / 3 0 1 / 2 3 0      (1,1): 1 2 3 / 0 1 2 / 3 0 1
    // Times the flattened filter [2,0,1,0,1,2,1,0,2] these give 15, 16, 6, 15: WE-01's output.
    const Matrix expected = rows_of({{1, 2, 3, 0, 1, 2, 3, 0, 1},
                                     {2, 3, 0, 1, 2, 3, 0, 1, 2},
                                     {0, 1, 2, 3, 0, 1, 2, 3, 0},
                                     {1, 2, 3, 0, 1, 2, 3, 0, 1}});
    SUBCASE("one channel") {
        CHECK(close(cnn::im2col(fig73_batch(), 3, 3, 1, 0), expected));
    }
    SUBCASE("the product with the flattened filter is WE-01's [[15,16],[6,15]]") {
        Eigen::Matrix<float, 9, 1> f;
        f << 2, 0, 1, 0, 1, 2, 1, 0, 2;
        const Matrix y = cnn::im2col(fig73_batch(), 3, 3, 1, 0) * f;
        CHECK(close(y, rows_of({{15}, {16}, {6}, {15}})));
    }
    SUBCASE("two channels: the whole first channel's window, then the second's (c, kh, kw)") {
        // Channel 1 is channel 0 times 10, so each row is the 9 values above, then the same times 10.
        Tensor4 x(1, 2, 4, 4);
        for (Index h = 0; h < 4; ++h)
            for (Index w = 0; w < 4; ++w) {
                x(0, 0, h, w) = fig73_batch()(0, 0, h, w);
                x(0, 1, h, w) = 10 * fig73_batch()(0, 0, h, w);
            }
        Matrix two(4, 18);
        two << expected, 10 * expected;
        CHECK(close(cnn::im2col(x, 3, 3, 1, 0), two));
    }
    SUBCASE("padding 1: 16 windows; the first one hangs over the top-left corner") {
        // Window (0,0) covers rows -1..1 and columns -1..1: the padded row and column are zeros.
        const Matrix col = cnn::im2col(fig73_batch(), 3, 3, 1, 1);
        REQUIRE(col.rows() == 16);
        REQUIRE(col.cols() == 9);
        CHECK(close(Matrix(col.row(0)), rows_of({{0, 0, 0, 0, 1, 2, 0, 0, 1}})));
        // Window (3,3), the last row, covers rows 2..4 and columns 2..4.
        CHECK(close(Matrix(col.row(15)), rows_of({{1, 2, 0, 0, 1, 0, 0, 0, 0}})));
    }
    SUBCASE("stride 2 on the 7x7 input of fig 7-7 (WE-08): windows start 2 apart") {
        const Matrix col = cnn::im2col(fig77_batch(), 3, 3, 2, 0);
        REQUIRE(col.rows() == 9);
        // Row 1 is window (0,1): rows 0..2, columns 2..4. Row 3 is window (1,0): rows 2..4, columns 0..2.
        CHECK(close(Matrix(col.row(1)), rows_of({{3, 0, 1, 2, 3, 0, 1, 2, 3}})));
        CHECK(close(Matrix(col.row(3)), rows_of({{3, 0, 1, 2, 3, 0, 1, 2, 3}})));
        // Row 4 is window (1,1): rows 2..4, columns 2..4; with the WE-01 filter it gives
        // 2+0+3+0+1+4+3+0+2 = 15, the centre of WE-08's output.
        CHECK(close(Matrix(col.row(4)), rows_of({{1, 2, 3, 0, 1, 2, 3, 0, 1}})));
    }
}

TEST_CASE("05.1 im2col on random shapes equals a plainly written one") {
    cnn::Random rng(501);
    for (int trial = 0; trial < 40; ++trial) {
        const cnn::test::ConvCase k = cnn::test::random_conv_case(rng, 4);
        CAPTURE(trial);
        CAPTURE(k);
        Tensor4 x(k.N, k.C, k.H, k.W);
        rng.fill_uniform(x);
        const Matrix expected = plain_im2col(x, k.FH, k.FW, k.S, k.P);
        CHECK(close(cnn::im2col(x, int(k.FH), int(k.FW), k.S, k.P), expected));
    }
}

TEST_CASE("05.1 im2col refuses shapes the output-size rule refuses") {
    Tensor4 x(1, 1, 7, 8);
    x.setZero();
    CHECK_THROWS_WITH_AS(cnn::im2col(x, 3, 3, 3, 0),
                         "conv_output_shape: height: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: "
                         "stride 3 does not fit a 7-wide input with a 3-wide filter",
                         ShapeError);
    CHECK_THROWS_WITH_AS(cnn::im2col(x, 3, 3, 2, 0),
                         "conv_output_shape: width: (8 + 2*0 - 3)/2 + 1 = 3.50 is not an integer: "
                         "stride 2 does not fit a 8-wide input with a 3-wide filter",
                         ShapeError);
    CHECK_THROWS_AS(cnn::im2col(x, 9, 3, 1, 0), ShapeError);
}

TEST_CASE("WE-26 col2im adds the windows that overlap") {
    // col2im of a col full of ones counts, for every pixel, the windows that read it.
    SUBCASE("4x4 input, 3x3 windows, S=1, P=0: the centre pixels are in all four windows") {
        const Matrix ones = Matrix::Ones(4, 9);
        Tensor4 expected(1, 1, 4, 4);
        expected.setValues({{{{1, 2, 2, 1},
                              {2, 4, 4, 2},
                              {2, 4, 4, 2},
                              {1, 2, 2, 1}}}});
        CHECK(close(cnn::col2im(ones, {1, 1, 4, 4}, 3, 3, 1, 0), expected));
    }
    SUBCASE("P=1: 16 windows; what fell on the padding is dropped") {
        // Along one axis pixel h is read by the windows oh = h-1, h, h+1 that exist (0..3):
        // 2, 3, 3, 2. The count of a pixel is the product of its two axes' counts.
        const Matrix ones = Matrix::Ones(16, 9);
        Tensor4 expected(1, 1, 4, 4);
        expected.setValues({{{{4, 6, 6, 4},
                              {6, 9, 9, 6},
                              {6, 9, 9, 6},
                              {4, 6, 6, 4}}}});
        CHECK(close(cnn::col2im(ones, {1, 1, 4, 4}, 3, 3, 1, 1), expected));
    }
    SUBCASE("7x7 input, S=2: windows start at 0, 2, 4, so rows 2 and 4 are shared") {
        // Per axis: pixel 0..6 is read by 1,1,2,1,2,1,1 windows.
        const Matrix ones = Matrix::Ones(9, 9);
        const float a[7] = {1, 1, 2, 1, 2, 1, 1};
        Tensor4 expected(1, 1, 7, 7);
        for (Index h = 0; h < 7; ++h)
            for (Index w = 0; w < 7; ++w) expected(0, 0, h, w) = a[h] * a[w];
        CHECK(close(cnn::col2im(ones, {1, 1, 7, 7}, 3, 3, 2, 0), expected));
    }
    SUBCASE("col2im(im2col(x)) is x times those counts, not x") {
        const Tensor4 x = fig73_batch();
        Tensor4 expected(1, 1, 4, 4);
        expected.setValues({{{{1 * 1, 2 * 2, 3 * 2, 0 * 1},
                              {0 * 2, 1 * 4, 2 * 4, 3 * 2},
                              {3 * 2, 0 * 4, 1 * 4, 2 * 2},
                              {2 * 1, 3 * 2, 0 * 2, 1 * 1}}}});
        CHECK(close(cnn::col2im(cnn::im2col(x, 3, 3, 1, 0), {1, 1, 4, 4}, 3, 3, 1, 0), expected));
    }
}

TEST_CASE("05.2 col2im keeps images and channels apart") {
    // Two images, two channels, 1x1 windows: col2im is then a pure reordering of rows (n,h,w) and
    // columns (c) back into (n,c,h,w), with nothing to add.
    Matrix col(2 * 2 * 3, 2);
    for (Index r = 0; r < col.rows(); ++r)
        for (Index c = 0; c < 2; ++c) col(r, c) = static_cast<float>(100 * c + r);
    const Tensor4 x = cnn::col2im(col, {2, 2, 2, 3}, 1, 1, 1, 0);
    for (Index n = 0; n < 2; ++n)
        for (Index c = 0; c < 2; ++c)
            for (Index h = 0; h < 2; ++h)
                for (Index w = 0; w < 3; ++w) {
                    CAPTURE(n); CAPTURE(c); CAPTURE(h); CAPTURE(w);
                    CHECK(x(n, c, h, w) == static_cast<float>(100 * c + (n * 2 + h) * 3 + w));
                }
}

TEST_CASE("05.2 adjoint identity <im2col(x), y> = <x, col2im(y)> on random shapes") {
    // im2col is linear and col2im is its transpose: for every x and y the two dot products agree.
    // Summed in double, they differ only by float rounding of the inputs' products.
    cnn::Random rng(502);
    for (int trial = 0; trial < 40; ++trial) {
        const cnn::test::ConvCase k = cnn::test::random_conv_case(rng, 4);
        CAPTURE(trial);
        CAPTURE(k);
        Tensor4 x(k.N, k.C, k.H, k.W);
        rng.fill_uniform(x);
        const Index OH = (k.H + 2 * k.P - k.FH) / k.S + 1, OW = (k.W + 2 * k.P - k.FW) / k.S + 1;
        Matrix y(k.N * OH * OW, k.C * k.FH * k.FW);
        rng.fill_uniform(y);
        const Matrix col = cnn::im2col(x, int(k.FH), int(k.FW), k.S, k.P);
        REQUIRE(col.rows() == y.rows());
        REQUIRE(col.cols() == y.cols());
        const Tensor4 back = cnn::col2im(y, {k.N, k.C, k.H, k.W}, int(k.FH), int(k.FW), k.S, k.P);
        REQUIRE(back.size() == x.size());
        const double left = dot(col.data(), y.data(), y.size());
        const double right = dot(x.data(), back.data(), x.size());
        CHECK(left == doctest::Approx(right).epsilon(1e-5));
    }
}

TEST_CASE("05.2 col2im refuses a col of the wrong size") {
    const Matrix col = Matrix::Zero(8, 75);
    CHECK_THROWS_WITH_AS(cnn::col2im(col, {1, 3, 7, 7}, 5, 5, 1, 0),
                         "col2im: col is (8,75) but an input of shape (1,3,7,7) with 5x5 windows, "
                         "S=1, P=0 gives (9,75)",
                         ShapeError);
    CHECK_THROWS_WITH_AS(cnn::col2im(Matrix::Zero(9, 9), {1, 1, 7, 7}, 3, 3, 3, 0),
                         "conv_output_shape: height: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: "
                         "stride 3 does not fit a 7-wide input with a 3-wide filter",
                         ShapeError);
}
