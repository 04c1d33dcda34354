#include "engine/drift/run.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <system_error>
#include <thread>

#include "engine/drift/days.h"
#include "engine/drift/derived_constraints.h"
#include "engine/drift/profile.h"
#include "engine/stats/holt.h"
#include "engine/stats/parallel.h"
#include "engine/stats/test_choice.h"
#include "engine/traversal.h"

namespace provgraph::drift {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::optional<uint32_t> Type(const Graph& g, std::string_view name) { return g.edge_types().Find(name); }

const Value* Prop(const Graph& g, NodeId n, std::string_view name, Timestamp at) {
  return g.Property(EntityKind::kNode, n, name, at);
}

// Everything about one constraint that evaluation needs, resolved up front.
struct Target {
  NodeId asset = 0;
  std::optional<NodeId> dataset;      // for drift: the dataset whose samples count
  std::optional<NodeId> column_node;  // the Column node, when it exists
  std::string column;
  std::optional<NodeId> reference_version;
};

// Points one per day (the last of each day), sorted.
std::vector<MetricPoint> Daily(const std::vector<MetricPoint>& points) {
  std::vector<MetricPoint> out;
  for (const MetricPoint& p : points) {
    if (!out.empty() && DayStart(out.back().time) == DayStart(p.time)) {
      out.back() = p;
    } else {
      out.push_back(p);
    }
  }
  return out;
}

struct DayWindow {
  Timestamp begin, end;  // [begin, end)
  bool Contains(Timestamp t) const { return begin <= t && t < end; }
};

// What a drift statistic is computed from, gathered by the evaluator on
// the calling thread: the samples (pointers into the store's series index,
// which nothing changes before the batch is committed) or the pseudo
// samples of quantile profiles.
struct DriftInput {
  bool ready = false;  // false: no statistic (the result says why)
  bool approximate = false;
  std::vector<const SampleValues*> ref, cur;
  stats::ColumnSample ref_pseudo, cur_pseudo;
};

class Evaluator {
 public:
  Evaluator(Store& store, const DriftConfig& config, Timestamp day)
      : g_(store.graph()),
        series_(store.series()),
        config_(config),
        day_(day),
        end_(AddDays(day, 1)),
        at_{end_.micros - 1},
        walker_(g_) {}

  Status Resolve(const ConstraintSpec& spec, Target& t) {
    auto node = g_.FindNodeByRef(spec.asset_label, spec.asset_key);
    if (!node) return Status::InvalidInput("no node " + spec.asset_ref() + " in the store", spec.where + "/asset");
    t.asset = *node;
    if (spec.asset_label == "Column") {
      const size_t hash = spec.asset_key.rfind('#');
      t.column = hash == std::string::npos ? spec.asset_key : spec.asset_key.substr(hash + 1);
      t.column_node = *node;
      if (auto has_column = Type(g_, "HAS_COLUMN")) {
        WalkSpec ws{Direction::kUpstream, {*has_column}, 1, 1, at_};
        for (const auto& nb : walker_.Neighbours(*node, ws)) t.dataset = nb.node;
      }
      if (!t.dataset && hash != std::string::npos) t.dataset = g_.FindNode("Dataset", spec.asset_key.substr(0, hash));
    } else if (!spec.column.empty()) {
      t.column = spec.column;
      t.dataset = *node;
      t.column_node = g_.FindNode("Column", spec.asset_key + "#" + spec.column);
    }
    if (IsDriftMetric(spec.metric) && spec.reference.kind == ReferenceWindow::Kind::kVersion) {
      t.reference_version = g_.FindNode("DatasetVersion", spec.reference.version);
      if (!t.reference_version) {
        return Status::InvalidInput("no node DatasetVersion:" + spec.reference.version + " in the store",
                                    spec.where + "/reference/version");
      }
    }
    return Status::Ok();
  }

  // Evaluation in three steps: Prepare (this thread: reads the graph and
  // the series), ComputeStatistic (any thread: only the samples Prepare
  // pointed at), Finish (this thread again: the constrained series and its
  // forecast).
  void Prepare(const ConstraintSpec& spec, const Target& t, ConstraintResult& r, DriftInput& in) {
    r.spec = &spec;
    if (IsDriftMetric(spec.metric)) PrepareDrift(spec, t, r, in);
  }

