#include "engine/series.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/coding.h"

namespace provgraph {
namespace {

void PutDouble(std::string& out, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  coding::PutFixed64(out, bits);
}

bool GetDouble(std::string_view& in, double& d) {
  uint64_t bits;
  if (!coding::GetFixed64(in, bits)) return false;
  std::memcpy(&d, &bits, 8);
  return true;
}

// Largest count a record may claim: every element takes at least one byte.
bool PlausibleCount(uint64_t n, std::string_view in) { return n <= in.size(); }

}  // namespace

bool SampleValues::SameAs(const SampleValues& other) const {
  if (categorical != other.categorical || missing != other.missing) return false;
  if (categorical) return labels == other.labels;
  if (numbers.size() != other.numbers.size()) return false;
  for (size_t i = 0; i < numbers.size(); ++i) {
    if (!SameDouble(numbers[i], other.numbers[i])) return false;
  }
  return true;
}

void SeriesRecord::EncodeTo(std::string& out) const {
  out.push_back(static_cast<char>(kind));
  coding::PutVarint(out, node);
  coding::PutString(out, name);
  if (kind == SeriesKind::kMetricPoints) {
    coding::PutVarint(out, points.size());
    int64_t prev = 0;
    for (const MetricPoint& p : points) {
      coding::PutVarint(out, coding::ZigZag(p.time.micros - prev));
      prev = p.time.micros;
    }
    for (const MetricPoint& p : points) PutDouble(out, p.value);
    return;
  }
  coding::PutVarint(out, coding::ZigZag(at.micros));
  out.push_back(sample.categorical ? 1 : 0);
  coding::PutVarint(out, sample.size());
  if (sample.categorical) {
    for (const std::string& s : sample.labels) coding::PutString(out, s);
  } else {
    for (double d : sample.numbers) PutDouble(out, d);
  }
  coding::PutVarint(out, sample.missing);
}

Status SeriesRecord::Decode(std::string_view in, SeriesRecord& out) {
  out = SeriesRecord();
  auto bad = [](const char* what) { return Status::Corruption(std::string("series record: ") + what); };
  if (in.empty()) return bad("empty");
  auto kind = static_cast<uint8_t>(in.front());
  in.remove_prefix(1);
  if (kind != static_cast<uint8_t>(SeriesKind::kMetricPoints) && kind != static_cast<uint8_t>(SeriesKind::kSample)) {
    return bad("unknown kind");
  }
  out.kind = static_cast<SeriesKind>(kind);
  std::string_view name;
  if (!coding::GetVarint(in, out.node) || !coding::GetString(in, name)) return bad("truncated header");
  out.name.assign(name);
  uint64_t n = 0;
  if (out.kind == SeriesKind::kMetricPoints) {
    if (!coding::GetVarint(in, n) || !PlausibleCount(n, in)) return bad("bad point count");
    out.points.resize(n);
    int64_t prev = 0;
    for (MetricPoint& p : out.points) {
      uint64_t delta;
      if (!coding::GetVarint(in, delta)) return bad("truncated times");
      prev += coding::UnZigZag(delta);
      p.time = Timestamp{prev};
    }
    for (MetricPoint& p : out.points) {
      if (!GetDouble(in, p.value)) return bad("truncated values");
    }
  } else {
    uint64_t at;
    if (!coding::GetVarint(in, at) || in.empty()) return bad("truncated sample header");
    out.at = Timestamp{coding::UnZigZag(at)};
    auto type = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    if (type > 1) return bad("unknown sample type");
    out.sample.categorical = type == 1;
    if (!coding::GetVarint(in, n) || !PlausibleCount(n, in)) return bad("bad value count");
    if (out.sample.categorical) {
      out.sample.labels.resize(n);
      for (std::string& s : out.sample.labels) {
        std::string_view v;
        if (!coding::GetString(in, v)) return bad("truncated values");
        s.assign(v);
      }
    } else {
      out.sample.numbers.resize(n);
      for (double& d : out.sample.numbers) {
        if (!GetDouble(in, d)) return bad("truncated values");
      }
    }
    if (!coding::GetVarint(in, out.sample.missing)) return bad("truncated missing count");
  }
  if (!in.empty()) return bad("trailing bytes");
  return Status::Ok();
}

void SeriesIndex::Apply(SeriesRecord record, uint32_t seq) {
  NodeSeries& ns = nodes_[record.node];
  if (record.kind == SeriesKind::kMetricPoints) {
    auto [it, inserted] = ns.metrics.try_emplace(std::move(record.name));
    if (inserted) ++metric_series_;
    std::vector<StoredPoint>& pts = it->second;
    size_t mid = pts.size();
    for (const MetricPoint& p : record.points) pts.push_back({p.time.micros, p.value, seq});
    stored_points_ += record.points.size();
    // Older batches first among equal times: a stable merge keeps that.
    if (mid > 0 && mid < pts.size() && pts[mid].time < pts[mid - 1].time) {
      std::inplace_merge(pts.begin(), pts.begin() + static_cast<ptrdiff_t>(mid), pts.end(),
                         [](const StoredPoint& a, const StoredPoint& b) { return a.time < b.time; });
    }
    return;
  }
  auto [it, inserted] = ns.samples.try_emplace(std::move(record.name));
  if (inserted) ++sampled_columns_;
  std::vector<StoredSample>& list = it->second;
  ++stored_samples_;
  StoredSample s{record.at, seq, std::move(record.sample)};
  // After every sample of the same time or earlier: (at, seq) order.
  auto pos =
      std::upper_bound(list.begin(), list.end(), s.at, [](Timestamp t, const StoredSample& x) { return t < x.at; });
  list.insert(pos, std::move(s));
}

const SeriesIndex::NodeSeries* SeriesIndex::Find(uint64_t node) const {
  auto it = nodes_.find(node);
  return it == nodes_.end() ? nullptr : &it->second;
}

std::vector<MetricPoint> SeriesIndex::MetricSeries(uint64_t node, std::string_view metric, Timestamp as_of) const {
  std::vector<MetricPoint> out;
  const NodeSeries* ns = Find(node);
  if (!ns) return out;
  auto it = ns->metrics.find(metric);
  if (it == ns->metrics.end()) return out;
  for (const StoredPoint& p : it->second) {
    if (p.time > as_of.micros) break;
    if (!out.empty() && out.back().time.micros == p.time) {
      out.back().value = p.value;  // a later batch supersedes
    } else {
      out.push_back({Timestamp{p.time}, p.value});
    }
  }
  return out;
}

std::vector<StoredPoint> SeriesIndex::MetricHistory(uint64_t node, std::string_view metric) const {
  const NodeSeries* ns = Find(node);
  if (!ns) return {};
  auto it = ns->metrics.find(metric);
  return it == ns->metrics.end() ? std::vector<StoredPoint>{} : it->second;
}

std::optional<double> SeriesIndex::PointAt(uint64_t node, std::string_view metric, Timestamp time) const {
  const NodeSeries* ns = Find(node);
  if (!ns) return std::nullopt;
  auto it = ns->metrics.find(metric);
  if (it == ns->metrics.end()) return std::nullopt;
  const std::vector<StoredPoint>& pts = it->second;
  auto end =
      std::upper_bound(pts.begin(), pts.end(), time.micros, [](int64_t t, const StoredPoint& p) { return t < p.time; });
  if (end == pts.begin() || std::prev(end)->time != time.micros) return std::nullopt;
  return std::prev(end)->value;
}

std::vector<std::string> SeriesIndex::MetricNames(uint64_t node) const {
  std::vector<std::string> out;
  if (const NodeSeries* ns = Find(node)) {
    for (const auto& [name, pts] : ns->metrics) out.push_back(name);
  }
  return out;
}

std::vector<ColumnSample> SeriesIndex::Samples(uint64_t node) const {
  std::vector<ColumnSample> out;
  const NodeSeries* ns = Find(node);
  if (!ns) return out;
  for (const auto& [column, list] : ns->samples) {
    for (size_t i = 0; i < list.size(); ++i) {
      // The last of each run of equal times is the current one.
      if (i + 1 < list.size() && list[i + 1].at == list[i].at) continue;
      out.push_back({column, &list[i]});
    }
  }
  return out;
}

const StoredSample* SeriesIndex::Sample(uint64_t node, std::string_view column, Timestamp as_of) const {
  const NodeSeries* ns = Find(node);
  if (!ns) return nullptr;
  auto it = ns->samples.find(column);
  if (it == ns->samples.end()) return nullptr;
  const std::vector<StoredSample>& list = it->second;
  auto end =
      std::upper_bound(list.begin(), list.end(), as_of, [](Timestamp t, const StoredSample& s) { return t < s.at; });
  return end == list.begin() ? nullptr : &*std::prev(end);
}

const StoredSample* SeriesIndex::SampleAt(uint64_t node, std::string_view column, Timestamp at) const {
  const StoredSample* s = Sample(node, column, at);
  return s && s->at == at ? s : nullptr;
}

std::vector<std::string> SeriesIndex::SampleColumns(uint64_t node) const {
  std::vector<std::string> out;
  if (const NodeSeries* ns = Find(node)) {
    for (const auto& [name, list] : ns->samples) out.push_back(name);
  }
  return out;
}

std::vector<uint64_t> SeriesIndex::Nodes() const {
  std::vector<uint64_t> out;
  out.reserve(nodes_.size());
  for (const auto& [node, ns] : nodes_) out.push_back(node);
  return out;
}

}  // namespace provgraph
