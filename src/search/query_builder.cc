// A user's query as a Xapian query, in passes over its clauses (query.h parses them):
//   1. analyse: each clause's tokens, stop words set aside;
//   2. clause queries: each clause in all its forms (terms.h), with its synonym groups;
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

#include "search/query.h"
#include "fss/schema.h"
#include "index/terms.h"

namespace fss {
namespace {

using Q = Xapian::Query;

// Prefix expansions per wildcard: the most frequent words that start so.
constexpr Xapian::termcount kMaxExpansion = 100;

const schema::Field& field_of(QueryField f) {
  switch (f) {
    case QueryField::kTitle:
      return schema::kTitle;
    case QueryField::kAuthor:
      return schema::kAuthor;
    case QueryField::kAny:
      break;
  }
  return schema::kText;
}

Q scaled(double factor, Q q) { return Q(Q::OP_SCALE_WEIGHT, std::move(q), factor); }

Q or_all(std::vector<Q> qs) {
  if (qs.empty()) return Q();
  if (qs.size() == 1) return qs.front();
  return Q(Q::OP_OR, qs.begin(), qs.end());
}

Q and_all(std::vector<Q> qs) {
  if (qs.empty()) return Q();
  if (qs.size() == 1) return qs.front();
  return Q(Q::OP_AND, qs.begin(), qs.end());
}

// Words people put around what they look for when they ask ("vad har vi sagt om första
// linjen?", "finns det något om hemtjänst", "kan du visa inlägg om tillsyn"): verbs of
// saying, writing, thinking and showing, search filler, and the names of what the archive
// holds (inlägg, artiklar, texter). Interrogatives and pronouns are stop words already.
// Such a word never blocks a match: it only weighs, unless the query has nothing else.
bool is_question_word(const std::string& norm) {
  static const std::unordered_set<std::string> kWords = {
      "sagt",     "sa",          "sade",    "säga",     "säger",    "sägs",       "sagts",
      "skrivit",  "skrev",       "skriva",  "skriver",  "skrivits", "tyckt",      "tycker",
      "tycka",    "tänkt",       "tänker",  "tänka",    "anser",    "ansett",     "ansåg",
      "mena",     "menar",       "menat",   "uttalat",  "uttalade", "uttryckt",   "pratat",
      "pratar",   "talat",       "talar",   "nämnt",    "nämner",   "nämns",      "gjort",
      "finns",    "fanns",       "hitta",   "hittar",   "hittat",   "leta",       "letar",
      "handlar",  "handlade",    "står",    "stått",    "något",    "några",      "någon",
      "info",     "information", "mer",     "läsa",     "läser",    "vet",        "veta",
      "berätta",  "berättat",    "sökt",    "söker",    "visa",     "visar",      "inlägg",
      "inlägget", "inläggen",    "artikel", "artikeln", "artiklar", "artiklarna", "texter",
      "ser",      "tyckte",      "syn",     "synen",    "åsikt",    "åsikter",    "ståndpunkt"};
  return kWords.count(norm) > 0;
}

// ---- pass 1: analyse ----

struct Clause {
  QueryClause parsed;
  std::vector<Token> tokens;    // what the clause matches on
  std::vector<Token> stop_run;  // a free stop word: in no query, but in the run (pass 4)
  bool free_word = false;       // one plain word, no field, phrase, prefix or minus
  bool question = false;        // a free question word (is_question_word)
  Q query;                      // pass 2
  std::vector<std::string> synonym_terms;
};

Status analyse(std::string_view query, const Analyzer& analyzer, std::vector<Clause>* out) {
  std::vector<std::vector<Token>> analysed;
  bool all_stop = true;
  for (const QueryClause& c : parse_query(query)) {
    std::vector<Token>& toks = analysed.emplace_back();
    if (Status s = analyzer.analyze(c.text, &toks); !s.is_ok()) return s;
    for (const Token& t : toks) all_stop = all_stop && t.stopword;
    Clause& clause = out->emplace_back();
    clause.parsed = c;
    clause.free_word =
        c.field == QueryField::kAny && !c.phrase && !c.prefix && !c.excluded && toks.size() == 1;
  }
  // Stop words are left out of free text unless the query is nothing but stop words; in
  // a phrase they stay.
  for (size_t i = 0; i < out->size(); ++i) {
    Clause& c = (*out)[i];
    for (Token& t : analysed[i]) {
      if (!t.stopword || c.parsed.phrase || all_stop) {
        c.tokens.push_back(std::move(t));
      } else if (c.free_word) {
        c.stop_run.push_back(std::move(t));
      }
    }
    c.question = c.free_word && c.tokens.size() == 1 && is_question_word(c.tokens.front().norm);
  }
  return Status::ok();
}

// ---- pass 2: each clause's own query ----

class ClauseBuilder {
 public:
  ClauseBuilder(const Analyzer& a, const Synonyms& s, HighlightSet* h)
      : analyzer_(a), syn_(s), highlight_(h) {}

