// Test selection and execution for column drift; see test_choice.h.
// Thresholds and directions are Evidently's defaults (legacy/calculations/
// stattests/*.py): ks p <= 0.05; chi2 and z p < 0.05; anderson,
// cramervonmises, mmd p < 0.1; psi, jensenshannon, hellinger,
// wasserstein_norm value >= 0.1; energy value > 0.1. The raw `wasserstein`
// (not normalised) has no Evidently default; it uses value >= 0.1 too, and
// its scale is the data's.
#include "engine/stats/test_choice.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/stats/anderson.h"
#include "engine/stats/binning.h"
#include "engine/stats/chi2.h"
#include "engine/stats/cramervonmises.h"
#include "engine/stats/energy.h"
#include "engine/stats/hellinger.h"
#include "engine/stats/jensenshannon.h"
#include "engine/stats/ks.h"
#include "engine/stats/mmd.h"
#include "engine/stats/psi.h"
#include "engine/stats/wasserstein.h"
#include "engine/stats/ztest.h"

namespace provgraph::stats {
namespace {

// Categorical labels as codes in sorted label order, so the numeric
// statistics that bin per distinct value (numerical = false) apply.
void Encode(const ColumnSample& ref, const ColumnSample& cur, std::vector<double>& r, std::vector<double>& c) {
  std::map<std::string, double> codes;
  for (const auto& s : ref.labels) codes.emplace(s, 0.0);
  for (const auto& s : cur.labels) codes.emplace(s, 0.0);
  double next = 0.0;
  for (auto& [label, code] : codes) code = next++;
  for (const auto& s : ref.labels) r.push_back(codes[s]);
  for (const auto& s : cur.labels) c.push_back(codes[s]);
}

template <typename T>
Result<T> Tagged(Result<T> r, const std::string& test) {
  if (r.ok()) return r;
  return Status(r.status().code(), test + ": " + r.status().message(), r.status().where());
}

}  // namespace

const std::vector<TestSpec>& AllTests() {
  static const std::vector<TestSpec> tests = {
      {"ks", 0.05, DriftWhen::kPAtMost, true, false},
      {"psi", 0.1, DriftWhen::kValueAtLeast, true, true},
      {"wasserstein", 0.1, DriftWhen::kValueAtLeast, true, false},
      {"wasserstein_norm", 0.1, DriftWhen::kValueAtLeast, true, false},
      {"energy", 0.1, DriftWhen::kValueAbove, true, false},
      {"cramervonmises", 0.1, DriftWhen::kPBelow, true, false},
      {"anderson", 0.1, DriftWhen::kPBelow, true, false},
      {"jensenshannon", 0.1, DriftWhen::kValueAtLeast, true, true},
      {"hellinger", 0.1, DriftWhen::kValueAtLeast, true, false},
      {"mmd", 0.1, DriftWhen::kPBelow, true, false},
      {"chi2", 0.05, DriftWhen::kPBelow, true, true},
      {"z", 0.05, DriftWhen::kPBelow, true, true},
  };
  return tests;
}

Result<TestSpec> FindTest(std::string_view name) {
  std::string known;
  for (const TestSpec& t : AllTests()) {
    if (t.name == name) return t;
    known += (known.empty() ? "" : ", ") + t.name;
  }
  return Status::NotFound("unknown test '" + std::string(name) + "' (known: " + known + ")");
}

TestSpec ChooseTest(ColumnType type, std::uint64_t n_reference, std::uint64_t n_unique) {
  const char* name;
  if (n_reference <= 1000) {
    if (type == ColumnType::kNumerical) {
      name = n_unique <= 2 ? "z" : n_unique <= 5 ? "chi2" : "ks";
    } else {
      name = n_unique > 2 ? "chi2" : "z";
    }
  } else if (type == ColumnType::kNumerical) {
    name = n_unique <= 5 ? "jensenshannon" : "wasserstein_norm";
  } else {
    name = "jensenshannon";
  }
  return FindTest(name).value();
}

bool IsDrift(const TestSpec& spec, double statistic, std::optional<double> p_value) {
  switch (spec.when) {
    case DriftWhen::kPBelow:
      return p_value && *p_value < spec.threshold;
    case DriftWhen::kPAtMost:
      return p_value && *p_value <= spec.threshold;
    case DriftWhen::kValueAtLeast:
      return statistic >= spec.threshold;
    case DriftWhen::kValueAbove:
      return statistic > spec.threshold;
  }
  return false;
}

std::uint64_t CountDistinct(const ColumnSample& reference, const ColumnSample& current) {
  if (reference.type == ColumnType::kNumerical) {
    std::set<double> s(reference.numbers.begin(), reference.numbers.end());
    s.insert(current.numbers.begin(), current.numbers.end());
    return s.size();
  }
  std::set<std::string> s(reference.labels.begin(), reference.labels.end());
  s.insert(current.labels.begin(), current.labels.end());
  return s.size();
}

Result<TestOutcome> RunDriftTest(const TestSpec& spec, const ColumnSample& reference, const ColumnSample& current,
                                 const DriftRunOptions& options) {
  const bool numerical = reference.type == ColumnType::kNumerical;
  if (reference.type != current.type) return Status::InvalidInput("column types differ between the samples");
  if (numerical ? !spec.numerical : !spec.categorical) {
    return Status::InvalidInput("test '" + spec.name + "' does not apply to a " +
                                (numerical ? std::string("numerical") : std::string("categorical")) + " column");
  }
  if (reference.size() == 0 || current.size() == 0) {
    return Status::InvalidInput(spec.name + ": a sample has no values");
  }
  std::vector<double> codes_r, codes_c;
  if (!numerical) Encode(reference, current, codes_r, codes_c);
  const std::vector<double>& r = numerical ? reference.numbers : codes_r;
  const std::vector<double>& c = numerical ? current.numbers : codes_c;

  TestOutcome out;
  out.test = spec.name;
  out.threshold = spec.threshold;
  const std::string& n = spec.name;
  if (n == "ks") {
    auto k = Tagged(KsTwoSample(r, c), n);
    if (!k.ok()) return k.status();
    out.statistic = k->statistic;
    out.p_value = k->pvalue;
  } else if (n == "psi") {
    auto p = Tagged(numerical && options.psi_bins == PsiBinning::kQuantile ? PsiQuantile(r, c)
                                                                          : PsiEvidently(r, c, numerical),
                    n);
    if (!p.ok()) return p.status();
    out.statistic = p->value;
  } else if (n == "wasserstein" || n == "wasserstein_norm") {
    auto w = Tagged(n == "wasserstein" ? WassersteinDistance(r, c) : WassersteinNormed(r, c), n);
    if (!w.ok()) return w.status();
    out.statistic = *w;
  } else if (n == "energy") {
    auto e = Tagged(EnergyDistance(r, c), n);
    if (!e.ok()) return e.status();
    out.statistic = *e;
  } else if (n == "cramervonmises") {
    auto t = Tagged(CramerVonMises2Samp(r, c), n);
    if (!t.ok()) return t.status();
    out.statistic = t->statistic;
    out.p_value = t->pvalue;
  } else if (n == "anderson") {
    auto a = Tagged(AndersonKsamp({std::span<const double>(r), std::span<const double>(c)}), n);
    if (!a.ok()) return a.status();
    out.statistic = a->statistic;
    out.p_value = a->significance_level;
  } else if (n == "jensenshannon") {
    auto bins = Tagged(EvidentlyBinned(r, c, numerical, /*fill_zeroes=*/false), n);
    if (!bins.ok()) return bins.status();
    auto js = Tagged(JensenShannonDistance(bins->reference, bins->current), n);
    if (!js.ok()) return js.status();
    out.statistic = *js;
  } else if (n == "hellinger") {
    auto h = Tagged(HellingerDistance(r, c, numerical), n);
    if (!h.ok()) return h.status();
    out.statistic = *h;
  } else if (n == "mmd") {
    MmdOptions o;
    o.seed = options.seed;
    o.permutations = options.mmd_permutations;
    const size_t cap = 10000;
    if (r.size() + c.size() > cap) {
      return Status::InvalidInput("mmd: at most 10000 values in both samples together (subsample first)");
    }
    auto m = Tagged(MmdRbf(r, c, o), n);
    if (!m.ok()) return m.status();
    out.statistic = m->mmd2;
    out.p_value = m->pvalue;
  } else if (n == "chi2") {
    std::map<double, size_t> index;
    for (double v : r) index.emplace(v, 0);
    for (double v : c) index.emplace(v, 0);
    size_t k = 0;
    for (auto& [v, i] : index) i = k++;
    std::vector<std::vector<double>> table(2, std::vector<double>(index.size(), 0.0));
    for (double v : r) table[0][index[v]] += 1.0;
    for (double v : c) table[1][index[v]] += 1.0;
    if (index.size() < 2) {
      // One category in both samples: nothing can differ (SciPy's dof would be 0).
      out.statistic = 0.0;
      out.p_value = 1.0;
    } else {
      auto x = Tagged(Chi2Contingency(table), n);
      if (!x.ok()) return x.status();
      out.statistic = x->statistic;
      out.p_value = x->pvalue;
    }
  } else if (n == "z") {
    if (CountDistinct(reference, current) > 2) {
      return Status::InvalidInput("z: the two-proportion test needs at most 2 distinct values");
    }
    auto z = Tagged(numerical ? TwoProportionZTest(std::span<const double>(r), std::span<const double>(c))
                              : TwoProportionZTest(std::span<const std::string>(reference.labels),
                                                   std::span<const std::string>(current.labels)),
                    n);
    if (!z.ok()) return z.status();
    out.statistic = z->statistic;
    out.p_value = z->pvalue;
  } else {
    return Status::NotFound("unknown test '" + n + "'");
  }
  out.drift = IsDrift(spec, out.statistic, out.p_value);
  return out;
}

}  // namespace provgraph::stats
