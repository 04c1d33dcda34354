#include "loaders/csv_loader.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "engine/batch_source.h"
#include "engine/dense_hash_index.h"
#include "engine/store.h"
#include "engine/time.h"
#include "loaders/csv_reader.h"

namespace provgraph::loaders {
namespace {

enum class ColumnKind { kId, kLabel, kStartId, kEndId, kType, kIgnore, kProperty };
enum class ScalarType { kInt, kDouble, kBool, kString, kDateTime, kDate };

struct Column {
  ColumnKind kind = ColumnKind::kProperty;
  std::string name;      // property name (also for name:ID)
  std::string id_space;  // for :ID / :START_ID / :END_ID
  ScalarType type = ScalarType::kString;
  bool array = false;
  std::string header;  // the header cell, for messages
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<ScalarType> ParseType(std::string_view t) {
  std::string l = Lower(t);
  if (l == "int" || l == "long" || l == "short" || l == "byte") return ScalarType::kInt;
  if (l == "float" || l == "double") return ScalarType::kDouble;
  if (l == "boolean") return ScalarType::kBool;
  if (l == "string" || l == "char") return ScalarType::kString;
  if (l == "datetime" || l == "localdatetime") return ScalarType::kDateTime;
  if (l == "date") return ScalarType::kDate;
  return std::nullopt;
}

const char* TypeWord(ScalarType t) {
  switch (t) {
    case ScalarType::kInt:
      return "an integer";
    case ScalarType::kDouble:
      return "a number";
    case ScalarType::kBool:
      return "a boolean (true or false)";
    case ScalarType::kString:
      return "a string";
    case ScalarType::kDateTime:
      return "a datetime";
    case ScalarType::kDate:
      return "a date";
  }
  return "?";
}

Result<Value> ParseScalar(std::string_view cell, ScalarType type) {
  // Built with append: GCC 12 at -O3 reports a false -Wrestrict on the
  // equivalent chain of operator+ (GCC bug 105329).
  auto bad = [&] {
    std::string msg = "'";
    msg.append(cell);
    msg.append("' is not ");
    msg.append(TypeWord(type));
    return Status::InvalidInput(msg);
  };
  switch (type) {
    case ScalarType::kInt: {
      std::string_view s = cell;
      if (!s.empty() && s.front() == '+') s.remove_prefix(1);
      int64_t v = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return bad();
      return Value(v);
    }
    case ScalarType::kDouble: {
      std::string_view s = cell;
      if (!s.empty() && s.front() == '+') s.remove_prefix(1);
      double v = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return bad();
      return Value(v);
    }
    case ScalarType::kBool: {
      std::string l = Lower(cell);
      if (l == "true") return Value(true);
      if (l == "false") return Value(false);
      return bad();
    }
    case ScalarType::kString:
      return Value(std::string(cell));
    case ScalarType::kDateTime:
    case ScalarType::kDate: {
      auto t = ParseTimestamp(cell);
      if (!t.ok()) return Status::InvalidInput(t.status().message());
      if (type == ScalarType::kDate && cell.size() != 10) return bad();
      return Value(*t);
    }
  }
  return bad();
}

Result<Column> ParseHeaderCell(std::string_view cell, bool nodes_file) {
  Column col;
  col.header = std::string(cell);
  auto colon = cell.rfind(':');
  // A '(' after the colon belongs to an id space: find the colon before it.
  if (auto paren = cell.find('(');
      paren != std::string_view::npos && colon != std::string_view::npos && colon > paren) {
    colon = cell.substr(0, paren).rfind(':');
  }
  std::string_view name = colon == std::string_view::npos ? cell : cell.substr(0, colon);
  std::string_view type = colon == std::string_view::npos ? std::string_view() : cell.substr(colon + 1);
  col.name = std::string(name);
  if (type.empty()) {
    if (name.empty()) return Status::InvalidInput("empty column header");
    return col;  // a string property
  }
  std::string_view base = type;
  if (auto paren = type.find('('); paren != std::string_view::npos) {
    if (type.back() != ')') return Status::InvalidInput("unclosed id space in header '" + col.header + "'");
    col.id_space = std::string(type.substr(paren + 1, type.size() - paren - 2));
    base = type.substr(0, paren);
  }
  std::string kind = Lower(base);
  auto special = [&](ColumnKind k, bool for_nodes) -> Result<Column> {
    if (for_nodes != nodes_file) {
      return Status::InvalidInput("column '" + col.header + "' belongs in a " +
                                  (for_nodes ? "nodes" : "relationships") + " file");
    }
    col.kind = k;
    return col;
  };
  if (kind == "id") return special(ColumnKind::kId, true);
  if (kind == "label") return special(ColumnKind::kLabel, true);
  if (kind == "start_id") return special(ColumnKind::kStartId, false);
  if (kind == "end_id") return special(ColumnKind::kEndId, false);
  if (kind == "type") return special(ColumnKind::kType, false);
  if (kind == "ignore") {
    col.kind = ColumnKind::kIgnore;
    return col;
  }
  if (!col.id_space.empty()) return Status::InvalidInput("an id space is only allowed on :ID, :START_ID and :END_ID");
  if (name.empty()) return Status::InvalidInput("column '" + col.header + "' has a type but no property name");
  std::string_view scalar = base;
  if (scalar.size() > 2 && scalar.substr(scalar.size() - 2) == "[]") {
    col.array = true;
    scalar.remove_suffix(2);
  }
  auto t = ParseType(scalar);
  if (!t) {
    return Status::InvalidInput("unknown type '" + std::string(base) + "' in column '" + col.header +
                                "' (expected int, long, float, double, boolean, string, datetime or date, "
                                "optionally with [])");
  }
  col.type = *t;
  return col;
}

// Called with the full current segment; returns the next one to fill, or
// nullptr to stop (the consumer gave up).
using SegmentSink = std::function<Batch*(Batch& full)>;

// Lines in a file (without holding it in memory), for capacity hints.
size_t CountLines(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  std::vector<char> buf(size_t{1} << 20);
  size_t lines = 0, n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) lines += std::count(buf.data(), buf.data() + n, '\n');
  std::fclose(f);
  return lines;
}

// Loads the rows of the node files, then the edge files, into the batch:
// one segment, or segments of about options.segment_ops ops handed to a
// sink.
class CsvBatchBuilder {
 public:
  CsvBatchBuilder(const CsvLoadOptions& options, Batch& batch, SegmentSink sink = nullptr)
      : options_(options), batch_(&batch), sink_(std::move(sink)) {
    for (const auto& f : options.node_files) total_bytes_ += FileSize(f);
    for (const auto& f : options.edge_files) total_bytes_ += FileSize(f);
  }

