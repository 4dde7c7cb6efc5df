#include <optional>
#include <string>
#include <utility>

#include "fss/schema.h"
#include "search/searcher_impl.h"

namespace fss {

using nlohmann::json;

Result<PostView> Searcher::get_post(const std::string& id) {
  // nullopt: no document has the id; kCorruption: one has, and its data cannot be read.
  const auto load = [&](const std::string& doc_id) -> Result<std::optional<json>> {
    const std::string term = std::string(schema::kId) + doc_id;
    Xapian::PostingIterator p = impl_->db.postlist_begin(term);
    if (p == impl_->db.postlist_end(term)) return std::optional<json>();
    auto data = stored_data(impl_->db.get_document(*p));
    if (!data.is_ok()) return data.status();
    return std::optional<json>(std::move(data.value()));
  };
  try {
    const auto found = load(id);
    if (!found.is_ok()) return found.status();
    const std::optional<json>& data = found.value();
    if (!data || string_field(*data, "type") != schema::kTypePost)
      return Status::not_found("no post with id '" + id + "'");
    PostView view;
    Post& p = view.post;
    p.id = id;
    p.title = string_field(*data, "title");
    p.date = opt_string_field(*data, "date");
    p.author = opt_string_field(*data, "author");
    p.author_role = opt_string_field(*data, "author_role");
    p.kicker = opt_string_field(*data, "kicker");
    p.region = opt_string_field(*data, "region");
    p.source = string_field(*data, "source");
    p.url = opt_string_field(*data, "url");
    p.body = string_field(*data, "text");
    for (const auto& a : data->value("areas", json::array()))
      if (a.is_string()) p.areas.push_back(a.get<std::string>());
    for (const auto& cid : data->value("comments", json::array())) {
      if (!cid.is_string()) continue;
      const auto c = load(cid.get<std::string>());
      if (!c.is_ok()) return c.status();
      if (!c.value()) continue;
      const json& cd = *c.value();
      p.comments.push_back({cid.get<std::string>(), string_field(cd, "author"),
                            opt_string_field(cd, "date"), string_field(cd, "text")});
    }
    return view;
  } catch (const Xapian::Error& e) {
    return Status::unavailable("reading post failed: " + e.get_description());
  } catch (const std::exception& e) {
    return Status::internal(std::string("reading post failed: ") + e.what());
  }
}

}  // namespace fss
