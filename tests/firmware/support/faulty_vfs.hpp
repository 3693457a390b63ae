#pragma once
// faulty_vfs.hpp — a SQLite VFS for tests that fails writes and syncs on command, as SQLite's own
// I/O-error tests do: it wraps the default VFS and, while a fault is set, answers every write
// (and truncate) or every sync with the given error code instead of passing it on.
//
// Promises:
//  * `faulty_vfs::name()` is registered on first use (not as the default VFS); open a database
//    with it (`sqlite3_open_v2(..., name())`, or CallLog::Options::vfs) to be able to fail it.
//  * With no fault set it behaves exactly as the default VFS.
//  * The settings are process-wide and safe to change from any thread at any time.
namespace samtel::test::faulty_vfs {

const char* name();
// 0 = writes succeed; else every xWrite/xTruncate returns this code (e.g. SQLITE_FULL,
// SQLITE_IOERR_WRITE).
void fail_writes(int sqlite_code);
// 0 = syncs succeed; else every xSync returns this code (e.g. SQLITE_IOERR_FSYNC).
void fail_syncs(int sqlite_code);
// How many writes and syncs were refused since the last reset().
int refused();
void reset();

}  // namespace samtel::test::faulty_vfs
