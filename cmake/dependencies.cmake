# Third-party dependencies, all from Debian packages, brought in as imported
# targets so that their headers are system includes (-Werror is ours only).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LMDB REQUIRED IMPORTED_TARGET lmdb)
# GNU readline for the shell; Debian ships readline.pc but no CMake config.
pkg_check_modules(READLINE REQUIRED IMPORTED_TARGET readline)
find_package(Boost 1.74 REQUIRED COMPONENTS graph)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(nlohmann_json 3.10 REQUIRED)
# simdjson: the OpenLineage loader's fast parse of ndjson events (nlohmann_json
# stays for everything else and for any event the fast path does not take).
find_package(simdjson 3.0 REQUIRED CONFIG)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
# jemalloc for the executables: the loads and queries allocate and free many
# small objects and large vectors, where glibc's malloc costs 30-45 % of a
# 20k-event OpenLineage load and page-faults a fresh closure every query
# (bench/RESULTS.md "jemalloc"). The sanitizers bring their own allocator.
if(PROVGRAPH_JEMALLOC AND NOT PROVGRAPH_SANITIZE)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
endif()
if(PROVGRAPH_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(PROVGRAPH_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
