// AppendJsonText / AppendCellText (query/runtime/value_text.h): the output
// text of nodes, edges, paths and values written directly. Expected texts
// were derived with Debian's python3: json.dumps(x, ensure_ascii=False,
// sort_keys=True, separators=(",", ":")) (the same escaping and float
// forms as nlohmann's dump), and every case is also checked against
// ToJson(...).dump(), the nlohmann form the output had before.
#include "query/runtime/value_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/store.h"
#include "tests/test_util.h"

namespace provgraph::query {
namespace {

using testing::CommitOrDie;
using testing::OpenOrDie;
using testing::T;
using testing::TempDir;

std::string Json(const QueryValue& v, const Graph& g, BadUtf8 bad = BadUtf8::kThrow) {
  std::string out;
  AppendJsonText(out, v, g, kLatest, bad);
  return out;
}

std::string Nlohmann(const QueryValue& v, const Graph& g, BadUtf8 bad = BadUtf8::kThrow) {
  return ToJson(v, g, kLatest)
      .dump(-1, ' ', false,
            bad == BadUtf8::kReplace ? nlohmann::json::error_handler_t::replace
                                     : nlohmann::json::error_handler_t::strict);
}

class ValueTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrDie(dir_.path());
    Batch b;
    auto at = T("2024-03-01T00:00:00Z");
    auto n = b.UpsertNode({"Dataset", "Table"}, "k,\"1\"", at);
    // Set in an order other than the names' order: the output sorts them.
    b.SetProperty(n, "zeta", Value(ValueList{Value(int64_t{1}), Value(), Value("x")}), at);
    b.SetProperty(n, "alpha", Value("a\nb"), at);
    b.SetProperty(n, "big", Value(1e20), at);
    b.SetProperty(n, "small", Value(1.5e-7), at);
    b.SetProperty(n, "neg", Value(-0.0), at);
    b.SetProperty(n, "tenth", Value(0.1), at);
    b.SetProperty(n, "int", Value(int64_t{-42}), at);
    b.SetProperty(n, "t", Value(true), at);
    auto m = b.UpsertNode({"Job"}, "j", at);
    b.SetProperty(m, "nan", Value(std::nan("")), at);
    b.SetProperty(m, "inf", Value(std::numeric_limits<double>::infinity()), at);
    b.SetProperty(m, "minf", Value(-std::numeric_limits<double>::infinity()), at);
    b.SetProperty(m, "when", Value(T("2024-02-29T12:30:00Z")), at);
    b.SetProperty(m, "none", Value(), at);
    auto e = b.UpsertEdge("FEEDS", n, m, at);
    b.SetEdgeProperty(e, "w", Value(int64_t{7}), at);
    b.SetEdgeProperty(e, "note", Value("tab\there"), at);
    auto bad = b.UpsertNode({"Bad"}, "b", at);
    b.SetProperty(bad, "s",
                  Value(std::string("ok\xff"
                                    "end")),
                  at);
    CommitOrDie(*store_, b);
    n_ = *g().FindNode("Dataset", "k,\"1\"");
    m_ = *g().FindNode("Job", "j");
    bad_ = *g().FindNode("Bad", "b");
  }
  const Graph& g() { return store_->graph(); }
  TempDir dir_;
  std::unique_ptr<Store> store_;
  NodeId n_ = 0, m_ = 0, bad_ = 0;
};

TEST_F(ValueTextTest, StringEscapes) {
  std::string out;
  AppendJsonString(out, "q\"b\\s/\n\r\t\b\f\x01\x1f\x7f \xc3\xa9\xf0\x9f\x98\x80", BadUtf8::kThrow);
  // python3: json.dumps('q"b\\s/\n\r\t\b\f\x01\x1f\x7f é😀', ensure_ascii=False)
  EXPECT_EQ(out, "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f \xc3\xa9\xf0\x9f\x98\x80\"");
  EXPECT_EQ(out, nlohmann::json("q\"b\\s/\n\r\t\b\f\x01\x1f\x7f \xc3\xa9\xf0\x9f\x98\x80").dump());
  out.clear();
  AppendJsonString(out, "", BadUtf8::kThrow);
  EXPECT_EQ(out, "\"\"");
  out.clear();
  AppendJsonString(out, std::string("a\0b", 3), BadUtf8::kThrow);
  EXPECT_EQ(out, "\"a\\u0000b\"");
}

