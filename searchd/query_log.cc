#include "query_log.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

namespace fss::searchd {

Result<std::unique_ptr<QueryLog>> QueryLog::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  std::FILE* f = fd < 0 ? nullptr : fdopen(fd, "a");
  if (!f) return Status::io_error("--query-log " + path + ": " + std::strerror(errno));
  return std::unique_ptr<QueryLog>(new QueryLog(f));
}

QueryLog::~QueryLog() { std::fclose(file_); }

void QueryLog::write(const SearchRequest& r, const SearchResponse& a) {
  using Json = nlohmann::ordered_json;
  char time[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(time, sizeof time, "%Y-%m-%dT%H:%M:%SZ", &tm);
  const auto opt = [](const std::optional<std::string>& s) { return s ? Json(*s) : Json(); };
  Json line = {{"time", time},
               {"q", r.query},
               {"from", opt(r.from)},
               {"to", opt(r.to)},
               {"author", r.authors},
               {"area", r.areas},
               {"type", opt(r.type)},
               {"sort", r.sort},
               {"page", r.page},
               {"total", a.total},
               {"suggestion_used", a.suggestion_used},
               {"partial", a.partial},
               {"took_ms", a.took_ms}};
  // The request was validated (UTF-8 included); replace is only a guard.
  const std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  MutexLock lock(&mu_);
  std::fwrite(text.data(), 1, text.size(), file_);
  std::fflush(file_);
}

}  // namespace fss::searchd