  void build(Clause* c) {
    std::vector<Token>& toks = c->tokens;
    const schema::Field& f = field_of(c->parsed.field);
    // An excluded word is in no document shown: nothing of it is marked.
    std::optional<HighlightSet> before;
    if (c->parsed.excluded) before = *highlight_;
    Q q;
    if (c->parsed.prefix) {
      highlight_->prefixes.push_back(toks.back().norm);
      highlight_->folded_prefixes.push_back(analyzer_.fold(toks.back().norm));
      q = terms::prefix_query(analyzer_, toks.back(), f, kMaxExpansion);
      if (toks.size() > 1) {
        const Token last = toks.back();
        toks.pop_back();
        q = Q(Q::OP_AND, phrase(toks, f), q);
        toks.push_back(last);
      }
    } else if (c->parsed.phrase || toks.size() > 1) {
      // "Gävle-Dala" written bare is a phrase of its parts, as the analyzer splits it.
      q = phrase(toks, f);
    } else {
      q = terms::word_query(toks.front(), f);
      mark(toks.front());
    }
    if (c->parsed.field == QueryField::kAny && !c->parsed.prefix) {
      bool case_only = false;
      Q syn = synonym_of(toks, &c->synonym_terms, &case_only);
      if (case_only) q = scaled(kWeightCaseSynonymWord, q);
      if (!syn.empty()) q = Q(Q::OP_OR, q, syn);
    }
    if (before) *highlight_ = std::move(*before);
    c->query = q;
  }

 private:
  // Words in order; stems so inflections match ("första linjen" ~ "första linjens").
  Q phrase(const std::vector<Token>& toks, const schema::Field& f) {
    std::vector<Q> parts;
    for (const Token& t : toks) {
      parts.emplace_back(terms::positional_term(t, f));
      mark(t);
    }
    if (parts.size() == 1) return parts.front();
    return Q(Q::OP_PHRASE, parts.begin(), parts.end(),
             static_cast<Xapian::termcount>(parts.size()));
  }

  // The synonym groups of which `toks` as a whole is a form, as alternatives (and marked
  // for the snippet). `*case_only`: some group matched only because of the case as typed.
  Q synonym_of(const std::vector<Token>& toks, std::vector<std::string>* terms, bool* case_only) {
    std::vector<Q> groups;
    std::unordered_set<std::string> seen;
    for (const Synonyms::Match& m : syn_.find(toks)) {
      if (m.begin != 0 || m.length != toks.size() || !seen.insert(m.group).second) continue;
      terms->push_back(std::string(schema::kSynonym) + m.group);
      groups.emplace_back(terms->back());
      highlight_->synonym_groups.insert(m.group);
    }
    if (!groups.empty()) {
      // "SoL" is a form, "sol" is not: the typed case made the match.
      std::vector<Token> lower = toks;
      for (Token& t : lower) t.text = t.norm;
      size_t caseless = 0;
      for (const Synonyms::Match& m : syn_.find(lower))
        caseless += m.begin == 0 && m.length == toks.size();
      *case_only = caseless == 0;
    }
    return or_all(std::move(groups));
  }

  void mark(const Token& t) {
    highlight_->exact.insert(t.norm);
    if (const std::string* s = find_term(t, TermKind::kStem)) highlight_->stems.insert(*s);
    for (const Term& x : t.terms)
      if (x.kind == TermKind::kFolded) highlight_->folded.insert(x.text);
    // The word's own compound parts are not highlighted alone: "social" in every
    // "socialtjänst" would drown the match a reader is looking for.
  }

  const Analyzer& analyzer_;
  const Synonyms& syn_;
  HighlightSet* highlight_;
};

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
  if (Status s = analyse(query, analyzer, &clauses); !s.is_ok()) return s;
  ClauseBuilder clause_builder(analyzer, synonyms, &out.highlight);
  for (Clause& c : clauses)
    if (!c.tokens.empty()) clause_builder.build(&c);
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
