// fss-search: search the FSS archive from a terminal, locally or through fss-searchd.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "fss/analyzer.h"
#include "fss/search.h"
#include "fss/search_json.h"
#include "options.h"
#include "printer.h"
#include "remote.h"

#ifndef FSS_VERSION
#define FSS_VERSION "unknown"
#endif

namespace {

using fss::Result;
using fss::Status;
using fss::StatusCode;

int fail(const Status& s) {
  std::fprintf(stderr, "fss-search: %s\n", s.message().c_str());
  return s.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

// The index or the server, behind one face.
struct Backend {
  std::function<Result<fss::SearchResponse>(const fss::SearchRequest&)> search;
  std::function<Result<fss::PostView>(const std::string&)> post;
};

// Colour as ripgrep decides it: --color always/never win; auto means a terminal, NO_COLOR
// unset or empty (no-color.org) and TERM not "dumb".
bool use_color(const std::string& flag) {
  if (flag != "auto") return flag == "always";
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color) && !(term && !std::strcmp(term, "dumb"));
}

// The terminal's width; $COLUMNS when not a terminal; else 80.
size_t output_width() {
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS"); c && std::atoi(c) > 0) return std::atoi(c);
  return 80;
}

void print(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

// --post ID [QUERY]: the post, and the hits of QUERY that are the post or its comments.
int show_post(const Backend& backend, const fss::cli::SearchOptions& o,
              const fss::cli::Style& style) {
  auto view = backend.post(o.post);
  if (!view.is_ok()) return fail(view.status());
  std::vector<fss::Hit> matches;
  if (!o.request.query.empty()) {
    fss::SearchRequest r;
    r.query = o.request.query;
    r.size = fss::kMaxSize;
    for (r.page = 1; r.page <= 20; ++r.page) {
      auto res = backend.search(r);
      if (!res.is_ok()) return fail(res.status());
      for (fss::Hit& h : res.value().hits)
        if (h.id == o.post || (h.post && h.post->first == o.post)) matches.push_back(std::move(h));
      if (static_cast<uint64_t>(r.page) * r.size >= res.value().total) break;
    }
  }
  if (o.json) {
    print(fss::post_view_to_json(view.value()) + "\n");
    return 0;
  }
  print(fss::cli::format_post(view.value(), matches, style));
  if (!o.request.query.empty() && matches.empty())
    print("\nFrågan \"" + o.request.query + "\" träffar inte det här inlägget.\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = fss::cli::parse_search_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.is_ok()) return fail(parsed.status());
  const fss::cli::SearchOptions& o = parsed.value();
  if (o.help) {
    std::fputs(fss::cli::kSearchUsage, stdout);
    return 0;
  }
  if (o.version) {
    std::puts("fss-search " FSS_VERSION);
    return 0;
  }
  const fss::cli::Style style{use_color(o.color), output_width()};
  // Input errors are found before any index or server is asked.
  if (Status s = fss::validate_request(o.request); !s.is_ok()) return fail(s);

  Backend backend;
  std::unique_ptr<fss::Analyzer> analyzer;
  std::unique_ptr<fss::Searcher> searcher;
  std::unique_ptr<fss::cli::Remote> remote;
  if (!o.server.empty()) {
    auto url = fss::cli::parse_server_url(o.server);
    if (!url.is_ok()) return fail(url.status());
    remote = std::make_unique<fss::cli::Remote>(url.value());
    backend.search = [&](const fss::SearchRequest& r) { return remote->search(r); };
    backend.post = [&](const std::string& id) { return remote->post(id); };
  } else {
    auto a = fss::Analyzer::create();
    if (!a.is_ok()) return fail(Status::unavailable(a.status().message()));
    analyzer = std::move(a.value());
    auto s = fss::Searcher::open(o.index_dir, analyzer.get());
    if (!s.is_ok()) return fail(Status::unavailable(s.status().message()));
    searcher = std::move(s.value());
    backend.search = [&](const fss::SearchRequest& r) { return searcher->search(r); };
    backend.post = [&](const std::string& id) { return searcher->get_post(id); };
  }
  if (!o.post.empty()) return show_post(backend, o, style);

  auto r = backend.search(o.request);
  if (!r.is_ok()) return fail(r.status());
  if (o.json)
    print(fss::response_to_json(r.value()) + "\n");
  else
    print(fss::cli::format_results(r.value(), style));
  return 0;
}