  Result<CsvLoadSummary> Run() {
    if (sink_) {
      // Segments are resolved as they come: tell the store the whole size.
      size_t nodes = 0, edges = 0;
      for (const auto& f : options_.node_files) nodes += CountLines(f);
      for (const auto& f : options_.edge_files) edges += CountLines(f);
      batch_->HintTotal(nodes, edges);
    }
    for (const auto& f : options_.node_files) PROVGRAPH_RETURN_IF_ERROR(LoadFile(f, true));
    // Where each id was defined only serves the duplicate-id message of the
    // node files: freed before the edges are read (16 bytes per node).
    std::vector<std::pair<uint32_t, uint64_t>>().swap(id_where_);
    for (const auto& f : options_.edge_files) PROVGRAPH_RETURN_IF_ERROR(LoadFile(f, false));
    if (options_.progress) options_.progress(total_bytes_, total_bytes_);
    return summary_;
  }

 private:
  static size_t FileSize(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return 0;
    std::fseek(f, 0, SEEK_END);
    long n = std::ftell(f);
    std::fclose(f);
    return n > 0 ? static_cast<size_t>(n) : 0;
  }

  Status LoadFile(const std::string& path, bool nodes_file) {
    auto reader = CsvReader::Open(path);
    if (!reader.ok()) return reader.status();
    std::vector<std::string_view> fields;
    Status error;
    if (!reader->Next(fields, error))
      return Status::InvalidInput("the file is empty: a header row is needed", path + ":1");
    PROVGRAPH_RETURN_IF_ERROR(error);
    std::vector<Column> columns;
    for (size_t i = 0; i < fields.size(); ++i) {
      auto col = ParseHeaderCell(fields[i], nodes_file);
      if (!col.ok()) return Status::InvalidInput("bad header: " + col.status().message(), path + ":1");
      columns.push_back(std::move(col).value());
    }
    PROVGRAPH_RETURN_IF_ERROR(CheckHeader(columns, nodes_file, path));
    // Size the tables for this file's rows (about one a line) up front.
    size_t rows_hint = static_cast<size_t>(std::count(reader->data().begin(), reader->data().end(), '\n'));
    if (sink_) rows_hint = std::min(rows_hint, options_.segment_ops);
    if (nodes_file) {
      batch_->Reserve(rows_hint, 0);
      // (the hash index is sized as it grows: numeric ids never enter it)
      id_refs_.reserve(id_refs_.size() + rows_hint);
      id_where_.reserve(id_where_.size() + rows_hint);
    } else {
      batch_->Reserve(0, rows_hint);
    }
    size_t done_before = bytes_done_;
    uint64_t rows = 0;
    // FILE:LINE of the current row, built only for an error message.
    auto where = [&] { return path + ":" + std::to_string(reader->line()); };
    where_ = where;
    const uint32_t space_of_file = nodes_file ? SpaceIndex(IdColumn(columns).id_space) : 0;
    while (reader->Next(fields, error)) {
      PROVGRAPH_RETURN_IF_ERROR(error);
      if (fields.size() != columns.size()) {
        return Status::InvalidInput("expected " + std::to_string(columns.size()) + " fields as in the header, found " +
                                        std::to_string(fields.size()),
                                    where());
      }
      Status st = nodes_file ? NodeRow(columns, fields, path, reader->line(), space_of_file) : EdgeRow(columns, fields);
      if (!st.ok()) return Status::InvalidInput(st.message(), where());
      if (++rows % 16384 == 0) {
        // The rows read so far are in the batch: their bytes are not needed.
        reader->ReleaseConsumed();
        if (rows % 65536 == 0 && options_.progress) options_.progress(done_before + reader->offset(), total_bytes_);
      }
      if (sink_ && batch_->ops().size() >= options_.segment_ops) {
        Batch* next = sink_(*batch_);
        if (!next) return Status::Internal("the load was stopped");
        size_t more = std::min(options_.segment_ops, rows_hint);
        nodes_file ? next->Reserve(more, 0) : next->Reserve(0, more);
        batch_ = next;
      }
    }
    bytes_done_ = done_before + reader->size();
    return Status::Ok();
  }

