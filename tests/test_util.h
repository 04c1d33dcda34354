// Test helpers: a temporary directory removed at scope exit, and short
// ways to build and commit batches.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "engine/store.h"
#include "engine/time.h"

namespace provgraph::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "provgraph-test-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    path_ = made ? made : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline Timestamp T(const char* iso) {
  auto t = ParseTimestamp(iso);
  EXPECT_TRUE(t.ok()) << iso;
  return t.ok() ? *t : Timestamp{};
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::unique_ptr<Store> OpenOrDie(const std::string& dir, StoreOptions options = {}) {
  options.create_if_missing = true;
  auto s = Store::Open(dir, options);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

inline CommitResult CommitOrDie(Store& store, const Batch& batch, const std::string& command = "test") {
  CommitInfo info;
  info.actor = "tester";
  info.command = command;
  auto r = store.Commit(batch, info);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : CommitResult{};
}

}  // namespace provgraph::testing
