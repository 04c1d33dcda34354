// Runs one data-driven query test file (tests/queries/*.test):
//
//   load [at TIME] nodes|edges      CSV lines (neo4j-admin headers) up to `end`;
//   end                              consecutive loads form one batch, which
//                                    is committed at the next other directive
//   load metrics                     node,metric,time,value lines up to `end`,
//   end                              committed as a batch of their own
//   load openlineage                 OpenLineage events, one JSON a line, up to
//   end                              `end`, committed as a batch of their own
//   query [unordered]                the query text up to `----`, then the
//   ----                             expected rows (cells joined by " | ")
//   <rows>                           up to a blank line
//   error                            the query text, `----`, then the exact
//   ----                             first line of the error
//   reopen                           closes and reopens the store
//   param NAME VALUE                 sets $NAME for the queries after it,
//                                    VALUE read as `--param` reads it
//   # ...                            a comment
//
// Prints each failure with the file line of its case, then
// "N passed, M failed"; exits 1 when anything failed.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/store.h"
#include "engine/time.h"
#include "loaders/csv_loader.h"
#include "loaders/metrics_loader.h"
#include "loaders/openlineage/openlineage_loader.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

struct Runner {
  std::vector<std::string> lines;
  size_t pos = 0;
  int passed = 0, failed = 0;
  testing::TempDir dir;
  std::unique_ptr<Store> store;
  loaders::CsvLoadOptions pending;
  int csv_count = 0;
  std::string file;
  query::Params params;

  void Fail(size_t line, const std::string& what) {
    ++failed;
    std::cout << file << ":" << line << ": FAILED\n" << what << "\n";
  }

  void Commit() {
    if (pending.node_files.empty() && pending.edge_files.empty()) return;
    CommitInfo info;
    info.command = "query test load";
    auto r = loaders::LoadCsv(*store, pending, info);
    if (!r.ok()) Fail(pos, "load failed: " + r.status().ToString());
    pending = loaders::CsvLoadOptions();
  }

  std::string Block(const std::string& until) {
    std::string text;
    while (pos < lines.size() && lines[pos] != until) text += lines[pos++] + "\n";
    ++pos;  // the terminator
    return text;
  }

  std::vector<std::string> Rows() {
    std::vector<std::string> rows;
    while (pos < lines.size() && !lines[pos].empty()) rows.push_back(lines[pos++]);
    return rows;
  }

  int Run(const std::string& path) {
    file = path;
    std::ifstream in(path);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    store = testing::OpenOrDie(dir / "store");
    while (pos < lines.size()) {
      std::string line = lines[pos];
      size_t case_line = ++pos;
      if (line.empty() || line[0] == '#') continue;
      std::istringstream words(line);
      std::string word;
      words >> word;
      if (word == "load") {
        std::string kind, at;
        words >> kind;
        if (kind == "metrics") {
          Commit();
          std::string csv = dir / ("f" + std::to_string(csv_count++) + ".csv");
          std::ofstream(csv) << Block("end");
          CommitInfo info;
          info.command = "query test load metrics";
          auto r = loaders::LoadMetrics(*store, csv, info);
          if (!r.ok()) Fail(case_line, "load metrics failed: " + r.status().ToString());
          continue;
        }
        if (kind == "openlineage") {
          Commit();
          std::string ndjson = dir / ("f" + std::to_string(csv_count++) + ".ndjson");
          std::ofstream(ndjson) << Block("end");
          loaders::OpenLineageLoadOptions options;
          options.inputs = {ndjson};
          CommitInfo info;
          info.command = "query test load openlineage";
          auto r = loaders::LoadOpenLineage(*store, options, info);
          if (!r.ok()) Fail(case_line, "load openlineage failed: " + r.status().ToString());
          continue;
        }
        if (kind == "at") {
          words >> at >> kind;
          Timestamp t = *ParseTimestamp(at);
          // Loads at the same time join one batch; another time starts a new one.
          if ((!pending.node_files.empty() || !pending.edge_files.empty()) && pending.at != t) Commit();
          pending.at = t;
        } else if (pending.node_files.empty() && pending.edge_files.empty()) {
          pending.at = *ParseTimestamp("2024-01-01T00:00:00Z");
        }
        std::string csv = dir / ("f" + std::to_string(csv_count++) + ".csv");
        std::ofstream(csv) << Block("end");
        (kind == "nodes" ? pending.node_files : pending.edge_files).push_back(csv);
        continue;
      }
      Commit();
      if (word == "param") {
        std::string name, value;
        words >> name;
        std::getline(words >> std::ws, value);
        params[name] = query::ParseParamValue(value);
      } else if (word == "reopen") {
        store.reset();
        store = testing::OpenOrDie(dir / "store");
      } else if (word == "query" || word == "error") {
        std::string mode;
        words >> mode;
        std::string text = Block("----");
        std::vector<std::string> expected = Rows();
        auto result = query::RunQuery(text, store->graph(), params, &store->series());
        if (word == "error") {
          std::string got = result.ok() ? "<no error>" : result.status().ToString();
          if (expected.empty() || got != expected[0]) {
            Fail(case_line, "query:\n" + text + "expected error: " + (expected.empty() ? "" : expected[0]) +
                                "\n     got error: " + got);
          } else {
            ++passed;
          }
          continue;
        }
        if (!result.ok()) {
          Fail(case_line, "query:\n" + text + "error: " + result.status().ToString());
          continue;
        }
        std::vector<std::string> got;
        for (const auto& row : result->rows) {
          std::string cells;
          for (size_t i = 0; i < row.size(); ++i) {
            cells += (i ? " | " : "") + query::ToCellText(row[i], store->graph(), result->at);
          }
          got.push_back(cells);
        }
        if (mode == "unordered") {
          std::sort(got.begin(), got.end());
          std::sort(expected.begin(), expected.end());
        }
        if (got != expected) {
          std::string msg = "query:\n" + text + "expected:\n";
          for (auto& r : expected) msg += "  " + r + "\n";
          msg += "got:\n";
          for (auto& r : got) msg += "  " + r + "\n";
          Fail(case_line, msg);
        } else {
          ++passed;
        }
      } else {
        Fail(case_line, "unknown directive '" + word + "'");
      }
    }
    std::cout << file << ": " << passed << " passed, " << failed << " failed\n";
    return failed == 0 && passed > 0 ? 0 : 1;
  }
};

}  // namespace
}  // namespace provgraph

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: query_test_runner FILE.test\n";
    return 2;
  }
  return provgraph::Runner().Run(argv[1]);
}
