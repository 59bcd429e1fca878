// Threads for the reference layers. Built with WORKBOOK_OPENMP (the bench and asan presets), their
// loops share the cores; the other builds have no OpenMP, the pragma disappears and everything runs
// on one thread.
#pragma once

#ifdef _OPENMP
#include <omp.h>
#endif

#define CNN_PRAGMA(text) _Pragma(#text)
#ifdef _OPENMP
/// Splits the loop that follows across threads when `condition` holds (one iteration is not worth it).
#define CNN_PARALLEL_FOR_IF(condition) CNN_PRAGMA(omp parallel for schedule(static) if(condition))
#else
#define CNN_PARALLEL_FOR_IF(condition)
#endif

namespace cnn {

/// Threads a parallel loop may use (OMP_NUM_THREADS), 1 without OpenMP.
inline int thread_count() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/// This thread's number inside a parallel loop, 0 without OpenMP.
inline int thread_id() {
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

}  // namespace cnn
