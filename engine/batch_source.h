// BatchSource: one batch delivered as a sequence of segments (see
// Batch::After), so that a loader can parse the next segment on another
// thread while the store resolves the ones before it. The whole sequence is
// still one batch: one write transaction, one audit entry.
#pragma once

#include "engine/batch.h"
#include "engine/status.h"

namespace provgraph {

class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // The next segment (valid until the source is destroyed), or nullptr once
  // the batch is complete. An error ends the batch: nothing is written.
  virtual Result<const Batch*> Next() = 0;
  // Starts again from the first segment (the store resolves the batch anew
  // when another process committed in between).
  virtual Status Rewind() = 0;
};

// A batch that is all in one segment.
class SingleBatchSource final : public BatchSource {
 public:
  explicit SingleBatchSource(const Batch& batch) : batch_(batch) {}
  Result<const Batch*> Next() override {
    if (done_) return static_cast<const Batch*>(nullptr);
    done_ = true;
    return &batch_;
  }
  Status Rewind() override {
    done_ = false;
    return Status::Ok();
  }

 private:
  const Batch& batch_;
  bool done_ = false;
};

}  // namespace provgraph
