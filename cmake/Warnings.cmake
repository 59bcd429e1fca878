# Warnings for everything the project compiles; errors in CI.
add_library(workbook_warnings INTERFACE)
target_compile_options(workbook_warnings INTERFACE -Wall -Wextra -Wpedantic
  $<$<BOOL:${WORKBOOK_WERROR}>:-Werror>)

# GCC 12 reports "__Y is used uninitialized" inside its own avx512fintrin.h wherever Eigen's
# AVX-512 transposes are inlined (GCC bug 105593, fixed in GCC 13): not a warning about our code.
# Only the native builds (ref, fast, bench) meet it; the student's build keeps these warnings.
if(WORKBOOK_NATIVE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(workbook_warnings INTERFACE -Wno-uninitialized -Wno-maybe-uninitialized)
endif()

# GCC 12 at -O3 (the provided layers and the fast side in release builds) sees a 1-byte write out of
# bounds inside fmt's own buffer code that cannot happen: a known false positive, quiet in GCC 13.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(workbook_warnings INTERFACE $<$<CONFIG:Release>:-Wno-stringop-overflow>)
endif()

if(WORKBOOK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# ThreadSanitizer for the fast side's threads (preset tsan). It needs an OpenMP runtime that tells
# it about OpenMP's own synchronisation: LLVM's libomp with its Archer tool (see CMakePresets.json).
if(WORKBOOK_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

# Tests keep Eigen's own checks (index bounds, size agreement): never define NDEBUG outside bench/.
if(NOT WORKBOOK_BENCH)
  string(REPLACE "-DNDEBUG" "" CMAKE_CXX_FLAGS_RELEASE "${CMAKE_CXX_FLAGS_RELEASE}")
  string(REPLACE "-DNDEBUG" "" CMAKE_CXX_FLAGS_RELWITHDEBINFO "${CMAKE_CXX_FLAGS_RELWITHDEBINFO}")
endif()