  static Status CheckHeader(const std::vector<Column>& cols, bool nodes_file, const std::string& path) {
    auto count = [&](ColumnKind k) {
      return std::count_if(cols.begin(), cols.end(), [&](const Column& c) { return c.kind == k; });
    };
    auto need = [&](ColumnKind k, const char* name) -> Status {
      auto n = count(k);
      if (n == 0)
        return Status::InvalidInput(std::string("bad header: a ") + (nodes_file ? "nodes" : "relationships") +
                                        " file needs a " + name + " column",
                                    path + ":1");
      if (n > 1) return Status::InvalidInput(std::string("bad header: more than one ") + name + " column", path + ":1");
      return Status::Ok();
    };
    if (nodes_file) {
      PROVGRAPH_RETURN_IF_ERROR(need(ColumnKind::kId, ":ID"));
      PROVGRAPH_RETURN_IF_ERROR(need(ColumnKind::kLabel, ":LABEL"));
    } else {
      PROVGRAPH_RETURN_IF_ERROR(need(ColumnKind::kStartId, ":START_ID"));
      PROVGRAPH_RETURN_IF_ERROR(need(ColumnKind::kEndId, ":END_ID"));
      PROVGRAPH_RETURN_IF_ERROR(need(ColumnKind::kType, ":TYPE"));
    }
    std::vector<std::string> names;
    for (const Column& c : cols) {
      if (c.kind != ColumnKind::kProperty && !(c.kind == ColumnKind::kId && !c.name.empty())) continue;
      if (c.name == "key")
        return Status::InvalidInput("bad header: 'key' is reserved for the node's natural key (:ID)", path + ":1");
      if (std::find(names.begin(), names.end(), c.name) != names.end()) {
        return Status::InvalidInput("bad header: property '" + c.name + "' appears twice", path + ":1");
      }
      names.push_back(c.name);
    }
    return Status::Ok();
  }

