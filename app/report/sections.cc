#include "app/report/sections.h"

namespace provgraph::report {
namespace {

std::string Join(const Document& list, const std::string& sep = ", ") {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : sep) + CellText(item);
  return out;
}

std::string Owners(const Document& owners) {
  std::string out;
  for (const auto& o : owners) {
    out += (out.empty() ? "" : ", ") + o["owner"].get<std::string>();
    if (!o["type"].is_null()) out += " (" + o["type"].get<std::string>() + ")";
  }
  return out.empty() ? "—" : out;
}

Section Make(std::string title, std::string anchor, std::vector<std::string> header, std::string empty, int level = 2) {
  Section s;
  s.title = std::move(title);
  s.anchor = std::move(anchor);
  s.level = level;
  s.table.header = std::move(header);
  s.empty = std::move(empty);
  return s;
}

void Row(Section& s, std::vector<std::string> cells, bool alert = false) {
  s.table.rows.push_back(std::move(cells));
  s.table.alert.push_back(alert);
}

}  // namespace

std::string CellText(const Document& v) {
  if (v.is_null()) return "—";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_array()) return v.empty() ? "—" : Join(v);
  return v.dump();
}

std::string Title(const Document& doc) { return "Compliance report: " + doc["subject"]["node"].get<std::string>(); }

