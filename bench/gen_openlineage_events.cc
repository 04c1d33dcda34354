// gen_openlineage_events: writes OpenLineage 2-0-2 RunEvents as .ndjson
// files, deterministically from a seed, for the OpenLineage ingest benchmark
// (bench/ol_ingest).
//
//   gen_openlineage_events OUT_DIR [EVENTS=200000] [JOBS=300] [DATASETS=3000] [SEED=42] [FILES=4]
//
// The pipeline: JOBS jobs over DATASETS datasets (namespace
// postgres://warehouse:5432, names db.schema.table). Job j writes dataset j
// and reads two other datasets chosen once per job, so the jobs form a
// fixed lineage graph. Each run (EVENTS / 2 of them, job chosen uniformly)
// is a START and a COMPLETE event a few minutes apart; runs start 1.7 s
// apart. Every event has 2 inputs (namespace and name only) and 1 output
// with the `schema` facet (4-5 typed fields, the first described; fixed
// per dataset) and the `columnLineage` facet (each output column from one
// column of an input, 1 in 8 also from a column of the other input;
// DIRECT/INDIRECT transformations). Events average ~2.2 KB (the mean is
// printed). Runs are split over FILES files (events-NNN.ndjson) in start
// order; inside a file a run's START and COMPLETE are adjacent.
//
// The random generator is splitmix64 with explicit range reduction, so the
// output is byte-identical on every platform and standard library.
#include <charconv>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bench/splitmix64.h"

namespace {

using provgraph::bench::SplitMix64;

uint64_t ParseArg(const char* s, const char* what) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s, s + std::strlen(s), v);
  if (ec != std::errc() || *p != '\0') {
    std::fprintf(stderr, "gen_openlineage_events: %s must be a non-negative integer, got '%s'\n", what, s);
    std::exit(2);
  }
  return v;
}

constexpr char kProducer[] = "https://github.com/OpenLineage/OpenLineage/tree/1.22.0/integration/spark";
constexpr char kDatasetNs[] = "postgres://warehouse:5432";
constexpr char kJobNs[] = "spark-prod";
constexpr const char* kSchemas[] = {"raw", "staging", "core", "marts"};
constexpr const char* kTopics[] = {"orders",   "customers", "payments", "shipments", "products",
                                   "sessions", "invoices",  "refunds",  "inventory", "campaigns"};
constexpr const char* kColumns[] = {"id",         "customer_id", "order_id",   "created_at", "updated_at",
                                    "amount",     "currency",    "status",     "country",    "channel",
                                    "quantity",   "unit_price",  "discount",   "email_hash", "session_id",
                                    "product_id", "region",      "is_deleted", "score",      "event_date"};
constexpr const char* kTypes[] = {"bigint", "varchar", "timestamp", "decimal(18,2)", "integer", "boolean", "date"};
constexpr const char* kDescriptions[] = {"Surrogate key of the row",
                                         "Foreign key into the customer dimension",
                                         "Load timestamp (UTC)",
                                         "Amount in the account currency",
                                         "Status code as delivered by the source system",
                                         "ISO-3166 country code of the billing address"};

struct Column {
  std::string name, type, description;
};

// A dataset's schema: a pure function of (seed, dataset), so inputs and
// column lineage agree everywhere.
std::vector<Column> SchemaOf(uint64_t seed, uint64_t ds) {
  SplitMix64 r{seed * 1000003 + ds * 7919 + 17};
  size_t n = 4 + r.Below(2);
  std::vector<Column> cols;
  std::vector<bool> used(std::size(kColumns), false);
  while (cols.size() < n) {
    size_t c = r.Below(std::size(kColumns));
    if (used[c]) continue;
    used[c] = true;
    cols.push_back({kColumns[c], kTypes[r.Below(std::size(kTypes))], kDescriptions[r.Below(std::size(kDescriptions))]});
  }
  return cols;
}

