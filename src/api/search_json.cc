// The contract's JSON (../shared/spec/search-api.md): one writer for every door.
#include "fss/search_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "base/json_util.h"

namespace fss {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) {
  // Text from the index is valid UTF-8; `replace` makes sure a bad byte can never turn an
  // answer into an exception.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string response_to_json(const SearchResponse& r) {
  Json j;
  j["query"] = r.query;
  j["total"] = r.total;
  j["page"] = r.page;
  j["size"] = r.size;
  j["took_ms"] = std::round(r.took_ms * 1000) / 1000;
  j["suggestion"] = nullable<Json>(r.suggestion);
  j["suggestion_used"] = r.suggestion_used;
  j["partial"] = r.partial;
  Json facets = Json::object();
  for (const char* name : {"year", "author", "area", "type"}) {
    Json values = Json::object();
    if (auto it = r.facets.find(name); it != r.facets.end())
      for (const auto& [value, count] : it->second) values[value] = count;
    facets[name] = std::move(values);
  }
  j["facets"] = std::move(facets);
  Json hits = Json::array();
  for (const Hit& h : r.hits) {
    Json hit;
    hit["id"] = h.id;
    hit["type"] = h.type;
    hit["title"] = h.title;
    hit["date"] = nullable<Json>(h.date);
    hit["author"] = nullable<Json>(h.author);
    hit["areas"] = h.areas;
    hit["snippet"] = h.snippet;
    hit["score"] = std::round(h.score * 1000) / 1000;
    hit["url"] = h.url ? Json(*h.url) : Json(nullptr);
    if (h.post) hit["post"] = {{"id", h.post->first}, {"title", h.post->second}};
    hits.push_back(std::move(hit));
  }
  j["hits"] = std::move(hits);
  return dump(j);
}

Result<SearchResponse> response_from_json(const std::string& text) {
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::invalid_argument("answer is not JSON");
  if (j.contains("error") && j["error"].is_object())
    return Status::invalid_argument(j["error"].value("message", "error"));
  SearchResponse r;
  try {
    r.query = j.at("query").get<std::string>();
    r.total = j.at("total").get<uint64_t>();
    r.page = j.at("page").get<int>();
    r.size = j.at("size").get<int>();
    r.took_ms = j.at("took_ms").get<double>();
    if (j.at("suggestion").is_string()) r.suggestion = j["suggestion"].get<std::string>();
    r.suggestion_used = j.value("suggestion_used", false);
    r.partial = j.value("partial", false);
    for (const auto& [name, values] : j.at("facets").items())
      for (const auto& [value, count] : values.items())
        r.facets[name].emplace_back(value, count.get<uint64_t>());
    for (const Json& h : j.at("hits")) {
      Hit hit;
      hit.id = h.at("id").get<std::string>();
      hit.type = h.at("type").get<std::string>();
      hit.title = h.at("title").get<std::string>();
      if (h.at("date").is_string()) hit.date = h["date"].get<std::string>();
      if (h.at("author").is_string()) hit.author = h["author"].get<std::string>();
      hit.areas = h.at("areas").get<std::vector<std::string>>();
      hit.snippet = h.at("snippet").get<std::string>();
      hit.score = h.at("score").get<double>();
      hit.url = optional_string(h, "url");  // null or absent: none
      if (h.contains("post"))
        hit.post = std::make_pair(h["post"].at("id").get<std::string>(),
                                  h["post"].at("title").get<std::string>());
      r.hits.push_back(std::move(hit));
    }
  } catch (const Json::exception& e) {
    return Status::invalid_argument(std::string("answer does not follow the contract: ") +
                                    e.what());
  }
  return r;
}

std::string error_to_json(const Status& status) {
  return error_to_json(status_code_name(status.code()), status.message());
}

std::string error_to_json(const std::string& code, const std::string& message) {
  return dump(Json{{"error", {{"code", code}, {"message", message}}}});
}

std::string completions_to_json(const std::string& query,
                                const std::vector<Completion>& completions) {
  Json list = Json::array();
  for (const Completion& c : completions) {
    Json item = {{"text", c.text}, {"kind", c.kind}};
    if (!c.id.empty()) item["id"] = c.id;
    list.push_back(std::move(item));
  }
  return dump(Json{{"query", query}, {"suggestions", std::move(list)}});
}

std::string post_view_to_json(const PostView& view) {
  // A post reads the same in the API as in the archive: one writer for both.
  return post_to_json_line(view.post);
}

}  // namespace fss
