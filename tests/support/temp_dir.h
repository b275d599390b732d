// A fresh temporary directory for a test, removed with its contents when the
// test is done. Readable by the `postgres` user, who runs PostgreSQL when the
// tests run as root.
#pragma once

#include <string>

namespace galley::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `content` to `name` inside the directory; returns its path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace galley::testing
