#include <string>
#include <utility>

#include "search/searcher_impl.h"
#include "search/snippet.h"

namespace fss {

using nlohmann::json;

std::optional<std::string> opt_string_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// json::value() would throw type_error on a field of another type.
std::string string_field(const json& j, const char* key) {
  return opt_string_field(j, key).value_or("");
}

Result<json> stored_data(const Xapian::Document& doc) {
  json data = json::parse(doc.get_data(), nullptr, false);
  if (!data.is_object() || string_field(data, "id").empty())
    return Status::corruption("document " + std::to_string(doc.get_docid()) +
                              ": stored data is not a post or comment");
  return data;
}

Status add_hits(const Xapian::MSet& page, const BuiltQuery& built, const Analyzer& analyzer,
                std::vector<Hit>* hits) {
  for (auto it = page.begin(); it != page.end(); ++it) {
    // A hit that cannot be shown fails the answer: dropping it would leave it counted in
    // the total and the facets.
    auto data = stored_data(it.get_document());
    if (!data.is_ok()) return data.status();
    const json& d = data.value();
    Hit h;
    h.id = string_field(d, "id");
    h.type = string_field(d, "type");
    h.title = string_field(d, "title");
    h.date = opt_string_field(d, "date");
    h.author = opt_string_field(d, "author");
    if (auto a = d.find("areas"); a != d.end() && a->is_array())
      for (const auto& x : *a)
        if (x.is_string()) h.areas.push_back(x.get<std::string>());
    h.snippet = make_snippet(string_field(d, "text"), analyzer, built.highlight);
    h.score = built.browse ? 0 : it.get_weight();
    if (auto p = d.find("post"); p != d.end() && p->is_object())
      h.post = std::make_pair(string_field(*p, "id"), string_field(*p, "title"));
    h.url = opt_string_field(d, "url");
    hits->push_back(std::move(h));
  }
  return Status::ok();
}

}  // namespace fss