  static void ComputeStatistic(const ConstraintSpec& spec, DriftInput& in, ConstraintResult& r) {
    if (!in.ready) return;
    if (in.approximate) {
      RunTest(spec, in.ref_pseudo, in.cur_pseudo, r);
    } else {
      RunTest(spec, ToStats(in.ref), ToStats(in.cur), r);
    }
    in = DriftInput{};
  }

  void Finish(const ConstraintSpec& spec, const Target& t, ConstraintResult& r) {
    std::vector<MetricPoint> history;  // the constrained series, for the forecast
    if (IsDriftMetric(spec.metric)) {
      const auto [node, metric] = PointTarget(spec, t);
      history = series_.MetricSeries(node, metric, at_);
      std::erase_if(history, [&](const MetricPoint& p) { return DayStart(p.time) == day_; });
      if (r.value) history.push_back(MetricPoint{day_, *r.value});
    } else if (IsCheckMetric(spec.metric)) {
      // A test result: the latest within the window stands.
      const std::string prop = AssertionProperty(spec.metric, t.column);
      history = AssertionResults(g_, series_, t.dataset.value_or(t.asset), prop, at_);
      LatestResult(spec, prop, history, r);
      if (r.assertion->counted) {
        r.value = history.back().value;
        if (history.back().time < day_) r.reason = "the latest result is of " + *r.assertion->latest_day;
      } else {
        r.reason = NoResultReason(spec, *r.assertion);
        r.expired = r.assertion->latest_day.has_value();
      }
    } else {
      if (IsComputedMetric(spec.metric)) {
        history = ComputedSeries(g_, series_, spec.metric, t.dataset.value_or(t.asset), t.column, t.column_node, at_);
      } else if (const NodeId node = spec.column.empty() ? t.asset : t.column_node.value_or(UINT64_MAX);
                 node != UINT64_MAX) {
        history = series_.MetricSeries(node, spec.metric, at_);
      }
      if (!history.empty() && history.back().time >= day_) {
        r.value = history.back().value;
      } else {
        r.reason = "no point of " + spec.metric + " on " + FormatDay(day_);
      }
    }
    if (r.value && std::isnan(*r.value)) {
      r.value.reset();
      r.reason = "the statistic is undefined for the data";
    }
    if (r.value)
      r.state = Holds(spec.comparator, *r.value, spec.threshold) ? ConstraintResult::State::kPass
                                                                 : ConstraintResult::State::kFail;
    if (!spec.assertion.empty() && !IsCheckMetric(spec.metric)) CombineAssertion(spec, t, r);
    if (IsCheckMetric(spec.metric)) {
      r.forecast_note = "a test result (pass or fail) is not forecast";
    } else {
      Forecast(spec, Daily(history), r);
    }
  }

  static bool IsCheckMetric(std::string_view metric) { return IsComputedMetric(metric) && metric != "duplicate_count"; }

  // r.assertion from the daily results of `prop`.
  void LatestResult(const ConstraintSpec& spec, const std::string& prop, const std::vector<MetricPoint>& results,
                    ConstraintResult& r) const {
    ConstraintResult::Assertion a;
    a.property = prop;
    if (!results.empty()) {
      a.latest_day = FormatDay(results.back().time);
      a.success = results.back().value >= 1;
      a.counted = results.back().time >= AddDays(day_, -AssertionWindowDays(spec.reference));
    }
    r.assertion = std::move(a);
  }

  std::string NoResultReason(const ConstraintSpec& spec, const ConstraintResult::Assertion& a) const {
    const int days = AssertionWindowDays(spec.reference);
    return "no result of " + a.property + " on " + FormatDay(AddDays(day_, -days)) + " .. " + FormatDay(day_) +
           (a.latest_day ? " (the latest is of " + *a.latest_day + ")" : "");
  }

