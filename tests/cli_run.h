// CliRun: runs a shell command line (the provgraph binary, usually) with its
// standard output and error captured, for the tests of the executable.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace provgraph::testing {

struct CliRun {
  int code = -1;  // the exit code, -1 when the process did not exit normally
  std::string out, err;
};

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `command` (no redirections of stdout/stderr of its own) through the
// shell with stdout and stderr sent to files in `scratch_dir`.
inline CliRun RunCapturing(const std::string& command, const std::string& scratch_dir) {
  const std::string out = scratch_dir + "/out", err = scratch_dir + "/err";
  int status = std::system((command + " >" + out + " 2>" + err).c_str());
  CliRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

}  // namespace provgraph::testing
