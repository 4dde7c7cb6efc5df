// JSON writing shared by the archive lines, the index's document data and the search
// contract's answers.
#ifndef FSS_SRC_TEXT_JSON_UTIL_H_
#define FSS_SRC_TEXT_JSON_UTIL_H_

#include <optional>
#include <string>

namespace fss {

// A string field that may be absent: the string, or null. `Json` is the caller's
// nlohmann::json or nlohmann::ordered_json.
template <typename Json>
Json nullable(const std::optional<std::string>& s) {
  return s ? Json(*s) : Json(nullptr);
}

}  // namespace fss

#endif  // FSS_SRC_TEXT_JSON_UTIL_H_
