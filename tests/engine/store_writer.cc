// store_writer: a child process for the store's crash, full-disk and
// multi-process tests. Loads one batch of N "Dataset" nodes chained by FEEDS
// edges, printing "BEGUN" when its write transaction has begun and
// "COMMITTED <seq>" after the commit.
//   store_writer DIR N TAG [--fsize-limit BYTES]
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "engine/store.h"
#include "engine/time.h"

int main(int argc, char** argv) {
  using namespace provgraph;
  if (argc < 4) {
    std::fprintf(stderr, "usage: store_writer DIR N TAG [--fsize-limit BYTES]\n");
    return 2;
  }
  std::string dir = argv[1];
  long n = std::atol(argv[2]);
  std::string tag = argv[3];
  long fsize_limit = 0;
  if (argc >= 6 && std::strcmp(argv[4], "--fsize-limit") == 0) fsize_limit = std::atol(argv[5]);
  StoreOptions options;
  options.create_if_missing = true;
  auto store = Store::Open(dir, options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  Batch batch;
  Timestamp at{1700000000000000};
  std::string payload(64, 'x');
  Batch::NodeRef prev = 0;
  for (long i = 0; i < n; ++i) {
    auto node = batch.UpsertNode({"Dataset"}, tag + "-" + std::to_string(i), at);
    batch.SetProperty(node, "payload", Value(payload + std::to_string(i)), at);
    if (i > 0) batch.UpsertEdge("FEEDS", prev, node, at);
    prev = node;
  }
  if (fsize_limit > 0) {
    signal(SIGXFSZ, SIG_IGN);
    rlimit lim{static_cast<rlim_t>(fsize_limit), static_cast<rlim_t>(fsize_limit)};
    setrlimit(RLIMIT_FSIZE, &lim);
  }
  CommitInfo info;
  info.actor = "store_writer";
  info.command = "store_writer " + tag;
  info.on_transaction_begun = [] {
    const char msg[] = "BEGUN\n";
    (void)!write(STDOUT_FILENO, msg, sizeof msg - 1);
  };
  auto r = (*store)->Commit(batch, info);
  if (!r.ok()) {
    std::printf("ERROR %s\n", r.status().ToString().c_str());
    return 1;
  }
  std::printf("COMMITTED %u\n", r->seq);
  return 0;
}
