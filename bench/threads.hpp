// How many threads a benchmark runs on (OMP_NUM_THREADS; 1 without OpenMP), for its labels.
#pragma once

#ifdef _OPENMP
#include <omp.h>
#endif

namespace bench {

inline int threads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

}  // namespace bench
