// `provgraph drift compare REF.csv CUR.csv [--column C]... [--test T]
// [--categorical C]... [--psi-bins quantile|evidently] [--format text|json]`:
// every common column (or the named ones) of two CSV files, each with the
// test Evidently's rule picks for it or the named one; JSON as DESIGN.md.
#include "app/cmd_drift.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/stats/test_choice.h"
#include "loaders/csv_columns.h"

namespace provgraph::app {
namespace {

struct CompareOptions {
  std::string reference;
  std::string current;
  std::vector<std::string> columns;
  std::string test;
  std::vector<std::string> categorical;
  std::string psi_bins = "quantile";
  std::string format = "text";
  std::uint64_t seed = 0;
};

struct ColumnReport {
  std::string column;
  stats::ColumnType type = stats::ColumnType::kNumerical;
  size_t n_ref = 0, n_cur = 0;
  std::vector<stats::TestOutcome> tests;
};

stats::ColumnSample ToSample(const loaders::CsvColumn& c) {
  stats::ColumnSample s;
  s.type = c.categorical ? stats::ColumnType::kCategorical : stats::ColumnType::kNumerical;
  s.numbers = c.numbers;
  s.labels = c.labels;
  return s;
}

std::string Names(const loaders::CsvColumns& f) {
  std::string out;
  for (const auto& c : f.columns) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

std::string FormatNumber(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

int Usage(const std::string& message) {
  std::cerr << "provgraph: usage: " << message << "\n";
  return kExitUsage;
}

int RunCompare(const CompareOptions& o) {
  std::optional<stats::TestSpec> forced;
  if (!o.test.empty()) {
    auto spec = stats::FindTest(o.test);
    if (!spec.ok()) return Usage("--test: " + spec.status().message());
    forced = *spec;
  }
  // Read both files; a column categorical in either file is categorical in both.
  std::set<std::string> categorical(o.categorical.begin(), o.categorical.end());
  Result<loaders::CsvColumns> ref = Status::Internal("unread");
  Result<loaders::CsvColumns> cur = Status::Internal("unread");
  for (int pass = 0; pass < 2; ++pass) {
    ref = loaders::ReadCsvColumns(o.reference, categorical);
    if (!ref.ok()) return ReportError(ref.status());
    cur = loaders::ReadCsvColumns(o.current, categorical);
    if (!cur.ok()) return ReportError(cur.status());
    const size_t before = categorical.size();
    for (const auto* f : {&*ref, &*cur}) {
      for (const auto& c : f->columns) {
        if (c.categorical) categorical.insert(c.name);
      }
    }
    if (categorical.size() == before) break;
  }
  // The columns to compare.
  std::vector<std::string> names;
  if (!o.columns.empty()) {
    for (const std::string& name : o.columns) {
      for (const auto* f : {&*ref, &*cur}) {
        if (!f->Find(name)) {
          return ReportError(Status::InvalidInput("no column '" + name + "' (columns: " + Names(*f) + ")",
                                                  f->path + ":1"));
        }
      }
      names.push_back(name);
    }
  } else {
    for (const auto& c : ref->columns) {
      if (cur->Find(c.name)) names.push_back(c.name);
    }
    if (names.empty()) {
      return ReportError(Status::InvalidInput("no column in common with " + o.reference + " (columns: " +
                                                  Names(*cur) + ")",
                                              o.current + ":1"));
    }
  }
  for (const std::string& name : o.categorical) {
    if (!ref->Find(name) && !cur->Find(name)) {
      return ReportError(Status::InvalidInput("--categorical names no column '" + name + "'", o.reference + ":1"));
    }
  }
  stats::DriftRunOptions run;
  run.psi_bins = o.psi_bins == "evidently" ? stats::PsiBinning::kEvidently : stats::PsiBinning::kQuantile;
  run.seed = o.seed;
  std::vector<ColumnReport> reports;
  for (const std::string& name : names) {
    const loaders::CsvColumn& rc = *ref->Find(name);
    const loaders::CsvColumn& cc = *cur->Find(name);
    for (const auto& [file, col] : {std::pair{&*ref, &rc}, std::pair{&*cur, &cc}}) {
      if (col->size() == 0) {
        return ReportError(Status::InvalidInput("column '" + name + "' has no values", file->path + ":1"));
      }
    }
    ColumnReport rep;
    rep.column = name;
    rep.type = rc.categorical ? stats::ColumnType::kCategorical : stats::ColumnType::kNumerical;
    rep.n_ref = rc.size();
    rep.n_cur = cc.size();
    const stats::ColumnSample rs = ToSample(rc), cs = ToSample(cc);
    const stats::TestSpec spec = forced ? *forced : stats::ChooseTest(rep.type, rep.n_ref, stats::CountDistinct(rs, cs));
    auto outcome = stats::RunDriftTest(spec, rs, cs, run);
    if (!outcome.ok()) {
      return ReportError(Status::InvalidInput("column '" + name + "': " + outcome.status().message(),
                                              o.current + ":1"));
    }
    rep.tests.push_back(*outcome);
    reports.push_back(std::move(rep));
  }
  if (o.format == "json") {
    nlohmann::ordered_json cols = nlohmann::ordered_json::array();
    for (const ColumnReport& r : reports) {
      nlohmann::ordered_json tests = nlohmann::ordered_json::array();
      for (const stats::TestOutcome& t : r.tests) {
        nlohmann::ordered_json jt;
        jt["test"] = t.test;
        jt["statistic"] = t.statistic;
        jt["p_value"] = t.p_value ? nlohmann::ordered_json(*t.p_value) : nlohmann::ordered_json(nullptr);
        jt["threshold"] = t.threshold;
        jt["drift"] = t.drift;
        tests.push_back(std::move(jt));
      }
      nlohmann::ordered_json jc;
      jc["column"] = r.column;
      jc["type"] = r.type == stats::ColumnType::kNumerical ? "numerical" : "categorical";
      jc["n_ref"] = r.n_ref;
      jc["n_cur"] = r.n_cur;
      jc["tests"] = std::move(tests);
      cols.push_back(std::move(jc));
    }
    nlohmann::ordered_json out;
    out["columns"] = std::move(cols);
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  size_t drifted = 0;
  std::printf("%-20s %-11s %8s %8s %-16s %12s %12s %9s %s\n", "column", "type", "n_ref", "n_cur", "test", "statistic",
              "p_value", "threshold", "drift");
  for (const ColumnReport& r : reports) {
    for (const stats::TestOutcome& t : r.tests) {
      std::printf("%-20s %-11s %8zu %8zu %-16s %12s %12s %9s %s\n", r.column.c_str(),
                  r.type == stats::ColumnType::kNumerical ? "numerical" : "categorical", r.n_ref, r.n_cur,
                  t.test.c_str(), FormatNumber(t.statistic).c_str(),
                  t.p_value ? FormatNumber(*t.p_value).c_str() : "-", FormatNumber(t.threshold).c_str(),
                  t.drift ? "yes" : "no");
      drifted += t.drift ? 1 : 0;
    }
  }
  std::printf("%zu of %zu columns drifted\n", drifted, reports.size());
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace

void AddDriftCompareCommand(CLI::App* drift, GlobalOptions& g, int& exit_code) {
  (void)g;  // compare reads files only; it does not open the store
  auto o = std::make_shared<CompareOptions>();
  CLI::App* cmd = drift->add_subcommand("compare", "Compare the columns of two CSV files for drift");
  cmd->add_option("REF", o->reference, "Reference CSV (header row, one column per feature)")->required();
  cmd->add_option("CUR", o->current, "Current CSV")->required();
  cmd->add_option("--column", o->columns, "Compare only this column (repeatable)");
  cmd->add_option("--test", o->test, "Run this test instead of the automatic choice");
  cmd->add_option("--categorical", o->categorical, "Treat these columns as categorical")->expected(1, -1);
  cmd->add_option("--psi-bins", o->psi_bins, "psi binning: quantile (10 reference quantiles) or evidently")
      ->check(CLI::IsMember({"quantile", "evidently"}));
  cmd->add_option("--seed", o->seed, "Seed of the mmd permutation test");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&exit_code, o] { exit_code = RunCompare(*o); });
}

void AddDriftCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* drift = app.add_subcommand("drift", "Data and concept drift checks");
  drift->require_subcommand(1);
  AddDriftCompareCommand(drift, g, exit_code);
  AddDriftRunCommand(drift, g, exit_code);
}

}  // namespace provgraph::app
