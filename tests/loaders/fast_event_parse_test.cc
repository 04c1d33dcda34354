// FastEventParser (simdjson) against nlohmann_json's own parser: every text
// it takes gives the same value with the same number types; the texts where
// the two parsers could differ are declined (the reader then uses
// nlohmann). And the loader: events taking the fast path and events falling
// back to nlohmann in one ndjson file give the graph the nlohmann-only path
// (a .json array file) gives, with hand-derived values. DeferredRelease
// destroys what it is given on another thread, by Join().
#include "loaders/openlineage/fast_event_parse.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/store.h"
#include "loaders/openlineage/deferred_release.h"
#include "loaders/openlineage/openlineage_loader.h"
#include "tests/engine/graph_dump.h"
#include "tests/test_util.h"

namespace provgraph::loaders::openlineage {
namespace {

using provgraph::testing::OpenOrDie;
using provgraph::testing::TempDir;
using provgraph::testing::WriteFile;

// Equal values and equal nlohmann types at every node (json == compares
// numbers across types, so the types are checked separately).
void ExpectSameTree(const nlohmann::json& a, const nlohmann::json& b, const std::string& at = "") {
  ASSERT_EQ(a.type(), b.type()) << at;
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << at;
    for (auto it = a.begin(), jt = b.begin(); it != a.end(); ++it, ++jt) {
      ASSERT_EQ(it.key(), jt.key()) << at;
      ExpectSameTree(*it, *jt, at + "/" + it.key());
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << at;
    for (size_t i = 0; i < a.size(); ++i) ExpectSameTree(a[i], b[i], at + "/" + std::to_string(i));
  } else {
    EXPECT_EQ(a, b) << at;
  }
}

// Parses `text` both with padding (no copy) and without (simdjson copies).
bool FastParse(const std::string& text, nlohmann::json& out) {
  FastEventParser parser;
  std::string padded = text + std::string(kFastParsePadding, ' ');
  nlohmann::json unpadded;
  bool a = parser.Parse(std::string_view(padded.data(), text.size()), padded.size(), out);
  bool b = parser.Parse(text, text.size(), unpadded);
  EXPECT_EQ(a, b) << text;
  if (a && b) ExpectSameTree(out, unpadded);
  return a;
}

TEST(FastEventParseTest, TakenTextsGiveNlohmannsValueAndTypes) {
  const char* texts[] = {
      R"({"a":1,"b":-2,"c":1.5,"d":-0.0,"e":true,"f":false,"g":null,"h":"x"})",
      R"({"big":18446744073709551615,"i64min":-9223372036854775808,"i64max":9223372036854775807})",
      R"({"esc":"\"\\\/\b\f\n\r\t\u00e9\u20ac\ud83d\ude00","utf8":"é€😀","nul":"a\u0000b"})",
      R"({"e":1e2,"f":1E-2,"g":123456789012345678901234567890.5,"h":0.1,"i":5e-324})",
      R"({"nested":{"x":[1,[2,{"y":[]}],{}],"z":{"":""}},"empty":[],"o":{}})",
      R"(  {"runId":"0a1b2c3d-0e0f-4a0b-8c0d-0e0f0a0b0c0d","t":"x-0"}  )",
      "{\"crlf\": 1}\r",
      R"([1,"two",3.0])",
      R"("just a string")",
  };
  for (const char* text : texts) {
    SCOPED_TRACE(text);
    nlohmann::json fast;
    ASSERT_TRUE(FastParse(text, fast));
    ExpectSameTree(fast, nlohmann::json::parse(text));
  }
  // Duplicate keys: nlohmann's DOM parser keeps the last value (and so must we).
  nlohmann::json dup;
  ASSERT_TRUE(FastParse(R"({"a":1,"a":{"b":2}})", dup));
  EXPECT_EQ(dup.dump(), R"({"a":{"b":2}})");
  // Non-negative integers are nlohmann's unsigned type, negative ones signed.
  nlohmann::json ints;
  ASSERT_TRUE(FastParse(R"([0,7,-7,1.0])", ints));
  EXPECT_TRUE(ints[0].is_number_unsigned());
  EXPECT_TRUE(ints[1].is_number_unsigned());
  EXPECT_TRUE(ints[2].is_number_integer() && !ints[2].is_number_unsigned());
  EXPECT_TRUE(ints[3].is_number_float());
}

