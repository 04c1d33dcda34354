// load_once: one CSV load of the generated graph into a new store, timed
// to its durable commit (audit entry included), with the process's peak
// RSS — the same steps as `provgraph load csv`, in a process of its own so
// the peak RSS is the load's.
//
//   load_once DATA_DIR STORE_DIR      # STORE_DIR must not hold a store yet
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "bench/bench_common.h"

int main(int argc, char** argv) {
  using namespace provgraph;
  if (argc != 3) {
    std::fprintf(stderr, "usage: load_once DATA_DIR STORE_DIR\n");
    return 2;
  }
  if (std::filesystem::exists(std::string(argv[2]) + "/data.mdb")) {
    std::fprintf(stderr, "load_once: %s already holds a store\n", argv[2]);
    return 1;
  }
  bench::LoadTimes t;
  auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<Store> store;
  Status st = bench::LoadCsv(argv[1], argv[2], &t, &store);
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!st.ok()) {
    std::fprintf(stderr, "load_once: %s\n", st.ToString().c_str());
    return 1;
  }
  uint64_t peak = bench::PeakRssBytes();
  // CPU of this (the resolving) thread and of the whole process: the rest
  // ran on the parsing thread (and the digest's).
  rusage self_thread{}, whole{};
  getrusage(RUSAGE_THREAD, &self_thread);
  getrusage(RUSAGE_SELF, &whole);
  auto secs = [](const rusage& r) {
    return r.ru_utime.tv_sec + r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
  };
  std::printf("cpu_main_thread_s=%.3f\ncpu_process_s=%.3f\n", secs(self_thread), secs(whole));
  std::printf("node_rows=%llu\nedge_rows=%llu\nfacts=%llu\n", static_cast<unsigned long long>(t.node_rows),
              static_cast<unsigned long long>(t.edge_rows), static_cast<unsigned long long>(t.facts));
  std::printf("parse_s=%.3f\ncommit_s=%.3f\nload_s=%.3f\n", t.build_s, t.commit_s, total);
  std::printf("edges_per_s=%.0f\n", t.edge_rows / total);
  std::printf("store_bytes=%llu\n", static_cast<unsigned long long>(store->size_bytes()));
  std::printf("peak_rss_mb=%.1f\n", peak / 1e6);
  std::printf("peak_rss_bytes_per_edge=%.1f\n", t.edge_rows ? static_cast<double>(peak) / t.edge_rows : 0.0);
  std::fflush(stdout);
  std::_Exit(0);
}
