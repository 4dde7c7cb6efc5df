// JSON helpers shared by the archive lines, the index's document data, the search
// contract's answers and the WordPress REST reader.
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

// The string at `key` of the object `j`; nullopt when `j` is not an object, has no `key`,
// or holds another type there (where json::value() would throw type_error).
template <typename Json>
std::optional<std::string> optional_string(const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->template get<std::string>();
}

// As optional_string, with "" for a field that is absent or not a string.
template <typename Json>
std::string string_or_empty(const Json& j, const char* key) {
  return optional_string(j, key).value_or("");
}

}  // namespace fss

#endif  // FSS_SRC_TEXT_JSON_UTIL_H_
