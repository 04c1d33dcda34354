// The oracle file written by tests/stats/make_drift_oracles.py.
#pragma once

#include <string>

#include "tests/stats/stats_test_util.h"

namespace provgraph::stats::testing {

inline std::string DriftDataPath(const std::string& file) {
  return std::string(PROVGRAPH_TEST_DATA_DIR) + "/../stats/data/" + file;
}

inline nlohmann::json LoadDriftOracles() {
  std::ifstream in(DriftDataPath("drift_oracles.json"));
  EXPECT_TRUE(in.good()) << "cannot open " << DriftDataPath("drift_oracles.json");
  if (!in.good()) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

}  // namespace provgraph::stats::testing
