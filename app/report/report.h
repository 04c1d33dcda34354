// Compliance reports (`provgraph report compliance`): the report of a Model
// or KPI as one JSON document (app/report/report.schema.json) built from the
// store as of a valid-time instant, and its Markdown, HTML and JSON forms.
//
// The document is the report model: CollectCompliance builds it, the
// renderers only format it. Everything in it is ordered (nodes by lineage
// depth then Label:key, histories by time) and nothing reads the wall
// clock, so the same store and as-of instant give byte-identical output.
// `digest.sha256` is the SHA-256 of the document's compact JSON text
// (nlohmann::json::dump()) without the `digest` member; all three forms show
// the same digest.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/status.h"
#include "engine/store.h"

namespace provgraph::report {

using Document = nlohmann::ordered_json;

// Builds the report of `subject` ("Label:key", a Model or KPI) as of `at`
// (kLatest: the current state). NotFound when no such node is valid then,
// InvalidInput when it is neither a Model nor a KPI. Reads the audit log
// (VerifyAudit), hence the non-const store; writes nothing.
Result<Document> CollectCompliance(Store& store, std::string_view subject, Timestamp at);

std::string RenderJson(const Document& report);
std::string RenderMarkdown(const Document& report);
// One self-contained HTML file (inline CSS and SVG, no external resource).
// Fails only when Graphviz cannot lay out the lineage picture.
Result<std::string> RenderHtml(const Document& report);

}  // namespace provgraph::report