  Result<Value> CellValue(const Column& col, std::string_view cell) {
    Result<Value> v = Value();
    if (!col.array) {
      v = ParseScalar(cell, col.type);
    } else {
      ValueList items;
      size_t start = 0;
      while (true) {
        size_t semi = cell.find(';', start);
        std::string_view item =
            cell.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
        auto iv = ParseScalar(item, col.type);
        if (!iv.ok()) {
          v = iv.status();
          break;
        }
        items.push_back(std::move(iv).value());
        if (semi == std::string_view::npos) break;
        start = semi + 1;
      }
      if (v.ok()) v = Value(std::move(items));
    }
    if (!v.ok()) return Status::InvalidInput("column '" + col.header + "': " + v.status().message());
    return v;
  }

  // Node ids of this load, each with a slot (its index in id_refs_): a
  // dense id in dense_, any other one in the hash index ids_, which holds
  // its index into the hashed_* tables (its bytes in id_arena_, its id space
  // as an index into spaces_). No per-row key string is built, and a dense
  // id costs no bytes beyond its two slot entries (the load's peak memory).
  uint32_t SpaceIndex(const std::string& space) {
    for (size_t i = 0; i < spaces_.size(); ++i) {
      if (spaces_[i] == space) return static_cast<uint32_t>(i);
    }
    spaces_.push_back(space);
    return static_cast<uint32_t>(spaces_.size() - 1);
  }
  static const Column& IdColumn(const std::vector<Column>& cols) {
    for (const Column& c : cols) {
      if (c.kind == ColumnKind::kId) return c;
    }
    return cols.front();  // CheckHeader guarantees an :ID column
  }
  static uint64_t IdHash(uint32_t space, std::string_view id) {
    return MixHash(std::hash<std::string_view>{}(id) + uint64_t{space} * 0x9e3779b97f4a7c15ULL);
  }
  // The bytes of hashed id `k`.
  std::string_view IdAt(uint32_t k) const {
    return std::string_view(id_arena_).substr(id_start_[k], id_start_[k + 1] - id_start_[k]);
  }
  // Ids that are canonical decimal numbers below 2^22 (the common case of
  // generated exports) are found in a dense per-space array instead of the
  // hash index: no hashing, and neighbouring ids share cache lines.
  static bool DenseId(std::string_view id, uint32_t& value) {
    if (id.empty() || id.size() > 8 || (id[0] == '0' && id.size() > 1)) return false;
    uint32_t v = 0;
    for (char c : id) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<uint32_t>(c - '0');
    }
    if (v >= (1u << 22)) return false;
    value = v;
    return true;
  }
  uint32_t FindId(uint32_t space, std::string_view id, uint64_t h) const {
    uint32_t v = 0;
    if (DenseId(id, v)) {
      if (space >= dense_.size() || v >= dense_[space].size()) return DenseHashIndex::kEmpty;
      return dense_[space][v];
    }
    uint32_t k = ids_.Find(h, [&](uint32_t i) { return hashed_space_[i] == space && IdAt(i) == id; });
    return k == DenseHashIndex::kEmpty ? k : hashed_slot_[k];
  }
  void InsertId(uint32_t space, std::string_view id, uint64_t h, uint32_t slot) {
    uint32_t v = 0;
    if (DenseId(id, v)) {
      if (space >= dense_.size()) dense_.resize(space + 1);
      auto& d = dense_[space];
      if (v >= d.size()) d.resize(std::max<size_t>(v + 1, d.size() * 2), DenseHashIndex::kEmpty);
      d[v] = slot;
      return;
    }
    auto k = static_cast<uint32_t>(hashed_slot_.size());
    hashed_slot_.push_back(slot);
    hashed_space_.push_back(space);
    id_arena_.append(id);
    id_start_.push_back(id_arena_.size());
    ids_.Insert(h, k, [&](uint32_t i) { return IdHash(hashed_space_[i], IdAt(i)); });
  }

