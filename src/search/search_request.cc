#include "fss/archive.h"
#include "fss/search.h"
#include "fss/utf8.h"

namespace fss {
namespace {

Status check_text(const char* field, const std::string& value) {
  if (auto bad = find_invalid_utf8(value))
    return Status::invalid_argument(std::string(field) + ": invalid UTF-8 at byte " +
                                    std::to_string(*bad));
  if (value.find('\0') != std::string::npos)
    return Status::invalid_argument(std::string(field) + ": contains a NUL byte");
  return Status::ok();
}

Status check_date(const char* field, const std::optional<std::string>& date) {
  if (!date) return Status::ok();
  if (Status s = check_text(field, *date); !s.is_ok()) return s;
  if (!is_valid_date(*date))
    return Status::invalid_argument(std::string(field) + ": not a date: '" + *date + "'");
  return Status::ok();
}

}  // namespace

Status validate_request(const SearchRequest& r) {
  if (r.query.size() > kMaxQueryBytes)
    return Status::invalid_argument("q: longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  if (Status s = check_text("q", r.query); !s.is_ok()) return s;
  if (Status s = check_date("from", r.from); !s.is_ok()) return s;
  if (Status s = check_date("to", r.to); !s.is_ok()) return s;
  if (r.from && r.to && *r.from > *r.to)
    return Status::invalid_argument("from: '" + *r.from + "' is after to: '" + *r.to + "'");
  for (const std::string& a : r.authors) {
    if (Status s = check_text("author", a); !s.is_ok()) return s;
    if (a.size() > kMaxQueryBytes) return Status::invalid_argument("author: too long");
  }
  for (const std::string& a : r.areas) {
    if (Status s = check_text("area", a); !s.is_ok()) return s;
    if (a.size() > 200) return Status::invalid_argument("area: too long");
  }
  if (r.type && *r.type != "post" && *r.type != "comment")
    return Status::invalid_argument("type: must be 'post' or 'comment', not '" + *r.type + "'");
  if (r.sort != "relevance" && r.sort != "date")
    return Status::invalid_argument("sort: must be 'relevance' or 'date', not '" + r.sort + "'");
  if (r.page < 1 || r.page > kMaxPage)
    return Status::invalid_argument("page: must be between 1 and " + std::to_string(kMaxPage));
  if (r.size < 1 || r.size > kMaxSize)
    return Status::invalid_argument("size: must be between 1 and " + std::to_string(kMaxSize));
  return Status::ok();
}

}  // namespace fss
