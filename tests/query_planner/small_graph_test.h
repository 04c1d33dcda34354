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
    testing::WriteFile(dir_ / "nodes.csv", ":ID,:LABEL,w:int\na,N,1\nb,N,2\nc,N,3\nd,N,4\ne,N,5\nx,M,6\ny,M,7\n");
    testing::WriteFile(dir_ / "edges.csv",
                       ":START_ID,:END_ID,:TYPE\na,b,FEEDS\nb,c,FEEDS\nc,a,FEEDS\nc,d,FEEDS\ne,d,FEEDS\nd,y,OTHER\n");
    loaders::CsvLoadOptions opts;
    opts.node_files = {dir_ / "nodes.csv"};
    opts.edge_files = {dir_ / "edges.csv"};
    opts.at = testing::T("2024-01-01T00:00:00Z");
    CommitInfo info;
    info.command = "test";
    auto r = loaders::LoadCsv(*store_, opts, info);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace provgraph::query