  Status NodeRow(const std::vector<Column>& cols, const std::vector<std::string_view>& fields, const std::string& path,
                 uint64_t line, uint32_t space) {
    std::string_view id;
    const Column* id_col = nullptr;
    std::vector<std::string>& labels = labels_;  // reused across rows
    size_t nlabels = 0;
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].kind == ColumnKind::kId) {
        id = fields[i];
        id_col = &cols[i];
      } else if (cols[i].kind == ColumnKind::kLabel) {
        std::string_view cell = fields[i];
        size_t start = 0;
        while (start <= cell.size()) {
          size_t semi = cell.find(';', start);
          std::string_view l =
              cell.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
          if (!l.empty()) {
            if (nlabels == labels.size()) labels.emplace_back();
            labels[nlabels++].assign(l);
          }
          if (semi == std::string_view::npos) break;
          start = semi + 1;
        }
      }
    }
    if (id.empty()) return Status::InvalidInput("empty :ID");
    labels.resize(nlabels);
    if (labels.empty()) return Status::InvalidInput("node '" + std::string(id) + "' has no label");
    uint32_t dense_value = 0;
    uint64_t h = DenseId(id, dense_value) ? 0 : IdHash(space, id);
    uint32_t dup = FindId(space, id, h);
    if (dup != DenseHashIndex::kEmpty) {
      return Status::InvalidInput("duplicate node id '" + std::string(id) + "'" +
                                  (id_col->id_space.empty() ? "" : " in id space '" + id_col->id_space + "'") +
                                  " (first at " + files_[id_where_[dup].first] + ":" +
                                  std::to_string(id_where_[dup].second) + ")");
    }
    Timestamp at = options_.at;
    Batch::NodeRef ref = batch_->UpsertNode(labels, id, at);
    auto slot = static_cast<uint32_t>(id_refs_.size());
    id_refs_.push_back(ref);
    id_where_.push_back({CurrentFileIndex(path), line});
    InsertId(space, id, h, slot);
    for (size_t i = 0; i < cols.size(); ++i) {
      const Column& c = cols[i];
      if (fields[i].empty()) continue;
      if (c.kind == ColumnKind::kId && !c.name.empty()) {
        batch_->SetProperty(ref, c.name, Value(std::string(fields[i])), at);
      } else if (c.kind == ColumnKind::kProperty) {
        auto v = CellValue(c, fields[i]);
        if (!v.ok()) return v.status();
        batch_->SetProperty(ref, c.name, std::move(v).value(), at);
      }
    }
    ++summary_.node_rows;
    return Status::Ok();
  }

  uint32_t CurrentFileIndex(const std::string& path) {
    if (files_.empty() || files_.back() != path) files_.push_back(path);
    return static_cast<uint32_t>(files_.size() - 1);
  }

  Result<Batch::NodeRef> Endpoint(const Column& col, std::string_view id) {
    if (id.empty()) return Status::InvalidInput("empty " + col.header);
    uint32_t space = SpaceIndex(col.id_space);
    uint32_t dense_value = 0;
    uint32_t slot = FindId(space, id, DenseId(id, dense_value) ? 0 : IdHash(space, id));
    if (slot != DenseHashIndex::kEmpty) return id_refs_[slot];
    std::string missing =
        col.header + " '" + std::string(id) + "' is neither a node id of this load nor a Label:key node in the store";
    auto ref = SplitNodeRef(id);
    if (!ref.ok()) return Status::InvalidInput(missing);
    // Looked up in the store when the batch is resolved (the graph may be
    // changing under another thread now); one ref per distinct node.
    auto [it, inserted] = store_refs_.try_emplace(std::string(id), 0);
    if (inserted) it->second = batch_->RefNodeByKey(ref->first, ref->second, missing, where_());
    return it->second;
  }

  Status EdgeRow(const std::vector<Column>& cols, const std::vector<std::string_view>& fields) {
    Batch::NodeRef src = 0, dst = 0;
    std::string_view type;
    for (size_t i = 0; i < cols.size(); ++i) {
      const Column& c = cols[i];
      if (c.kind == ColumnKind::kStartId || c.kind == ColumnKind::kEndId) {
        auto r = Endpoint(c, fields[i]);
        if (!r.ok()) return r.status();
        (c.kind == ColumnKind::kStartId ? src : dst) = *r;
      } else if (c.kind == ColumnKind::kType) {
        type = fields[i];
      }
    }
    if (type.empty()) return Status::InvalidInput("empty :TYPE");
    Batch::EdgeRef e = batch_->UpsertEdge(type, src, dst, options_.at);
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].kind != ColumnKind::kProperty || fields[i].empty()) continue;
      auto v = CellValue(cols[i], fields[i]);
      if (!v.ok()) return v.status();
      batch_->SetEdgeProperty(e, cols[i].name, std::move(v).value(), options_.at);
    }
    ++summary_.edge_rows;
    return Status::Ok();
  }

  const CsvLoadOptions& options_;
  Batch* batch_;
  SegmentSink sink_;
  std::function<std::string()> where_;  // FILE:LINE of the row being loaded
  CsvLoadSummary summary_;
  DenseHashIndex ids_;
  std::vector<Batch::NodeRef> id_refs_;  // per slot
  std::vector<uint32_t> hashed_slot_;    // per hashed id: its slot
  std::vector<uint32_t> hashed_space_;   // per hashed id: index into spaces_
  std::string id_arena_;                 // the hashed ids' bytes
  std::vector<uint64_t> id_start_{0};    // per hashed id: where they begin
  std::vector<std::string> spaces_;
  std::vector<std::vector<uint32_t>> dense_;             // per space: numeric id -> slot
  std::vector<std::pair<uint32_t, uint64_t>> id_where_;  // (file index, line) of each id
  std::vector<std::string> labels_;
  std::vector<std::string> files_;
  std::unordered_map<std::string, Batch::NodeRef> store_refs_;  // Label:key -> ref
  size_t total_bytes_ = 0;
  size_t bytes_done_ = 0;
};

