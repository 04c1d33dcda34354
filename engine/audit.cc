#include "engine/audit.h"

#include <openssl/evp.h>

#include "engine/coding.h"
#include "engine/time.h"

namespace provgraph {
namespace {

std::string ToHex(const unsigned char* p, unsigned n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (unsigned i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 15]);
  }
  return out;
}

nlohmann::json WithoutHash(const AuditEntry& e) {
  return nlohmann::json{{"seq", e.seq},         {"time", FormatTimestamp(Timestamp{e.time_us})},
                        {"time_us", e.time_us}, {"actor", e.actor},
                        {"user", e.user},       {"command", e.command},
                        {"counts", e.counts},   {"data_digest", e.data_digest},
                        {"prev_hash", e.prev_hash}};
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return ToHex(md, len);
}

RecordDigest::RecordDigest() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr);
}

RecordDigest::~RecordDigest() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void RecordDigest::Add(std::string_view key, std::string_view value) {
  std::string lengths;
  coding::PutFixed64(lengths, key.size());
  coding::PutFixed64(lengths, value.size());
  auto* ctx = static_cast<EVP_MD_CTX*>(ctx_);
  EVP_DigestUpdate(ctx, lengths.data(), lengths.size());
  EVP_DigestUpdate(ctx, key.data(), key.size());
  EVP_DigestUpdate(ctx, value.data(), value.size());
}

std::string RecordDigest::HexDigest() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md, &len);
  return ToHex(md, len);
}

std::string AuditEntry::ComputeHash() const { return Sha256Hex(WithoutHash(*this).dump()); }

std::string AuditEntry::Serialize() const {
  nlohmann::json j = WithoutHash(*this);
  j["hash"] = hash;
  return j.dump();
}

Result<AuditEntry> AuditEntry::Parse(std::string_view stored) {
  nlohmann::json j = nlohmann::json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("audit entry is not valid JSON");
  AuditEntry e;
  try {
    e.seq = j.at("seq").get<uint32_t>();
    e.time_us = j.at("time_us").get<int64_t>();
    e.actor = j.at("actor").get<std::string>();
    e.user = j.at("user").get<std::string>();
    e.command = j.at("command").get<std::string>();
    e.counts = j.at("counts");
    e.data_digest = j.at("data_digest").get<std::string>();
    e.prev_hash = j.at("prev_hash").get<std::string>();
    e.hash = j.at("hash").get<std::string>();
    if (j.at("time").get<std::string>() != FormatTimestamp(Timestamp{e.time_us})) {
      return Status::Corruption("audit entry time fields disagree");
    }
  } catch (const nlohmann::json::exception& ex) {
    return Status::Corruption(std::string("audit entry is missing a field: ") + ex.what());
  }
  return e;
}

}  // namespace provgraph
