// Hand-written metadata (corpus/metadata.json) merged into imported posts.
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "fss/ids.h"
#include "fss/importer.h"
#include "base/file.h"
#include "fss/utf8.h"

namespace fss {
namespace {

using Json = nlohmann::json;

// Reads one optional string field; "" on success, else the error.
std::string read_field(const Json& entry, const std::string& key, const std::string& where,
                       std::optional<std::string>* out) {
  const auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return "";
  if (!it->is_string() || it->get<std::string>().empty()) {
    return where + "." + key + ": not a non-empty string or null";
  }
  *out = it->get<std::string>();
  if (key == "date" && !is_valid_date(**out)) {
    return where + ".date: not a date (YYYY-MM-DD): '" + **out + "'";
  }
  return "";
}

std::string read_entry(const std::string& id, const Json& entry, PostMetadata* out) {
  static const std::set<std::string> kFields = {"date",   "author", "author_role", "kicker",
                                                "region", "areas",  "note"};
  if (!entry.is_object()) return id + ": not an object";
  for (const auto& [key, value] : entry.items()) {
    if (!kFields.count(key)) {
      return id + "." + key +
             ": unknown field (known: date, author, author_role, kicker, region, areas, note)";
    }
  }
  for (const char* key : {"date", "author", "author_role", "kicker", "region"}) {
    std::optional<std::string>* field = key == std::string("date")          ? &out->date
                                        : key == std::string("author")      ? &out->author
                                        : key == std::string("author_role") ? &out->author_role
                                        : key == std::string("kicker")      ? &out->kicker
                                                                            : &out->region;
    if (std::string err = read_field(entry, key, id, field); !err.empty()) return err;
  }
  if (const auto it = entry.find("areas"); it != entry.end() && !it->is_null()) {
    if (!it->is_array()) return id + ".areas: not an array";
    std::vector<std::string> areas;
    for (const Json& a : *it) {
      // The archive reader's rule (archive.cc), so import never writes what build rejects.
      if (!a.is_string() || !is_url_safe_id(a.get<std::string>())) {
        return id + ".areas: not an array of area ids ([a-z0-9-]): " + a.dump();
      }
      areas.push_back(a.get<std::string>());
    }
    out->areas = std::move(areas);
  }
  if (const auto it = entry.find("note"); it != entry.end() && !it->is_string()) {
    return id + ".note: not a string";
  }
  return "";
}

}  // namespace

Result<MetadataMap> parse_metadata(std::string_view json_text) {
  if (const auto bad = find_invalid_utf8(json_text)) {
    return Status::invalid_argument("invalid UTF-8 at byte " + std::to_string(*bad));
  }
  Json root;
  try {
    root = Json::parse(json_text.begin(), json_text.end());
  } catch (const Json::exception& e) {
    return Status::invalid_argument(std::string("not JSON: ") + e.what());
  }
  if (!root.is_object()) return Status::invalid_argument("not a JSON object keyed by post id");
  MetadataMap map;
  for (const auto& [id, entry] : root.items()) {
    PostMetadata meta;
    if (std::string err = read_entry(id, entry, &meta); !err.empty()) {
      return Status::invalid_argument(err);
    }
    map.emplace(id, std::move(meta));
  }
  return map;
}

Result<MetadataMap> read_metadata(const std::string& path) {
  Result<std::string> text = read_file(path, "metadata file");
  if (!text.is_ok()) return text.status();
  Result<MetadataMap> map = parse_metadata(text.value());
  if (!map.is_ok()) return Status::invalid_argument(path + ": " + map.status().message());
  return map;
}

std::vector<std::string> apply_metadata(const MetadataMap& metadata, std::vector<Post>* posts) {
  std::vector<std::string> unused;
  for (const auto& [id, meta] : metadata) {
    const bool known =
        std::any_of(posts->begin(), posts->end(), [&id = id](const Post& p) { return p.id == id; });
    if (!known) unused.push_back(id);
  }
  for (Post& post : *posts) {
    const auto it = metadata.find(post.id);
    if (it == metadata.end()) continue;
    const PostMetadata& m = it->second;
    if (m.date) post.date = m.date;
    if (m.author) post.author = m.author;
    if (m.author_role) post.author_role = m.author_role;
    if (m.kicker) post.kicker = m.kicker;
    if (m.region) post.region = m.region;
    if (m.areas) post.areas = *m.areas;
  }
  return unused;
}

}  // namespace fss
