// ol_ingest: one OpenLineage load of the generated events
// (bench/gen_openlineage_events) into a new store, timed to its durable
// commit (audit entry included), with the process's peak RSS — the same
// call as `provgraph load openlineage`, in a process of its own so the peak
// RSS is the load's.
//
//   ol_ingest INPUT... STORE_DIR             # STORE_DIR must not hold a store yet
//   ol_ingest --phases INPUT... STORE_DIR    # the loader's steps one by one
//   ol_ingest --digest STORE_DIR             # data digests of an existing store
//   ol_ingest --append INPUT... STORE_DIR    # a later batch into an existing store
//                                            # (digest checks of incremental loads)
//
// --phases runs the loader's steps in sequence (read + validate, sort, map,
// commit) with a clock around each; the total then differs from the plain
// run by whatever overlap LoadOpenLineage has between them.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "engine/time.h"
#include "loaders/openlineage/openlineage_loader.h"

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double CpuSeconds(int who) {
  rusage r{};
  getrusage(who, &r);
  return r.ru_utime.tv_sec + r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace provgraph;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "--digest") {
    // The data digest of every batch of an existing store (e.g. one the
    // previous loader version wrote) to compare with a new load's.
    auto store = Store::Open(args[1], StoreOptions{});
    if (!store.ok()) return 1;
    auto entries = (*store)->AuditEntries();
    if (!entries.ok()) return 1;
    for (const AuditEntry& e : *entries) std::printf("data_digest=%s\n", e.data_digest.c_str());
    return 0;
  }
  bool phases = !args.empty() && args[0] == "--phases";
  if (phases) args.erase(args.begin());
  bool append = !phases && !args.empty() && args[0] == "--append";
  if (append) args.erase(args.begin());
  if (args.size() < 2) {
    std::fprintf(stderr, "usage: ol_ingest [--phases | --append] INPUT... STORE_DIR\n");
    return 2;
  }
  std::string store_dir = args.back();
  args.pop_back();
  if (!append && std::filesystem::exists(store_dir + "/data.mdb")) {
    std::fprintf(stderr, "ol_ingest: %s already holds a store\n", store_dir.c_str());
    return 1;
  }
  loaders::OpenLineageLoadOptions options;
  options.inputs = args;
  CommitInfo info;
  info.actor = "bench";
  info.command = "ol_ingest";

  auto t0 = Clock::now();
  StoreOptions so;
  so.create_if_missing = true;
  auto store = Store::Open(store_dir, so);
  if (!store.ok()) {
    std::fprintf(stderr, "ol_ingest: %s\n", store.status().ToString().c_str());
    return 1;
  }
  double open_s = Since(t0);
  uint64_t events = 0;
  CommitResult commit;
  auto t1 = Clock::now();
  if (!phases) {
    auto loaded = loaders::LoadOpenLineage(**store, options, info);
    if (!loaded.ok()) {
      std::fprintf(stderr, "ol_ingest: %s\n", loaded.status().ToString().c_str());
      return 1;
    }
    events = loaded->summary.mapped.events;
    commit = loaded->commit;
  } else {
    namespace ol = loaders::openlineage;
    double cpu0 = CpuSeconds(RUSAGE_THREAD);
    auto files = ol::ExpandInputs(options.inputs);
    if (!files.ok()) {
      std::fprintf(stderr, "ol_ingest: %s\n", files.status().ToString().c_str());
      return 1;
    }
    std::vector<ol::Event> good;
    std::vector<ol::BadEvent> bad;
    Status st = ol::ReadEvents(*files, good, bad);
    if (!st.ok() || !bad.empty()) {
      std::fprintf(stderr, "ol_ingest: %s\n",
                   st.ok() ? bad.front().ToStatus().ToString().c_str() : st.ToString().c_str());
      return 1;
    }
    double read_s = Since(t1), read_cpu = CpuSeconds(RUSAGE_THREAD);
    auto t = Clock::now();
    ol::SortEvents(good);
    double sort_s = Since(t), sort_cpu = CpuSeconds(RUSAGE_THREAD);
    t = Clock::now();
    Batch batch;
    auto mapped = ol::MapEvents(good, (*store)->graph(), batch);
    if (!mapped.ok()) {
      std::fprintf(stderr, "ol_ingest: %s\n", mapped.status().ToString().c_str());
      return 1;
    }
    double map_s = Since(t), map_cpu = CpuSeconds(RUSAGE_THREAD);
    t = Clock::now();
    auto committed = (*store)->Commit(batch, info);
    if (!committed.ok()) {
      std::fprintf(stderr, "ol_ingest: %s\n", committed.status().ToString().c_str());
      return 1;
    }
    double commit_s = Since(t), commit_cpu = CpuSeconds(RUSAGE_THREAD);
    events = mapped->events;
    commit = *committed;
    // Wall and CPU of this thread per phase (the CPU figures are what the
    // load costs when other processes share the cores).
    std::printf(
        "phase_read_validate_s=%.3f cpu=%.3f\nphase_sort_s=%.3f cpu=%.3f\nphase_map_s=%.3f cpu=%.3f\n"
        "phase_commit_s=%.3f cpu=%.3f\n",
        read_s, read_cpu - cpu0, sort_s, sort_cpu - read_cpu, map_s, map_cpu - sort_cpu, commit_s,
        commit_cpu - map_cpu);
  }
  double load_s = Since(t1);
  double total_s = Since(t0);
  uint64_t peak = bench::PeakRssBytes();
  std::printf("events=%llu\nbatch_seq=%u\nfacts=%llu\nnodes_created=%llu\nedges_created=%llu\n",
              static_cast<unsigned long long>(events), commit.seq, static_cast<unsigned long long>(commit.counts.facts),
              static_cast<unsigned long long>(commit.counts.nodes_created),
              static_cast<unsigned long long>(commit.counts.edges_created));
  std::printf("open_s=%.3f\nload_s=%.3f\ntotal_s=%.3f\n", open_s, load_s, total_s);
  std::printf("events_per_s=%.0f\n", events / load_s);
  std::printf("cpu_main_thread_s=%.3f\ncpu_process_s=%.3f\n", CpuSeconds(RUSAGE_THREAD), CpuSeconds(RUSAGE_SELF));
  // The digest of the batch's fact records: equal digests = the same facts
  // in the same order (compares loader versions).
  if (auto entries = (*store)->AuditEntries(); entries.ok() && !entries->empty()) {
    std::printf("data_digest=%s\n", entries->back().data_digest.c_str());
  }
  std::printf("store_bytes=%llu\n", static_cast<unsigned long long>((*store)->size_bytes()));
  std::printf("peak_rss_mb=%.1f\n", peak / 1e6);
  std::fflush(stdout);
  std::_Exit(0);
}
