// The small graph the planner's execution tests run queries on, loaded
// into a fresh store per test:
//   FEEDS: a -> b -> c -> a (a cycle), c -> d, e -> d; OTHER: d -> y;
//   x stands alone. Labels: a..e are N, x and y are M; w = 1..7 in order.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "engine/store.h"
#include "loaders/csv_loader.h"
#include "tests/test_util.h"

namespace provgraph::query {

class SmallGraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenOrDie(dir_ / "store");
    LoadBatch("base", ":ID,:LABEL,w:int\na,N,1\nb,N,2\nc,N,3\nd,N,4\ne,N,5\nx,M,6\ny,M,7\n",
              ":START_ID,:END_ID,:TYPE\na,b,FEEDS\nb,c,FEEDS\nc,a,FEEDS\nc,d,FEEDS\ne,d,FEEDS\nd,y,OTHER\n",
              "2024-01-01T00:00:00Z");
  }

  // Loads one CSV batch (node and edge file texts) valid from `at`.
  void LoadBatch(const std::string& name, const std::string& nodes, const std::string& edges, const char* at) {
    testing::WriteFile(dir_ / (name + "-nodes.csv"), nodes);
    testing::WriteFile(dir_ / (name + "-edges.csv"), edges);
    loaders::CsvLoadOptions opts;
    opts.node_files = {dir_ / (name + "-nodes.csv")};
    opts.edge_files = {dir_ / (name + "-edges.csv")};
    opts.at = testing::T(at);
    CommitInfo info;
    info.command = "test";
    auto r = loaders::LoadCsv(*store_, opts, info);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace provgraph::query
