#include "loaders/openlineage/fast_event_parse.h"

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <utility>

namespace provgraph::loaders::openlineage {

static_assert(kFastParsePadding >= simdjson::SIMDJSON_PADDING);

namespace {

// nlohmann stores the integer "-0" as a signed 0, simdjson gives no sign
// for it: texts holding a "-0" integer (after ':', ',' or '[') go to
// nlohmann. A match inside a string only costs the fast path.
bool HasNegativeZeroInteger(std::string_view text) {
  for (size_t i = text.find("-0"); i != std::string_view::npos; i = text.find("-0", i + 1)) {
    char next = i + 2 < text.size() ? text[i + 2] : ' ';
    if ((next >= '0' && next <= '9') || next == '.' || next == 'e' || next == 'E') continue;
    size_t p = i;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t' || text[p - 1] == '\r' || text[p - 1] == '\n')) --p;
    if (p == 0 || text[p - 1] == ':' || text[p - 1] == ',' || text[p - 1] == '[') return true;
  }
  return false;
}

// The nlohmann value of `e`, as nlohmann's own DOM parser builds it
// (objects: the last of duplicate keys wins; integers: unsigned unless
// negative).
void ToNlohmann(simdjson::dom::element e, nlohmann::json& out) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::OBJECT: {
      out = nlohmann::json::object();
      auto& object = out.get_ref<nlohmann::json::object_t&>();
      for (simdjson::dom::key_value_pair field : simdjson::dom::object(e)) {
        ToNlohmann(field.value, object[std::string(field.key)]);
      }
      return;
    }
    case element_type::ARRAY: {
      out = nlohmann::json::array();
      auto& array = out.get_ref<nlohmann::json::array_t&>();
      for (simdjson::dom::element item : simdjson::dom::array(e)) ToNlohmann(item, array.emplace_back());
      return;
    }
    case element_type::STRING:
      out = std::string(e.get_string().value_unsafe());
      return;
    case element_type::INT64: {
      int64_t v = e.get_int64().value_unsafe();
      if (v < 0) {
        out = v;
      } else {
        out = static_cast<uint64_t>(v);
      }
      return;
    }
    case element_type::UINT64:
      out = e.get_uint64().value_unsafe();
      return;
    case element_type::DOUBLE:
      out = e.get_double().value_unsafe();
      return;
    case element_type::BOOL:
      out = e.get_bool().value_unsafe();
      return;
    case element_type::NULL_VALUE:
      out = nullptr;
      return;
  }
}

// The last field `key` of `object`, as nlohmann keeps duplicates.
bool LastField(simdjson::dom::object object, std::string_view key, simdjson::dom::element& out) {
  bool found = false;
  for (simdjson::dom::key_value_pair field : object) {
    if (field.key == key) {
      out = field.value;
      found = true;
    }
  }
  return found;
}

// The texts of `facets.schema` / `facets.columnLineage` of one dataset.
void DatasetRawFacets(simdjson::dom::element dataset, RawFacet::Side side, uint32_t index, std::vector<RawFacet>& out) {
  simdjson::dom::element facets;
  if (dataset.type() != simdjson::dom::element_type::OBJECT ||
      !LastField(simdjson::dom::object(dataset), "facets", facets) ||
      facets.type() != simdjson::dom::element_type::OBJECT) {
    return;
  }
  for (std::string_view name : {std::string_view("schema"), std::string_view("columnLineage")}) {
    simdjson::dom::element facet;
    if (LastField(simdjson::dom::object(facets), name, facet)) {
      out.push_back(RawFacet{side, index, name, simdjson::to_string(facet)});
    }
  }
}

void EventRawFacets(simdjson::dom::element root, std::vector<RawFacet>& out) {
  if (root.type() != simdjson::dom::element_type::OBJECT) return;
  simdjson::dom::object event(root);
  simdjson::dom::element value;
  if (LastField(event, "dataset", value)) DatasetRawFacets(value, RawFacet::kDataset, 0, out);
  for (auto [key, side] : {std::pair{"inputs", RawFacet::kInputs}, std::pair{"outputs", RawFacet::kOutputs}}) {
    if (!LastField(event, key, value) || value.type() != simdjson::dom::element_type::ARRAY) continue;
    uint32_t index = 0;
    for (simdjson::dom::element dataset : simdjson::dom::array(value)) DatasetRawFacets(dataset, side, index++, out);
  }
}

}  // namespace

struct FastEventParser::Impl {
  simdjson::dom::parser parser;
};

FastEventParser::FastEventParser() : impl_(std::make_unique<Impl>()) {}
FastEventParser::~FastEventParser() = default;

bool FastEventParser::Parse(std::string_view text, size_t readable, nlohmann::json& out,
                            std::vector<RawFacet>* raw_facets) {
  if (HasNegativeZeroInteger(text)) return false;
  bool padded = readable >= text.size() + simdjson::SIMDJSON_PADDING;
  simdjson::dom::element root;
  if (impl_->parser.parse(text.data(), text.size(), !padded).get(root) != simdjson::SUCCESS) return false;
  ToNlohmann(root, out);
  if (raw_facets) EventRawFacets(root, *raw_facets);
  return true;
}

bool FastEventParser::PeekOrder(std::string_view text, size_t readable, Peek& out) {
  out = Peek{};
  bool padded = readable >= text.size() + simdjson::SIMDJSON_PADDING;
  simdjson::dom::element root;
  if (impl_->parser.parse(text.data(), text.size(), !padded).get(root) != simdjson::SUCCESS) return false;
  if (root.type() != simdjson::dom::element_type::OBJECT) return false;
  for (simdjson::dom::key_value_pair field : simdjson::dom::object(root)) {
    std::string_view key = field.key;
    bool is_string = field.value.type() == simdjson::dom::element_type::STRING;
    if (key == "eventTime") {
      out.has_event_time = is_string;
      out.event_time = is_string ? field.value.get_string().value_unsafe() : std::string_view();
    } else if (key == "eventType") {
      out.has_event_type = is_string;
      out.event_type = is_string ? field.value.get_string().value_unsafe() : std::string_view();
    } else if (key == "run") {
      out.has_run = true;
    } else if (key == "dataset") {
      out.has_dataset = true;
    } else if (key == "job") {
      out.has_job = true;
    }
  }
  return true;
}

}  // namespace provgraph::loaders::openlineage
