// What one query may cost (issue 17). A legal 1 KB query ("s* OR s* OR ...",
// "vård -s* -s* ...") expanded every prefix again for each repetition and counted every
// match without a time limit: ~50 CPU seconds. Repeated clauses are dropped, the different
// prefixes are capped (here), and the match runs under a deadline (deadline.h).
#include <set>
#include <string>
#include <vector>

#include "search/query.h"
#include "search/searcher_impl.h"

namespace fss {

namespace {

// One clause as query.h reads it, written back so that parse_query reads it the same.
std::string clause_text(const QueryClause& c) {
  std::string out = c.excluded ? "-" : "";
  if (c.field == QueryField::kTitle) out += "title:";
  if (c.field == QueryField::kAuthor) out += "author:";
  if (c.phrase) return out + '"' + c.text + '"';
  // "+-x" is the word "-x": keep the '+' so that it is not read as an exclusion.
  if (!c.excluded && c.field == QueryField::kAny && (c.text[0] == '-' || c.text[0] == '+'))
    out += '+';
  return out + c.text + (c.prefix ? "*" : "");
}

}  // namespace

Result<std::string> without_repeats(const std::string& query) {
  const std::vector<QueryClause> clauses = parse_query(query);
  std::set<std::string> excluded;
  std::set<std::vector<std::string>> groups;
  std::vector<std::string> parts;  // canonical groups and exclusions, in order
  std::vector<std::string> group;  // the open group's alternatives
  std::set<std::string> group_set;
  size_t prefixes = 0, group_prefixes = 0, dropped = 0;
  const auto close_group = [&] {
    if (group.empty()) return;
    std::vector<std::string> key(group_set.begin(), group_set.end());
    if (groups.insert(key).second) {
      std::string joined;
      for (const std::string& g : group) joined += (joined.empty() ? "" : " OR ") + g;
      parts.push_back(joined);
      prefixes += group_prefixes;
    } else {
      ++dropped;
    }
    group.clear();
    group_set.clear();
    group_prefixes = 0;
  };
  int open_group = -1;
  for (const QueryClause& c : clauses) {
    const std::string text = clause_text(c);
    if (c.excluded) {
      close_group();
      if (excluded.insert(text).second) {
        parts.push_back(text);
        prefixes += c.prefix;
      } else {
        ++dropped;
      }
      continue;
    }
    if (c.group != open_group) close_group();
    open_group = c.group;
    if (group_set.insert(text).second) {
      group.push_back(text);
      group_prefixes += c.prefix;
    } else {
      ++dropped;
    }
  }
  close_group();
  if (prefixes > kMaxPrefixes)
    return Status::invalid_argument("q: " + std::to_string(prefixes) +
                                    " different prefixes (word*); at most " +
                                    std::to_string(kMaxPrefixes) + " per query");
  if (dropped == 0) return query;
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

}  // namespace fss
