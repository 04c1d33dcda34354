// FacetMemo: an application is reusable only for equal content, an
// unchanged close count and marks generation, and a time not before it.
#include "loaders/openlineage/facet_memo.h"

#include <gtest/gtest.h>

namespace provgraph::loaders::openlineage {
namespace {

using nlohmann::json;

const json kSchema = json::parse(R"({"_producer":"p","fields":[{"name":"a","type":"INT"}]})");

TEST(FacetMemoTest, NothingRememberedIsNeverUnchanged) {
  FacetMemo memo;
  EXPECT_FALSE(memo.Unchanged("db:t", "schema", kSchema, 0, 0, 10));
}

TEST(FacetMemoTest, SameContentStampAndLaterTimeIsUnchanged) {
  FacetMemo memo;
  memo.Remember("db:t", "schema", kSchema, FacetStamp{3, 7, 10}, true);
  EXPECT_TRUE(memo.Unchanged("db:t", "schema", kSchema, 3, 7, 10));
  EXPECT_TRUE(memo.Unchanged("db:t", "schema", kSchema, 3, 7, 11));
  // The same object written with its members in another order is equal.
  EXPECT_TRUE(memo.Unchanged("db:t", "schema", json::parse(R"({"fields":[{"type":"INT","name":"a"}],"_producer":"p"})"),
                             3, 7, 11));
}

TEST(FacetMemoTest, AnyDifferenceIsChanged) {
  FacetMemo memo;
  memo.Remember("db:t", "schema", kSchema, FacetStamp{3, 7, 10}, true);
  EXPECT_FALSE(memo.Unchanged("db:t", "schema", kSchema, 4, 7, 10));  // a close since
  EXPECT_FALSE(memo.Unchanged("db:t", "schema", kSchema, 3, 8, 10));  // a mark since
  EXPECT_FALSE(memo.Unchanged("db:t", "schema", kSchema, 3, 7, 9));   // an earlier time
  EXPECT_FALSE(memo.Unchanged("db:t", "schema",
                              json::parse(R"({"_producer":"p","fields":[{"name":"a","type":"BIGINT"}]})"), 3, 7, 10));
  EXPECT_FALSE(memo.Unchanged("db:u", "schema", kSchema, 3, 7, 10));
  EXPECT_FALSE(memo.Unchanged("db:t", "columnLineage", kSchema, 3, 7, 10));
}

TEST(FacetMemoTest, ALaterApplicationReplacesTheStampAndANonReusableOneForgets) {
  FacetMemo memo;
  memo.Remember("db:t", "schema", kSchema, FacetStamp{3, 7, 10}, true);
  memo.Remember("db:t", "schema", kSchema, FacetStamp{5, 9, 20}, true);
  EXPECT_FALSE(memo.Unchanged("db:t", "schema", kSchema, 3, 7, 20));
  EXPECT_TRUE(memo.Unchanged("db:t", "schema", kSchema, 5, 9, 20));
  memo.Remember("db:t", "schema", kSchema, FacetStamp{5, 9, 30}, false);
  EXPECT_FALSE(memo.Unchanged("db:t", "schema", kSchema, 5, 9, 30));
  EXPECT_EQ(memo.size(), 0u);
}

}  // namespace
}  // namespace provgraph::loaders::openlineage
