#include "fss/search_params.h"

#include "fss/utf8.h"

namespace fss {
namespace {

using Params = std::multimap<std::string, std::string>;

// Echoes of client input in messages are cut short and repaired, so an error message is
// always short, valid UTF-8.
std::string quoted(const std::string& v) {
  std::string s = repair_utf8(v.substr(0, 64));
  return "'" + s + (v.size() > 64 ? "…" : "") + "'";
}

Status single(const Params& params, const char* name, std::optional<std::string>* out) {
  auto [begin, end] = params.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    if (it->second.empty()) continue;
    if (*out) return Status::invalid_argument(std::string(name) + ": given more than once");
    *out = it->second;
  }
  return Status::ok();
}

Status number(const Params& params, const char* name, int* out) {
  std::optional<std::string> v;
  if (Status s = single(params, name, &v); !s.is_ok() || !v) return s;
  long long n = 0;
  bool digits = !v->empty() && v->size() <= 18;
  for (char c : *v) digits = digits && c >= '0' && c <= '9';
  if (!digits) {
    // "-1" and a 30-digit number are numbers to a person, just out of range: the range
    // check (validate_request) says so in the same words as for 0 or 101.
    const bool all_digits =
        v->find_first_not_of("0123456789", (*v)[0] == '-' ? 1 : 0) == std::string::npos;
    if (v->size() > 1 && all_digits) {
      *out = (*v)[0] == '-' ? 0 : 1000000;
      return Status::ok();
    }
    return Status::invalid_argument(std::string(name) + ": not a number: " + quoted(*v));
  }
  n = std::stoll(*v);
  *out = n > 1000000 ? 1000000 : static_cast<int>(n);  // validate_request says what the limit is
  return Status::ok();
}

}  // namespace

Result<SearchRequest> request_from_params(const Params& params) {
  SearchRequest r;
  std::optional<std::string> q, sort, type;
  // q may legitimately be empty, but not given twice.
  if (params.count("q") > 1) return Status::invalid_argument("q: given more than once");
  if (auto it = params.find("q"); it != params.end()) r.query = it->second;
  if (Status s = single(params, "from", &r.from); !s.is_ok()) return s;
  if (Status s = single(params, "to", &r.to); !s.is_ok()) return s;
  if (Status s = single(params, "type", &r.type); !s.is_ok()) return s;
  if (Status s = single(params, "sort", &sort); !s.is_ok()) return s;
  if (sort) r.sort = *sort;
  if (Status s = number(params, "page", &r.page); !s.is_ok()) return s;
  if (Status s = number(params, "size", &r.size); !s.is_ok()) return s;
  for (const char* name : {"author", "area"}) {
    auto [begin, end] = params.equal_range(name);
    for (auto it = begin; it != end; ++it)
      if (!it->second.empty()) (name[1] == 'u' ? r.authors : r.areas).push_back(it->second);
  }
  if (r.authors.size() > 50 || r.areas.size() > 50)
    return Status::invalid_argument("author/area: at most 50 values");
  if (Status s = validate_request(r); !s.is_ok()) return s;
  return r;
}

}  // namespace fss
