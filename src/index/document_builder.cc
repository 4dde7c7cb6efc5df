#include "index/document_builder.h"

#include <nlohmann/json.hpp>

#include "base/json_util.h"
#include "fss/importer.h"
#include "fss/schema.h"
#include "index/terms.h"
#include "text/email.h"

namespace fss {
namespace {

using nlohmann::json;

// Positions of title, body and author are spaced apart so that a phrase cannot match
// across the end of one field and the start of the next.
constexpr uint32_t kFieldGap = 100;

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

// Indexes tokens into the free-text field (and a field of their own), and the synonym
// groups they form. Which terms a token gets is the term schema's (terms.h).
void add_tokens(const DocumentContext& ctx, const std::vector<Token>& tokens,
                const schema::Field* field, unsigned wdf, Xapian::Document* doc) {
  for (const Token& tok : tokens) {
    terms::index_token(tok, schema::kText, wdf, doc);
    if (field) terms::index_token(tok, *field, 1, doc);
  }
  for (const Synonyms::Match& m : ctx.synonyms->find(tokens))
    doc->add_term(std::string(schema::kSynonym) + m.group, wdf);
}

Status analyze(const DocumentContext& ctx, std::string_view text, uint32_t first,
               std::vector<Token>* out) {
  out->clear();
  return ctx.analyzer->analyze(text, out, first);
}

// "2017-06-14" -> "juni 2017": the words a person uses for when a post was written.
std::string date_words(const std::string& date) {
  static const char* const kMonths[] = {"januari",   "februari", "mars",     "april",
                                        "maj",       "juni",     "juli",     "augusti",
                                        "september", "oktober",  "november", "december"};
  if (date.size() != 10) return "";
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  if (month < 1 || month > 12) return "";
  return std::string(kMonths[month - 1]) + " " + date.substr(0, 4);
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
    const std::string ymd = schema::date_key(*date);
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

// No e-mail address is stored, indexed or served (spec/archive.md), with one exception:
// the title and body of a post are published text, and an address FSS publishes there
// (info@...) is kept in the stored text; the analyzer makes no term of it. Everything a
// person wrote or is named by (authors, roles, comments) loses its addresses.
Post without_emails(const Post& in) {
  Post post = in;
  post.author = scrub_optional(in.author);
  post.author_role = scrub_optional(in.author_role);
  post.kicker = scrub_optional(in.kicker);
  post.region = scrub_optional(in.region);
  for (Comment& c : post.comments) {
    c.author = scrub_emails(c.author);
    c.body = scrub_emails(c.body);
  }
  return post;
}

// A post's fields as tokens, at positions kFieldGap apart.
struct PostTokens {
  std::vector<Token> title, body, author;
  std::vector<Token> around;  // kicker, region, month and year
};

Status analyze_post(const DocumentContext& ctx, const Post& post, PostTokens* t) {
  if (Status s = analyze(ctx, post.title, 0, &t->title); !s.is_ok()) return s;
  if (Status s = analyze(ctx, post.body, next_position(t->title, 0), &t->body); !s.is_ok())
    return s;
  if (post.author) {
    const uint32_t first = next_position(t->body, next_position(t->title, 0));
    if (Status s = analyze(ctx, *post.author, first, &t->author); !s.is_ok()) return s;
  }
  // What the page shows around a post is searchable as its text: the kicker ("ordförande
  // har ordet" finds every chair's column, though the importer took the kicker out of the
  // body), the region ("Skåne" finds FSS region Skåne's posts) and the month and year of
  // its date ("ordförande har ordet juni", "… 2017").
  uint32_t next = next_position(t->author, next_position(t->body, next_position(t->title, 0)));
  for (const std::string& text : {post.kicker.value_or(""), post.region.value_or(""),
                                  post.date ? date_words(*post.date) : std::string()}) {
    std::vector<Token> tokens;
    if (Status s = analyze(ctx, text, next, &tokens); !s.is_ok()) return s;
    next = next_position(tokens, next);
    t->around.insert(t->around.end(), tokens.begin(), tokens.end());
  }
  return Status::ok();
}

// The post's own areas when the archive sets them, else the classifier's for its year.
std::vector<std::string> post_areas(const DocumentContext& ctx, const Post& post,
                                    const PostTokens& t) {
  if (!post.areas.empty()) return post.areas;
  std::vector<Token> all = t.title;
  all.insert(all.end(), t.body.begin(), t.body.end());
  // A dated post only gets the areas of its year (focus_areas.h).
  int year = 0;
  if (post.date && post.date->size() >= 4)
    for (size_t i = 0; i < 4 && year >= 0; ++i) {
      const char c = (*post.date)[i];
      year = c >= '0' && c <= '9' ? year * 10 + (c - '0') : -1;
    }
  if (year < 0) year = 0;
  return ctx.areas->classify(all, year);
}

BuiltDocument post_document(const DocumentContext& ctx, const Post& post, const PostTokens& t,
                            const std::vector<std::string>& areas) {
  BuiltDocument pd;
  pd.id_term = std::string(schema::kId) + post.id;
  pd.text_bytes = post.title.size() + post.body.size();
  Xapian::Document& doc = pd.doc;
  doc.add_boolean_term(pd.id_term);
  doc.add_value(schema::kSlotId, post.id);
  doc.add_value(schema::kSlotTitle, post.title);
  add_tokens(ctx, t.title, &schema::kTitle, schema::kTitleWdf, &doc);
  add_tokens(ctx, t.body, nullptr, 1, &doc);
  add_tokens(ctx, t.author, &schema::kAuthor, 1, &doc);
  add_tokens(ctx, t.around, nullptr, 1, &doc);
  add_filters(ctx, post.date, post.author, areas, schema::kTypePost, &doc);
  if (post.region)
    doc.add_boolean_term(
        schema::boolean_term(schema::kRegion, schema::author_key(*ctx.analyzer, *post.region)));
  // Every word a post is found by may be misspelt in a query: names of authors and
  // regions too ("lindkvist" for "Lindqvist").
  for (const std::vector<Token>* tokens : {&t.title, &t.body, &t.author, &t.around})
    add_spellings(*tokens, &pd.spellings);

  json data = {{"id", post.id},
               {"type", schema::kTypePost},
               {"title", post.title},
               {"date", nullable<json>(post.date)},
               {"author", nullable<json>(post.author)},
               {"author_role", nullable<json>(post.author_role)},
               {"kicker", nullable<json>(post.kicker)},
               {"region", nullable<json>(post.region)},
               {"areas", areas},
               {"source", post.source},
               {"url", post.url ? json(*post.url) : json(nullptr)},
               {"comments", json::array()},
               {"text", post.body}};
  for (const Comment& c : post.comments) data["comments"].push_back(c.id);
  doc.set_data(data.dump(-1, ' ', false, json::error_handler_t::replace));
  return pd;
}

// One document per comment of `post`, whose title tokens are `title`.
Status add_comment_documents(const DocumentContext& ctx, const Post& post,
                             const std::vector<Token>& title, const std::vector<std::string>& areas,
                             std::vector<BuiltDocument>* out) {
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
    add_tokens(ctx, ctext, nullptr, 1, &cdoc);
    add_tokens(ctx, cauthor, &schema::kAuthor, 1, &cdoc);
    // The post's title makes title:… find the comments of a post too, but not free text:
    // a search for the title should bring the post, not every comment under it.
    for (const Token& tok : title) terms::index_title_for_comment(tok, &cdoc);
    add_filters(ctx, c.date, std::optional<std::string>(c.author), areas, schema::kTypeComment,
                &cdoc);
    add_spellings(ctext, &cd.spellings);
    add_spellings(cauthor, &cd.spellings);
    json cdata = {{"id", c.id},
                  {"type", schema::kTypeComment},
                  {"title", post.title},
                  {"date", nullable<json>(c.date)},
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

}  // namespace

Status build_post_documents(const Post& in, const DocumentContext& ctx,
                            std::vector<BuiltDocument>* out) {
  const Post post = without_emails(in);
  PostTokens tokens;
  if (Status s = analyze_post(ctx, post, &tokens); !s.is_ok()) return s;
  const std::vector<std::string> areas = post_areas(ctx, post, tokens);
  out->push_back(post_document(ctx, post, tokens, areas));
  return add_comment_documents(ctx, post, tokens.title, areas, out);
}

}  // namespace fss