std::vector<Section> BuildSections(const Document& doc) {
  std::vector<Section> out;
  const Document& subj = doc["subject"];
  const Document& sum = doc["summary"];

  Section head = Make("Summary", "summary", {}, "");
  head.facts = {{"Subject", subj["node"].get<std::string>() + " (" + subj["kind"].get<std::string>() + ")"},
                {"As of", doc["as_of"].is_null() ? "latest state" : doc["as_of"].get<std::string>()},
                {"Content digest (SHA-256)", doc["digest"]["sha256"].get<std::string>()},
                {"Upstream nodes", CellText(sum["upstream_nodes"])},
                {"Sources", CellText(sum["sources"])},
                {"Transformations", CellText(sum["transformations"])},
                {"Versions", CellText(sum["versions"])},
                {"PII columns / columns derived from PII",
                 CellText(sum["pii_columns"]) + " / " + CellText(sum["pii_derived_columns"])},
                {"Failed runs", CellText(sum["failed_runs"])},
                {"Failing checks", CellText(sum["failing_checks"])},
                {"Constraints", CellText(sum["constraints"])},
                {"Open violations", CellText(sum["open_violations"])},
                {"Audit chain verified", CellText(sum["audit_chain_verified"])}};
  out.push_back(std::move(head));

  Section id = Make("Identity", "identity", {"property", "value"}, "No properties.");
  id.facts = {{"Node", subj["node"].get<std::string>()},
              {"Labels", Join(subj["labels"])},
              {"Valid from", CellText(subj["valid_from"])},
              {"Owners", Owners(subj["owners"])},
              {"Tags", CellText(subj["tags"])}};
  for (const auto& [k, v] : subj["properties"].items()) Row(id, {k, CellText(v)});
  out.push_back(std::move(id));

  Section ver =
      Make("Versions and training data", "versions",
           {"version", "created", "produced by", "runs writing it", "training data"}, "No versions recorded.");
  for (const auto& v : doc["versions"]) {
    Row(ver, {v["version"].get<std::string>(), CellText(v["created_at"]), CellText(v["produced_by"]),
              CellText(v["runs"]), CellText(v["training_data"])});
  }
  out.push_back(std::move(ver));

  Section lin =
      Make("Upstream lineage", "lineage", {"depth", "node", "kind", "role", "owners", "tags"}, "Nothing upstream.");
  for (const auto& n : doc["lineage"]["nodes"]) {
    Row(lin, {CellText(n["depth"]), n["node"].get<std::string>(), n["kind"].get<std::string>(),
              n["role"].get<std::string>(), Owners(n["owners"]), CellText(n["tags"])});
  }
  out.push_back(std::move(lin));
  Section edges = Make("Data flow (FEEDS)", "edges", {"from", "to"}, "No FEEDS edges.", 3);
  for (const auto& e : doc["lineage"]["edges"])
    Row(edges, {e["source"].get<std::string>(), e["target"].get<std::string>()});
  out.push_back(std::move(edges));

  Section pii = Make("PII columns", "pii", {"column", "dataset", "tags"}, "No PII columns upstream.");
  for (const auto& p : doc["columns"]["pii"]) {
    Row(pii, {p["column"].get<std::string>(), CellText(p["dataset"]), CellText(p["tags"])});
  }
  out.push_back(std::move(pii));
  Section der = Make("Columns derived from PII (COLUMN_FEEDS)", "pii-derived", {"column", "dataset", "derived from"},
                     "No column derives from a PII column.", 3);
  for (const auto& d : doc["columns"]["derived"]) {
    Row(der, {d["column"].get<std::string>(), CellText(d["dataset"]), CellText(d["from"])});
  }
  out.push_back(std::move(der));

  Section tr = Make("Transformations", "transformations",
                    {"job", "type", "code version", "code history", "SQL SHA-256"}, "No transformations upstream.");
  Section runs = Make("Run history", "runs", {"job", "runs", "by state", "first started", "last started", "last state"},
                      "No runs.");
  Section failed =
      Make("Failed runs", "failed-runs", {"run", "job", "state", "started", "ended", "error"}, "No failed runs.", 3);
  for (const auto& j : doc["transformations"]) {
    std::string history;
    for (const auto& h : j["code_history"]) {
      history += (history.empty() ? "" : ", ") + CellText(h["version"]) + " from " + h["from"].get<std::string>();
    }
    Row(tr, {j["job"].get<std::string>(), CellText(j["job_type"]), CellText(j["code_version"]),
             history.empty() ? "—" : history, CellText(j["sql_sha256"])});
    std::string states;
    for (const auto& [s, n] : j["runs"]["states"].items()) states += (states.empty() ? "" : ", ") + s + " " + n.dump();
    Row(runs,
        {j["job"].get<std::string>(), CellText(j["runs"]["total"]), states.empty() ? "—" : states,
         CellText(j["runs"]["first_started"]), CellText(j["runs"]["last_started"]), CellText(j["runs"]["last_state"])});
    for (const auto& f : j["failed_runs"]) {
      Row(failed,
          {f["run"].get<std::string>(), j["job"].get<std::string>(), f["state"].get<std::string>(),
           CellText(f["started_at"]), CellText(f["ended_at"]), CellText(f["error"])},
          true);
    }
  }
  out.push_back(std::move(tr));
  out.push_back(std::move(runs));
  out.push_back(std::move(failed));

  Section checks = Make("Checks and assertions", "checks", {"asset", "check", "result", "failed at"},
                        "No checks recorded upstream.");
  for (const auto& ch : doc["checks"]) {
    const bool failing = ch["result"] == false;
    Row(checks,
        {ch["asset"].get<std::string>(), ch["check"].get<std::string>(),
         failing                ? "FAIL"
         : ch["result"] == true ? "pass"
                                : CellText(ch["result"]),
         CellText(ch["failures"])},
        failing);
  }
  out.push_back(std::move(checks));

  Section cons =
      Make("Drift constraints", "constraints",
           {"constraint", "asset", "column", "metric", "condition", "severity", "reference", "forecast violation"},
           "No constraints on the lineage.");
  for (const auto& c : doc["constraints"]) {
    const Document& f = c["forecast"];
    std::string forecast = CellText(f["crossing_day"]);
    if (!f["earliest_day"].is_null() || !f["latest_day"].is_null()) {
      forecast += " (interval " + CellText(f["earliest_day"]) + " to " + CellText(f["latest_day"]) + ")";
    }
    Row(cons, {c["constraint"].get<std::string>(), c["asset"].get<std::string>(), CellText(c["column"]),
               c["metric"].get<std::string>(), CellText(c["comparator"]) + " " + CellText(c["threshold"]),
               CellText(c["severity"]), c["reference"].is_object() ? c["reference"].dump() : CellText(c["reference"]),
               forecast});
  }
  out.push_back(std::move(cons));

  // The per-series subsections follow; the header only carries the empty note.
  Section drift = Make("Drift history", "drift", {}, "No monitored series.");
  if (doc["drift"].empty()) drift.table.header = {"series"};
  out.push_back(std::move(drift));
  for (const auto& d : doc["drift"]) {
    Section s = Make(d["constraint"].get<std::string>() + ": " + d["series"].get<std::string>() + " on " +
                         d["node"].get<std::string>(),
                     "", {"at", "value"}, "", 3);
    s.facts = {{"Latest", CellText(d["latest"]["value"]) + " at " + d["latest"]["at"].get<std::string>()},
               {"Forecast violation", CellText(d["forecast"]["crossing_day"])}};
    for (const auto& p : d["points"]) Row(s, {p["at"].get<std::string>(), CellText(p["value"])});
    out.push_back(std::move(s));
  }

  Section vio = Make(
      "Violations", "violations",
      {"violation", "severity", "first failing day", "last failing day", "value", "threshold", "status", "at risk"},
      "No violations.");
  for (const auto& v : doc["violations"]) {
    const bool open = v["open"].get<bool>();
    Row(vio,
        {v["violation"].get<std::string>(), CellText(v["severity"]), CellText(v["first_failing_day"]),
         CellText(v["last_failing_day"]), CellText(v["value"]), CellText(v["threshold"]), open ? "OPEN" : "closed",
         CellText(v["at_risk"])},
        open);
  }
  out.push_back(std::move(vio));

  const Document& audit = doc["audit"];
  Section au = Make("Audit trail", "audit", {"seq", "time", "actor", "user", "command", "data digest", "entry hash"},
                    "No audit entries touch these nodes.");
  au.facts = {{"Chain verified", audit["chain_verified"].get<bool>()
                                     ? "yes (" + audit["entries_verified"].dump() + " entries)"
                                     : "NO: entry " + CellText(audit["first_bad"]) + ": " + CellText(audit["problem"])},
              {"Audit head hash", audit["head"].get<std::string>()}};
  for (const auto& e : audit["entries"]) {
    Row(au, {e["seq"].dump(), e["time"].get<std::string>(), CellText(e["actor"]), CellText(e["user"]),
             CellText(e["command"]), e["data_digest"].get<std::string>(), e["hash"].get<std::string>()});
  }
  out.push_back(std::move(au));
  return out;
}

}  // namespace provgraph::report
