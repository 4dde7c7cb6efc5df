#include "options.h"

#include <cstdlib>

namespace fss::cli {

const char* const kSearchUsage =
    "usage: fss-search [options] QUERY\n"
    "\n"
    "Searches the FSS post archive. QUERY: words (all must match, in any form), \"a phrase\",\n"
    "-word to exclude, a OR b, prefix*, title:word, author:name. May be empty with a filter.\n"
    "\n"
    "  --from YYYY-MM-DD     only documents dated on or after (undated ones drop out)\n"
    "  --to YYYY-MM-DD       only documents dated on or before\n"
    "  --author NAME         only posts/comments by NAME (may repeat)\n"
    "  --area ID             only posts in that focus area (may repeat)\n"
    "  --type post|comment   only that kind of document\n"
    "  --sort relevance|date default relevance; date is newest first\n"
    "  --page N              1-based page (default 1)\n"
    "  --size N              hits per page, 1 to 100 (default 10)\n"
    "  --index DIR           the index (default $FSS_INDEX, else ./index)\n"
    "  --server URL          ask a running fss-searchd (e.g. http://127.0.0.1:8080)\n"
    "                        a path is kept: http://example.org/sok/\n"
    "  --post ID             print the post ID (shown beside each hit) with its comments;\n"
    "                        with QUERY, also where the query matched in it\n"
    "  --json                print the contract's JSON answer\n"
    "  --color auto|always|never  bold matches (auto: when stdout is a terminal, NO_COLOR\n"
    "                        is unset or empty and TERM is not \"dumb\")\n"
    "  -h, --help            this help\n"
    "  -V, --version         the version\n"
    "\n"
    "Words that start with '-' exclude; put them after -- to be safe: fss-search -- -a b.\n"
    "Exit status: 0 ok (also with no hits), 1 the index or server cannot be read (or no\n"
    "such post), 2 usage or input error.\n";

namespace {

bool parse_int(const std::string& s, int* out) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  *out = std::atoi(s.c_str());
  return true;
}

}  // namespace

Result<SearchOptions> parse_search_options(const std::vector<std::string>& args) {
  SearchOptions o;
  if (const char* env = std::getenv("FSS_INDEX"); env && *env) o.index_dir = env;
  std::vector<std::string> words;
  bool only_words = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    // "-n" is an option (known or not); "-word" is an exclusion in the query.
    if (only_words || a.size() < 2 || a[0] != '-' || (a[1] != '-' && a.size() > 2)) {
      words.push_back(a);  // "-word" (an exclusion) is part of the query
      continue;
    }
    if (a == "--") {
      only_words = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      o.help = true;
      continue;
    }
    if (a == "-V" || a == "--version") {
      o.version = true;
      continue;
    }
    if (a == "--json") {
      o.json = true;
      continue;
    }
    std::string value;
    bool has_value = false;
    if (const auto eq = a.find('='); eq != std::string::npos) {
      value = a.substr(eq + 1);
      a.resize(eq);
      has_value = true;
    }
    static const char* const kWithValue[] = {"--from",  "--to",     "--author", "--area",
                                             "--type",  "--sort",   "--page",   "--size",
                                             "--index", "--server", "--color",  "--post"};
    bool known = false;
    for (const char* k : kWithValue) known = known || a == k;
    if (!known) return Status::invalid_argument("unknown option '" + a + "' (see --help)");
    if (!has_value) {
      if (i + 1 >= args.size()) return Status::invalid_argument(a + ": needs a value");
      value = args[++i];
    }
    SearchRequest& r = o.request;
    if (a == "--from")
      r.from = value;
    else if (a == "--to")
      r.to = value;
    else if (a == "--author")
      r.authors.push_back(value);
    else if (a == "--area")
      r.areas.push_back(value);
    else if (a == "--type")
      r.type = value;
    else if (a == "--sort")
      r.sort = value;
    else if (a == "--index")
      o.index_dir = value;
    else if (a == "--server")
      o.server = value;
    else if (a == "--post")
      o.post = value;
    else if (a == "--color") {
      if (value != "auto" && value != "always" && value != "never")
        return Status::invalid_argument("--color: must be auto, always or never");
      o.color = value;
    } else if (a == "--page" && !parse_int(value, &r.page)) {
      return Status::invalid_argument("page: not a number: '" + value + "'");
    } else if (a == "--size" && !parse_int(value, &r.size)) {
      return Status::invalid_argument("size: not a number: '" + value + "'");
    }
  }
  for (const std::string& w : words) o.request.query += (o.request.query.empty() ? "" : " ") + w;
  if (o.index_dir.empty()) o.index_dir = kDefaultIndex;
  return o;
}

}  // namespace fss::cli
