#include "analysis/synonyms.h"

#include <sstream>
#include <unordered_set>

#include "base/file.h"

namespace fss {
namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// "SoL", "FoU", "SiS": an upper-case letter after a lower-case one inside a word. Such a
// form is case-sensitive; a capitalised word ("Arbetsförmedlingen", "Sveriges") is not:
// capitals at a word's start come and go with sentence starts and names.
bool is_mixed_case(std::string_view form) {
  bool after_lower = false;
  for (unsigned char c : form) {
    if (c >= 'A' && c <= 'Z' && after_lower) return true;
    if (c < 0x80) after_lower = c >= 'a' && c <= 'z';  // "ÖSTRA" is not "SoL"
  }
  return false;
}

}  // namespace

Result<Synonyms> Synonyms::parse(std::string_view text, const Analyzer& analyzer,
                                 const std::string& source_name) {
  Synonyms synonyms;
  std::istringstream in{std::string(text)};
  std::string line;
  int line_no = 0;
  std::unordered_set<std::string> keys;
  while (std::getline(in, line)) {
    ++line_no;
    const auto where = [&] { return source_name + ":" + std::to_string(line_no) + ": "; };
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (trim(line).empty()) continue;
    std::vector<Form> forms;
    size_t start = 0;
    while (start <= line.size()) {
      size_t eq = line.find('=', start);
      if (eq == std::string::npos) eq = line.size();
      const std::string form_text = trim(std::string_view(line).substr(start, eq - start));
      start = eq + 1;
      if (form_text.empty()) return Status::invalid_argument(where() + "empty form");
      std::vector<Token> tokens;
      Status st = analyzer.analyze(form_text, &tokens);
      if (!st.is_ok()) return Status::invalid_argument(where() + st.message());
      if (tokens.empty())
        return Status::invalid_argument(where() + "form has no words: '" + form_text + "'");
      Form form;
      form.case_sensitive = is_mixed_case(form_text);
      for (const Token& t : tokens) {
        const std::string* stem = find_term(t, TermKind::kStem);
        form.stems.push_back(stem ? *stem : t.norm);
        form.original.push_back(t.text);
      }
      forms.push_back(std::move(form));
    }
    if (forms.size() < 2) return Status::invalid_argument(where() + "a group needs two forms");
    // The group key is the first form's stems: stable when lines are reordered.
    std::string key;
    for (const std::string& s : forms.front().stems) key += (key.empty() ? "" : "_") + s;
    if (!keys.insert(key).second)
      return Status::invalid_argument(where() + "a group starting with '" + key +
                                      "' is already defined");
    for (Form& f : forms) {
      f.group = key;
      std::string first = f.stems.front();
      synonyms.by_first_[first].push_back(std::move(f));
    }
    ++synonyms.group_count_;
  }
  return synonyms;
}

Result<Synonyms> Synonyms::load(const std::string& path, const Analyzer& analyzer) {
  Result<std::string> text = read_file(path, "synonyms file");
  if (!text.is_ok()) return text.status();
  return parse(text.value(), analyzer, path);
}

std::vector<Synonyms::Match> Synonyms::find(const std::vector<Token>& tokens) const {
  std::vector<Match> matches;
  if (by_first_.empty()) return matches;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string* stem = find_term(tokens[i], TermKind::kStem);
    if (!stem) continue;
    const auto it = by_first_.find(*stem);
    if (it == by_first_.end()) continue;
    for (const Form& form : it->second) {
      const size_t n = form.stems.size();
      if (i + n > tokens.size()) continue;
      bool ok = true;
      for (size_t k = 0; k < n && ok; ++k) {
        const Token& t = tokens[i + k];
        // Words of a form must be adjacent in the text, not just in the token list.
        if (k > 0 && t.position != tokens[i + k - 1].position + 1) ok = false;
        const std::string* s = find_term(t, TermKind::kStem);
        if (!s || *s != form.stems[k]) ok = false;
        // Case-sensitive: the word as written starts with the form's word, so "SoL:s"
        // matches "SoL" and "sol" or "Sol" do not.
        if (ok && form.case_sensitive &&
            t.text.compare(0, form.original[k].size(), form.original[k]) != 0)
          ok = false;
      }
      if (ok) matches.push_back({i, n, form.group});
    }
  }
  return matches;
}

}  // namespace fss