TEST_F(ValueTextTest, NodeWithLabelsAndTypedProperties) {
  QueryValue v(NodeRef{n_});
  // Keys id, key, labels, properties in byte order; properties sorted by
  // name; 1e20 and 1.5e-7 in exponent form, -0.0 keeps its sign.
  std::string want = "{\"id\":" + std::to_string(n_) +
                     ",\"key\":\"k,\\\"1\\\"\",\"labels\":[\"Dataset\",\"Table\"],\"properties\":{\"alpha\":\"a\\nb\","
                     "\"big\":1e+20,\"int\":-42,\"neg\":-0.0,\"small\":1.5e-07,\"t\":true,\"tenth\":0.1,"
                     "\"zeta\":[1,null,\"x\"]}}";
  EXPECT_EQ(Json(v, g()), want);
  EXPECT_EQ(Json(v, g()), Nlohmann(v, g()));
  // The cell text of a node is its JSON text.
  EXPECT_EQ(ToCellText(v, g(), kLatest), want);
}

TEST_F(ValueTextTest, NonFiniteFloatsAreStringsAndTimestampsAreText) {
  QueryValue v(NodeRef{m_});
  std::string want = "{\"id\":" + std::to_string(m_) +
                     ",\"key\":\"j\",\"labels\":[\"Job\"],\"properties\":{\"inf\":\"Infinity\",\"minf\":\"-Infinity\","
                     "\"nan\":\"NaN\",\"none\":null,\"when\":\"2024-02-29T12:30:00Z\"}}";
  EXPECT_EQ(Json(v, g()), want);
  EXPECT_EQ(Json(v, g()), Nlohmann(v, g()));
  // Computed floats as well.
  EXPECT_EQ(Json(QueryValue(std::nan("")), g()), "\"NaN\"");
  EXPECT_EQ(Json(QueryValue(-std::numeric_limits<double>::infinity()), g()), "\"-Infinity\"");
  EXPECT_EQ(Json(QueryValue(2.5), g()), "2.5");
  EXPECT_EQ(Json(QueryValue(3.0), g()), "3.0");
  EXPECT_EQ(ToCellText(QueryValue(std::nan("")), g(), kLatest), "\"NaN\"");
}

TEST_F(ValueTextTest, EdgeAndPath) {
  EdgeId e = g().FindEdge(n_, *g().edge_types().Find("FEEDS"), m_).value();
  QueryValue edge(EdgeRef{e});
  std::string edge_text = "{\"id\":" + std::to_string(e) +
                          ",\"properties\":{\"note\":\"tab\\there\",\"w\":7},\"source\":" + std::to_string(n_) +
                          ",\"target\":" + std::to_string(m_) + ",\"type\":\"FEEDS\"}";
  EXPECT_EQ(Json(edge, g()), edge_text);
  EXPECT_EQ(Json(edge, g()), Nlohmann(edge, g()));
  QueryValue path(PathValue{{n_, m_}, {e}});
  EXPECT_EQ(Json(path, g()), "{\"edges\":[" + edge_text + "],\"nodes\":[" + Json(QueryValue(NodeRef{n_}), g()) + "," +
                                 Json(QueryValue(NodeRef{m_}), g()) + "]}");
  EXPECT_EQ(Json(path, g()), Nlohmann(path, g()));
  QueryValue empty_path(PathValue{{n_}, {}});
  EXPECT_EQ(Json(empty_path, g()), Nlohmann(empty_path, g()));
}