std::string DatasetName(uint64_t ds) {
  return std::string("analytics.") + kSchemas[ds % std::size(kSchemas)] + "." + kTopics[(ds / 4) % std::size(kTopics)] +
         "_" + std::to_string(ds);
}

std::string Uuid(SplitMix64& r) {
  uint64_t a = r.Next(), b = r.Next();
  a = (a & ~uint64_t{0xf000}) | uint64_t{0x4000};  // version 4
  b = (b >> 2) | (uint64_t{1} << 63);              // variant 10
  char buf[96];
  std::snprintf(buf, sizeof buf, "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%012" PRIx64,
                uint64_t{a >> 32}, uint64_t{(a >> 16) & 0xffff}, uint64_t{a & 0xffff}, uint64_t{b >> 48},
                uint64_t{b & 0xffffffffffff});
  return buf;
}

std::string Time(int64_t millis) {
  std::time_t secs = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis % 1000));
  return buf;
}

std::string Facet(const char* schema_url) {
  return std::string("\"_producer\":\"") + kProducer + "\",\"_schemaURL\":\"" + schema_url + "\"";
}

struct Job {
  uint64_t output;
  uint64_t inputs[2];
  std::string name;
  std::string lineage_facets;  // the output's facets: dataSource, schema, columnLineage
};

std::string OutputFacets(uint64_t seed, const Job& job, SplitMix64& r) {
  std::vector<Column> out = SchemaOf(seed, job.output);
  std::vector<Column> in[2] = {SchemaOf(seed, job.inputs[0]), SchemaOf(seed, job.inputs[1])};
  std::string s = "\"schema\":{" +
                  Facet("https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet") +
                  ",\"fields\":[";
  for (size_t i = 0; i < out.size(); ++i) {
    if (i) s += ",";
    s += "{\"name\":\"" + out[i].name + "\",\"type\":\"" + out[i].type + "\"";
    if (i == 0) s += ",\"description\":\"" + out[i].description + "\"";
    s += "}";
  }
  s += "]},\"columnLineage\":{" +
       Facet(
           "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/"
           "ColumnLineageDatasetFacet") +
       ",\"fields\":{";
  for (size_t i = 0; i < out.size(); ++i) {
    if (i) s += ",";
    s += "\"" + out[i].name + "\":{\"inputFields\":[";
    size_t sources = 1 + (r.Below(8) == 0);
    for (size_t k = 0; k < sources; ++k) {
      size_t side = (i + k) % 2;
      const Column& c = in[side][r.Below(in[side].size())];
      if (k) s += ",";
      bool direct = k == 0;
      s += std::string("{\"namespace\":\"") + kDatasetNs + "\",\"name\":\"" + DatasetName(job.inputs[side]) +
           "\",\"field\":\"" + c.name + "\",\"transformations\":[{\"type\":\"" + (direct ? "DIRECT" : "INDIRECT") +
           "\",\"subtype\":\"" + (direct ? (r.Below(2) ? "IDENTITY" : "TRANSFORMATION") : "JOIN") + "\"}]}";
    }
    s += "]}";
  }
  s += "}}";
  return s;
}

class Writer {
 public:
  explicit Writer(const std::string& path) : f_(std::fopen(path.c_str(), "wb")), path_(path) {
    if (!f_) {
      std::perror(path.c_str());
      std::exit(1);
    }
  }
  ~Writer() {
    if (std::fclose(f_) != 0) {
      std::perror(path_.c_str());
      std::exit(1);
    }
  }
  void Line(const std::string& s) {
    if (std::fwrite(s.data(), 1, s.size(), f_) != s.size() || std::fputc('\n', f_) == EOF) {
      std::perror(path_.c_str());
      std::exit(1);
    }
  }

