// Reading a whole file, and replacing one whole or not at all (samtel/file.hpp).
#include "samtel/file.hpp"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace samtel {
namespace {

namespace fs = std::filesystem;

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "samtel-file-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  // The names in the directory, hidden ones included.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string dir;
};

TEST_F(FileTest, AWrittenFileReadsBackAndReplacesTheOldOneReadableByAll) {
  const std::string path = dir + "/status.json";
  ASSERT_TRUE(write_file_atomically(path, "first\n"));
  ASSERT_TRUE(write_file_atomically(path, "second\n"));
  EXPECT_EQ(read_text_file(path), "second\n");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_EQ(names(), std::vector<std::string>{"status.json"});  // no temporary file left
}

TEST_F(FileTest, AFailedWriteLeavesTheOldFileAndNoTemporaryOne) {
  // A directory in the way: the rename cannot replace it.
  const std::string path = dir + "/status.json";
  fs::create_directory(path);
  auto written = write_file_atomically(path, "text");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), path + ": cannot replace the file: Is a directory");
  EXPECT_TRUE(fs::is_directory(path));
  EXPECT_EQ(names(), std::vector<std::string>{"status.json"});
}

TEST_F(FileTest, AMissingDirectoryIsNamedWithTheReason) {
  const std::string path = dir + "/none/status.json";
  auto written = write_file_atomically(path, "text");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(),
            path + ": cannot create a temporary file beside it: No such file or directory");
}

TEST_F(FileTest, AWriteRefusedMidwayLeavesTheOldFileAndNoTemporaryOne) {
  const std::string path = dir + "/status.json";
  ASSERT_TRUE(write_file_atomically(path, "old\n"));
  // A file size limit of 4 bytes: the write stops there with EFBIG (SIGXFSZ ignored), as a full
  // disk would stop it with ENOSPC.
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = before;
  small.rlim_cur = 4;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  auto written = write_file_atomically(path, "longer than four bytes\n");
  ::setrlimit(RLIMIT_FSIZE, &before);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), path + ": cannot write the file: File too large");
  EXPECT_EQ(read_text_file(path), "old\n");
  EXPECT_EQ(names(), std::vector<std::string>{"status.json"});
}

TEST_F(FileTest, ReadingADirectoryOrAMissingFileSaysWhich) {
  EXPECT_EQ(read_text_file(dir).error(), dir + ": cannot read the file (it is a directory)");
  EXPECT_EQ(read_text_file(dir + "/none").error(), dir + "/none: cannot open the file");
}

}  // namespace
}  // namespace samtel
