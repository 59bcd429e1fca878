# workbook_chapter(NN name [DEPENDS MM ...])
#
# Declares chapter NN once. For each side that is built it makes
#   chNN_<side>       a library from solutions/NN_name/*.cpp (ref) or chapters/NN_name/*.cpp (student)
#   test_chNN_<side>  a doctest program from tests/NN_name/*.cpp, the same source for both sides
# and registers the program with CTest under the labels <side> and chNN.
# A chapter links the earlier chapters of the same side: a student's chapter 05 runs on the
# student's own chapter 04. A chapter without chapters/NN_name/manifest.json is not built yet.
function(workbook_chapter number name)
  cmake_parse_arguments(ARG "" "" "DEPENDS" ${ARGN})
  set(folder "${number}_${name}")
  if(NOT EXISTS "${PROJECT_SOURCE_DIR}/chapters/${folder}/manifest.json")
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY WORKBOOK_CHAPTERS "${folder}")

  if(WORKBOOK_SIDE STREQUAL "both")
    set(sides ref student)
  else()
    set(sides ${WORKBOOK_SIDE})
  endif()

  file(GLOB test_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/tests/${folder}/*.cpp")
  foreach(side IN LISTS sides)
    if(side STREQUAL "ref")
      set(source_dir "${PROJECT_SOURCE_DIR}/solutions/${folder}")
    else()
      set(source_dir "${PROJECT_SOURCE_DIR}/chapters/${folder}")
    endif()
    file(GLOB sources CONFIGURE_DEPENDS "${source_dir}/*.cpp")
    if(NOT sources)
      message(WARNING "chapter ${folder}: no .cpp files in ${source_dir}")
      continue()
    endif()

    set(lib ch${number}_${side})
    add_library(${lib} STATIC ${sources})
    target_include_directories(${lib} PUBLIC "${PROJECT_SOURCE_DIR}/chapters")
    target_link_libraries(${lib} PUBLIC workbook_common PRIVATE workbook_warnings)
    if(side STREQUAL "ref" AND WORKBOOK_OPENMP)
      target_link_libraries(${lib} PUBLIC OpenMP::OpenMP_CXX)
    endif()
    if(side STREQUAL "student")
      # An untouched stub leaves its parameters unused; that is the student's job, not a warning.
      target_compile_options(${lib} PRIVATE -Wno-unused-parameter)
      # Saving a chapter file recompiles that file alone: Eigen's headers come precompiled (one
      # header for every chapter) and its float GEMM kernels compiled once, not in each file.
      if(NOT WORKBOOK_BLAS)
        if(NOT TARGET workbook_eigen_products)
          add_library(workbook_eigen_products STATIC "${PROJECT_SOURCE_DIR}/cmake/eigen_products.cpp")
          target_link_libraries(workbook_eigen_products PUBLIC workbook_common)
          target_precompile_headers(${lib} PRIVATE "${PROJECT_SOURCE_DIR}/cmake/eigen_products.hpp")
          set_property(GLOBAL PROPERTY WORKBOOK_PCH_OWNER ${lib})
        else()
          get_property(pch_owner GLOBAL PROPERTY WORKBOOK_PCH_OWNER)
          target_precompile_headers(${lib} REUSE_FROM ${pch_owner})
        endif()
        target_link_libraries(${lib} PUBLIC workbook_eigen_products)
      endif()
    endif()
    foreach(dep IN LISTS ARG_DEPENDS)
      if(TARGET ch${dep}_${side})
        target_link_libraries(${lib} PUBLIC ch${dep}_${side})
      endif()
    endforeach()

    if(test_sources)
      set(test test_ch${number}_${side})
      add_executable(${test} ${test_sources})
      target_link_libraries(${test} PRIVATE ${lib} workbook_test_support workbook_warnings)
      add_test(NAME ch${number}_${side} COMMAND ${test})
      set_tests_properties(ch${number}_${side} PROPERTIES LABELS "${side};ch${number}")
      if(side STREQUAL "ref" AND WORKBOOK_OPENMP)
        # Three threads on any machine: shares of work that do not divide evenly get tested too.
        # Passive waiting keeps the extra thread from spinning on a 2-core machine.
        set_tests_properties(ch${number}_${side} PROPERTIES
                             ENVIRONMENT "OMP_NUM_THREADS=3;OMP_WAIT_POLICY=passive")
      endif()
    endif()
  endforeach()
endfunction()