 private:
  FILE* f_;
  std::string path_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 7 || std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0) {
    std::fprintf(stderr,
                 "usage: gen_openlineage_events OUT_DIR [EVENTS=200000] [JOBS=300] [DATASETS=3000] [SEED=42] "
                 "[FILES=4]\n");
    return 2;
  }
  const std::string out_dir = argv[1];
  const uint64_t events = argc > 2 ? ParseArg(argv[2], "EVENTS") : 200000;
  const uint64_t jobs = argc > 3 ? ParseArg(argv[3], "JOBS") : 300;
  const uint64_t datasets = argc > 4 ? ParseArg(argv[4], "DATASETS") : 3000;
  const uint64_t seed = argc > 5 ? ParseArg(argv[5], "SEED") : 42;
  const uint64_t files = argc > 6 ? ParseArg(argv[6], "FILES") : 4;
  if (events < 2 || jobs == 0 || datasets < jobs + 2 || files == 0 || files > 999) {
    std::fprintf(stderr,
                 "gen_openlineage_events: need EVENTS >= 2, JOBS >= 1, DATASETS >= JOBS + 2, 1 <= FILES <= 999\n");
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "gen_openlineage_events: cannot create %s: %s\n", out_dir.c_str(), ec.message().c_str());
    return 1;
  }

  SplitMix64 rng{seed};
  std::vector<Job> all(jobs);
  for (uint64_t j = 0; j < jobs; ++j) {
    Job& job = all[j];
    job.output = j;
    do job.inputs[0] = rng.Below(datasets);
    while (job.inputs[0] == j);
    do job.inputs[1] = rng.Below(datasets);
    while (job.inputs[1] == j || job.inputs[1] == job.inputs[0]);
    job.name = std::string("etl.") + kTopics[j % std::size(kTopics)] + "_daily_" + std::to_string(j) + ".write";
    job.lineage_facets = OutputFacets(seed, job, rng);
  }

  const uint64_t runs = events / 2;
  const int64_t base_ms = 1767225600000;  // 2026-01-01T00:00:00Z
  uint64_t bytes = 0, written = 0;
  for (uint64_t f = 0; f < files; ++f) {
    char name[32];
    std::snprintf(name, sizeof name, "/events-%03" PRIu64 ".ndjson", f);
    Writer out(out_dir + name);
    for (uint64_t run = runs * f / files; run < runs * (f + 1) / files; ++run) {
      const Job& job = all[rng.Below(jobs)];
      std::string run_id = Uuid(rng);
      int64_t start = base_ms + static_cast<int64_t>(run) * 1700 + static_cast<int64_t>(rng.Below(1000));
      int64_t end = start + 20000 + static_cast<int64_t>(rng.Below(600000));
      for (const char* type : {"START", "COMPLETE"}) {
        bool first = type[0] == 'S';
        std::string e = "{\"eventTime\":\"" + Time(first ? start : end) + "\",\"producer\":\"" + kProducer +
                        "\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
                        "\"eventType\":\"" +
                        type + "\",\"run\":{\"runId\":\"" + run_id +
                        "\"},"
                        "\"job\":{\"namespace\":\"" +
                        kJobNs + "\",\"name\":\"" + job.name +
                        "\"},"
                        "\"inputs\":[";
        for (int k = 0; k < 2; ++k) {
          if (k) e += ",";
          e += std::string("{\"namespace\":\"") + kDatasetNs + "\",\"name\":\"" + DatasetName(job.inputs[k]) + "\"}";
        }
        e += std::string("],\"outputs\":[{\"namespace\":\"") + kDatasetNs + "\",\"name\":\"" + DatasetName(job.output) +
             "\",\"facets\":{" + job.lineage_facets + "}}]}";
        out.Line(e);
        bytes += e.size() + 1;
        ++written;
      }
    }
  }
  std::printf("events=%llu\nruns=%llu\njobs=%llu\ndatasets=%llu\nfiles=%llu\nbytes=%llu\nmean_event_bytes=%.0f\n",
              static_cast<unsigned long long>(written), static_cast<unsigned long long>(runs),
              static_cast<unsigned long long>(jobs), static_cast<unsigned long long>(datasets),
              static_cast<unsigned long long>(files), static_cast<unsigned long long>(bytes),
              written ? static_cast<double>(bytes) / written : 0.0);
  return 0;
}
