// Keeping freed memory for the next allocation (glibc only).
#pragma once

#include <cstdlib>  // defines __GLIBC__ on glibc; without a libc header first the test below is always false

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace cnn {

/// glibc gives blocks above 128 KiB back to the kernel when they are freed, so a layer that returns
/// a fresh 6 MB tensor on every call touches about 1,500 new pages on every call, and on this
/// machine the first touch of a page costs about 10 µs: 15 ms, more than the layer's arithmetic.
/// Called once at the start of a program that runs layers in a loop (the benchmarks, a training
/// run), this makes freed blocks up to 32 MiB go back to the heap and stay there, ready for reuse,
/// as a deep-learning framework's caching allocator does. Returns false where it cannot do that.
inline bool keep_freed_memory() {
#if defined(__GLIBC__)
    const bool from_heap = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;  // the largest glibc accepts
    const bool never_trim = mallopt(M_TRIM_THRESHOLD, -1) == 1;       // -1: never shrink the heap
    return from_heap && never_trim;
#else
    return false;
#endif
}

}  // namespace cnn
