#pragma once
// call_log_reader.hpp — the call log (calls.db, written by samteld through call_log.hpp) read by
// someone else: the admin service shows call records to administrators, and writes nothing.
//
// Promises:
//  * `open()` opens an existing file read-only (`ConnectionOptions::read_only`); it never creates,
//    migrates or checks one, and refuses a file whose schema is not one it reads (1 up to
//    `CallLog::kSchemaVersion`). Errors are one line naming the file.
//  * `calls()` gives the records that arrived in [from, to) (UTC instants, as stored), by id (the
//    order they were committed), after `after_id`, at most `limit` (1..1000), each with its id
//    and attempts; `next` is the id to pass as `after_id` for the next page, or nullopt when
//    there are no more. The caller's number is as stored (minimised by the unit's policy).
//  * One connection, one thread; readers never block samteld's writer (WAL).
//
//   auto log = CallLogReader::open("/var/lib/samtel/calls.db");
//   auto page = log->calls(from, to, 0, 100);
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "samtel/call_record.hpp"
#include "samtel/store/database.hpp"
#include "samtel/time.hpp"

namespace samtel::fw::store {

struct StoredCall {
  std::int64_t id = 0;
  CallRecord record;
};

struct CallPage {
  std::vector<StoredCall> calls;
  std::optional<std::int64_t> next;
};

class CallLogReader {
 public:
  static constexpr int kMaxLimit = 1000;

  static tl::expected<CallLogReader, std::string> open(const std::string& path);

  tl::expected<CallPage, std::string> calls(Instant from, Instant to, std::int64_t after_id,
                                            int limit) const;

 private:
  explicit CallLogReader(Connection db) : db_(std::move(db)) {}
  Connection db_;
};

}  // namespace samtel::fw::store
