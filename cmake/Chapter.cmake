# workbook_chapter(NN name [LAYERS] [DEPENDS MM ...])
#
# Declares chapter NN once. For each side that is built it makes
#   chNN_<side>       a library: from solutions/NN_name/*.cpp (ref), chapters/NN_name/*.cpp (student),
#                     or fast/NN_name/*.cpp with every file it lacks taken from solutions/ (fast)
#   test_chNN_<side>  a doctest program from tests/NN_name/*.cpp, the same source for every side,
#                     compiled once (test_chNN_objects) and linked against each side's library
# and registers the program with CTest under the labels <side> and chNN.
# A chapter links the earlier chapters of the same side: a student's chapter 05 runs on the
# student's own chapter 04. A chapter without chapters/NN_name/manifest.json is not built yet.
#
# The fast side of a chapter that neither has tuned code nor builds on a chapter that has is the
# ref library itself (chNN_fast is an alias), so its tests do not run twice.
#
# LAYERS: the chapter runs the provided Relu and Affine; each side links its own build of them
# (workbook_layers, or workbook_layers_fast for the fast side).
function(workbook_chapter number name)
  cmake_parse_arguments(ARG "LAYERS" "" "DEPENDS" ${ARGN})
  set(folder "${number}_${name}")
  if(NOT EXISTS "${PROJECT_SOURCE_DIR}/chapters/${folder}/manifest.json")
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY WORKBOOK_CHAPTERS "${folder}")

  # ref comes first: the fast side may be an alias of it, or take files from it.
  set(sides "")
  if("ref" IN_LIST WORKBOOK_SIDES OR "fast" IN_LIST WORKBOOK_SIDES)
    list(APPEND sides ref)
  endif()
  foreach(side fast student)
    if(side IN_LIST WORKBOOK_SIDES)
      list(APPEND sides ${side})
    endif()
  endforeach()

  file(GLOB test_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/tests/${folder}/*.cpp")
  foreach(side IN LISTS sides)
    set(lib ch${number}_${side})
    if(side STREQUAL "ref")
      file(GLOB sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/solutions/${folder}/*.cpp")
    elseif(side STREQUAL "student")
      file(GLOB sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/chapters/${folder}/*.cpp")
    else()
      set(tuned ${ARG_LAYERS})
      if(EXISTS "${PROJECT_SOURCE_DIR}/fast/${folder}")
        set(tuned TRUE)
      endif()
      foreach(dep IN LISTS ARG_DEPENDS)
        get_property(dep_tuned GLOBAL PROPERTY WORKBOOK_TUNED_${dep})
        if(dep_tuned)
          set(tuned TRUE)
        endif()
      endforeach()
      set_property(GLOBAL PROPERTY WORKBOOK_TUNED_${number} ${tuned})
      if(NOT tuned)
        add_library(${lib} ALIAS ch${number}_ref)
        continue()
      endif()
      file(GLOB model_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/solutions/${folder}/*.cpp")
      file(GLOB sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/fast/${folder}/*.cpp")
      foreach(model IN LISTS model_sources)
        get_filename_component(file_name "${model}" NAME)
        if(NOT EXISTS "${PROJECT_SOURCE_DIR}/fast/${folder}/${file_name}")
          list(APPEND sources "${model}")
        endif()
      endforeach()
    endif()
    if(NOT sources)
      message(WARNING "chapter ${folder}: no .cpp files for side ${side}")
      continue()
    endif()

    add_library(${lib} STATIC ${sources})
    target_include_directories(${lib} PUBLIC "${PROJECT_SOURCE_DIR}/chapters")
    target_link_libraries(${lib} PUBLIC workbook_common PRIVATE workbook_warnings)
    if(ARG_LAYERS AND side STREQUAL "fast")
      target_link_libraries(${lib} PUBLIC workbook_layers_fast)
    elseif(ARG_LAYERS)
      target_link_libraries(${lib} PUBLIC workbook_layers)
    endif()
    if(side STREQUAL "fast")
      target_include_directories(${lib} PRIVATE "${PROJECT_SOURCE_DIR}/fast")
      # Tuned code is compiled to be fast in every release build, whatever the preset's level.
      target_compile_options(${lib} PRIVATE $<$<CONFIG:Release>:-O3>)
      if(WORKBOOK_OPENMP)
        # Private: only the tuned files are compiled with OpenMP, so everything that uses the fast
        # side (the tests, the trainer) compiles as for ref and its objects serve both sides.
        target_link_libraries(${lib} PRIVATE OpenMP::OpenMP_CXX)
      endif()
    endif()
    if(side STREQUAL "student")
      # An untouched stub leaves its parameters unused; that is the student's job, not a warning.
      target_compile_options(${lib} PRIVATE -Wno-unused-parameter)
      # Saving a chapter file recompiles that file alone: Eigen's and fmt's headers come
      # precompiled (one header for every chapter), and Eigen's float GEMM kernels and the matrix
      # products the chapters write are compiled once, not in each file (cmake/eigen_products.hpp).
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

    if(test_sources AND side IN_LIST WORKBOOK_SIDES)
      set(test test_ch${number}_${side})
      set(objects test_ch${number}_objects)
      if(NOT TARGET ${objects})
        add_library(${objects} OBJECT ${test_sources})
        target_link_libraries(${objects} PRIVATE workbook_common workbook_test_support workbook_warnings)
        target_include_directories(${objects} PRIVATE "${PROJECT_SOURCE_DIR}/chapters")
      endif()
      add_executable(${test} $<TARGET_OBJECTS:${objects}>)
      target_link_libraries(${test} PRIVATE ${lib} workbook_test_support workbook_warnings)
      set_property(GLOBAL APPEND PROPERTY WORKBOOK_TEST_PROGRAMS ${test})
      add_test(NAME ch${number}_${side} COMMAND ${test})
      set_tests_properties(ch${number}_${side} PROPERTIES LABELS "${side};ch${number}")
      if(side STREQUAL "fast" AND WORKBOOK_OPENMP)
        # Three threads on any machine: shares of work that do not divide evenly get tested too.
        # Passive waiting keeps the extra thread from spinning on a 2-core machine.
        set_tests_properties(ch${number}_${side} PROPERTIES
                             ENVIRONMENT "OMP_NUM_THREADS=3;OMP_WAIT_POLICY=passive")
        # ThreadSanitizer sees a race only in the split it runs: the chapters with threaded code of
        # their own (fast/NN_name) are tried on two splits, the ones built on them on three threads.
        if(WORKBOOK_TSAN AND EXISTS "${PROJECT_SOURCE_DIR}/fast/${folder}")
          add_test(NAME ch${number}_${side}_2threads COMMAND ${test})
          set_tests_properties(ch${number}_${side}_2threads PROPERTIES LABELS "${side};ch${number}"
                               ENVIRONMENT "OMP_NUM_THREADS=2;OMP_WAIT_POLICY=passive")
        endif()
      endif()
    endif()
  endforeach()
endfunction()
