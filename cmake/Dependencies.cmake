# Every dependency comes from a Debian package. A missing one stops the configure with the name of
# the package to install (./workbook installs them all by itself).
macro(workbook_require package debian_package)
  find_package(${package} ${ARGN} QUIET)
  if(NOT ${package}_FOUND)
    message(FATAL_ERROR
      "${package} was not found. Install the Debian package: apt-get install ${debian_package}\n"
      "(./workbook installs every missing package by itself.)")
  endif()
endmacro()

workbook_require(doctest doctest-dev)
workbook_require(fmt libfmt-dev)
workbook_require(Eigen3 libeigen3-dev)
# Eigen's checks (an index outside a matrix, sizes that disagree) throw instead of aborting, in
# every file of every target whatever it includes first: a student's wrong index fails one test
# case, and the workbook turns "Eigen check failed: ..." into a sentence (tools/workbook/explain.cpp).
# common/tensor.hpp holds the same text for a file compiled by hand. A compile option, because CMake's
# compile definitions cannot hold a macro with arguments.
add_compile_options(
  [[-Deigen_assert(x)=(static_cast<bool>(x) ? static_cast<void>(0) : throw std::logic_error("Eigen check failed: " #x))]])
workbook_require(CLI11 libcli11-dev)
workbook_require(nlohmann_json nlohmann-json3-dev)
workbook_require(pugixml libpugixml-dev)
workbook_require(ZLIB zlib1g-dev)
workbook_require(LibArchive libarchive-dev)
if(WORKBOOK_BENCH)
  workbook_require(benchmark libbenchmark-dev)
endif()
if(WORKBOOK_OPENMP)
  workbook_require(OpenMP libgomp1)  # GCC's OpenMP runtime, installed with g++
endif()
if(WORKBOOK_BLAS)
  workbook_require(BLAS libopenblas-dev)
endif()