TEST_F(ValueTextTest, NestedListsAndMapsAndScalars) {
  QueryMap inner{{"b", QueryValue(int64_t{2})}, {"a", QueryValue()}};
  QueryMap outer{{"z\"", QueryValue(QueryList{QueryValue(true), QueryValue(inner), QueryValue(QueryList{})})},
                 {"\xc3\xa9", QueryValue(QueryMap{})},
                 {"n", QueryValue(NodeRef{m_})}};
  QueryValue v(outer);
  // Map keys in byte order: "n" < "z\"" < "é" (0xC3 after ASCII).
  std::string want =
      "{\"n\":" + Json(QueryValue(NodeRef{m_}), g()) + ",\"z\\\"\":[true,{\"a\":null,\"b\":2},[]],\"\xc3\xa9\":{}}";
  EXPECT_EQ(Json(v, g()), want);
  EXPECT_EQ(Json(v, g()), Nlohmann(v, g()));
  EXPECT_EQ(Json(QueryValue(), g()), "null");
  EXPECT_EQ(Json(QueryValue(int64_t{-9223372036854775807 - 1}), g()), "-9223372036854775808");
  EXPECT_EQ(Json(QueryValue(false), g()), "false");
  EXPECT_EQ(Json(QueryValue(T("2024-01-02T03:04:05Z")), g()), "\"2024-01-02T03:04:05Z\"");
  EXPECT_EQ(Json(QueryValue(Duration{1, 2, 3000000}), g()), Nlohmann(QueryValue(Duration{1, 2, 3000000}), g()));
  // Cell text: strings, timestamps and durations bare, null as null.
  EXPECT_EQ(ToCellText(QueryValue(std::string("a\"b")), g(), kLatest), "a\"b");
  EXPECT_EQ(ToCellText(QueryValue(), g(), kLatest), "null");
  EXPECT_EQ(ToCellText(QueryValue(T("2024-01-02T03:04:05Z")), g(), kLatest), "2024-01-02T03:04:05Z");
  EXPECT_EQ(ToCellText(v, g(), kLatest), want);
}

TEST_F(ValueTextTest, InvalidUtf8AsNlohmannHandlesIt) {
  QueryValue v(NodeRef{bad_});
  // replace: the bad byte becomes U+FFFD (EF BF BD).
  EXPECT_EQ(Json(v, g(), BadUtf8::kReplace), "{\"id\":" + std::to_string(bad_) +
                                                 ",\"key\":\"b\",\"labels\":[\"Bad\"],\"properties\":{\"s\":"
                                                 "\"ok\xef\xbf\xbd"
                                                 "end\"}}");
  EXPECT_EQ(Json(v, g(), BadUtf8::kReplace), Nlohmann(v, g(), BadUtf8::kReplace));
  // strict: nlohmann's exception, with its message (byte index in the string).
  try {
    Json(v, g(), BadUtf8::kThrow);
    FAIL() << "no exception";
  } catch (const nlohmann::json::type_error& e) {
    EXPECT_EQ(std::string(e.what()), "[json.exception.type_error.316] invalid UTF-8 byte at index 2: 0xFF");
  }
  // Overlong, surrogate, truncated and out-of-range forms are invalid too;
  // a four-byte character at the very end is valid.
  for (const char* s : {"\xc0\x80", "\xed\xa0\x80", "ab\xe2\x82", "\xf4\x90\x80\x80", "\x80"}) {
    std::string out;
    AppendJsonString(out, s, BadUtf8::kReplace);
    EXPECT_EQ(out, nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) << s;
    EXPECT_THROW(AppendJsonString(out, s, BadUtf8::kThrow), nlohmann::json::type_error) << s;
  }
  std::string out;
  AppendJsonString(out, "12345678\xf4\x8f\xbf\xbf", BadUtf8::kThrow);
  EXPECT_EQ(out, "\"12345678\xf4\x8f\xbf\xbf\"");
}

}  // namespace
}  // namespace provgraph::query
