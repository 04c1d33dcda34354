// SymbolTable: dense ids for label, edge-type and property names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace provgraph {

class SymbolTable {
 public:
  std::optional<uint32_t> Find(std::string_view name) const {
    auto it = ids_.find(std::string(name));
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  // Registers `name` under `id`; ids arrive densely in order from the log.
  bool Define(uint32_t id, std::string_view name) {
    if (id != names_.size()) return false;
    names_.emplace_back(name);
    ids_.emplace(names_.back(), id);
    return true;
  }
  uint32_t next_id() const { return static_cast<uint32_t>(names_.size()); }
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t> ids_;
};

}  // namespace provgraph
