// SplitMix64 for the benchmark data generators: a tiny seeded generator with
// explicit range reduction, so generated data is byte-identical on every
// platform and standard library (std::uniform_int_distribution is not).
#pragma once

#include <cstdint>

namespace provgraph::bench {

struct SplitMix64 {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0 (Lemire's multiply-shift; the bias is < n/2^64).
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64); }
};

}  // namespace provgraph::bench
