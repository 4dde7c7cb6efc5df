#include "index/terms.h"

#include "text/unicode.h"

namespace fss::terms {
namespace {

using Q = Xapian::Query;

Q scaled(double factor, Q q) { return Q(Q::OP_SCALE_WEIGHT, std::move(q), factor); }

std::vector<std::string> terms_of(const Token& t, TermKind kind) {
  std::vector<std::string> out;
  for (const Term& x : t.terms)
    if (x.kind == kind) out.push_back(x.text);
  return out;
}

// A query term that can never be in the index (too long) matches nothing; Xapian would
// accept it in a query, but keep the two sides saying the same.
Q leaf(std::string t) { return t.size() > kMaxTermBytes ? Q() : Q(std::move(t)); }

Q or_all(std::vector<Q> qs) {
  if (qs.size() == 1) return qs.front();
  return Q(Q::OP_OR, qs.begin(), qs.end());
}

}  // namespace

std::string term(const schema::Field& field, TermKind kind, const std::string& text) {
  return std::string(field.prefix(kind)) + text;
}

bool add_term(Xapian::Document* doc, const schema::Field& field, TermKind kind,
              const std::string& text, uint32_t position, unsigned wdf) {
  const std::string t = term(field, kind, text);
  if (t.size() > kMaxTermBytes) return false;
  if (kind == TermKind::kStem) {
    doc->add_posting(t, position + 1, wdf);  // Xapian positions start at 1
  } else {
    doc->add_term(t, wdf);
  }
  return true;
}

void index_token(const Token& token, const schema::Field& field, unsigned wdf,
                 Xapian::Document* doc) {
  const std::string* stem = find_term(token, TermKind::kStem);
  for (const Term& t : token.terms) {
    if (token.stopword && (t.kind == TermKind::kCompound || t.kind == TermKind::kFolded)) continue;
    if (t.kind == TermKind::kFolded && stem && t.text == *stem) continue;
    add_term(doc, field, t.kind, t.text, token.position, wdf);
    // A part's folded form, when folding changes it (a part without å, ä, ö or accents is
    // found as itself: word_query looks folded forms up among the parts too).
    if (t.kind == TermKind::kCompound) {
      const std::string folded = unicode::fold(t.text);
      if (folded != t.text) {
        const std::string ft = std::string(field.folded_compound) + folded;
        if (ft.size() <= kMaxTermBytes) doc->add_term(ft, wdf);
      }
    }
  }
}

void index_title_for_comment(const Token& token, Xapian::Document* doc) {
  for (const Term& t : token.terms) {
    if (t.kind == TermKind::kStem || t.kind == TermKind::kExact) {
      add_term(doc, schema::kTitle, t.kind, t.text, token.position, 1);
    }
  }
}

std::string positional_term(const Token& token, const schema::Field& field) {
  const std::string* stem = find_term(token, TermKind::kStem);
  return term(field, TermKind::kStem, stem ? *stem : token.norm);
}

Q word_query(const Token& t, const schema::Field& f) {
  const std::string* stem = find_term(t, TermKind::kStem);
  // Every stem: the word's own and its dictionary lemmas' (index_token writes them all at
  // the word's position), so "föräldrar" finds "förälder" and "skrev" "skriva".
  const std::vector<std::string> stems = terms_of(t, TermKind::kStem);
  std::vector<Q> forms{leaf(term(f, TermKind::kExact, t.norm))};
  for (const std::string& s : stems) forms.push_back(leaf(term(f, TermKind::kStem, s)));
  if (t.stopword) return or_all(std::move(forms));
  for (const std::string& s : stems)
    forms.push_back(scaled(kWeightCompound, leaf(term(f, TermKind::kCompound, s))));
  // The word's own parts, all present, weighed as one term (a synonym of the parts,
  // filtered by their conjunction) and low: a document with the word itself or as the
  // tail of a longer compound ("fotbollslandslaget" for "landslag") ranks above one that
  // only has its parts in other words ("land", "äldreomsorgslag").
  const std::vector<std::string> parts = terms_of(t, TermKind::kCompound);
  if (parts.size() >= 2) {
    std::vector<Q> all;
    for (const std::string& p : parts) all.push_back(leaf(term(f, TermKind::kStem, p)));
    forms.push_back(scaled(kWeightParts, Q(Q::OP_FILTER, Q(Q::OP_SYNONYM, all.begin(), all.end()),
                                           Q(Q::OP_AND, all.begin(), all.end()))));
  }
  // Every folded form: the analyzer gives the folded stem and, when an accent changes the
  // stem ("lindén" / "linden"), the stem of the folded word too. A folded form is looked up
  // as a stem too (index_token leaves out folded forms equal to the stem), unless it is
  // this word's own stem, which is above at full weight; and among the folded compound
  // parts, so "overskuldsattning" finds "överskuldsättningsfrågan".
  for (const std::string& folded : terms_of(t, TermKind::kFolded)) {
    forms.push_back(scaled(kWeightFolded, leaf(term(f, TermKind::kFolded, folded))));
    if (!stem || folded != *stem)
      forms.push_back(scaled(kWeightFolded, leaf(term(f, TermKind::kStem, folded))));
    forms.push_back(scaled(kWeightFoldedCompound, leaf(std::string(f.folded_compound) + folded)));
  }
  return or_all(std::move(forms));
}

Q prefix_query(const Analyzer& analyzer, const Token& t, const schema::Field& f,
               Xapian::termcount max_expansion) {
  const std::string folded = analyzer.fold(t.norm);
  const auto wildcard = [&](TermKind kind, const std::string& text) {
    return Q(Q::OP_WILDCARD, term(f, kind, text), max_expansion, Q::WILDCARD_LIMIT_MOST_FREQUENT);
  };
  std::vector<Q> forms{wildcard(TermKind::kExact, t.norm),
                       scaled(kWeightFolded, wildcard(TermKind::kFolded, folded))};
  // A word without accents has no folded term (it equals its stem): an accented prefix
  // ("förs*") finds it ("forsaljning") among the stems. Without accents the exact
  // wildcard above already does.
  if (folded != t.norm) forms.push_back(scaled(kWeightFolded, wildcard(TermKind::kStem, folded)));
  return or_all(std::move(forms));
}

std::vector<std::string> lookup_terms(const Token& t) {
  const schema::Field& f = schema::kText;
  std::vector<std::string> out{term(f, TermKind::kExact, t.norm)};
  for (const std::string& s : terms_of(t, TermKind::kStem)) {
    out.push_back(term(f, TermKind::kStem, s));
    out.push_back(term(f, TermKind::kCompound, s));
  }
  if (const std::string* s = find_term(t, TermKind::kFolded)) {
    out.push_back(term(f, TermKind::kFolded, *s));
    out.push_back(term(f, TermKind::kStem, *s));
    out.push_back(std::string(f.folded_compound) + *s);
  }
  return out;
}

}  // namespace fss::terms
