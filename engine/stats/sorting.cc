#include "engine/stats/sorting.h"

#include <algorithm>
#include <boost/sort/spreadsort/spreadsort.hpp>
#include <cstdint>
#include <cstring>

#include "engine/stats/parallel.h"

namespace provgraph::stats {
namespace {

// Below this many values in total a second thread costs more than it saves.
constexpr size_t kThreadedSortMin = 1 << 17;
// Below this many values OrderStatistics just selects in a copy.
constexpr size_t kRadixSelectMin = 1 << 16;

// Order-preserving map of a finite double onto the unsigned integers, and
// back.
uint64_t OrderKey(double v) {
  uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : (u | (uint64_t{1} << 63));
}

double FromOrderKey(uint64_t k) {
  const uint64_t u = (k >> 63) ? (k & ~(uint64_t{1} << 63)) : ~k;
  double v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

// SelectRanks on values[first, last) whose position 0 is `offset` in the
// whole array; ranks absolute, ascending.
void SelectRange(double* first, double* last, const size_t* rbegin, const size_t* rend, size_t offset) {
  while (rbegin != rend) {
    const size_t* mid = rbegin + (rend - rbegin) / 2;
    double* nth = first + (*mid - offset);
    std::nth_element(first, nth, last);
    SelectRange(first, nth, rbegin, mid, offset);
    offset += static_cast<size_t>(nth + 1 - first);
    first = nth + 1;
    rbegin = mid + 1;
  }
}

std::vector<double> SelectInCopy(std::span<const double> x, std::span<const size_t> ranks) {
  std::vector<double> copy(x.begin(), x.end());
  SelectRanks(copy, ranks);
  std::vector<double> out;
  out.reserve(ranks.size());
  for (size_t r : ranks) out.push_back(copy[r]);
  return out;
}

}  // namespace

// Boost's spreadsort on the order keys: integer_sort on unsigned keys
// (float_sort on the doubles themselves overflows a signed difference on
// mixed-sign data, which UBSan reports), as fast here.
std::vector<double> SortedCopy(std::span<const double> x) {
  std::vector<uint64_t> keys(x.size());
  for (size_t i = 0; i < x.size(); ++i) keys[i] = OrderKey(x[i]);
  boost::sort::spreadsort::integer_sort(keys.begin(), keys.end());
  std::vector<double> v(x.size());
  for (size_t i = 0; i < x.size(); ++i) v[i] = FromOrderKey(keys[i]);
  return v;
}

void SortedCopies(std::span<const double> x, std::span<const double> y, std::vector<double>& sorted_x,
                  std::vector<double>& sorted_y) {
  RunBoth(
      x.size() + y.size() >= kThreadedSortMin, [&] { sorted_y = SortedCopy(y); }, [&] { sorted_x = SortedCopy(x); });
}

void SelectRanks(std::span<double> values, std::span<const size_t> ranks) {
  if (values.empty() || ranks.empty()) return;
  SelectRange(values.data(), values.data() + values.size(), ranks.data(), ranks.data() + ranks.size(), 0);
}

// One pass buckets the values by the top 16 bits of their order key (sign,
// exponent, 4 mantissa bits), a second gathers the few buckets that hold a
// wanted rank, and each rank is then selected inside its bucket. When a
// wanted bucket holds a large share of the data (values packed in a narrow
// range) this saves nothing and the copy is selected in instead.
std::vector<double> OrderStatistics(std::span<const double> x, std::span<const size_t> ranks) {
  const size_t n = x.size();
  if (n < kRadixSelectMin || n > UINT32_MAX || ranks.empty()) return SelectInCopy(x, ranks);
  constexpr size_t kBuckets = 1 << 16;
  // The bucket counts, the two halves of x on two threads.
  std::vector<uint32_t> count(kBuckets, 0), count2(kBuckets, 0);
  const size_t half = n / 2;
  RunBoth(
      true,
      [&] {
        for (double v : x.subspan(half)) ++count2[OrderKey(v) >> 48];
      },
      [&] {
        for (double v : x.first(half)) ++count[OrderKey(v) >> 48];
      });
  for (size_t b = 0; b < kBuckets; ++b) count[b] += count2[b];
  std::vector<size_t> start(kBuckets + 1, 0);
  for (size_t b = 0; b < kBuckets; ++b) start[b + 1] = start[b] + count[b];
  std::vector<int32_t> slot(kBuckets, -1);
  std::vector<size_t> wanted;  // bucket of each slot
  std::vector<size_t> rank_slot(ranks.size());
  size_t gathered = 0;
  for (size_t i = 0; i < ranks.size(); ++i) {
    const size_t b = static_cast<size_t>(std::upper_bound(start.begin(), start.end(), ranks[i]) - start.begin()) - 1;
    if (slot[b] < 0) {
      slot[b] = static_cast<int32_t>(wanted.size());
      wanted.push_back(b);
      gathered += count[b];
    }
    rank_slot[i] = static_cast<size_t>(slot[b]);
  }
  if (gathered > n / 4) return SelectInCopy(x, ranks);
  std::vector<std::vector<double>> parts(wanted.size());
  for (size_t s = 0; s < wanted.size(); ++s) parts[s].reserve(count[wanted[s]]);
  for (double v : x) {
    const int32_t s = slot[OrderKey(v) >> 48];
    if (s >= 0) parts[static_cast<size_t>(s)].push_back(v);
  }
  std::vector<double> out(ranks.size());
  for (size_t s = 0; s < wanted.size(); ++s) {
    std::vector<size_t> local;  // ranks inside this bucket, ascending as `ranks`
    for (size_t i = 0; i < ranks.size(); ++i) {
      if (rank_slot[i] == s) local.push_back(ranks[i] - start[wanted[s]]);
    }
    SelectRanks(parts[s], local);
    for (size_t i = 0, k = 0; i < ranks.size(); ++i) {
      if (rank_slot[i] == s) out[i] = parts[s][local[k++]];
    }
  }
  return out;
}

}  // namespace provgraph::stats
