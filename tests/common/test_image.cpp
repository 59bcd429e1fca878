// Grey pictures of filters (the book's fig 7-24): smallest value black, largest white.
#include "common/image.hpp"

#include <doctest/doctest.h>

using cnn::GreyImage;
using cnn::Matrix;

TEST_CASE("to_grey: min black, max white, linear between, each value a scale x scale block") {
    Matrix m(2, 2);
    m << -1, 0,
         1, 0.5f;  // (v - (-1)) / 2 * 255: 0, 127.5 -> 128, 255, 191.25 -> 191
    const GreyImage g = cnn::to_grey(m, 3);
    REQUIRE(g.width == 6);
    REQUIRE(g.height == 6);
    CHECK(g.at(0, 0) == 0);
    CHECK(g.at(2, 2) == 0);
    CHECK(g.at(0, 3) == 128);
    CHECK(g.at(3, 0) == 255);
    CHECK(g.at(5, 5) == 191);
    CHECK(cnn::to_grey(Matrix::Constant(2, 2, 7), 1).at(1, 1) == 128);  // a flat map is mid-grey
}

TEST_CASE("filter_grid: 30 filters 5x5 in rows of 10, each scaled and with its own range") {
    cnn::Tensor4 W(30, 1, 5, 5);
    for (cnn::Index i = 0; i < W.size(); ++i) W.data()[i] = static_cast<float>(i);  // filter f: 25f .. 25f+24
    const GreyImage grid = cnn::filter_grid(W, 10, 4);
    // 10 columns of 20 pixels with 11 gaps of 2; 3 rows likewise.
    CHECK(grid.width == 10 * 20 + 11 * 2);
    CHECK(grid.height == 3 * 20 + 4 * 2);
    CHECK(grid.at(2, 2) == 0);                  // filter 0, its smallest value
    CHECK(grid.at(2 + 19, 2 + 19) == 255);      // filter 0, its largest value
    CHECK(grid.at(2 + 22, 2 + 22 * 9) == 0);    // filter 19 (row 1, column 9), its smallest
    CHECK(grid.at(0, 0) == 255);                // the white gap
    CHECK_THROWS_AS(cnn::filter_grid(cnn::Tensor4(2, 3, 5, 5), 10, 4), cnn::ShapeError);
}