TEST(FastEventParseTest, DeclinesTextsWhereTheParsersCouldDiffer) {
  const char* texts[] = {
      R"({"n":-0})",                    // nlohmann: signed 0; simdjson gives no sign
      R"([1, -0 ,2])",                  // the same inside an array
      R"({"n":18446744073709551616})",  // past uint64: nlohmann makes it a double
      "\xEF\xBB\xBF{\"a\":1}",          // a UTF-8 BOM: nlohmann skips it
      R"({"s":"\udc00"})",              // lone surrogate: invalid
      R"({"a":1} x)",                   // trailing text: invalid
      R"({"a":1,})",                    // invalid
      "{\"s\":\"a\x01\"}",              // unescaped control character: invalid
      "{\"s\":\"\xC3\"}",               // invalid UTF-8
      R"({"n":1e400})",                 // overflow: invalid for both
      "",                               // empty
  };
  for (const char* text : texts) {
    SCOPED_TRACE(text);
    nlohmann::json out;
    EXPECT_FALSE(FastParse(text, out));
  }
}

// --- DeferredRelease ---------------------------------------------------------

// Records which thread destroyed it.
struct Witness {
  std::atomic<int>* destroyed;
  std::thread::id* by;
  Witness(std::atomic<int>* d, std::thread::id* b) : destroyed(d), by(b) {}
  Witness(Witness&& o) noexcept : destroyed(std::exchange(o.destroyed, nullptr)), by(o.by) {}
  ~Witness() {
    if (!destroyed) return;  // moved from
    *by = std::this_thread::get_id();
    destroyed->fetch_add(1);
  }
};

// The raw facet texts: `facets.schema` / `facets.columnLineage` of the
// event's dataset, inputs[i] and outputs[i], minified (written out by hand
// below), the last of duplicate keys as nlohmann keeps; each parses to the
// very value nlohmann gives at that place. Other facets and other places
// (inputFacets, run facets) are not taken.
TEST(FastEventParseTest, RawFacetsAreTheRepeatableFacetTextsByPlace) {
  const std::string text = R"({"run": {"facets": {"schema": {"x": 1}}},
    "inputs": [{"name": "a", "facets": {"schema": {"fields": [ {"name": "c1", "type": "INT"} ]}, "other": {}},
                "inputFacets": {"schema": {"y": 2}}},
               {"name": "b"}],
    "outputs": [{"facets": {"columnLineage": {"v": 1}}, "facets": {"columnLineage": {"v": 2}}},
                {"facets": {"schema": {"fields": []}, "columnLineage": {"fields": {"c": {"inputFields": []}}}}}]})";
  std::string padded = text + std::string(kFastParsePadding, ' ');
  FastEventParser fast;
  nlohmann::json value;
  std::vector<RawFacet> raw;
  ASSERT_TRUE(fast.Parse(std::string_view(padded.data(), text.size()), padded.size(), value, &raw));
  ASSERT_EQ(raw.size(), 4u);
  EXPECT_EQ(raw[0].side, RawFacet::kInputs);
  EXPECT_EQ(raw[0].index, 0u);
  EXPECT_EQ(raw[0].name, "schema");
  EXPECT_EQ(raw[0].text, R"({"fields":[{"name":"c1","type":"INT"}]})");
  EXPECT_EQ(raw[1].side, RawFacet::kOutputs);
  EXPECT_EQ(raw[1].index, 0u);
  EXPECT_EQ(raw[1].name, "columnLineage");
  EXPECT_EQ(raw[1].text, R"({"v":2})");  // the second "facets" wins
  EXPECT_EQ(raw[2].side, RawFacet::kOutputs);
  EXPECT_EQ(raw[2].index, 1u);
  EXPECT_EQ(raw[2].name, "schema");
  EXPECT_EQ(raw[2].text, R"({"fields":[]})");
  EXPECT_EQ(raw[3].name, "columnLineage");
  EXPECT_EQ(raw[3].text, R"({"fields":{"c":{"inputFields":[]}}})");
  const nlohmann::json expected = nlohmann::json::parse(text);
  EXPECT_EQ(nlohmann::json::parse(raw[0].text), expected["inputs"][0]["facets"]["schema"]);
  EXPECT_EQ(nlohmann::json::parse(raw[1].text), expected["outputs"][0]["facets"]["columnLineage"]);
  EXPECT_EQ(nlohmann::json::parse(raw[3].text), expected["outputs"][1]["facets"]["columnLineage"]);

  // A dataset event's own dataset.
  const std::string dataset_event = R"({"dataset": {"facets": {"columnLineage": {"a": "b"}}}})";
  padded = dataset_event + std::string(kFastParsePadding, ' ');
  raw.clear();
  ASSERT_TRUE(fast.Parse(std::string_view(padded.data(), dataset_event.size()), padded.size(), value, &raw));
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_EQ(raw[0].side, RawFacet::kDataset);
  EXPECT_EQ(raw[0].text, R"({"a":"b"})");
}

