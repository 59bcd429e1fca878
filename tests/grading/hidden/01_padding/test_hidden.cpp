// An instructor-only test case, as `./workbook grade --hidden tests/grading/hidden` adds it to
// chapter 01's program: the grader's tests check that it is graded and marked hidden, and the
// student release leaves it out. Expected values by hand: a (1,1) filter [2] scales every element
// by 2 and the output keeps the input's shape, (H-1+1, W-1+1).
#include "01_padding/padding.hpp"

#include <doctest/doctest.h>

TEST_CASE("01.2 hidden: a (1,1) filter scales every element and keeps the shape") {
    cnn::Matrix x(2, 3);
    x << 1, 2, 3,
         4, 5, 6;
    cnn::Matrix w(1, 1);
    w << 2;
    const cnn::Matrix y = cnn::cross_correlate(x, w, 0);
    REQUIRE(y.rows() == 2);
    REQUIRE(y.cols() == 3);
    CHECK(y(0, 0) == doctest::Approx(2));
    CHECK(y(0, 2) == doctest::Approx(6));
    CHECK(y(1, 1) == doctest::Approx(10));
}
