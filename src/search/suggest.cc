#include <algorithm>
#include <string>
#include <vector>

#include "search/searcher_impl.h"

namespace fss {

Result<std::vector<Completion>> Searcher::suggest(const std::string& prefix, size_t limit) {
  std::vector<Completion> out;
  const std::string key = impl_->analyzer->fold(impl_->analyzer->normalize(prefix));
  if (key.find_first_not_of(' ') == std::string::npos) return out;
  const GenerationData& g = impl_->version->data();
  const auto starts = [](const std::string& s, const std::string& p) {
    return s.compare(0, p.size(), p) == 0;
  };
  const auto by_key = [](const CompletionEntry& e, const std::string& k) { return e.key < k; };

  // Titles that start with what was typed come first: they take the visitor to a post.
  for (auto it = std::lower_bound(g.titles.begin(), g.titles.end(), key, by_key);
       it != g.titles.end() && starts(it->key, key) && out.size() < std::min<size_t>(3, limit);
       ++it)
    out.push_back({it->text, "title", it->id});

  // Words complete the last word typed; the words before it stay as typed.
  const size_t space = prefix.find_last_of(' ');
  const std::string head = space == std::string::npos ? "" : prefix.substr(0, space + 1);
  const std::string last = impl_->analyzer->fold(
      impl_->analyzer->normalize(space == std::string::npos ? prefix : prefix.substr(space + 1)));
  if (last.empty()) return out;
  std::vector<const CompletionEntry*> words;
  for (auto it = std::lower_bound(g.words.begin(), g.words.end(), last, by_key);
       it != g.words.end() && starts(it->key, last); ++it)
    words.push_back(&*it);
  std::stable_sort(
      words.begin(), words.end(),
      [](const CompletionEntry* a, const CompletionEntry* b) { return a->weight > b->weight; });
  for (const CompletionEntry* w : words) {
    if (out.size() >= limit) break;
    out.push_back({head + w->text, "word", ""});
  }
  return out;
}

}  // namespace fss