TEST(DeferredReleaseTest, DestroysOnAnotherThreadByJoin) {
  std::atomic<int> destroyed{0};
  std::thread::id by1, by2;
  {
    DeferredRelease release;
    release.Release(Witness(&destroyed, &by1));
    release.Release(std::make_unique<Witness>(&destroyed, &by2));
    release.Join();
    EXPECT_EQ(destroyed.load(), 2);
    EXPECT_NE(by1, std::this_thread::get_id());
    EXPECT_NE(by2, std::this_thread::get_id());
    release.Release(Witness(&destroyed, &by1));
  }  // the destructor joins
  EXPECT_EQ(destroyed.load(), 3);
}

// --- the loader: fast path and fallback in one file -----------------------

const char kEventHead[] = R"({"eventType":"COMPLETE","producer":"https://example.com/test",)"
                          R"("schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",)";

std::string RunEvent(const std::string& time, const std::string& run_id, const std::string& custom_facet) {
  return std::string(kEventHead) + R"("eventTime":")" + time + R"(","run":{"runId":")" + run_id +
         R"(","facets":{"custom":)" + custom_facet + R"(}},"job":{"namespace":"ns","name":"j"},)" +
         R"("inputs":[{"namespace":"db","name":"in"}],"outputs":[{"namespace":"db","name":"out"}]})";
}

class FastPathLoadTest : public ::testing::Test {
 protected:
  std::string Load(Store& store, const std::vector<std::string>& inputs, OnError on_error = OnError::kFail) {
    OpenLineageLoadOptions options;
    options.inputs = inputs;
    options.on_error = on_error;
    CommitInfo info;
    info.actor = "tester";
    info.command = "load openlineage";
    auto r = LoadOpenLineage(store, options, info);
    if (!r.ok()) return r.status().ToString();
    skipped_ = r->summary.bad.size();
    return "";
  }
  std::string RunFacet(const Store& store, const std::string& run_id) {
    const Graph& g = store.graph();
    auto id = g.FindNode("Run", run_id);
    auto p = g.property_keys().Find("facet.custom");
    if (!id || !p) return "<none>";
    const Value* v = g.Property(EntityKind::kNode, *id, *p, kLatest);
    return v ? v->as_string() : "<none>";
  }

  TempDir dir_;
  size_t skipped_ = 0;
};

