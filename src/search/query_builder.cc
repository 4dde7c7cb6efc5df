// A user's query as a Xapian query, in passes over its clauses (query.h parses them):
//   1. analyse: each clause's tokens, stop words set aside;
//   2. clause queries: each clause in all its forms (terms.h), with its synonym groups;
//      (passes 1 and 2 are in query_clauses.cc);
//   3. grouping: clauses joined by OR become one group; exclusions go aside;
//   4. multi-word synonyms: a run of free words that is a synonym form ("Sveriges
//      Kommuner och Regioner") may also match its abbreviation;
//   5. proximity: free words close together rank higher;
//   6. exclusions and the title boost.
// tests/query_builder_test.cc pins the query each pass builds for a table of inputs.
#include "search/query_builder.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_set>

#include "fss/schema.h"
#include "index/terms.h"
#include "search/query_clauses.h"

namespace fss {
namespace {

using Q = Xapian::Query;
using query_builder::and_all;
using query_builder::Clause;
using query_builder::or_all;
using query_builder::scaled;

// ---- pass 3: grouping ----

struct Group {
  std::vector<Q> alternatives;
  std::vector<Token> single_words;  // a one-word free-text group: for proximity and synonyms
};

// The run of free words in query order (stop words included, in no group): multi-word
// synonym forms and proximity look at it.
constexpr size_t kNoGroup = static_cast<size_t>(-1);
struct Run {
  std::vector<Token> tokens;
  std::vector<size_t> group;  // the token's group, or kNoGroup for a stop word
};

struct Grouped {
  std::vector<Group> groups;
  std::vector<Q> soft;  // question words: they weigh, they do not restrict
  std::vector<Q> excluded;
  Run run;
  bool title_clause = false;
};

Grouped group_clauses(std::vector<Clause>* clauses, BuiltQuery* out) {
  Grouped g;
  int current = -1;
  for (Clause& c : *clauses) {
    for (Token& t : c.stop_run) {
      g.run.tokens.push_back(std::move(t));
      g.run.group.push_back(kNoGroup);
    }
    if (c.tokens.empty()) continue;
    if (c.parsed.field == QueryField::kTitle && !c.parsed.excluded) g.title_clause = true;
    if (c.parsed.excluded) {
      g.excluded.push_back(c.query);
      continue;
    }
    // A question word alone in its group weighs only (and is never "corrected"), as long
    // as the query has something else to match: see soften() below.
    const bool alone =
        std::count_if(clauses->begin(), clauses->end(), [&](const Clause& o) {
          return o.parsed.group == c.parsed.group && !o.tokens.empty() && !o.parsed.excluded;
        }) == 1;
    if (c.question && alone) {
      g.soft.push_back(c.query);
      continue;
    }
    if (c.parsed.group != current || g.groups.empty()) {
      g.groups.emplace_back();
      current = c.parsed.group;
    } else {
      g.groups.back().single_words.clear();  // an OR group is not a single word
    }
    Group& group = g.groups.back();
    const bool one_word = c.free_word && c.tokens.size() == 1;
    const bool single = group.alternatives.empty() && one_word;
    group.alternatives.push_back(c.query);
    if (single) group.single_words = c.tokens;
    if (one_word && !c.tokens.front().number) {
      // Every free word may be misspelt, also the second of "a OR b".
      const Token& t = c.tokens.front();
      QueryWord w;
      w.norm = t.norm;
      w.lookup_terms = terms::lookup_terms(t);
      w.synonym_terms = std::move(c.synonym_terms);
      w.start = c.parsed.start + t.start;
      w.end = c.parsed.start + t.end;
      out->words.push_back(std::move(w));
    }
    if (single) {
      g.run.tokens.push_back(c.tokens.front());
      g.run.group.push_back(g.groups.size() - 1);
    }
  }
  // A group joined by OR after its first word is not a single word any more.
  for (size_t k = 0; k < g.run.tokens.size(); ++k) {
    if (g.run.group[k] != kNoGroup && g.groups[g.run.group[k]].single_words.size() != 1) {
      g.run.tokens.erase(g.run.tokens.begin() + static_cast<std::ptrdiff_t>(k));
      g.run.group.erase(g.run.group.begin() + static_cast<std::ptrdiff_t>(k));
      --k;
    }
  }
  for (size_t k = 0; k < g.run.tokens.size(); ++k)
    g.run.tokens[k].position = static_cast<uint32_t>(k);
  // A query of question words only ("vad sägs?") has nothing else: they are what it asks.
  if (g.groups.empty()) {
    for (Q& q : g.soft) g.groups.push_back(Group{{std::move(q)}, {}});
    g.soft.clear();
  }
  return g;
}

// ---- pass 4: multi-word synonyms ----

// The positive conjuncts: a group, or the groups of a synonym form merged with the
// abbreviation as an alternative.
std::vector<Q> merge_synonyms(const Grouped& g, const Synonyms& synonyms, HighlightSet* h) {
  std::vector<Q> positive;
  std::vector<bool> merged(g.groups.size(), false);
  for (const Synonyms::Match& m : synonyms.find(g.run.tokens)) {
    if (m.length < 2) continue;
    bool free = true;
    for (size_t k = m.begin; k < m.begin + m.length; ++k)
      free = free && (g.run.group[k] == kNoGroup || !merged[g.run.group[k]]);
    if (!free) continue;
    std::vector<Q> all;
    for (size_t k = m.begin; k < m.begin + m.length; ++k) {
      if (g.run.group[k] == kNoGroup) continue;
      merged[g.run.group[k]] = true;
      all.push_back(or_all(g.groups[g.run.group[k]].alternatives));
    }
    if (all.empty()) continue;
    h->synonym_groups.insert(m.group);
    // The abbreviation stands for all the form's words as a phrase: it weighs as many.
    const auto words = static_cast<double>(all.size());
    positive.push_back(Q(Q::OP_OR, and_all(std::move(all)),
                         scaled(words, Q(std::string(schema::kSynonym) + m.group))));
  }
  for (size_t gi = 0; gi < g.groups.size(); ++gi)
    if (!merged[gi]) positive.push_back(or_all(g.groups[gi].alternatives));
  return positive;
}

// ---- pass 5: proximity ----

// The run's words (stop words aside) as a phrase, and near each other: weight only.
Q proximity(const Run& run) {
  std::vector<Q> stems;
  for (size_t k = 0; k < run.tokens.size(); ++k)
    if (run.group[k] != kNoGroup)
      stems.emplace_back(terms::positional_term(run.tokens[k], schema::kText));
  if (stems.size() < 2) return Q();
  const auto n = static_cast<Xapian::termcount>(stems.size());
  return Q(Q::OP_OR, Q(Q::OP_PHRASE, stems.begin(), stems.end(), n),
           scaled(kWeightNear, Q(Q::OP_NEAR, stems.begin(), stems.end(), 2 * n + 4)));
}

}  // namespace

bool HighlightSet::matches(const Token& token) const {
  if (exact.count(token.norm)) return true;
  for (const Term& t : token.terms) {
    switch (t.kind) {
      case TermKind::kExact:
        break;
      case TermKind::kStem:
      case TermKind::kCompound:
        if (stems.count(t.text)) return true;
        break;
      case TermKind::kFolded:
        if (folded.count(t.text)) return true;
        for (const std::string& p : folded_prefixes)
          if (t.text.compare(0, p.size(), p) == 0) return true;
        break;
    }
  }
  for (const std::string& p : prefixes)
    if (token.norm.compare(0, p.size(), p) == 0) return true;
  return false;
}

Result<BuiltQuery> build_query(std::string_view query, const Analyzer& analyzer,
                               const Synonyms& synonyms) {
  BuiltQuery out;
  out.highlight.synonyms = &synonyms;
  std::vector<Clause> clauses;
  if (Status s = query_builder::analyse(query, analyzer, &clauses); !s.is_ok()) return s;
  query_builder::build_clause_queries(analyzer, synonyms, &out.highlight, &clauses);
  Grouped g = group_clauses(&clauses, &out);
  if (g.groups.empty()) {
    out.browse = g.excluded.empty();
    out.match_nothing = !g.excluded.empty();
    return out;
  }
  out.required = merge_synonyms(g, synonyms, &out.highlight);
  out.single_word = g.groups.size() == 1 && g.groups[0].alternatives.size() == 1 &&
                    g.groups[0].single_words.size() == 1;
  out.boost = proximity(g.run);
  if (!g.soft.empty()) {
    const Q soft = or_all(std::move(g.soft));
    out.boost = out.boost.empty() ? soft : Q(Q::OP_OR, out.boost, soft);
  }
  if (g.title_clause) {
    // A title: query gives posts a little more: a comment carries its post's title words
    // too and, being short, would otherwise outrank the post under that title.
    auto posts = std::make_unique<Xapian::ValueMapPostingSource>(schema::kSlotType);
    posts->add_mapping(schema::kTypePost, kTitlePostBoost);
    Q post_boost(posts.release()->release());
    out.boost = out.boost.empty() ? post_boost : Q(Q::OP_OR, out.boost, post_boost);
  }
  out.excluded = or_all(std::move(g.excluded));
  out.compose(out.required);
  return out;
}

void BuiltQuery::compose(const std::vector<Xapian::Query>& conjuncts) {
  Q main = and_all(conjuncts);
  match = main;
  if (!boost.empty()) main = Q(Q::OP_AND_MAYBE, main, boost);
  if (!excluded.empty()) {
    main = Q(Q::OP_AND_NOT, main, excluded);
    match = Q(Q::OP_AND_NOT, match, excluded);
  }
  query = main;
}

}  // namespace fss
