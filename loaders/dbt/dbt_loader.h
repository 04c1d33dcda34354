// `provgraph load dbt`: a dbt manifest.json (schema v7-v12) as Dataset,
// Job, Column, Model/KPI and Owner nodes named exactly as OpenLineage's
// dbt integration names them, so a manifest and the run events of the same
// project meet on the same nodes (DESIGN.md "OpenLineage mapping";
// loaders/dbt/README.md lists what maps where).
#pragma once

#include <cstdint>
#include <string>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/status.h"
#include "engine/store.h"

namespace provgraph::loaders {

struct DbtLoadOptions {
  std::string manifest;           // path of manifest.json
  std::string dataset_namespace;  // --namespace: the warehouse, e.g. postgres://host:5432 (required)
  std::string job_namespace = "default";
  bool structured_job_names = false;  // job name = unique_id (dbt-ol --consume-structured-logs)
  Timestamp at;                       // valid time; 0 = the manifest's metadata.generated_at
};

struct DbtLoadSummary {
  uint64_t nodes = 0;  // models, seeds, snapshots
  uint64_t sources = 0;
  uint64_t tests = 0;
  uint64_t exposures = 0;
};

// Dataset name of a manifest node: database.schema.alias (models, seeds,
// snapshots) or database.schema.name (sources); empty parts are left out.
std::string DbtDatasetName(const std::string& database, const std::string& schema, const std::string& name);

// Parses and maps the manifest into `batch`. Errors name FILE:/json/pointer.
Result<DbtLoadSummary> BuildDbtBatch(const DbtLoadOptions& options, Batch& batch);

struct DbtLoadResult {
  DbtLoadSummary summary;
  CommitResult commit;
};

Result<DbtLoadResult> LoadDbt(Store& store, const DbtLoadOptions& options, const CommitInfo& info);

}  // namespace provgraph::loaders
