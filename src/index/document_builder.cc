#include "document_builder.h"

#include <nlohmann/json.hpp>

#include "email.h"
#include "fss/importer.h"
#include "fss/schema.h"

namespace fss {
namespace {

using nlohmann::json;

// Positions of title, body and author are spaced apart so that a phrase cannot match
// across the end of one field and the start of the next.
constexpr uint32_t kFieldGap = 100;

json nullable(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

// What the importer puts where a raw comment had an address: the same words in the
// index as in the archive.
const std::string& email_placeholder() {
  static const std::string placeholder = ImportOptions().email_placeholder;
  return placeholder;
}

std::string scrub_emails(std::string_view text) {
  return replace_emails(text, email_placeholder());
}

std::optional<std::string> scrub_optional(const std::optional<std::string>& s) {
  if (!s) return s;
  return scrub_emails(std::string_view(*s));
}

class TermWriter {
 public:
  TermWriter(const DocumentContext& ctx, Xapian::Document* doc) : ctx_(ctx), doc_(doc) {}

  // Indexes `tokens` into the free-text field (and `field`, when given), wdf `wdf` each.
  void add(const std::vector<Token>& tokens, const schema::Field* field, unsigned wdf) {
    for (const Token& tok : tokens) {
      const std::string* stem = nullptr;
      for (const Term& term : tok.terms)
        if (term.kind == TermKind::kStem) stem = &term.text;
      for (const Term& term : tok.terms) {
        // Stop words keep only exact and stem terms, with positions, for phrases.
        if (tok.stopword && (term.kind == TermKind::kCompound || term.kind == TermKind::kFolded))
          continue;
        // A folded form equal to the stem (a word without å, ä, ö or accents: most words)
        // is already in the index as the stem term; the query looks a folded form up in
        // both spaces (query_builder.cc), so the copy would only cost postings: a fifth of
        // them, and the writer's time goes by postings.
        if (term.kind == TermKind::kFolded && stem && term.text == *stem) continue;
        add_term(schema::kText, term, tok.position, wdf);
        if (field) add_term(*field, term, tok.position, 1);
      }
    }
    for (const Synonyms::Match& m : ctx_.synonyms->find(tokens))
      doc_->add_term(std::string(schema::kSynonym) + m.group, wdf);
  }

 private:
  void add_term(const schema::Field& field, const Term& term, uint32_t pos, unsigned wdf) {
    std::string t = field.prefix(term.kind);
    t += term.text;
    if (t.size() > 240) return;  // Xapian's limit is 245 bytes; such "words" are noise
    // Only stems carry positions: phrases and proximity are matched on stems (inflections
    // allowed), so positions of exact forms would double the positional data, the biggest
    // part of the index and of the writer's work, for nothing.
    if (term.kind == TermKind::kStem) {
      doc_->add_posting(t, pos + 1, wdf);  // Xapian positions start at 1
    } else {
      doc_->add_term(t, wdf);
    }
  }

  const DocumentContext& ctx_;
  Xapian::Document* doc_;
};

Status analyze(const DocumentContext& ctx, std::string_view text, uint32_t first,
               std::vector<Token>* out) {
  out->clear();
  return ctx.analyzer->analyze(text, out, first);
}

uint32_t next_position(const std::vector<Token>& tokens, uint32_t fallback) {
  return tokens.empty() ? fallback : tokens.back().position + kFieldGap;
}

void add_spellings(const std::vector<Token>& tokens, std::vector<std::string>* out) {
  for (const Token& t : tokens) {
    // Numbers and very short words make poor suggestions.
    if (!t.stopword && !t.number && t.norm.size() >= 3 && t.norm.size() <= 40)
      out->push_back(t.norm);
  }
}

void add_filters(const DocumentContext& ctx, const std::optional<std::string>& date,
                 const std::optional<std::string>& author, const std::vector<std::string>& areas,
                 const char* type, Xapian::Document* doc) {
  doc->add_boolean_term(std::string(schema::kType) + type);
  doc->add_value(schema::kSlotType, type);
  if (date && date->size() == 10) {
    const std::string ymd = date->substr(0, 4) + date->substr(5, 2) + date->substr(8, 2);
    doc->add_value(schema::kSlotDate, ymd);
    doc->add_boolean_term(std::string(schema::kYear) + ymd.substr(0, 4));
    doc->add_boolean_term(std::string(schema::kMonth) + ymd.substr(0, 6));
  }
  if (author && !author->empty()) {
    doc->add_boolean_term(
        schema::boolean_term(schema::kAuthorKey, schema::author_key(*ctx.analyzer, *author)));
    doc->add_value(schema::kSlotAuthor, *author);
  }
  std::string joined;
  for (const std::string& a : areas) {
    doc->add_boolean_term(schema::boolean_term(schema::kArea, a));
    joined += (joined.empty() ? "" : "\n") + a;
  }
  if (!joined.empty()) doc->add_value(schema::kSlotAreas, joined);
}

}  // namespace

Status build_post_documents(const Post& in, const DocumentContext& ctx,
                            std::vector<BuiltDocument>* out) {
  // No e-mail address is stored, indexed or served (spec/archive.md), with one exception:
  // the title and body of a post are published text, and an address FSS publishes there
  // (info@...) is kept in the stored text; the analyzer makes no term of it. Everything a
  // person wrote or is named by (authors, roles, comments) loses its addresses.
  Post post = in;
  post.author = scrub_optional(in.author);
  post.author_role = scrub_optional(in.author_role);
  post.kicker = scrub_optional(in.kicker);
  post.region = scrub_optional(in.region);
  for (Comment& c : post.comments) {
    c.author = scrub_emails(c.author);
    c.body = scrub_emails(c.body);
  }
  std::vector<Token> title, body, author;
  if (Status s = analyze(ctx, post.title, 0, &title); !s.is_ok()) return s;
  if (Status s = analyze(ctx, post.body, next_position(title, 0), &body); !s.is_ok()) return s;
  if (post.author) {
    const uint32_t first = next_position(body, next_position(title, 0));
    if (Status s = analyze(ctx, *post.author, first, &author); !s.is_ok()) return s;
  }

  std::vector<std::string> areas = post.areas;
  if (areas.empty()) {
    std::vector<Token> all = title;
    all.insert(all.end(), body.begin(), body.end());
    // A dated post only gets the areas of its year (focus_areas.h).
    int year = 0;
    if (post.date && post.date->size() >= 4)
      for (size_t i = 0; i < 4 && year >= 0; ++i) {
        const char c = (*post.date)[i];
        year = c >= '0' && c <= '9' ? year * 10 + (c - '0') : -1;
      }
    if (year < 0) year = 0;
    areas = ctx.areas->classify(all, year);
  }

  BuiltDocument pd;
  pd.id_term = std::string(schema::kId) + post.id;
  pd.text_bytes = post.title.size() + post.body.size();
  Xapian::Document& doc = pd.doc;
  doc.add_boolean_term(pd.id_term);
  doc.add_value(schema::kSlotId, post.id);
  doc.add_value(schema::kSlotTitle, post.title);
  TermWriter writer(ctx, &doc);
  writer.add(title, &schema::kTitle, schema::kTitleWdf);
  writer.add(body, nullptr, 1);
  writer.add(author, &schema::kAuthor, 1);
  add_filters(ctx, post.date, post.author, areas, schema::kTypePost, &doc);
  if (post.region)
    doc.add_boolean_term(
        schema::boolean_term(schema::kRegion, schema::author_key(*ctx.analyzer, *post.region)));
  add_spellings(title, &pd.spellings);
  add_spellings(body, &pd.spellings);

  json data = {{"id", post.id},
               {"type", schema::kTypePost},
               {"title", post.title},
               {"date", nullable(post.date)},
               {"author", nullable(post.author)},
               {"author_role", nullable(post.author_role)},
               {"kicker", nullable(post.kicker)},
               {"region", nullable(post.region)},
               {"areas", areas},
               {"source", post.source},
               {"url", post.url ? json(*post.url) : json(nullptr)},
               {"comments", json::array()},
               {"text", post.body}};
  for (const Comment& c : post.comments) data["comments"].push_back(c.id);
  doc.set_data(data.dump(-1, ' ', false, json::error_handler_t::replace));
  out->push_back(std::move(pd));

  std::vector<Token> ctext, cauthor;
  for (const Comment& c : post.comments) {
    BuiltDocument cd;
    cd.comment = true;
    cd.id_term = std::string(schema::kId) + c.id;
    cd.text_bytes = c.body.size();
    if (Status s = analyze(ctx, c.body, 0, &ctext); !s.is_ok()) return s;
    if (Status s = analyze(ctx, c.author, next_position(ctext, 0), &cauthor); !s.is_ok()) return s;
    Xapian::Document& cdoc = cd.doc;
    cdoc.add_boolean_term(cd.id_term);
    cdoc.add_value(schema::kSlotId, c.id);
    cdoc.add_boolean_term(schema::boolean_term(schema::kParent, post.id));
    TermWriter cw(ctx, &cdoc);
    cw.add(ctext, nullptr, 1);
    cw.add(cauthor, &schema::kAuthor, 1);
    // The post's title makes title:… find the comments of a post too, but not free text:
    // a search for the title should bring the post, not every comment under it. With
    // positions, so title:"a phrase" finds them as well.
    for (const Token& tok : title)
      for (const Term& term : tok.terms)
        if (term.kind == TermKind::kStem)
          cdoc.add_posting(schema::kTitle.prefix(term.kind) + term.text, tok.position + 1);
        else if (term.kind == TermKind::kExact)
          cdoc.add_term(schema::kTitle.prefix(term.kind) + term.text);
    add_filters(ctx, c.date, std::optional<std::string>(c.author), areas, schema::kTypeComment,
                &cdoc);
    add_spellings(ctext, &cd.spellings);
    json cdata = {{"id", c.id},
                  {"type", schema::kTypeComment},
                  {"title", post.title},
                  {"date", nullable(c.date)},
                  {"author", c.author},
                  {"areas", areas},
                  {"post", {{"id", post.id}, {"title", post.title}}},
                  {"url", post.url ? json(*post.url) : json(nullptr)},
                  {"text", c.body}};
    cdoc.set_data(cdata.dump(-1, ' ', false, json::error_handler_t::replace));
    out->push_back(std::move(cd));
  }
  return Status::ok();
}

}  // namespace fss
