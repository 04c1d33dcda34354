#include "loaders/csv_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace provgraph::loaders {

Result<CsvReader> CsvReader::Open(const std::string& path, char delimiter) {
  // One read() of the file's size (then to the end, should it have grown).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(std::string("cannot open file: ") + std::strerror(errno), path);
  struct stat st {};
  std::string data;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) data.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (true) {
    char probe[4096];
    bool full = got == data.size();  // read past the expected end into `probe`
    ssize_t n = full ? ::read(fd, probe, sizeof probe) : ::read(fd, data.data() + got, data.size() - got);
    if (n > 0 && full) {
      data.append(probe, static_cast<size_t>(n));
      got += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Status::IoError(std::string("cannot read file: ") + std::strerror(err), path);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(got);
  CsvReader reader(path, std::move(data), delimiter);
  // A UTF-8 byte order mark is not part of the first field.
  if (reader.data_.compare(0, 3, "\xEF\xBB\xBF") == 0) reader.pos_ = 3;
  return reader;
}

void CsvReader::ReleaseConsumed() {
  // Whole pages inside the buffer only (its first page also holds the
  // allocator's header). The pages read as zeros afterwards.
  static const size_t kPage = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  constexpr size_t kAtLeast = size_t{1} << 20;  // no system call per record
  if (pos_ < released_ + kAtLeast) return;
  auto base = reinterpret_cast<uintptr_t>(data_.data());
  uintptr_t from = std::max(base + released_, (base + 1 + kPage - 1) / kPage * kPage);
  uintptr_t to = (base + pos_) / kPage * kPage;
  if (to <= from) return;
  ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
  released_ = to - base;
}

bool CsvReader::Next(std::vector<std::string_view>& fields, Status& error) {
  fields.clear();
  unescaped_.clear();
  const size_t n = data_.size();
  // Skip blank lines between records.
  while (pos_ < n && (data_[pos_] == '\n' || data_[pos_] == '\r')) {
    if (data_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= n) return false;
  record_line_ = line_;
  while (true) {
    if (pos_ < n && data_[pos_] == '"') {
      // Quoted field: "" is a quote; the field may hold delimiters and newlines.
      size_t start = ++pos_;
      bool escaped = false;
      while (true) {
        size_t q = data_.find('"', pos_);
        if (q == std::string::npos) {
          error = Status::InvalidInput("unterminated quoted field", path_ + ":" + std::to_string(record_line_));
          pos_ = n;
          return true;
        }
        for (size_t i = pos_; i < q; ++i) line_ += data_[i] == '\n';
        if (q + 1 < n && data_[q + 1] == '"') {
          escaped = true;
          pos_ = q + 2;
          continue;
        }
        pos_ = q + 1;
        std::string_view raw(data_.data() + start, q - start);
        if (escaped) {
          std::string s;
          for (size_t i = 0; i < raw.size(); ++i) {
            s.push_back(raw[i]);
            if (raw[i] == '"') ++i;
          }
          unescaped_.push_back(std::move(s));
          fields.emplace_back(unescaped_.back());
        } else {
          fields.push_back(raw);
        }
        break;
      }
      if (pos_ < n && data_[pos_] != delimiter_ && data_[pos_] != '\n' && data_[pos_] != '\r') {
        error = Status::InvalidInput("unexpected character after a closing quote", path_ + ":" + std::to_string(line_));
        pos_ = n;
        return true;
      }
    } else {
      size_t start = pos_;
      while (pos_ < n && data_[pos_] != delimiter_ && data_[pos_] != '\n' && data_[pos_] != '\r') ++pos_;
      std::string_view field(data_.data() + start, pos_ - start);
      if (field.find('"') != std::string_view::npos) {
        error = Status::InvalidInput("a quote inside an unquoted field", path_ + ":" + std::to_string(line_));
        pos_ = n;
        return true;
      }
      fields.push_back(field);
    }
    if (pos_ < n && data_[pos_] == delimiter_) {
      ++pos_;
      continue;
    }
    // End of record.
    if (pos_ < n && data_[pos_] == '\r') ++pos_;
    if (pos_ < n && data_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
    return true;
  }
}

}  // namespace provgraph::loaders
