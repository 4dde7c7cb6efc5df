// fss-searchd's handlers (server.h): each parses its parameters, calls the core library
// (on a search worker when it reads the index) and serialises the answer.
#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "fss/ids.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "fss/search.h"
#include "fss/search_json.h"
#include "fss/search_params.h"
#include "fss/utf8.h"
#include "http_errors.h"
#include "robots.h"
#include "server.h"

namespace fss::searchd {
namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

// Both well under cpp-httplib's 8192-byte request line, so that their 400 is reachable.
constexpr size_t kMaxAnalyzeBytes = 4096;
constexpr size_t kMaxSuggestBytes = 256;

// One text parameter, given at most once, valid UTF-8 and at most `max` bytes.
Result<std::string> text_param(const httplib::Request& req, const char* name, size_t max) {
  if (req.get_param_value_count(name) > 1)
    return Status::invalid_argument(std::string(name) + ": given more than once");
  std::string v = req.get_param_value(name);
  if (v.find('\0') != std::string::npos)
    return Status::invalid_argument(std::string(name) + ": contains a NUL byte");
  if (auto bad = find_invalid_utf8(v))
    return Status::invalid_argument(std::string(name) + ": invalid UTF-8 at byte " +
                                    std::to_string(*bad));
  if (v.size() > max)
    return Status::invalid_argument(std::string(name) + ": longer than " + std::to_string(max) +
                                    " bytes");
  return v;
}

// The live generation and its size from a cheap read of the index: the stub, a fresh
// Database, the first posting of the post type and that document's data. No search
// worker is needed, and an index whose files cannot be read fails here as a search would.
Result<IndexInfo> read_index_info(const std::string& dir) {
  auto live = live_generation(dir);
  if (!live.is_ok()) return live.status();
  try {
    Xapian::Database db(dir);
    const std::string posts = std::string(schema::kType) + schema::kTypePost;
    Xapian::PostingIterator p = db.postlist_begin(posts);
    if (p != db.postlist_end(posts)) {
      const std::string data = db.get_document(*p).get_data();
      if (data.empty() || data.front() != '{')
        return Status::unavailable(dir + ": index cannot be read: a document has no data");
    }
    return IndexInfo{live.value(), db.get_doccount()};
  } catch (const Xapian::Error& e) {
    return Status::unavailable(dir + ": index cannot be read: " + e.get_description());
  }
}

}  // namespace

void Server::get_search(const httplib::Request& req, httplib::Response& res) {
  auto request = request_from_params(req.params);
  if (!request.is_ok()) return send_error(res, request.status());
  request.value().deadline = deadline();
  std::optional<Result<SearchResponse>> answer;
  Status s = on_worker([&](Searcher& searcher) { answer = searcher.search(request.value()); });
  if (s.is_ok() && !answer->is_ok()) s = answer->status();
  if (!s.is_ok()) return send_error(res, s);
  const SearchResponse& response = answer->value();
  metrics_.observe_search(response.total, response.suggestion_used, response.partial);
  if (options_.query_log) options_.query_log->write(request.value(), response);
  res.set_content(response_to_json(response), kJson);
}

void Server::get_post(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
  if (id.size() > 200 || !is_url_safe_id(id))
    return send_error(
        res, Status::not_found("no post with id '" + repair_utf8(id.substr(0, 200)) + "'"));
  std::optional<Result<PostView>> post;
  Status s = on_worker([&](Searcher& searcher) { post = searcher.get_post(id); });
  if (s.is_ok() && !post->is_ok()) s = post->status();
  if (!s.is_ok()) return send_error(res, s);
  res.set_content(post_view_to_json(post->value()), kJson);
}

void Server::get_suggest(const httplib::Request& req, httplib::Response& res) {
  auto q = text_param(req, "q", kMaxSuggestBytes);
  if (!q.is_ok()) return send_error(res, q.status());
  std::optional<Result<std::vector<Completion>>> completions;
  Status s = on_worker([&](Searcher& searcher) { completions = searcher.suggest(q.value(), 10); });
  if (s.is_ok() && !completions->is_ok()) s = completions->status();
  if (!s.is_ok()) return send_error(res, s);
  res.set_content(completions_to_json(q.value(), completions->value()), kJson);
}

void Server::get_analyze(const httplib::Request& req, httplib::Response& res) {
  auto text = text_param(req, "text", kMaxAnalyzeBytes);
  if (!text.is_ok()) return send_error(res, text.status());
  std::vector<Token> tokens;
  if (Status s = analyzer_->analyze(text.value(), &tokens); !s.is_ok()) return send_error(res, s);
  res.set_content(tokens_to_json(tokens), kJson);
}

void Server::get_areas(const httplib::Request&, httplib::Response& res) {
  std::string areas;
  if (Status s = on_worker([&](Searcher& searcher) { areas = searcher.areas_json(); }); !s.is_ok())
    return send_error(res, s);
  res.set_content(areas, kJson);
}

void Server::get_healthz(const httplib::Request&, httplib::Response& res) {
  auto read = read_index_info(options_.index_dir);
  if (!read.is_ok()) return send_error(res, read.status());
  const IndexInfo& info = read.value();
  res.set_content("{\"status\":\"ok\",\"generation\":\"" + info.generation +
                      "\",\"documents\":" + std::to_string(info.documents) + "}",
                  kJson);
}

void Server::get_metrics(const httplib::Request&, httplib::Response& res) {
  Metrics::Gauges g;
  g.reopens = workers_.reopens();
  if (auto read = read_index_info(options_.index_dir); read.is_ok()) {
    g.documents = read.value().documents;
    g.generation = read.value().generation;
  }
  const FrontStats front = http_.stats();
  g.connections = front.open;
  g.connections_closed = front.closed;
  res.set_content(metrics_.render(g), "text/plain; version=0.0.4; charset=utf-8");
}

void Server::get_robots(const httplib::Request&, httplib::Response& res) { serve_robots_txt(res); }

void Server::get_static(const httplib::Request& req, httplib::Response& res) {
  // The route admits only the page's paths, all of which static_files_ answers.
  if (!static_files_.serve(req, res)) res.status = 404;
}

}  // namespace fss::searchd
