#include "engine/stats/summation.h"

namespace provgraph::stats {

double StableSum(std::span<const double> values) {
  NeumaierSum s;
  for (double v : values) s.Add(v);
  return s.Value();
}

}  // namespace provgraph::stats
