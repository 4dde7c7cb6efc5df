#include "index_path.h"

#include <filesystem>
#include <system_error>

namespace fss::searchd {

Status check_index_path(const std::string& dir, bool wait_for_index) {
  std::error_code ec;
  const auto st = std::filesystem::status(dir, ec);
  if (std::filesystem::is_directory(st)) return Status::ok();
  if (std::filesystem::exists(st))
    return Status::invalid_argument("--index " + dir + ": not a directory");
  if (wait_for_index) return Status::ok();
  return Status::invalid_argument(
      "--index " + dir +
      ": no such directory (a typo? build the index first: fss-index build --index " + dir +
      ", or start with --wait-for-index to serve it once a first build has made it)");
}

}  // namespace fss::searchd
