#include "analysis/focus_areas.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "fss/ids.h"
#include "fss/utf8.h"

namespace fss {
namespace {

const std::string& stem_or_norm(const Token& token) {
  const std::string* stem = find_term(token, TermKind::kStem);
  return stem ? *stem : token.norm;
}

}  // namespace

Result<FocusAreas> FocusAreas::parse(std::string_view json_text, const Analyzer& analyzer,
                                     const std::string& source_name) {
  const std::string where = source_name + ": ";
  if (auto bad = find_invalid_utf8(json_text))
    return Status::invalid_argument(where + "invalid UTF-8 at byte " + std::to_string(*bad));
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::invalid_argument(where + "not valid JSON");
  if (!doc.is_object() || !doc.contains("areas") || !doc["areas"].is_array())
    return Status::invalid_argument(where + "areas: missing or not an array");
  FocusAreas out;
  const auto& arr = doc["areas"];
  for (size_t i = 0; i < arr.size(); ++i) {
    const auto& a = arr[i];
    const std::string field = where + "areas[" + std::to_string(i) + "].";
    if (!a.is_object())
      return Status::invalid_argument(field.substr(0, field.size() - 1) + ": not an object");
    FocusArea area;
    if (!a.contains("id") || !a["id"].is_string() || !is_url_safe_id(a["id"].get<std::string>()))
      return Status::invalid_argument(field + "id: missing or not [a-z0-9-]");
    area.id = a["id"];
    if (out.find(area.id))
      return Status::invalid_argument(field + "id: duplicate '" + area.id + "'");
    if (!a.contains("name") || !a["name"].is_string())
      return Status::invalid_argument(field + "name: missing or not a string");
    area.name = a["name"];
    if (a.contains("years")) {
      if (!a["years"].is_array()) return Status::invalid_argument(field + "years: not an array");
      for (const auto& y : a["years"]) {
        if (!y.is_number_integer()) return Status::invalid_argument(field + "years: not a year");
        area.years.push_back(y.get<int>());
      }
    }
    if (!a.contains("terms") || !a["terms"].is_array() || a["terms"].empty())
      return Status::invalid_argument(field + "terms: missing or empty");
    // The area's own name ("en ny socialtjänstlag") says what the post is about on its
    // own: it scores the whole threshold. "names" lists forms the stemmer does not join
    // ("nya socialtjänstlagen": Snowball leaves "nya" and "ny" apart).
    if (Status st = out.add_pattern(analyzer, area.name, kThreshold); !st.is_ok())
      return Status::invalid_argument(field + "name: no words in '" + area.name + "'");
    if (a.contains("names")) {
      if (!a["names"].is_array()) return Status::invalid_argument(field + "names: not an array");
      for (const auto& n : a["names"]) {
        if (!n.is_string()) return Status::invalid_argument(field + "names: not a string");
        const std::string name = n.get<std::string>();
        if (Status st = out.add_pattern(analyzer, name, kThreshold); !st.is_ok())
          return Status::invalid_argument(field + "names: no words in '" + name + "'");
        area.names.push_back(name);
      }
    }
    for (const auto& t : a["terms"]) {
      if (!t.is_string()) return Status::invalid_argument(field + "terms: not a string");
      const std::string term = t.get<std::string>();
      if (Status st = out.add_pattern(analyzer, term, 0); !st.is_ok())
        return Status::invalid_argument(field + "terms: no words in '" + term + "'");
      area.terms.push_back(term);
    }
    out.areas_.push_back(std::move(area));
  }
  return out;
}

Status FocusAreas::add_pattern(const Analyzer& analyzer, const std::string& text, int weight) {
  std::vector<Token> tokens;
  if (Status st = analyzer.analyze(text, &tokens); !st.is_ok()) return st;
  if (tokens.empty()) return Status::invalid_argument("no words");
  Pattern p{areas_.size(), {}, 0};
  for (const Token& tok : tokens) {
    p.stems.push_back(stem_or_norm(tok));
    if (!tok.stopword) ++p.weight;  // "och" in "hälso- och sjukvård" says nothing
  }
  p.weight = std::max({p.weight, 1, weight});
  // "tillit" and "tilliten" are one pattern: counting both would score every occurrence
  // twice. A term equal to the name keeps the name's weight.
  for (Pattern& q : patterns_) {
    if (q.area == p.area && q.stems == p.stems) {
      q.weight = std::max(q.weight, p.weight);
      return Status::ok();
    }
  }
  patterns_.push_back(std::move(p));
  return Status::ok();
}

Result<FocusAreas> FocusAreas::load(const std::string& path, const Analyzer& analyzer) {
  Result<std::string> text = read_file(path, "focus-areas file");
  if (!text.is_ok()) return text.status();
  return parse(text.value(), analyzer, path);
}

const FocusArea* FocusAreas::find(std::string_view id) const {
  for (const FocusArea& a : areas_)
    if (a.id == id) return &a;
  return nullptr;
}

std::vector<int> FocusAreas::scores(const std::vector<Token>& tokens) const {
  std::vector<int> score(areas_.size(), 0);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& first = stem_or_norm(tokens[i]);
    for (const Pattern& p : patterns_) {
      if (p.stems.front() != first || i + p.stems.size() > tokens.size()) continue;
      bool ok = true;
      for (size_t k = 1; k < p.stems.size() && ok; ++k) {
        const Token& t = tokens[i + k];
        ok = t.position == tokens[i + k - 1].position + 1 && stem_or_norm(t) == p.stems[k];
      }
      if (ok) score[p.area] += p.weight;
    }
  }
  return score;
}

std::vector<std::string> FocusAreas::classify(const std::vector<Token>& tokens) const {
  return classify(tokens, 0);
}

std::vector<std::string> FocusAreas::classify(const std::vector<Token>& tokens, int year) const {
  const std::vector<int> score = scores(tokens);
  std::vector<std::string> ids;
  for (size_t a = 0; a < areas_.size(); ++a)
    if (score[a] >= kThreshold && applies_in(areas_[a], year)) ids.push_back(areas_[a].id);
  return ids;
}

bool FocusAreas::applies_in(const FocusArea& area, int year) {
  if (year == 0 || area.years.empty()) return true;
  for (int y : area.years)
    if (y == year) return true;
  return false;
}

}  // namespace fss
