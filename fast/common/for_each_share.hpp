// Splitting one piece of work into equal shares, one per thread: the fast side's only way of
// using threads, so that every split is written the same way.
#pragma once

#include "common/parallel.hpp"
#include "common/tensor.hpp"

namespace cnn {

/// Eigen's own product threads wait for each other by spinning: on a busy two-core machine a worker
/// that loses its core stalls the other (a 100x100x10 product took 1-2 ms instead of 15 us). The
/// fast side splits its work itself, so Eigen is kept to one thread, once, before the first split.
inline void keep_eigen_single_threaded() {
    static const bool done = (Eigen::setNbThreads(1), true);
    static_cast<void>(done);
}

/// Cuts [0, total) into one nearly equal share per thread and calls share(t, first, count) for
/// each, in parallel when `split` holds: thread t takes [first, first + count). Each share is a
/// plain serial call, so an Eigen product inside one runs on its thread alone.
template <class Share>
void for_each_share(Index total, Share share, bool split = true) {
    keep_eigen_single_threaded();
    const int T = split ? thread_count() : 1;
    CNN_PARALLEL_FOR_IF(T > 1)
    for (int t = 0; t < T; ++t) share(t, total * t / T, total * (t + 1) / T - total * t / T);
}

}  // namespace cnn
