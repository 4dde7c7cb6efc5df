// Passes 1 and 2 of building a query (query_builder.cc lists them all).
#include "search/query_clauses.h"

#include <optional>
#include <unordered_set>

#include "fss/schema.h"
#include "index/terms.h"

namespace fss {
namespace query_builder {
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

}  // namespace

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

// ---- pass 1: analyse ----

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

void build_clause_queries(const Analyzer& analyzer, const Synonyms& synonyms,
                          HighlightSet* highlight, std::vector<Clause>* clauses) {
  ClauseBuilder builder(analyzer, synonyms, highlight);
  for (Clause& c : *clauses)
    if (!c.tokens.empty()) builder.build(&c);
}

}  // namespace query_builder
}  // namespace fss
