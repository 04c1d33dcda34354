// cold_open: the time from process start to the first answer on a loaded
// store: Store::Open (replaying the fact log into the in-memory graph) plus
// one full upstream closure of a deep node (which builds the CSR adjacency
// on first use), and the process's peak RSS.
//
//   cold_open STORE_DIR DATA_DIR [--key KEY]     # measure
//   cold_open --evict STORE_DIR                  # drop the store's pages from the OS page cache
//
// DATA_DIR is the generator's output (graph.info names the deep layer; the
// default start node is the middle of the last layer). Run it as a fresh
// process each time (and under /usr/bin/time -v for the OS's view). Output
// is key=value lines.
#include <fcntl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/bench_common.h"
#include "engine/traversal.h"

namespace {

// Seconds from this process's start (kernel start time, 10 ms ticks) to now.
double SinceProcessStart() {
  std::ifstream in("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Field 22 (starttime) counts from the field after the ")" of the command.
  auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  unsigned long long start_ticks = 0;
  for (int i = 3; i <= 22 && fields >> f; ++i) {
    if (i == 22) start_ticks = std::stoull(f);
  }
  timespec now{};
  clock_gettime(CLOCK_BOOTTIME, &now);
  double now_s = static_cast<double>(now.tv_sec) + now.tv_nsec / 1e9;
  return now_s - static_cast<double>(start_ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A field of /proc/self/status in bytes (the kernel reports kB).
uint64_t StatusBytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  size_t n = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':')
      return std::stoull(line.substr(n + 1)) * 1024;
  }
  return 0;
}

int Evict(const std::string& dir) {
  for (const char* name : {"data.mdb", "lock.mdb"}) {
    std::string path = dir + "/" + name;
    int fd = open(path.c_str(), O_RDONLY);
    if (fd < 0) continue;
    fdatasync(fd);
    int rc = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
    if (rc != 0) {
      std::fprintf(stderr, "cold_open: posix_fadvise(%s): %s\n", path.c_str(), std::strerror(rc));
      return 1;
    }
  }
  std::printf("evicted=%s\n", dir.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  auto t_main = Clock::now();
  double before_main = SinceProcessStart();
  using namespace provgraph;
  if (argc == 3 && std::strcmp(argv[1], "--evict") == 0) return Evict(argv[2]);
  if (argc != 3 && argc != 5) {
    std::fprintf(stderr, "usage: cold_open STORE_DIR DATA_DIR [--key KEY] | cold_open --evict STORE_DIR\n");
    return 2;
  }
  std::string store_dir = argv[1];
  bench::GraphInfo info = bench::ReadGraphInfo(argv[2]);
  if (!info.ok) {
    std::fprintf(stderr, "cold_open: no graph.info in %s\n", argv[2]);
    return 1;
  }
  std::string key = std::to_string(info.last_layer_begin + (info.last_layer_end - info.last_layer_begin) / 2);
  if (argc == 5 && std::strcmp(argv[3], "--key") == 0) key = argv[4];

  auto store = Store::Open(store_dir);
  if (!store.ok()) {
    std::fprintf(stderr, "cold_open: %s\n", store.status().ToString().c_str());
    return 1;
  }
  auto t_open = Clock::now();
  uint64_t peak_after_open = provgraph::bench::PeakRssBytes();
  const Graph& g = (*store)->graph();
  auto node = g.FindNode("Dataset", key);
  auto feeds = g.edge_types().Find("FEEDS");
  if (!node || !feeds) {
    std::fprintf(stderr, "cold_open: no node Dataset:%s or no FEEDS edges\n", key.c_str());
    return 1;
  }
  Walker walker(g);
  WalkSpec spec;
  spec.direction = Direction::kUpstream;
  spec.edge_types = {*feeds};
  auto rows = walker.Closure(*node, spec);
  auto t_answer = Clock::now();
  double since_start = SinceProcessStart();

  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  uint64_t peak = bench::PeakRssBytes();
  std::printf("store=%s\n", store_dir.c_str());
  std::printf("nodes=%zu\nedges=%zu\n", g.node_count(), g.edge_count());
  std::printf("start_node=Dataset:%s\nancestors=%zu\n", key.c_str(), rows.size());
  std::printf("before_main_s=%.3f\n", before_main);
  std::printf("open_s=%.3f\n", secs(t_main, t_open));
  std::printf("first_query_s=%.3f\n", secs(t_open, t_answer));
  std::printf("main_to_answer_s=%.3f\n", secs(t_main, t_answer));
  std::printf("process_start_to_answer_s=%.3f\n", since_start);
  std::printf("peak_rss_after_open_mb=%.1f\n", peak_after_open / 1e6);
  std::printf("peak_rss_mb=%.1f\n", peak / 1e6);
  std::printf("rss_now_anon_mb=%.1f\nrss_now_file_mb=%.1f\n", StatusBytes("RssAnon") / 1e6,
              StatusBytes("RssFile") / 1e6);
  std::printf("peak_rss_bytes_per_edge=%.1f\n", g.edge_count() ? static_cast<double>(peak) / g.edge_count() : 0.0);
  std::fflush(stdout);
  // Leave without tearing the graph down (a CLI would exit the same way).
  std::_Exit(0);
}
