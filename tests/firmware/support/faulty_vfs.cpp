#include "faulty_vfs.hpp"

#include <atomic>
#include <mutex>

#include <sqlite3.h>

namespace samtel::test::faulty_vfs {
namespace {

std::atomic<int> write_error{0}, sync_error{0}, refusals{0};
sqlite3_vfs* root = nullptr;
sqlite3_vfs faulty{};

struct File {
  sqlite3_file base;
  sqlite3_file* real;  // the default VFS's file, in the same allocation right after this one
};

sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

int refuse(int code) {
  ++refusals;
  return code;
}

int x_close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return real(f)->pMethods->xRead(real(f), buf, n, off);
}
int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (const int e = write_error.load()) return refuse(e);
  return real(f)->pMethods->xWrite(real(f), buf, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (const int e = write_error.load()) return refuse(e);
  return real(f)->pMethods->xTruncate(real(f), size);
}
int x_sync(sqlite3_file* f, int flags) {
  if (const int e = sync_error.load()) return refuse(e);
  return real(f)->pMethods->xSync(real(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return real(f)->pMethods->xFileSize(real(f), size);
}
int x_lock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int x_unlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int x_check_reserved(sqlite3_file* f, int* out) {
  return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int x_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int x_device(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int x_shm_unmap(sqlite3_file* f, int del) { return real(f)->pMethods->xShmUnmap(real(f), del); }

const sqlite3_io_methods io_methods = {2,           x_close,          x_read,         x_write,
                                       x_truncate,  x_sync,           x_file_size,    x_lock,
                                       x_unlock,    x_check_reserved, x_file_control, x_sector_size,
                                       x_device,    x_shm_map,        x_shm_lock,     x_shm_barrier,
                                       x_shm_unmap, nullptr,          nullptr};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto* file = reinterpret_cast<File*>(f);
  file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(File));
  file->base.pMethods = nullptr;
  const int rc = root->xOpen(root, name, file->real, flags, out_flags);
  if (file->real->pMethods != nullptr) file->base.pMethods = &io_methods;
  return rc;
}
int x_delete(sqlite3_vfs*, const char* name, int sync) { return root->xDelete(root, name, sync); }
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return root->xAccess(root, name, flags, out);
}
int x_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return root->xFullPathname(root, name, n, out);
}
void* x_dl_open(sqlite3_vfs*, const char* name) { return root->xDlOpen(root, name); }
void x_dl_error(sqlite3_vfs*, int n, char* out) { root->xDlError(root, n, out); }
void (*x_dl_sym(sqlite3_vfs*, void* h, const char* sym))(void) {
  return root->xDlSym(root, h, sym);
}
void x_dl_close(sqlite3_vfs*, void* h) { root->xDlClose(root, h); }
int x_randomness(sqlite3_vfs*, int n, char* out) { return root->xRandomness(root, n, out); }
int x_sleep(sqlite3_vfs*, int us) { return root->xSleep(root, us); }
int x_current_time(sqlite3_vfs*, double* out) { return root->xCurrentTime(root, out); }
int x_last_error(sqlite3_vfs*, int n, char* out) { return root->xGetLastError(root, n, out); }
int x_current_time64(sqlite3_vfs*, sqlite3_int64* out) {
  return root->xCurrentTimeInt64(root, out);
}

void register_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    root = sqlite3_vfs_find(nullptr);
    faulty.iVersion = 2;
    faulty.szOsFile = static_cast<int>(sizeof(File)) + root->szOsFile;
    faulty.mxPathname = root->mxPathname;
    faulty.zName = "samtel-faulty";
    faulty.xOpen = x_open;
    faulty.xDelete = x_delete;
    faulty.xAccess = x_access;
    faulty.xFullPathname = x_full_pathname;
    faulty.xDlOpen = x_dl_open;
    faulty.xDlError = x_dl_error;
    faulty.xDlSym = x_dl_sym;
    faulty.xDlClose = x_dl_close;
    faulty.xRandomness = x_randomness;
    faulty.xSleep = x_sleep;
    faulty.xCurrentTime = x_current_time;
    faulty.xGetLastError = x_last_error;
    faulty.xCurrentTimeInt64 = x_current_time64;
    sqlite3_vfs_register(&faulty, 0);
  });
}

}  // namespace

const char* name() {
  register_once();
  return faulty.zName;
}
void fail_writes(int sqlite_code) { write_error = sqlite_code; }
void fail_syncs(int sqlite_code) { sync_error = sqlite_code; }
int refused() { return refusals.load(); }
void reset() {
  write_error = 0;
  sync_error = 0;
  refusals = 0;
}

}  // namespace samtel::test::faulty_vfs
