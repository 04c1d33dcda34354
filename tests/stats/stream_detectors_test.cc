// ADWIN, Page-Hinkley and DDM against River: the detections on the exact
// streams of River's tests and doctests (tests/data/stats/river_streams/,
// expected.json) must land on the same 0-based indices.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/stats/adwin.h"
#include "engine/stats/ddm.h"
#include "engine/stats/page_hinkley.h"
#include "tests/stats/stats_test_util.h"

namespace provgraph::stats {
namespace {

using testing::LoadReference;
using testing::StatsDataPath;

std::vector<double> ReadStream(const std::string& name) {
  if (name == "np.ones(1000)") return std::vector<double>(1000, 1.0);
  std::ifstream in(StatsDataPath("river_streams/" + name));
  EXPECT_TRUE(in.good()) << name;
  std::string line;
  std::getline(in, line);  // header
  std::vector<double> out;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(std::stod(line));
  }
  return out;
}

// River's protocol: update, then record i when drift_detected.
template <typename Detector>
std::vector<int> Detections(Detector det, const std::vector<double>& stream) {
  std::vector<int> out;
  for (size_t i = 0; i < stream.size(); ++i) {
    if (det.Update(stream[i])) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<int> DdmDetections(const std::vector<double>& stream) {
  Ddm ddm;
  std::vector<int> out;
  for (size_t i = 0; i < stream.size(); ++i) {
    if (ddm.Update(stream[i] != 0.0)) out.push_back(static_cast<int>(i));
  }
  return out;
}

TEST(StreamDetectorsTest, MatchRiverExpectedIndices) {
  const nlohmann::json ref = LoadReference("river_streams/expected.json");
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    const std::string det = c["detector"].get<std::string>();
    const std::string stream_name = c["stream"].get<std::string>();
    const std::vector<int> expected = c["expected_drift_indices"].get<std::vector<int>>();
    std::vector<int> got;
    if (det == "ADWIN()") {
      got = Detections(Adwin(), ReadStream(stream_name));
    } else if (det == "binary.DDM()") {
      got = DdmDetections(ReadStream(stream_name));
    } else if (det.rfind("PageHinkley(", 0) == 0) {
      PageHinkleyOptions o;
      if (det.find("'up'") != std::string::npos) o.mode = PageHinkleyMode::kUp;
      if (det.find("'down'") != std::string::npos) o.mode = PageHinkleyMode::kDown;
      got = Detections(PageHinkley(o), ReadStream(stream_name));
    } else {
      continue;  // EDDM, HDDM_A/W, KSWIN: not implemented here
    }
    ++checked;
    EXPECT_EQ(got, expected) << det << " on " << stream_name << " (" << c["file"] << ")";
  }
  EXPECT_EQ(checked, 11);
}

// The DDM doctest also prints the first warning of each episode.
TEST(StreamDetectorsTest, DdmDoctestWarnings) {
  const std::vector<double> stream = ReadStream("doctest_rng42_binary_weighted.csv");
  Ddm ddm;
  std::vector<int> warnings, drifts;
  bool print_warning = true;
  for (size_t i = 0; i < stream.size(); ++i) {
    ddm.Update(stream[i] != 0.0);
    if (ddm.warning_detected() && print_warning) {
      warnings.push_back(static_cast<int>(i));
      print_warning = false;
    }
    if (ddm.drift_detected()) {
      drifts.push_back(static_cast<int>(i));
      print_warning = true;
    }
  }
  EXPECT_EQ(warnings, (std::vector<int>{1084, 1492}));
  EXPECT_EQ(drifts, (std::vector<int>{1334}));
}

TEST(StreamDetectorsTest, AdwinShrinksWindowAfterChangeAndResets) {
  Adwin adwin;
  for (int i = 0; i < 1000; ++i) adwin.Update(i % 2);
  EXPECT_FALSE(adwin.drift_detected());
  EXPECT_EQ(adwin.width(), 1000.0);
  EXPECT_NEAR(adwin.estimation(), 0.5, 1e-12);
  EXPECT_NEAR(adwin.variance(), 250.0, 1e-9);  // sum of squared deviations of 500 zeros and 500 ones
  int first = -1;
  for (int i = 0; i < 200 && first < 0; ++i) {
    if (adwin.Update(10.0)) first = i;
  }
  ASSERT_GE(first, 0);
  EXPECT_LT(adwin.width(), 1000.0 + first + 1);
  adwin.Update(10.0);  // the update after a detection starts a new window
  EXPECT_EQ(adwin.width(), 1.0);
}

TEST(StreamDetectorsTest, PageHinkleyIgnoresConstantStream) {
  PageHinkley ph;
  for (int i = 0; i < 5000; ++i) EXPECT_FALSE(ph.Update(3.0));
}

}  // namespace
}  // namespace provgraph::stats
