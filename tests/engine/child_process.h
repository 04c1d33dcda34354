// ChildProcess: runs a program with its stdout on a pipe, for the tests
// that kill writers or watch them from another process.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace provgraph::testing {

class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fds[0];
  }
  ~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      Wait();
    }
    if (out_ >= 0) close(out_);
  }
  // Reads stdout until `text` appears or the child closes it / timeout_ms passes.
  bool WaitFor(const std::string& text, int timeout_ms = 60000) {
    while (output_.find(text) == std::string::npos) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, timeout_ms) <= 0) return false;
      char buf[256];
      ssize_t n = read(out_, buf, sizeof buf);
      if (n <= 0) return false;
      output_.append(buf, static_cast<size_t>(n));
    }
    return true;
  }
  void Kill() { kill(pid_, SIGKILL); }
  // Returns the exit status as waitpid reports it.
  int Wait() {
    int status = 0;
    if (!reaped_) {
      waitpid(pid_, &status, 0);
      reaped_ = true;
      status_ = status;
    }
    return status_;
  }
  const std::string& output() {
    char buf[256];
    ssize_t n;
    while (Wait(), (n = read(out_, buf, sizeof buf)) > 0) output_.append(buf, static_cast<size_t>(n));
    return output_;
  }
  bool ok() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string output_;
};

}  // namespace provgraph::testing
