#include <iostream>

#include "app/commands.h"
#include "app/store_option.h"

namespace provgraph::app {
namespace {

int RunVerify(const GlobalOptions& g) {
  // Verification reads raw records: it must work even when they no longer decode.
  auto store = OpenStore(g, /*create_if_missing=*/false, /*skip_graph=*/true);
  if (!store.ok()) return ReportError(store.status());
  auto report = (*store)->VerifyAudit();
  if (!report.ok()) return ReportError(report.status());
  if (!report->ok()) {
    return ReportError(Status::Corruption("audit entry " + std::to_string(*report->first_bad) + " (batch " +
                                              std::to_string(*report->first_bad) + ") is bad: " + report->problem,
                                          (*store)->dir()));
  }
  std::cout << "ok: " << report->entries << " audit entries verified; head " << report->head_hash << "\n";
  return kExitOk;
}

int RunHead(const GlobalOptions& g) {
  auto store = OpenStore(g, /*create_if_missing=*/false, /*skip_graph=*/true);
  if (!store.ok()) return ReportError(store.status());
  auto head = (*store)->AuditHead();
  if (!head.ok()) return ReportError(head.status());
  std::cout << *head << "\n";
  return kExitOk;
}

}  // namespace

void AddAuditCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* audit = app.add_subcommand("audit", "The hash-chained audit log");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand("verify", "Recompute every batch's digest and the chain");
  AddStoreOptions(verify, g);
  verify->callback([&g, &exit_code] { exit_code = RunVerify(g); });
  CLI::App* head = audit->add_subcommand("head", "Print the hash of the last audit entry");
  AddStoreOptions(head, g);
  head->callback([&g, &exit_code] { exit_code = RunHead(g); });
}

}  // namespace provgraph::app