TEST_F(FastPathLoadTest, FastAndFallbackEventsInOneFileGiveTheNlohmannGraph) {
  const std::string r1 = "11111111-1111-4111-8111-111111111111";
  const std::string r2 = "22222222-2222-4222-8222-222222222222";
  const std::string r3 = "33333333-3333-4333-8333-333333333333";
  const std::string r4 = "44444444-4444-4444-8444-444444444444";
  // Line 1 takes the fast path; line 2 holds a "-0" integer, line 3 a
  // number past uint64, line 4 starts with a BOM: all three fall back.
  const std::vector<std::string> events = {
      RunEvent("2024-01-01T00:00:00Z", r1, R"({"_producer":"p","_schemaURL":"s","z":"\u00e9","a":[1,-2,0.5]})"),
      RunEvent("2024-01-02T00:00:00Z", r2, R"({"_producer":"p","n":-0,"m":3})"),
      RunEvent("2024-01-03T00:00:00Z", r3, R"({"big":18446744073709551616})"),
      RunEvent("2024-01-04T00:00:00Z", r4, R"({"k":"v"})"),
  };
  std::string ndjson;
  for (size_t i = 0; i < events.size(); ++i) ndjson += (i == 3 ? "\xEF\xBB\xBF" : "") + events[i] + "\n";
  std::string mixed = dir_ / "mixed.ndjson";
  WriteFile(mixed, ndjson);
  auto fast_store = OpenOrDie(dir_ / "fast");
  ASSERT_EQ(Load(*fast_store, {mixed}), "");

  // The unmapped facet is kept as nlohmann's dump() of the facet without
  // _producer/_schemaURL: keys sorted, "\u00e9" as UTF-8, "-0" as 0, the
  // number past uint64 as a double (2^64 = 1.8446744073709552e19).
  EXPECT_EQ(RunFacet(*fast_store, r1), "{\"a\":[1,-2,0.5],\"z\":\"\xC3\xA9\"}");
  EXPECT_EQ(RunFacet(*fast_store, r2), R"({"m":3,"n":0})");
  EXPECT_EQ(RunFacet(*fast_store, r3), R"({"big":1.8446744073709552e+19})");
  EXPECT_EQ(RunFacet(*fast_store, r4), R"({"k":"v"})");

  // The same events as one .json array: nlohmann's parser only.
  std::string array = "[";
  for (size_t i = 0; i < events.size(); ++i) array += (i ? ",\n" : "\n") + events[i];
  std::string slow = dir_ / "slow.json";
  WriteFile(slow, array + "\n]\n");
  auto slow_store = OpenOrDie(dir_ / "slow");
  ASSERT_EQ(Load(*slow_store, {slow}), "");
  EXPECT_EQ(provgraph::testing::DumpGraph(fast_store->graph()), provgraph::testing::DumpGraph(slow_store->graph()));
}

TEST_F(FastPathLoadTest, InvalidJsonFallsBackToNlohmannsMessage) {
  const std::string good = RunEvent("2024-01-01T00:00:00Z", "11111111-1111-4111-8111-111111111111", "{}");
  // A lone low surrogate: simdjson rejects it, so does nlohmann, whose
  // message (the oracle: nlohmann itself) is the one reported.
  const std::string bad = R"({"eventTime":"\udc00"})";
  std::string nlohmann_message;
  try {
    nlohmann::json parsed = nlohmann::json::parse(bad);
    ADD_FAILURE() << "nlohmann parsed " << parsed.dump();
  } catch (const nlohmann::json::parse_error& e) {
    nlohmann_message = e.what();
  }
  ASSERT_FALSE(nlohmann_message.empty());
  std::string path = dir_ / "bad.ndjson";
  WriteFile(path, good + "\n" + bad + "\n");
  auto store = OpenOrDie(dir_ / "s");
  EXPECT_EQ(Load(*store, {path}), path + ":2: invalid JSON: " + nlohmann_message);
  EXPECT_EQ(store->last_seq(), 0u);
  // With skip, the good event loads.
  ASSERT_EQ(Load(*store, {path}, OnError::kSkip), "");
  EXPECT_EQ(skipped_, 1u);
  EXPECT_TRUE(store->graph().FindNode("Run", "11111111-1111-4111-8111-111111111111").has_value());
}

}  // namespace
}  // namespace provgraph::loaders::openlineage
