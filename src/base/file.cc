#include "base/file.h"

#include <fstream>
#include <sstream>

namespace fss {

Result<std::string> read_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open" + (what.empty() ? "" : " " + what));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::io_error(path + ": read failed");
  return text.str();
}

}  // namespace fss
