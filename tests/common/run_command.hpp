#pragma once
// run_command.hpp — runs a program of ours (the samtel command line) as a separate process, as
// a person or a script would: its arguments, standard input from a text, standard output and
// standard error captured, its exit status. For the command-line tests of every part.
#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace samtel::test {

struct CommandRun {
  int code = -1;  // the exit status; -1 if the program did not start or did not exit
  std::string out, err;
};

// A fresh path in the test's temporary directory.
inline std::string temp_path(const std::string& name) {
  static std::atomic<int> counter{0};
  return ::testing::TempDir() + "samtel-cli-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter++) + "-" + name;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `program` with `args`; standard input is `input` (a file, never a terminal).
inline CommandRun run_command(const std::string& program, const std::vector<std::string>& args,
                              const std::string& input = {}) {
  const std::string in_path = temp_path("stdin");
  const std::string out_path = temp_path("stdout");
  const std::string err_path = temp_path("stderr");
  std::ofstream(in_path, std::ios::binary) << input;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  std::vector<std::string> storage{program};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  CommandRun r;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    ADD_FAILURE() << "cannot start " << program;
    std::remove(in_path.c_str());
    return r;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  for (const std::string& p : {in_path, out_path, err_path}) std::remove(p.c_str());
  return r;
}

}  // namespace samtel::test