  // A dbt constraint whose test result also arrives as an OpenLineage
  // assertion: one constraint, two pieces of evidence. It fails when either
  // the metric of the day or the test's latest result within the window
  // fails; passes when those present pass; no data when neither is there
  // (then an open violation expires if only a stale result is left).
  void CombineAssertion(const ConstraintSpec& spec, const Target& t, ConstraintResult& r) const {
    const std::vector<MetricPoint> results = AssertionResults(g_, series_, t.dataset.value_or(t.asset), spec.assertion, at_);
    LatestResult(spec, spec.assertion, results, r);
    const ConstraintResult::Assertion& a = *r.assertion;
    if (a.counted) {
      if (!*a.success) {
        r.state = ConstraintResult::State::kFail;
      } else if (r.state == ConstraintResult::State::kNoData) {
        r.state = ConstraintResult::State::kPass;
      }
      if (!r.value) r.reason = "decided by the test result " + a.property + " of " + *a.latest_day;
    } else if (r.state == ConstraintResult::State::kNoData) {
      r.reason += "; " + NoResultReason(spec, a);
      r.expired = a.latest_day.has_value();
    }
  }

  // Where the drift statistic's point goes: the Column node, else the
  // dataset with the column in the metric name.
  std::pair<NodeId, std::string> PointTarget(const ConstraintSpec& spec, const Target& t) const {
    if (t.column_node) return {*t.column_node, "drift." + spec.metric};
    return {t.asset, "drift." + spec.metric + "." + t.column};
  }

