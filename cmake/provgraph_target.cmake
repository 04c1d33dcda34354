# Per-target settings for our own code: warnings, sanitizers, include root.
# Nothing here touches global CMake state.

function(provgraph_configure_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(PROVGRAPH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  # GCC 12 at -O3 reports a bogus -Wrestrict inside libstdc++ for
  # `"literal" + std::string` (GCC bugs 105329 and 105651, fixed in 13),
  # which -Werror turns into a failed Release build.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  if(PROVGRAPH_SANITIZE)
    target_compile_options(${target} PUBLIC -fsanitize=address,undefined -fno-omit-frame-pointer
                                            -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

# An executable allocates through jemalloc when the build has it
# (cmake/dependencies.cmake); libraries and tests keep the system's.
function(provgraph_use_allocator target)
  if(TARGET PkgConfig::JEMALLOC)
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()

# provgraph_library(name SOURCES ... DEPS ...)
function(provgraph_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  provgraph_configure_target(${name})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# provgraph_unit_test(name SOURCES ... DEPS ... [LABELS ...])
# A GoogleTest executable registered with ctest test by test.
function(provgraph_unit_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  provgraph_configure_target(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    PROVGRAPH_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if("unit" IN_LIST ARG_LABELS AND TARGET unit_tests)
    add_dependencies(unit_tests ${name})
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