// The batch of a CSV load in segments, parsed on a thread of its own while
// the store resolves the segments parsed so far. A segment is freed once the
// store has moved past it (its memory serves the segments to come); a
// rewind parses the files again.
class CsvSegmentSource final : public BatchSource {
 public:
  explicit CsvSegmentSource(const CsvLoadOptions& options) : options_(options) { Start(); }
  ~CsvSegmentSource() override { Stop(); }

  Result<const Batch*> Next() override {
    std::unique_lock<std::mutex> lock(mu_);
    // The segment handed out before this call is done with.
    if (next_ > 0 && segments_[next_ - 1]) {
      segments_[next_ - 1].reset();
      room_.notify_one();
    }
    ready_.wait(lock, [&] { return next_ < published_ || finished_; });
    if (!error_.ok()) return error_;
    if (next_ < published_) return static_cast<const Batch*>(segments_[next_++].get());
    return static_cast<const Batch*>(nullptr);
  }
  Status Rewind() override {
    Stop();
    Start();
    return Status::Ok();
  }
  CsvLoadSummary summary() {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return finished_; });
    return summary_;
  }

 private:
  void Start() {
    segments_.clear();
    segments_.push_back(std::make_unique<Batch>());
    published_ = next_ = 0;
    finished_ = stop_ = false;
    error_ = Status::Ok();
    worker_ = std::thread([this] { Produce(); });
  }
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    room_.notify_all();
    if (worker_.joinable()) worker_.join();
  }

  void Produce() {
    Batch* first = segments_.front().get();
    CsvBatchBuilder builder(options_, *first, [this](Batch& full) -> Batch* {
      auto next = std::make_unique<Batch>(Batch::After(full));
      Batch* raw = next.get();
      std::unique_lock<std::mutex> lock(mu_);
      // At most kMaxAhead segments wait for the store (the parser is the
      // faster side; an unbounded queue held ~75 MB more at the peak).
      room_.wait(lock, [&] { return stop_ || segments_.size() - next_ <= kMaxAhead; });
      if (stop_) return nullptr;
      segments_.push_back(std::move(next));
      published_ = segments_.size() - 1;
      ready_.notify_one();
      return raw;
    });
    auto result = builder.Run();
    std::lock_guard<std::mutex> lock(mu_);
    if (result.ok()) {
      summary_ = *result;
      published_ = segments_.size();
    } else {
      error_ = result.status();
    }
    finished_ = true;
    ready_.notify_all();
  }

  static constexpr size_t kMaxAhead = 4;
  const CsvLoadOptions& options_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable room_;  // a segment was freed, or stop_
  // Published segments [0, published_) may be read by the store; the last
  // one is being filled until finished_.
  std::vector<std::unique_ptr<Batch>> segments_;
  size_t published_ = 0;
  size_t next_ = 0;
  bool finished_ = false, stop_ = false;
  Status error_;
  CsvLoadSummary summary_;
  std::thread worker_;
};