  std::vector<NodeId> AtRisk(const Target& t) {
    std::vector<NodeId> out;
    auto feeds = Type(g_, "FEEDS");
    auto model = g_.labels().Find("Model");
    auto kpi = g_.labels().Find("KPI");
    const NodeId start = t.dataset.value_or(t.asset);
    std::vector<Reached> reached;
    if (feeds) {
      reached = walker_.Closure(start, WalkSpec{Direction::kDownstream, {*feeds}, 0, UINT32_MAX, at_});
    } else {
      reached.push_back(Reached{start, 0});
    }
    for (const Reached& x : reached) {
      if ((model && g_.HasLabel(x.node, *model, at_)) || (kpi && g_.HasLabel(x.node, *kpi, at_))) {
        out.push_back(x.node);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string Ref(NodeId n) const {
    auto kpi = g_.labels().Find("KPI");
    auto model = g_.labels().Find("Model");
    std::string label = kpi && g_.HasLabel(n, *kpi, at_)       ? "KPI"
                        : model && g_.HasLabel(n, *model, at_) ? "Model"
                                                               : std::string(g_.labels().Name(g_.PrimaryLabel(n)));
    return label + ":" + std::string(g_.Key(n));
  }

  Timestamp day() const { return day_; }
  Timestamp at() const { return at_; }
  Walker& walker() { return walker_; }

 private:
  DayWindow ReferenceDays(const ReferenceWindow& w) const {
    if (w.kind == ReferenceWindow::Kind::kRange) return {w.from, AddDays(w.to, 1)};
    return {AddDays(day_, -w.previous_days), day_};
  }

  // Samples of the column on the dataset and its versions, by time.
  std::vector<std::pair<Timestamp, const SampleValues*>> SamplesOf(const Target& t) {
    std::vector<std::pair<Timestamp, const SampleValues*>> out;
    if (!t.dataset) return out;
    std::vector<NodeId> nodes{*t.dataset};
    if (auto hv = Type(g_, "HAS_VERSION")) {
      for (const auto& nb : walker_.Neighbours(*t.dataset, WalkSpec{Direction::kDownstream, {*hv}, 1, 1, at_})) {
        nodes.push_back(nb.node);
      }
    }
    for (NodeId n : nodes) {
      for (const ColumnSample& s : series_.Samples(n)) {
        if (s.column == t.column) out.emplace_back(s.sample->at, &s.sample->values);
      }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
  }

  static stats::ColumnSample ToStats(const std::vector<const SampleValues*>& parts) {
    stats::ColumnSample s;
    s.type = !parts.empty() && parts[0]->categorical ? stats::ColumnType::kCategorical : stats::ColumnType::kNumerical;
    for (const SampleValues* p : parts) {
      s.numbers.insert(s.numbers.end(), p->numbers.begin(), p->numbers.end());
      s.labels.insert(s.labels.end(), p->labels.begin(), p->labels.end());
    }
    return s;
  }

  // ToStats(parts).size() without building it.
  static size_t CombinedSize(const std::vector<const SampleValues*>& parts) {
    size_t n = 0;
    const bool categorical = !parts.empty() && parts[0]->categorical;
    for (const SampleValues* p : parts) n += categorical ? p->labels.size() : p->numbers.size();
    return n;
  }

  static void RunTest(const ConstraintSpec& spec, const stats::ColumnSample& ref, const stats::ColumnSample& cur,
                      ConstraintResult& r) {
    std::string name = spec.metric;
    const bool pvalue = name.ends_with("_pvalue");
    if (pvalue) name.resize(name.size() - 7);
    auto test = stats::FindTest(name);
    if (!test.ok()) {
      r.reason = test.status().message();
      return;
    }
    auto outcome = stats::RunDriftTest(*test, ref, cur);
    if (!outcome.ok()) {
      r.reason = outcome.status().message();
      return;
    }
    r.value = pvalue ? outcome->p_value.value_or(NAN) : outcome->statistic;
  }

  void PrepareDrift(const ConstraintSpec& spec, const Target& t, ConstraintResult& r, DriftInput& in) {
    // Samples first.
    std::vector<const SampleValues*> ref, cur;
    const DayWindow window = ReferenceDays(spec.reference);
    if (t.reference_version) {
      for (const ColumnSample& s : series_.Samples(*t.reference_version)) {
        if (s.column == t.column) ref.push_back(&s.sample->values);
      }
    }
    for (const auto& [at, values] : SamplesOf(t)) {
      if (DayWindow{day_, end_}.Contains(at)) {
        cur.assign(1, values);  // the latest sample of the day
      } else if (!t.reference_version && window.Contains(at)) {
        ref.push_back(values);
      }
    }
    if (!ref.empty() && !cur.empty()) {
      r.n_reference = CombinedSize(ref);
      r.n_current = CombinedSize(cur);
      in.ready = true;
      in.ref = std::move(ref);
      in.cur = std::move(cur);
      return;
    }
    // Then dataQualityMetrics profiles: quantiles (+ min, max).
    const std::string base = spec.metric;
    if (base != "psi" && base != "wasserstein" && base != "wasserstein_norm" && base != "ks") {
      r.reason = "no samples of " + t.column + " on " + FormatDay(day_) + " and in the reference (" + base +
                 " cannot be approximated from quantiles)";
      return;
    }
    std::vector<double> ref_pseudo, cur_pseudo;
    size_t ref_profiles = 0;
    if (t.reference_version) {
      const std::string p = "dq." + t.column + ".";
      auto s =
          ProfileSample(g_, *t.reference_version, p, Prop(g_, *t.reference_version, p + "quantiles", kLatest), kLatest);
      if (!s.empty()) {
        ref_pseudo.insert(ref_pseudo.end(), s.begin(), s.end());
        ++ref_profiles;
      }
    }
    auto qkey = g_.property_keys().Find("dq.quantiles");
    if (t.column_node && qkey) {
      for (const PropertyVersion& pv : g_.PropertyHistory(EntityKind::kNode, *t.column_node, *qkey)) {
        const Timestamp from{pv.valid.from};
        const bool is_cur = DayWindow{day_, end_}.Contains(from);
        const bool is_ref = !t.reference_version && window.Contains(from);
        if (!is_cur && !is_ref) continue;
        auto s = ProfileSample(g_, *t.column_node, "dq.", &pv.value, from);
        if (s.empty()) continue;
        if (is_cur) {
          cur_pseudo = std::move(s);
        } else {
          ref_pseudo.insert(ref_pseudo.end(), s.begin(), s.end());
          ++ref_profiles;
        }
      }
    }
    if (ref_pseudo.empty() || cur_pseudo.empty()) {
      r.reason = "no samples or quantile profiles of " + t.column +
                 (cur_pseudo.empty() ? " on " + FormatDay(day_) : " in the reference window");
      return;
    }
    r.approximate = true;
    r.n_reference = ref_profiles;
    r.n_current = 1;
    in.ready = in.approximate = true;
    in.ref_pseudo.numbers = std::move(ref_pseudo);
    in.cur_pseudo.numbers = std::move(cur_pseudo);
  }

  void Forecast(const ConstraintSpec& spec, const std::vector<MetricPoint>& daily, ConstraintResult& r) const {
    if (daily.size() < 3) {
      r.forecast_note = "fewer than 3 daily values";
      return;
    }
    std::vector<double> y;
    for (const MetricPoint& p : daily) y.push_back(p.value);
    auto fit = stats::HoltFitLeastSquares(y);
    if (!fit.ok()) {
      r.forecast_note = fit.status().message();
      return;
    }
    ForecastSummary f;
    f.points = static_cast<int>(y.size());
    f.horizon_days = config_.forecast_days;
    const stats::Forecast fc = stats::HoltForecast(*fit, f.horizon_days, f.level);
    const bool upper_fails = spec.comparator == Comparator::kLt || spec.comparator == Comparator::kLe;
    const stats::Crossing c = stats::FirstCrossing(
        fc, spec.threshold, upper_fails ? stats::CrossDirection::kAbove : stats::CrossDirection::kBelow);
    const Timestamp last = DayStart(daily.back().time);
    auto day = [&](std::optional<int> h) -> std::optional<std::string> {
      if (!h) return std::nullopt;
      return FormatDay(AddDays(last, *h));
    };
    f.crossing_day = day(c.mean);
    f.earliest_day = day(c.earliest);
    f.latest_day = day(c.latest);
    if (c.mean) {
      const size_t i = static_cast<size_t>(*c.mean - 1);
      f.mean_at_crossing = fc.mean[i];
      f.lower_at_crossing = fc.lower[i];
      f.upper_at_crossing = fc.upper[i];
    }
    r.forecast = f;
  }

  const Graph& g_;
  const SeriesIndex& series_;
  const DriftConfig& config_;
  Timestamp day_, end_, at_;
  Walker walker_;
};

// The drift statistics of every prepared constraint, on up to
// options.threads threads (the calling one included; each constraint's
// result is written to its own slot, so the outcome does not depend on
// the number of threads). Progress is reported from the calling thread.
void ComputeStatistics(const DriftConfig& config, std::vector<DriftInput>& inputs,
                       std::vector<ConstraintResult>& results, const DriftRunOptions& options) {
  const size_t total = inputs.size();
  size_t threads = options.threads;
  if (threads == 0) threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 2);
  threads = std::min(threads, std::max<size_t>(total, 1));
  std::atomic<size_t> next{0}, done{0};
  auto work = [&] {
    stats::SerialStatsScope serial;  // the pool is the parallelism
    for (size_t i = next++; i < total; i = next++) {
      Evaluator::ComputeStatistic(config.constraints[i], inputs[i], results[i]);
      ++done;
    }
  };
  std::vector<std::thread> pool;
  for (size_t k = 1; k < threads; ++k) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // fewer threads, same results
    }
  }
  if (!options.progress) {
    work();
  } else {
    stats::SerialStatsScope serial;
    for (size_t i = next++; i < total; i = next++) {
      Evaluator::ComputeStatistic(config.constraints[i], inputs[i], results[i]);
      options.progress(++done, total);
    }
  }
  for (std::thread& t : pool) t.join();
  if (options.progress && total > 0) options.progress(total, total);
}

const char* StateName(ConstraintResult::State s) {
  switch (s) {
    case ConstraintResult::State::kPass:
      return "pass";
    case ConstraintResult::State::kFail:
      return "fail";
    case ConstraintResult::State::kNoData:
      return "no_data";
  }
  return "?";
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

Result<DriftRunReport> RunDrift(Store& store, const DriftConfig& config, const DriftRunOptions& options) {
  const Graph& g = store.graph();
  const Timestamp day = DayStart(options.as_of == kLatest ? NowUtc() : options.as_of);
  Evaluator ev(store, config, day);
  DriftRunReport report;
  report.as_of_day = FormatDay(day);

  // 1. Compute everything (no write transaction yet).
  std::vector<Target> targets(config.constraints.size());
  for (size_t i = 0; i < config.constraints.size(); ++i) {
    Status s = ev.Resolve(config.constraints[i], targets[i]);
    if (!s.ok()) return s;
  }
  auto violated = g.edge_types().Find("VIOLATED");
  auto at_risk_type = g.edge_types().Find("AT_RISK");
  const size_t total = config.constraints.size();
  std::vector<ConstraintResult> results(total);
  {
    std::vector<DriftInput> inputs(total);
    for (size_t i = 0; i < total; ++i) ev.Prepare(config.constraints[i], targets[i], results[i], inputs[i]);
    ComputeStatistics(config, inputs, results, options);
  }
  Batch batch;
  for (size_t i = 0; i < total; ++i) {
    const ConstraintSpec& spec = config.constraints[i];
    const Target& t = targets[i];
    ConstraintResult r = std::move(results[i]);
    ev.Finish(spec, t, r);

    // The constraint node (from the config: upserted with its properties).
    std::optional<NodeId> cnode = g.FindNode("Constraint", spec.name);
    Batch::NodeRef cref = cnode ? batch.RefNode(*cnode) : 0;
    if (options.write_constraints || !spec.origin.empty()) {  // derived ones are always written
      cref = batch.UpsertNode({"Constraint"}, spec.name, day);
      for (const auto& [prop, value] :
           {std::pair{"origin", &spec.origin}, std::pair{"derived_from", &spec.derived_from},
            std::pair{"assertion", &spec.assertion}}) {
        if (!value->empty()) {
          batch.SetProperty(cref, prop, *value, day);
        } else if (cnode && Prop(g, *cnode, prop, ev.at())) {
          batch.RemoveProperty(cref, prop, day);  // a config constraint took over a derived one's name
        }
      }
      batch.SetProperty(cref, "asset", spec.asset_ref(), day);
      if (!spec.column.empty()) batch.SetProperty(cref, "column", spec.column, day);
      batch.SetProperty(cref, "metric", spec.metric, day);
      batch.SetProperty(cref, "comparator", ComparatorName(spec.comparator), day);
      batch.SetProperty(cref, "threshold", spec.threshold, day);
      batch.SetProperty(cref, "reference", spec.reference.ToJson().dump(), day);
      batch.SetProperty(cref, "severity", spec.error ? "error" : "warn", day);
      batch.UpsertEdge("CONSTRAINS", cref, batch.RefNode(t.asset), day);
    }
    // The statistic's point.
    if (r.value && IsDriftMetric(spec.metric)) {
      const auto [node, metric] = ev.PointTarget(spec, t);
      batch.AddMetricPoints(batch.RefNode(node), metric, {MetricPoint{day, *r.value}});
    }
    // Forecast properties.
    const char* kForecastProps[] = {"forecast_crossing_day", "forecast_earliest_day", "forecast_latest_day"};
    for (int k = 0; k < 3; ++k) {
      std::optional<std::string> v;
      if (r.forecast)
        v = k == 0 ? r.forecast->crossing_day : k == 1 ? r.forecast->earliest_day : r.forecast->latest_day;
      if (v) {
        batch.SetProperty(cref, kForecastProps[k], *v, day);
      } else if (cnode && Prop(g, *cnode, kForecastProps[k], ev.at())) {
        // Only when present: naming an unknown property would write its symbol.
        batch.RemoveProperty(cref, kForecastProps[k], day);
      }
    }

    // The open episode, if any.
    std::optional<NodeId> open;
    std::string last_day;
    if (cnode && violated) {
      for (const auto& nb :
           ev.walker().Neighbours(*cnode, WalkSpec{Direction::kDownstream, {*violated}, 1, 1, ev.at()})) {
        open = nb.node;
        const Value* v = Prop(g, nb.node, "last_failing_day", ev.at());
        last_day = v && v->type() == ValueType::kString ? v->as_string() : "";
        const Value* f = Prop(g, nb.node, "first_failing_day", ev.at());
        r.first_failing_day = f && f->type() == ValueType::kString ? f->as_string() : "";
      }
    }
    const std::string today = report.as_of_day;
    std::vector<NodeId> risk;
    if (r.state == ConstraintResult::State::kFail) risk = ev.AtRisk(t);
    if (r.state == ConstraintResult::State::kFail) {
      Batch::NodeRef vref;
      if (open) {
        vref = batch.RefNode(*open);
        r.violation = std::string(g.Key(*open));
        r.violation_action = last_day < today ? "extended" : "unchanged";
        r.last_failing_day = std::max(last_day, today);
        if (last_day < today) {
          batch.SetProperty(vref, "last_failing_day", today, day);
          if (r.value) {
            batch.SetProperty(vref, "value", *r.value, day);
          } else if (Prop(g, *open, "value", ev.at())) {
            batch.RemoveProperty(vref, "value", day);  // failed by the test result alone
          }
        }
      } else {
        r.violation = spec.name + "@" + today;
        r.violation_action = "opened";
        r.first_failing_day = r.last_failing_day = today;
        vref = batch.UpsertNode({"Violation"}, r.violation, day);
        batch.SetProperty(vref, "constraint", spec.name, day);
        batch.SetProperty(vref, "severity", spec.error ? "error" : "warn", day);
        batch.SetProperty(vref, "first_failing_day", today, day);
        batch.SetProperty(vref, "last_failing_day", today, day);
        if (r.value) batch.SetProperty(vref, "value", *r.value, day);
        batch.SetProperty(vref, "threshold", spec.threshold, day);
        batch.UpsertEdge("VIOLATED", cref, vref, day);
      }
      for (NodeId n : risk) {
        batch.UpsertEdge("AT_RISK", vref, batch.RefNode(n), day);
        r.at_risk.push_back(ev.Ref(n));
      }
      r.violation_open = true;
    } else if (open) {
      r.violation = std::string(g.Key(*open));
      r.last_failing_day = last_day;
      if ((r.state == ConstraintResult::State::kPass || r.expired) && last_day < today) {
        r.violation_action = r.state == ConstraintResult::State::kPass ? "closed" : "expired";
        const Batch::NodeRef vref = batch.RefNode(*open);
        if (at_risk_type) {
          for (const auto& nb :
               ev.walker().Neighbours(*open, WalkSpec{Direction::kDownstream, {*at_risk_type}, 1, 1, ev.at()})) {
            const Batch::EdgeRef e = batch.UpsertEdge("AT_RISK", vref, batch.RefNode(nb.node), day);
            batch.CloseEdge(e, day);
            r.at_risk.push_back(ev.Ref(nb.node));
          }
        }
        batch.CloseNode(vref, day);
      } else {
        r.violation_action = "unchanged";
        r.violation_open = true;
        if (at_risk_type) {
          for (const auto& nb :
               ev.walker().Neighbours(*open, WalkSpec{Direction::kDownstream, {*at_risk_type}, 1, 1, ev.at()})) {
            r.at_risk.push_back(ev.Ref(nb.node));
          }
        }
      }
    }
    std::sort(r.at_risk.begin(), r.at_risk.end());
    if (r.violation_open) ++(spec.error ? report.open_error : report.open_warn);
    report.results.push_back(std::move(r));
  }

  RetireConstraints(g, ev.walker(), config.retired, batch, day, ev.at());
  report.retired = config.retired;

  // 2. One short write transaction.
  auto committed = store.Commit(batch, options.commit);
  if (!committed.ok()) return committed.status();
  report.commit = *committed;
  return report;
}

OrderedJson DriftRunReport::ToJson() const {
  OrderedJson out;
  out["as_of"] = as_of_day;
  OrderedJson list = OrderedJson::array();
  for (const ConstraintResult& r : results) {
    const ConstraintSpec& s = *r.spec;
    OrderedJson c;
    c["constraint"] = s.name;
    c["origin"] = s.origin.empty() ? "config" : s.origin;
    c["asset"] = s.asset_ref();
    c["column"] = s.column.empty() ? OrderedJson(nullptr) : OrderedJson(s.column);
    c["metric"] = s.metric;
    c["comparator"] = ComparatorName(s.comparator);
    c["threshold"] = s.threshold;
    c["severity"] = s.error ? "error" : "warn";
    c["status"] = StateName(r.state);
    c["value"] = r.value ? OrderedJson(*r.value) : OrderedJson(nullptr);
    c["approximate"] = r.approximate;
    c["n_reference"] = r.n_reference ? OrderedJson(*r.n_reference) : OrderedJson(nullptr);
    c["n_current"] = r.n_current ? OrderedJson(*r.n_current) : OrderedJson(nullptr);
    c["reason"] = r.reason.empty() ? OrderedJson(nullptr) : OrderedJson(r.reason);
    if (r.violation.empty()) {
      c["violation"] = nullptr;
    } else {
      OrderedJson v;
      v["key"] = r.violation;
      v["action"] = r.violation_action;
      v["open"] = r.violation_open;
      v["first_failing_day"] = r.first_failing_day;
      v["last_failing_day"] = r.last_failing_day;
      v["at_risk"] = r.at_risk;
      c["violation"] = std::move(v);
    }
    if (r.assertion) {
      const ConstraintResult::Assertion& a = *r.assertion;
      c["assertion"] = OrderedJson{{"property", a.property},
                                   {"latest_day", a.latest_day ? OrderedJson(*a.latest_day) : OrderedJson(nullptr)},
                                   {"success", a.success ? OrderedJson(*a.success) : OrderedJson(nullptr)},
                                   {"counted", a.counted}};
    } else {
      c["assertion"] = nullptr;
    }
    if (r.forecast) {
      const ForecastSummary& f = *r.forecast;
      auto opt = [](const auto& o) { return o ? OrderedJson(*o) : OrderedJson(nullptr); };
      OrderedJson fj;
      fj["method"] = "holt";
      fj["points"] = f.points;
      fj["horizon_days"] = f.horizon_days;
      fj["level"] = f.level;
      fj["crossing_day"] = opt(f.crossing_day);
      fj["earliest_day"] = opt(f.earliest_day);
      fj["latest_day"] = opt(f.latest_day);
      fj["mean_at_crossing"] = opt(f.mean_at_crossing);
      fj["lower_at_crossing"] = opt(f.lower_at_crossing);
      fj["upper_at_crossing"] = opt(f.upper_at_crossing);
      c["forecast"] = std::move(fj);
    } else {
      c["forecast"] = nullptr;
    }
    list.push_back(std::move(c));
  }
  out["constraints"] = std::move(list);
  out["retired"] = retired;
  out["open_violations"] = OrderedJson{{"error", open_error}, {"warn", open_warn}};
  out["batch"] =
      OrderedJson{{"seq", commit.seq}, {"facts", commit.counts.facts}, {"metric_points", commit.series.metric_points}};
  return out;
}

std::string DriftRunReport::ToText() const {
  std::string out = "drift run as of " + as_of_day + "\n";
  size_t pass = 0, fail = 0, none = 0;
  for (const ConstraintResult& r : results) {
    const ConstraintSpec& s = *r.spec;
    const char* state = r.state == ConstraintResult::State::kPass   ? "PASS"
                        : r.state == ConstraintResult::State::kFail ? "FAIL"
                                                                    : "NODATA";
    (r.state == ConstraintResult::State::kPass ? pass : r.state == ConstraintResult::State::kFail ? fail : none)++;
    out += std::string(state) + " " + (s.error ? "error" : "warn") + " " + s.name + ": " + s.asset_ref() +
           (s.column.empty() ? "" : " column " + s.column) + " " + s.metric + " = " +
           (r.value ? Number(*r.value) : "-") + (r.approximate ? " (approximate)" : "") + ", must be " +
           ComparatorName(s.comparator) + " " + Number(s.threshold) + "\n";
    if (!r.reason.empty()) out += "  " + r.reason + "\n";
    if (r.assertion && !IsComputedMetric(s.metric)) {
      const ConstraintResult::Assertion& a = *r.assertion;
      out += "  test result " + a.property + ": " +
             (a.latest_day ? std::string(*a.success ? "pass" : "fail") + " of " + *a.latest_day +
                                 (a.counted ? "" : " (too old to count)")
                           : std::string("none")) +
             "\n";
    }
    if (!r.violation.empty()) {
      out += "  violation " + r.violation + " " + r.violation_action + " (failing " + r.first_failing_day + " .. " +
             r.last_failing_day + ")";
      if (!r.at_risk.empty()) {
        out += "; at risk:";
        for (const std::string& a : r.at_risk) out += " " + a;
      }
      out += "\n";
    }
    if (r.forecast && r.forecast->crossing_day) {
      out += "  forecast: fails on " + *r.forecast->crossing_day + " (95% interval " +
             r.forecast->earliest_day.value_or("?") + " .. " + r.forecast->latest_day.value_or("after horizon") + ")\n";
    }
  }
  for (const std::string& name : retired) {
    out += "RETIRED " + name + ": its dbt test or OpenLineage assertion is gone (closed with its open violation)\n";
  }
  out += std::to_string(results.size()) + " constraints: " + std::to_string(pass) + " pass, " + std::to_string(fail) +
         " fail, " + std::to_string(none) + " no data; open violations: " + std::to_string(open_error) + " error, " +
         std::to_string(open_warn) + " warn; batch " + std::to_string(commit.seq) + " wrote " +
         std::to_string(commit.counts.facts) + " facts, " + std::to_string(commit.series.metric_points) +
         " metric points\n";
  return out;
}

}  // namespace provgraph::drift
