// gen_lineage_dag: writes a layered, pipeline-shaped lineage DAG as
// neo4j-admin-import CSV files, deterministically from a seed.
//
//   gen_lineage_dag OUT_DIR [NODES=1000000] [LAYERS=100] [SEED=42] [WINDOW=50] [--layer-column]
//
// Nodes are split into LAYERS layers of (almost) equal size; ids are assigned
// in layer order (layer 0 first), which is pipeline order. Every node of a
// layer > 0 has 1-5 distinct parents (uniform) in the previous layer, drawn
// uniformly from the WINDOW positions either side of the point at the same
// relative position. Data flows along the edges: parent -FEEDS-> child.
//
// Files written to OUT_DIR:
//   nodes.csv   :ID,:LABEL[,layer:int]   (label Dataset, key = the id)
//   edges.csv   :START_ID,:END_ID,:TYPE  (type FEEDS)
//   graph.info  key=value lines: nodes, edges, layers, seed, window,
//               last_layer_begin, last_layer_end (the deep nodes)
//
// The random generator is splitmix64 with explicit range reduction, so the
// output is byte-identical on every platform and standard library.
// With the defaults: 1,000,000 nodes, 2.97M edges; a node in the central
// half of the last layer has ~25-29k ancestors within 30 hops and ~300-320k
// in all, the shape DESIGN.md's peer measurements describe (~25k / ~305k).
// WINDOW was calibrated for that: with +-31 the cones are only ~16k / ~190k,
// because a cone widens by the farthest parent its border nodes happen to
// pick (1-5 of 2*WINDOW+1), not by the full window.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bench/splitmix64.h"

namespace {

using provgraph::bench::SplitMix64;

class Writer {
 public:
  explicit Writer(const std::string& path) : f_(std::fopen(path.c_str(), "wb")), path_(path) {
    if (!f_) {
      std::perror(path.c_str());
      std::exit(1);
    }
    buf_.reserve(kChunk + 256);
  }
  ~Writer() {
    Flush();
    if (std::fclose(f_) != 0) {
      std::perror(path_.c_str());
      std::exit(1);
    }
  }
  void Put(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= kChunk) Flush();
  }
  void Put(uint64_t v) {
    char tmp[24];
    auto [p, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
    (void)ec;
    Put(std::string_view(tmp, static_cast<size_t>(p - tmp)));
  }

 private:
  static constexpr size_t kChunk = size_t{1} << 20;
  void Flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
      std::perror(path_.c_str());
      std::exit(1);
    }
    buf_.clear();
  }
  FILE* f_;
  std::string path_;
  std::string buf_;
};

uint64_t ParseArg(const char* s, const char* what) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s, s + std::strlen(s), v);
  if (ec != std::errc() || *p != '\0') {
    std::fprintf(stderr, "gen_lineage_dag: %s must be a non-negative integer, got '%s'\n", what, s);
    std::exit(2);
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<const char*> pos;
  bool layer_column = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--layer-column") == 0) {
      layer_column = true;
    } else if (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0) {
      pos.clear();
      break;
    } else {
      pos.push_back(argv[i]);
    }
  }
  if (pos.empty() || pos.size() > 5) {
    std::fprintf(stderr,
                 "usage: gen_lineage_dag OUT_DIR [NODES=1000000] [LAYERS=100] [SEED=42] [WINDOW=50] "
                 "[--layer-column]\n");
    return 2;
  }
  const std::string out_dir = pos[0];
  const uint64_t n = pos.size() > 1 ? ParseArg(pos[1], "NODES") : 1000000;
  const uint64_t layers = pos.size() > 2 ? ParseArg(pos[2], "LAYERS") : 100;
  const uint64_t seed = pos.size() > 3 ? ParseArg(pos[3], "SEED") : 42;
  const uint64_t window = pos.size() > 4 ? ParseArg(pos[4], "WINDOW") : 50;
  if (layers == 0 || n < layers || n > UINT32_MAX) {
    std::fprintf(stderr, "gen_lineage_dag: need 1 <= LAYERS <= NODES < 2^32\n");
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "gen_lineage_dag: cannot create %s: %s\n", out_dir.c_str(), ec.message().c_str());
    return 1;
  }

  // Layer l holds ids [begin[l], begin[l+1]); sizes differ by at most one.
  std::vector<uint64_t> begin(layers + 1);
  for (uint64_t l = 0; l <= layers; ++l) begin[l] = l * n / layers;

  {
    Writer nodes(out_dir + "/nodes.csv");
    nodes.Put(layer_column ? ":ID,:LABEL,layer:int\n" : ":ID,:LABEL\n");
    for (uint64_t l = 0; l < layers; ++l) {
      for (uint64_t id = begin[l]; id < begin[l + 1]; ++id) {
        nodes.Put(id);
        if (layer_column) {
          nodes.Put(",Dataset,");
          nodes.Put(l);
          nodes.Put("\n");
        } else {
          nodes.Put(",Dataset\n");
        }
      }
    }
  }

  uint64_t edges = 0;
  {
    Writer out(out_dir + "/edges.csv");
    out.Put(":START_ID,:END_ID,:TYPE\n");
    SplitMix64 rng{seed};
    std::vector<uint64_t> picked;
    for (uint64_t l = 1; l < layers; ++l) {
      const uint64_t size = begin[l + 1] - begin[l];
      const uint64_t prev_begin = begin[l - 1];
      const uint64_t prev_size = begin[l] - begin[l - 1];
      for (uint64_t p = 0; p < size; ++p) {
        const uint64_t child = begin[l] + p;
        // The parent position at the same relative place, and its window.
        const uint64_t centre = (p * prev_size + prev_size / 2) / size;
        const uint64_t lo = centre > window ? centre - window : 0;
        const uint64_t hi = std::min(prev_size - 1, centre + window);
        const uint64_t span = hi - lo + 1;
        uint64_t k = 1 + rng.Below(5);
        if (k > span) k = span;
        picked.clear();
        while (picked.size() < k) {
          uint64_t cand = lo + rng.Below(span);
          bool dup = false;
          for (uint64_t q : picked) dup |= q == cand;
          if (!dup) picked.push_back(cand);
        }
        for (uint64_t q : picked) {
          out.Put(prev_begin + q);
          out.Put(",");
          out.Put(child);
          out.Put(",FEEDS\n");
          ++edges;
        }
      }
    }
  }

  {
    Writer info(out_dir + "/graph.info");
    auto kv = [&](const char* k, uint64_t v) {
      info.Put(k);
      info.Put("=");
      info.Put(v);
      info.Put("\n");
    };
    kv("nodes", n);
    kv("edges", edges);
    kv("layers", layers);
    kv("seed", seed);
    kv("window", window);
    kv("layer_column", layer_column ? 1 : 0);
    kv("last_layer_begin", begin[layers - 1]);
    kv("last_layer_end", begin[layers]);
  }
  std::printf("gen_lineage_dag: %s: %llu nodes in %llu layers, %llu edges (seed %llu, window %llu)\n", out_dir.c_str(),
              static_cast<unsigned long long>(n), static_cast<unsigned long long>(layers),
              static_cast<unsigned long long>(edges), static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(window));
  return 0;
}
