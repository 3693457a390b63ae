#pragma once
// The fixture of the tests of `samtel admin ...` against a fake service (fake_service.hpp): no
// SAMTEL_URL from the environment, the token "tok3n" in SAMTEL_TOKEN, and `run()` that runs the
// command line (run_samtel.hpp) with `admin --url <the fake's URL>` in front.
//
//   class FeedCommands : public test_support::AdminCommandTest {};
//   TEST_F(FeedCommands, ...) { fake_.answer(...); const Outcome r = run({"feed", "list"}); }
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "fake_service.hpp"
#include "run_samtel.hpp"

namespace samtel::fw::admin::test_support {

class AdminCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("SAMTEL_URL");
    ::setenv("SAMTEL_TOKEN", "tok3n", 1);
  }
  void TearDown() override { ::unsetenv("SAMTEL_TOKEN"); }
  Outcome run(std::vector<std::string> args) {
    args.insert(args.begin(), {"admin", "--url", fake_.url()});
    return samtel(std::move(args));
  }
  FakeService fake_;
};

}  // namespace samtel::fw::admin::test_support
