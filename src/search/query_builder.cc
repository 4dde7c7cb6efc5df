#include "query_builder.h"

#include <memory>
#include <optional>

#include "fss/query.h"
#include "fss/schema.h"

namespace fss {
namespace {

using Q = Xapian::Query;

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

std::string term(const schema::Field& field, TermKind kind, const std::string& text) {
  return std::string(field.prefix(kind)) + text;
}

std::vector<std::string> terms_of(const Token& t, TermKind kind) {
  std::vector<std::string> out;
  for (const Term& x : t.terms)
    if (x.kind == kind) out.push_back(x.text);
  return out;
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

class Builder {
 public:
  Builder(const Analyzer& a, const Synonyms& s, BuiltQuery* out)
      : analyzer_(a), syn_(s), out_(out) {}

  // One word in all its forms: exact and stem at full weight, compounds that contain it
  // and its own parts below, the folded form below that.
  Q word(const Token& t, const schema::Field& f) {
    const std::string* stem = find_term(t, TermKind::kStem);
    std::vector<Q> forms{Q(term(f, TermKind::kExact, t.norm))};
    if (stem) forms.emplace_back(term(f, TermKind::kStem, *stem));
    if (!t.stopword) {
      if (stem) forms.push_back(scaled(kWeightCompound, Q(term(f, TermKind::kCompound, *stem))));
      const std::vector<std::string> parts = terms_of(t, TermKind::kCompound);
      if (parts.size() >= 2) {
        std::vector<Q> all;
        for (const std::string& p : parts) all.emplace_back(term(f, TermKind::kStem, p));
        forms.push_back(scaled(kWeightCompound, and_all(std::move(all))));
      }
      // Every folded form: the analyzer gives the folded stem and, when an accent changes
      // the stem ("lindén" / "linden"), the stem of the folded word too.
      // The index has no folded term where it would equal the document word's stem
      // (document_builder.cc), so a folded form is looked up as a stem too, unless it is
      // this word's own stem, which is above at full weight.
      for (const std::string& folded : terms_of(t, TermKind::kFolded)) {
        forms.push_back(scaled(kWeightFolded, Q(term(f, TermKind::kFolded, folded))));
        if (!stem || folded != *stem)
          forms.push_back(scaled(kWeightFolded, Q(term(f, TermKind::kStem, folded))));
      }
    }
    highlight(t);
    return or_all(std::move(forms));
  }

  // Words in order; stems so inflections match ("första linjen" ~ "första linjens").
  Q phrase(const std::vector<Token>& toks, const schema::Field& f) {
    std::vector<Q> parts;
    for (const Token& t : toks) {
      const std::string* stem = find_term(t, TermKind::kStem);
      parts.emplace_back(term(f, TermKind::kStem, stem ? *stem : t.norm));
      highlight(t);
    }
    if (parts.size() == 1) return parts.front();
    return Q(Q::OP_PHRASE, parts.begin(), parts.end(),
             static_cast<Xapian::termcount>(parts.size()));
  }

  Q prefix(const Token& t, const schema::Field& f) {
    out_->highlight.prefixes.push_back(t.norm);
    const std::string folded = analyzer_.fold(t.norm);
    out_->highlight.folded_prefixes.push_back(folded);
    constexpr Xapian::termcount kMaxExpansion = 100;
    std::vector<Q> forms{Q(Q::OP_WILDCARD, term(f, TermKind::kExact, t.norm), kMaxExpansion,
                           Q::WILDCARD_LIMIT_MOST_FREQUENT),
                         scaled(kWeightFolded, Q(Q::OP_WILDCARD, term(f, TermKind::kFolded, folded),
                                                 kMaxExpansion, Q::WILDCARD_LIMIT_MOST_FREQUENT))};
    // A word without accents has no folded term (it equals its stem): an accented prefix
    // ("förs*") finds it ("forsaljning") among the stems. Without accents the exact
    // wildcard above already does.
    if (folded != t.norm)
      forms.push_back(scaled(kWeightFolded, Q(Q::OP_WILDCARD, term(f, TermKind::kStem, folded),
                                              kMaxExpansion, Q::WILDCARD_LIMIT_MOST_FREQUENT)));
    return or_all(std::move(forms));
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
      out_->highlight.synonym_groups.insert(m.group);
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

  void highlight(const Token& t) {
    HighlightSet& h = out_->highlight;
    h.exact.insert(t.norm);
    if (const std::string* s = find_term(t, TermKind::kStem)) h.stems.insert(*s);
    for (const std::string& s : terms_of(t, TermKind::kFolded)) h.folded.insert(s);
    // The word's own compound parts are not highlighted alone: "social" in every
    // "socialtjänst" would drown the match a reader is looking for.
  }

  const Analyzer& analyzer_;
  const Synonyms& syn_;
  BuiltQuery* out_;
};

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

BuiltQuery build_query(std::string_view query, const Analyzer& analyzer, const Synonyms& synonyms) {
  BuiltQuery out;
  out.highlight.synonyms = &synonyms;
  Builder b(analyzer, synonyms, &out);
  const std::vector<QueryClause> clauses = parse_query(query);

  struct Group {
    std::vector<Q> alternatives;
    std::vector<Token> single_words;  // a one-word free-text group: for proximity and synonyms
  };
  std::vector<Group> groups;
  std::vector<Q> excluded;
  int current_group = -1;
  bool title_clause = false;

  // Stop words are left out of free text unless the query is nothing but stop words.
  bool all_stop = true;
  std::vector<std::vector<Token>> analysed(clauses.size());
  for (size_t i = 0; i < clauses.size(); ++i) {
    analyzer.analyze(clauses[i].text, &analysed[i]);  // UTF-8 was checked by the caller
    for (const Token& t : analysed[i]) all_stop = all_stop && t.stopword;
  }

  // Runs of single free words, stop words included: a multi-word synonym form ("Sveriges
  // Kommuner och Regioner") may stand for its abbreviation, and the words close together
  // rank higher. run_group: the word's group, or npos for a stop word (in no group).
  constexpr size_t kNoGroup = static_cast<size_t>(-1);
  std::vector<Token> run;
  std::vector<size_t> run_group;

  for (size_t i = 0; i < clauses.size(); ++i) {
    const QueryClause& c = clauses[i];
    const bool free_word = c.field == QueryField::kAny && !c.phrase && !c.prefix && !c.excluded &&
                           analysed[i].size() == 1;
    std::vector<Token> toks;
    for (Token& t : analysed[i]) {
      if (!t.stopword || c.phrase || all_stop) {
        toks.push_back(t);
      } else if (free_word) {
        run.push_back(std::move(t));
        run_group.push_back(kNoGroup);
      }
    }
    if (toks.empty()) continue;
    const schema::Field& f = field_of(c.field);
    // An excluded word is in no document shown: nothing of it is marked.
    std::optional<HighlightSet> before;
    if (c.excluded) before = out.highlight;

    Q q;
    std::vector<std::string> synonym_terms;
    if (c.prefix) {
      q = b.prefix(toks.back(), f);
      if (toks.size() > 1) {
        toks.pop_back();
        q = Q(Q::OP_AND, b.phrase(toks, f), q);
      }
    } else if (c.phrase || toks.size() > 1) {
      // "Gävle-Dala" written bare is a phrase of its parts, as the analyzer splits it.
      q = b.phrase(toks, f);
    } else {
      q = b.word(toks.front(), f);
    }
    if (c.field == QueryField::kAny && !c.prefix) {
      bool case_only = false;
      Q syn = b.synonym_of(toks, &synonym_terms, &case_only);
      if (case_only) q = scaled(kWeightCaseSynonymWord, q);
      if (!syn.empty()) q = Q(Q::OP_OR, q, syn);
    }
    if (c.field == QueryField::kTitle && !c.excluded) title_clause = true;

    if (c.excluded) {
      excluded.push_back(q);
      out.highlight = std::move(*before);
      continue;
    }
    if (c.group != current_group || groups.empty()) {
      groups.emplace_back();
      current_group = c.group;
    } else {
      groups.back().single_words.clear();  // an OR group is not a single word
    }
    Group& g = groups.back();
    const bool single = g.alternatives.empty() && free_word && toks.size() == 1;
    g.alternatives.push_back(q);
    if (single) g.single_words = toks;
    if (free_word && toks.size() == 1) {
      // Every free word may be misspelt, also the second of "a OR b".
      const Token& t = toks.front();
      QueryWord w;
      w.norm = t.norm;
      w.exact_term = t.norm;
      if (const std::string* s = find_term(t, TermKind::kStem)) {
        w.stem_term = term(schema::kText, TermKind::kStem, *s);
        w.compound_term = term(schema::kText, TermKind::kCompound, *s);
      }
      if (const std::string* s = find_term(t, TermKind::kFolded)) {
        w.folded_term = term(schema::kText, TermKind::kFolded, *s);
        w.folded_stem_term = term(schema::kText, TermKind::kStem, *s);
      }
      w.synonym_terms = std::move(synonym_terms);
      w.start = c.start + t.start;
      w.end = c.start + t.end;
      if (!t.number) out.words.push_back(std::move(w));
    }
    if (single) {
      run.push_back(toks.front());
      run_group.push_back(groups.size() - 1);
    }
  }

  if (groups.empty()) {
    out.browse = excluded.empty();
    out.match_nothing = !excluded.empty();
    return out;
  }

  // A group joined by OR after its first word is not a single word any more.
  for (size_t k = 0; k < run.size(); ++k)
    if (run_group[k] != kNoGroup && groups[run_group[k]].single_words.size() != 1) {
      run.erase(run.begin() + static_cast<std::ptrdiff_t>(k));
      run_group.erase(run_group.begin() + static_cast<std::ptrdiff_t>(k));
      --k;
    }
  for (size_t k = 0; k < run.size(); ++k) run[k].position = static_cast<uint32_t>(k);
  std::vector<Q> positive;
  std::vector<bool> merged(groups.size(), false);
  for (const Synonyms::Match& m : synonyms.find(run)) {
    if (m.length < 2) continue;
    bool free = true;
    for (size_t k = m.begin; k < m.begin + m.length; ++k)
      free = free && (run_group[k] == kNoGroup || !merged[run_group[k]]);
    if (!free) continue;
    std::vector<Q> all;
    for (size_t k = m.begin; k < m.begin + m.length; ++k) {
      if (run_group[k] == kNoGroup) continue;
      merged[run_group[k]] = true;
      all.push_back(or_all(groups[run_group[k]].alternatives));
    }
    if (all.empty()) continue;
    out.highlight.synonym_groups.insert(m.group);
    // The abbreviation stands for all the form's words as a phrase: it weighs as many.
    const auto words = static_cast<double>(all.size());
    positive.push_back(Q(Q::OP_OR, and_all(std::move(all)),
                         scaled(words, Q(std::string(schema::kSynonym) + m.group))));
  }
  for (size_t gi = 0; gi < groups.size(); ++gi)
    if (!merged[gi]) positive.push_back(or_all(groups[gi].alternatives));

  out.single_word = groups.size() == 1 && groups[0].alternatives.size() == 1 &&
                    groups[0].single_words.size() == 1;
  Q main = and_all(std::move(positive));
  Q match = main;
  std::vector<Token> content;  // the run without its stop words: proximity of the words
  for (size_t k = 0; k < run.size(); ++k)
    if (run_group[k] != kNoGroup) content.push_back(run[k]);
  if (content.size() >= 2) {
    std::vector<Q> stems;
    for (const Token& t : content) {
      const std::string* s = find_term(t, TermKind::kStem);
      stems.emplace_back(term(schema::kText, TermKind::kStem, s ? *s : t.norm));
    }
    const auto n = static_cast<Xapian::termcount>(stems.size());
    Q boost(Q::OP_OR, Q(Q::OP_PHRASE, stems.begin(), stems.end(), n),
            scaled(kWeightNear, Q(Q::OP_NEAR, stems.begin(), stems.end(), 2 * n + 4)));
    main = Q(Q::OP_AND_MAYBE, main, boost);
  }
  if (title_clause) {
    auto posts = std::make_unique<Xapian::ValueMapPostingSource>(schema::kSlotType);
    posts->add_mapping(schema::kTypePost, kTitlePostBoost);
    main = Q(Q::OP_AND_MAYBE, main, Q(posts.release()->release()));
  }
  if (!excluded.empty()) {
    const Q no = or_all(std::move(excluded));
    main = Q(Q::OP_AND_NOT, main, no);
    match = Q(Q::OP_AND_NOT, match, no);
  }
  out.query = main;
  out.match = match;
  return out;
}

}  // namespace fss
