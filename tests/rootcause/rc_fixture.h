// Small hand-built pipelines for the root-cause tests: a store in a
// temporary directory and helpers that stage datasets, jobs, runs, code
// changes, samples and KPI points on a Batch, day by day from 2027-01-01.
#pragma once

#include <string>
#include <vector>

#include "engine/batch.h"
#include "engine/store.h"
#include "tests/test_util.h"

namespace provgraph::testing {

// 2027-01-01 + day days + hours (00:00 UTC of day 0 is 2027-01-01).
inline Timestamp Day(int day, double hours = 0) {
  return Timestamp{T("2027-01-01T00:00:00Z").micros + int64_t(day) * 86400000000 +
                   static_cast<int64_t>(hours * 3600e6)};
}

class Pipeline {
 public:
  Batch b;
  Batch::NodeRef Dataset(const std::string& key) { return b.UpsertNode({"Dataset"}, key, Day(0)); }
  Batch::NodeRef Job(const std::string& key) { return b.UpsertNode({"Job"}, key, Day(0)); }
  Batch::NodeRef Kpi(const std::string& key) { return b.UpsertNode({"KPI"}, key, Day(0)); }
  void Feeds(Batch::NodeRef a, Batch::NodeRef c) { b.UpsertEdge("FEEDS", a, c, Day(0)); }
  // A run of `job` that ended in `state` at `day` + hours.
  void Run(Batch::NodeRef job, const std::string& id, const std::string& state, int day, double hours) {
    Batch::NodeRef r = b.UpsertNode({"Run"}, id, Day(day, hours - 0.1));
    b.SetProperty(r, "state", state, Day(day, hours));
    b.SetProperty(r, "ended_at", Day(day, hours), Day(day, hours));
    b.UpsertEdge("HAS_RUN", job, r, Day(day, hours - 0.1));
  }
  // The same values of x every day in [from, to], times `factor` from `shift_day` on, at 03:30.
  void Samples(Batch::NodeRef d, int from, int to, int shift_day = 1000, double factor = 1) {
    for (int day = from; day <= to; ++day) {
      SampleValues v;
      for (int i = 1; i <= 50; ++i) v.numbers.push_back(i * (day >= shift_day ? factor : 1.0));
      b.AddSample(d, "x", Day(day, 3.5), v);
    }
  }
  // value 0.9 at 06:00 on days [from, drop_day), 0.7 on [drop_day, to].
  void KpiSeries(Batch::NodeRef k, int from, int to, int drop_day) {
    std::vector<MetricPoint> pts;
    for (int day = from; day <= to; ++day) pts.push_back({Day(day, 6), day < drop_day ? 0.9 : 0.7});
    b.AddMetricPoints(k, "value", pts);
  }
};

}  // namespace provgraph::testing
