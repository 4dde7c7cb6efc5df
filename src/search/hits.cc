#include <string>
#include <utility>

#include "base/json_util.h"
#include "search/searcher_impl.h"
#include "search/snippet.h"

namespace fss {

using nlohmann::json;

Result<json> stored_data(const Xapian::Document& doc) {
  json data = json::parse(doc.get_data(), nullptr, false);
  if (!data.is_object() || string_or_empty(data, "id").empty())
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
    h.id = string_or_empty(d, "id");
    h.type = string_or_empty(d, "type");
    h.title = string_or_empty(d, "title");
    h.date = optional_string(d, "date");
    h.author = optional_string(d, "author");
    if (auto a = d.find("areas"); a != d.end() && a->is_array())
      for (const auto& x : *a)
        if (x.is_string()) h.areas.push_back(x.get<std::string>());
    h.snippet = make_snippet(string_or_empty(d, "text"), analyzer, built.highlight);
    h.score = built.browse ? 0 : it.get_weight();
    if (auto p = d.find("post"); p != d.end() && p->is_object())
      h.post = std::make_pair(string_or_empty(*p, "id"), string_or_empty(*p, "title"));
    h.url = optional_string(d, "url");
    hits->push_back(std::move(h));
  }
  return Status::ok();
}

}  // namespace fss
