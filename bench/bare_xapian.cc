#include "bare_xapian.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "fss/archive.h"

namespace fss::bench {
namespace {

constexpr unsigned kSlotDate = 0, kSlotType = 1, kSlotAuthor = 2, kSlotYear = 3;
constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
                            Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD;

std::string ymd(const std::string& d) { return d.substr(0, 4) + d.substr(5, 2) + d.substr(8, 2); }

void add_document(Xapian::WritableDatabase& db, Xapian::TermGenerator& tg, const std::string& id,
                  const char* type, const std::string& title, const std::optional<std::string>& date,
                  const std::optional<std::string>& author, const std::string& text) {
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text(title, 1, "S");
  tg.index_text(title);
  tg.increase_termpos();
  tg.index_text(text);
  if (author) {
    tg.index_text(*author, 1, "A");
    doc.add_boolean_term("XAUTH" + author->substr(0, 200));
    doc.add_value(kSlotAuthor, *author);
  }
  const std::string id_term = "Q" + id;
  doc.add_boolean_term(id_term);
  doc.add_boolean_term(std::string("XTYPE") + type);
  doc.add_value(kSlotType, type);
  if (date) {
    doc.add_value(kSlotDate, ymd(*date));
    doc.add_value(kSlotYear, date->substr(0, 4));
  }
  doc.set_data(title + "\n" + text);
  db.replace_document(id_term, doc);
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::multimap<std::string, std::string> parse_query_string(const std::string& s) {
  std::multimap<std::string, std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t amp = s.find('&', start);
    if (amp == std::string::npos) amp = s.size();
    const std::string pair = s.substr(start, amp - start);
    const size_t eq = pair.find('=');
    if (!pair.empty()) {
      out.emplace(url_decode(pair.substr(0, eq)),
                  eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1)));
    }
    start = amp + 1;
  }
  return out;
}

uint64_t directory_bytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

Result<BareIndexStats> bare_index(const std::string& archive_path, const std::string& db_dir) {
  const auto start = std::chrono::steady_clock::now();
  std::ifstream in(archive_path, std::ios::binary);
  if (!in) return Status::not_found(archive_path + ": cannot open");
  BareIndexStats stats;
  try {
    Xapian::WritableDatabase db(db_dir, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("swedish"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::string line;
    while (std::getline(in, line)) {
      auto post = parse_post_line(line);
      if (!post.is_ok()) continue;
      const Post& p = post.value();
      add_document(db, tg, p.id, "post", p.title, p.date, p.author, p.body);
      stats.text_bytes += p.title.size() + p.body.size();
      ++stats.documents;
      for (const Comment& c : p.comments) {
        add_document(db, tg, c.id, "comment", p.title, c.date, c.author, c.body);
        stats.text_bytes += c.body.size();
        ++stats.documents;
      }
    }
    db.commit();
  } catch (const Xapian::Error& e) {
    return Status::internal("xapian: " + e.get_description());
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats.index_bytes = directory_bytes(db_dir);
  return stats;
}

BareSearcher::BareSearcher(const std::string& db_dir) : db_(db_dir) {
  parser_.set_stemmer(Xapian::Stem("swedish"));
  parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser_.set_database(db_);  // for wildcards
  parser_.add_prefix("title", "S");
  parser_.add_prefix("author", "A");
}

uint64_t BareSearcher::search(const SearchRequest& r, bool facets, bool snippets) {
  using Q = Xapian::Query;
  Q q = r.query.empty() ? Q::MatchAll : parser_.parse_query(r.query, kFlags);
  std::vector<Q> filters;
  if (r.type) filters.emplace_back("XTYPE" + *r.type);
  for (const std::string& a : r.authors) filters.emplace_back("XAUTH" + a);
  if (r.from || r.to)
    filters.emplace_back(Q::OP_VALUE_RANGE, kSlotDate, r.from ? ymd(*r.from) : "00000000",
                         r.to ? ymd(*r.to) : "99999999");
  if (!filters.empty()) q = Q(Q::OP_FILTER, q, Q(Q::OP_AND, filters.begin(), filters.end()));
  Xapian::Enquire enquire(db_);
  enquire.set_query(q);
  if (r.sort == "date" || r.query.empty()) enquire.set_sort_by_value_then_relevance(kSlotDate, true);
  Xapian::ValueCountMatchSpy year(kSlotYear), author(kSlotAuthor), type(kSlotType);
  if (facets) {
    enquire.add_matchspy(&year);
    enquire.add_matchspy(&author);
    enquire.add_matchspy(&type);
  }
  const Xapian::MSet mset = enquire.get_mset(0, 10, facets ? db_.get_doccount() : 0);
  uint64_t sink = mset.get_matches_estimated();
  if (facets) {
    // Reading the counts out is part of the answer.
    for (Xapian::ValueCountMatchSpy* spy : {&year, &author, &type})
      for (auto t = spy->top_values_begin(50); t != spy->top_values_end(50); ++t) sink += t.get_termfreq();
  }
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const std::string data = it.get_document().get_data();
    if (snippets) sink += mset.snippet(data.substr(data.find('\n') + 1), 240).size();
    sink += data.size();
  }
  return sink;
}

}  // namespace fss::bench