// A large load allocates and frees many blocks of a few MB (segments, the
// growing tables of both threads). glibc raises its mmap threshold to the
// largest block freed so far (up to 32 MB), after which such blocks come
// from its heaps, where freed memory stays resident: ~45 MB at the load's
// peak on a 3M-edge graph. A fixed 1 MiB threshold (which also stops the
// raising, for the rest of the process) gives them back when freed.
void SizeAllocatorForBulkLoad(const CsvLoadOptions& options) {
#if defined(__GLIBC__)
  std::uintmax_t bytes = 0;
  std::error_code ec;
  for (const auto* files : {&options.node_files, &options.edge_files}) {
    for (const auto& f : *files) {
      auto n = std::filesystem::file_size(f, ec);
      if (!ec) bytes += n;
    }
  }
  if (bytes >= (std::uintmax_t{32} << 20)) mallopt(M_MMAP_THRESHOLD, 1 << 20);
#else
  (void)options;
#endif
}

}  // namespace

Result<CsvLoadSummary> BuildCsvBatch(const CsvLoadOptions& options, Batch& batch) {
  return CsvBatchBuilder(options, batch).Run();
}

Result<CsvLoadResult> LoadCsv(Store& store, const CsvLoadOptions& options, const CommitInfo& info) {
  SizeAllocatorForBulkLoad(options);
  CsvSegmentSource source(options);
  auto commit = store.Commit(source, info);
  if (!commit.ok()) return commit.status();
  return CsvLoadResult{source.summary(), std::move(commit).value()};
}

}  // namespace provgraph::loaders
