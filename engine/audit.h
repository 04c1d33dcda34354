// Audit: the hash-chained log of batches. Each entry records who ran what,
// the counts, a SHA-256 digest of exactly the fact records the batch wrote,
// and the previous entry's hash. See engine/FORMAT.md for the byte layout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/status.h"

namespace provgraph {

inline const std::string kZeroHash(64, '0');

struct AuditEntry {
  uint32_t seq = 0;
  int64_t time_us = 0;       // load time (transaction time)
  std::string actor;         // --actor, or empty
  std::string user;          // the OS user
  std::string command;       // the command line that made the batch
  nlohmann::json counts;     // BatchCounts::ToJson()
  std::string data_digest;   // hex SHA-256 over the batch's fact records
  std::string prev_hash;     // hex hash of entry seq-1 (zeros for the first)
  std::string hash;          // hex SHA-256 of this entry without "hash"

  // The JSON stored in the audit database (with "hash").
  std::string Serialize() const;
  static Result<AuditEntry> Parse(std::string_view stored);
  // SHA-256 over the canonical JSON of every field but "hash".
  std::string ComputeHash() const;
};

// Incremental SHA-256 over (key, value) records, in the order given.
class RecordDigest {
 public:
  RecordDigest();
  ~RecordDigest();
  RecordDigest(const RecordDigest&) = delete;
  RecordDigest& operator=(const RecordDigest&) = delete;
  void Add(std::string_view key, std::string_view value);
  std::string HexDigest();  // finishes the digest

 private:
  void* ctx_;  // EVP_MD_CTX
};

std::string Sha256Hex(std::string_view data);

// The outcome of `audit verify`.
struct AuditReport {
  uint32_t entries = 0;
  std::optional<uint32_t> first_bad;  // sequence of the first bad entry
  std::string problem;                // what is wrong with it
  std::string head_hash;              // hash of the last entry (zeros if none)
  bool ok() const { return !first_bad.has_value(); }
};

}  // namespace provgraph
