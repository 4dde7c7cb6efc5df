#include "corpus_gen.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "corpus_words.h"
#include "fss/url.h"

namespace fss::bench {
namespace {

// The vocabulary's ranks do not depend on --seed, so one query mix fits every corpus.
constexpr uint64_t kVocabularySeed = 0x5eedf55;
// Zipf-Mandelbrot: weight(rank) = 1 / (rank + q)^s. s = 1 gives "och" about 3.5 %.
constexpr double kZipfS = 1.0;
constexpr double kZipfQ = 2.7;
constexpr size_t kAuthors = 150;
constexpr size_t kCommenters = 600;

uint64_t splitmix(uint64_t* x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

const char* const kFirstNames[] = {
    "Anna", "Eva", "Maria", "Karin", "Kristina", "Lena", "Sara", "Emma", "Kerstin", "Ingrid",
    "Marie", "Malin", "Jenny", "Hanna", "Linda", "Susanne", "Elin", "Monica", "Annika", "Petra",
    "Helena", "Camilla", "Åsa", "Ulrika", "Therese", "Lars", "Anders", "Johan", "Per", "Erik",
    "Karl", "Peter", "Mikael", "Jan", "Hans", "Thomas", "Daniel", "Fredrik", "Stefan", "Magnus",
    "Mats", "Björn", "Jonas", "Ola", "Göran", "Håkan", "Örjan", "Niklas", "Patrik", "Tove"};
const char* const kLastNames[] = {
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist",
    "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist",
    "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg",
    "Wallin", "Engström", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman",
    "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson", "Lindén", "Liljedahl", "Stenkvist"};
const char* const kRoles[] = {"FSS ordförande", "socialchef", "förvaltningschef",
                              "socialdirektör", "FSS vice ordförande", "verksamhetschef"};
const char* const kRegions[] = {"Skåne", "Västra Götaland", "Stockholm", "Norrbotten",
                                "Östergötland", "Dalarna", "Uppsala", "Jämtland"};

std::vector<std::string> names(size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<std::string> out;
  std::unordered_set<std::string> taken;
  const size_t nf = std::size(kFirstNames), nl = std::size(kLastNames);
  while (out.size() < n) {
    std::string name = std::string(kFirstNames[rng.below(nf)]) + " " + kLastNames[rng.below(nl)];
    if (rng.chance(0.12)) name += std::string(" ") + kLastNames[rng.below(nl)];
    if (taken.insert(name).second) out.push_back(name);
  }
  return out;
}

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::string format_date(int y, int m, int d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string later_date(const std::string& date, int days) {
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  for (d += days; d > days_in_month(y, m);) {
    d -= days_in_month(y, m);
    if (++m > 12) m = 1, ++y;
  }
  if (y > 2026) return date;
  return format_date(y, m, d);
}

}  // namespace

Rng::Rng(uint64_t seed) {
  uint64_t x = seed;
  for (uint64_t& s : s_) s = splitmix(&x);
}

uint64_t Rng::next() {
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

uint64_t Rng::below(uint64_t n) { return n ? next() % n : 0; }

double Rng::lognormal(double mu, double sigma) {
  double z = -6;
  for (int i = 0; i < 12; ++i) z += uniform();
  return std::exp(mu + sigma * z);
}

Result<CorpusGenerator> CorpusGenerator::create(const CorpusOptions& options) {
  CorpusGenerator g;
  g.seed_ = options.seed;
  g.rng_ = Rng(options.seed);
  auto archive = read_archive(options.archive_path);
  if (!archive.is_ok()) return archive.status();
  std::string dic, areas_text;
  if (Status s = read_text(options.dic_path, &dic); !s.is_ok()) return s;
  if (Status s = read_text(options.focus_areas_path, &areas_text); !s.is_ok()) return s;

  g.words_ = archive_words(archive->posts);
  std::unordered_set<std::string> have;
  for (const std::string& w : g.words_) have.insert(lower(w));
  std::vector<std::string> lexicon = lexicon_words(dic);
  Rng shuffle(kVocabularySeed);
  for (size_t i = lexicon.size(); i > 1; --i) std::swap(lexicon[i - 1], lexicon[shuffle.below(i)]);
  for (std::string& w : lexicon)
    if (have.insert(lower(w)).second) g.words_.push_back(std::move(w));
  double total = 0;
  g.cdf_.reserve(g.words_.size());
  for (size_t r = 0; r < g.words_.size(); ++r) {
    total += 1.0 / std::pow(r + kZipfQ, kZipfS);
    g.cdf_.push_back(total);
  }

  g.authors_ = names(kAuthors, kVocabularySeed + 1);
  // The real archive's signatures are among the authors.
  size_t replaced = 0;
  for (const Post& p : archive->posts)
    if (p.author && replaced < 20 && std::find(g.authors_.begin(), g.authors_.end(), *p.author) == g.authors_.end())
      g.authors_[replaced++] = *p.author;
  total = 0;
  for (size_t r = 0; r < g.authors_.size(); ++r) {
    total += 1.0 / std::pow(r + 3.0, 0.9);  // a few write much, most write a little
    g.author_cdf_.push_back(total);
  }
  g.commenters_ = names(kCommenters, kVocabularySeed + 2);

  const nlohmann::json areas = nlohmann::json::parse(areas_text, nullptr, false);
  if (areas.is_discarded() || !areas.contains("areas"))
    return Status::invalid_argument(options.focus_areas_path + ": not a focus-areas file");
  for (const auto& a : areas["areas"]) {
    Area area{a.value("id", ""), {}};
    for (const auto& t : a.value("terms", nlohmann::json::array())) area.terms.push_back(t.get<std::string>());
    if (!area.id.empty() && !area.terms.empty()) g.areas_.push_back(std::move(area));
  }
  return g;
}

const std::string& CorpusGenerator::word() {
  const double u = rng_.uniform() * cdf_.back();
  const size_t r = std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin();
  return words_[std::min(r, words_.size() - 1)];
}

std::string CorpusGenerator::sentence(size_t n, const std::vector<std::string>* sprinkle) {
  std::string out;
  const size_t term_at = sprinkle && !sprinkle->empty() ? rng_.below(n) : n;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += rng_.chance(0.06) ? ", " : " ";
    const std::string& w = i == term_at ? (*sprinkle)[rng_.below(sprinkle->size())] : word();
    out += i == 0 ? capitalized(w) : w;
  }
  return out;
}

std::string CorpusGenerator::text(size_t target, const std::vector<std::string>* sprinkle) {
  std::string out;
  out.reserve(target + 200);
  size_t in_paragraph = 0, paragraph = 3 + rng_.below(4);
  while (out.size() < target) {
    if (!out.empty()) out += in_paragraph == 0 ? "\n\n" : " ";
    const bool with_term = sprinkle && rng_.chance(0.35);
    out += sentence(4 + rng_.below(10) + rng_.below(10), with_term ? sprinkle : nullptr);
    out += rng_.chance(0.08) ? "!" : rng_.chance(0.05) ? "?" : ".";
    if (++in_paragraph == paragraph) in_paragraph = 0, paragraph = 3 + rng_.below(4);
  }
  return out;
}

std::string CorpusGenerator::date() {
  const int y = 2005 + static_cast<int>(rng_.below(22));
  const int m = 1 + static_cast<int>(rng_.below(12));
  const int d = 1 + static_cast<int>(rng_.below(days_in_month(y, m)));
  return format_date(y, m, d);
}

Post CorpusGenerator::post(uint64_t i) {
  Post p;
  // About 60 % of the posts discuss a focus area, a few two.
  std::vector<std::string> sprinkle;
  if (rng_.chance(0.6)) {
    const Area& a = areas_[rng_.below(areas_.size())];
    sprinkle = a.terms;
    if (rng_.chance(0.15)) {
      const Area& b = areas_[rng_.below(areas_.size())];
      sprinkle.insert(sprinkle.end(), b.terms.begin(), b.terms.end());
    }
    if (rng_.chance(0.03)) p.areas.push_back(a.id);  // set by hand in the archive
  }
  p.title = sentence(2 + rng_.below(4) + rng_.below(4), rng_.chance(0.2) ? &sprinkle : nullptr);
  if (rng_.chance(0.1)) p.title += "?";
  if (!rng_.chance(0.03)) p.date = date();
  if (!rng_.chance(0.1)) {
    const double u = rng_.uniform() * author_cdf_.back();
    const size_t a = std::upper_bound(author_cdf_.begin(), author_cdf_.end(), u) - author_cdf_.begin();
    p.author = authors_[std::min(a, authors_.size() - 1)];
    if (a < 12) p.author_role = kRoles[a % std::size(kRoles)];
    if (a < 4 && rng_.chance(0.5)) p.kicker = "Ordförande har ordet";
  }
  if (rng_.chance(0.08)) {
    p.region = kRegions[rng_.below(std::size(kRegions))];
    if (!p.kicker && rng_.chance(0.5)) p.kicker = "FSS region " + *p.region;
  }
  p.id = (p.date ? *p.date : std::string("odaterad")) + "-" + slug(p.title, 48) + "-" + std::to_string(i);
  p.source = "gen_" + std::to_string(seed_) + "_" + std::to_string(i) + ".txt";
  const double bytes = std::clamp(rng_.lognormal(7.72, 0.6), 250.0, 30000.0);
  p.body = text(static_cast<size_t>(bytes), sprinkle.empty() ? nullptr : &sprinkle);
  if (rng_.chance(1.0 / 3)) {
    size_t n = 1;
    while (n < 12 && rng_.chance(0.55)) ++n;
    for (size_t k = 1; k <= n; ++k) {
      Comment c;
      c.id = p.id + "-c" + std::to_string(k);
      c.author = commenters_[rng_.below(commenters_.size())];
      if (p.date && rng_.chance(0.6)) c.date = later_date(*p.date, static_cast<int>(rng_.below(30)));
      const double cb = std::clamp(rng_.lognormal(6.2, 0.7), 40.0, 8000.0);
      c.body = text(static_cast<size_t>(cb), rng_.chance(0.3) && !sprinkle.empty() ? &sprinkle : nullptr);
      p.comments.push_back(std::move(c));
    }
  }
  return p;
}

uint64_t CorpusGenerator::write_archive(uint64_t n, std::FILE* out) {
  uint64_t docs = 0;
  for (uint64_t i = 0; i < n; ++i) {
    const Post p = post(i);
    docs += 1 + p.comments.size();
    std::string line = post_to_json_line(p);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
  }
  return docs;
}

std::vector<std::string> CorpusGenerator::queries(size_t n) {
  Rng rng(seed_ * 1000003 + 17);
  // A word a person would search for: not among the 60 commonest (stop words), log-uniform
  // in rank up to 60,000, so both frequent and rare terms are asked.
  const auto pick = [&](size_t lo = 60, size_t hi = 60000) {
    hi = std::min(hi, words_.size());
    const double r = std::exp(std::log(double(lo)) + rng.uniform() * (std::log(double(hi)) - std::log(double(lo))));
    return lower(words_[std::min(static_cast<size_t>(r), words_.size() - 1)]);
  };
  const auto words = [&](size_t k) {
    std::string q;
    for (size_t i = 0; i < k; ++i) q += (i ? " " : "") + pick();
    return q;
  };
  std::vector<std::string> multiword;
  for (const Area& a : areas_)
    for (const std::string& t : a.terms)
      if (t.find(' ') != std::string::npos && t.find('-') == std::string::npos) multiword.push_back(t);
  // The mix, per 200: 50 one-word, 40 two-word (a few with OR or -exclusion), 25
  // three-word, 20 phrases, 20 prefixes, 30 filtered, 15 misspelt.
  struct Kind {
    const char* name;
    size_t count;
  };
  static const Kind kMix[] = {{"one", 50}, {"two", 40}, {"three", 25}, {"phrase", 20},
                              {"prefix", 20}, {"filter", 30}, {"misspelt", 15}};
  std::vector<std::string> out;
  for (size_t i = 0; out.size() < n; ++i) {
    size_t slot = i % 200;
    const Kind* kind = kMix;
    while (slot >= kind->count) slot -= kind->count, ++kind;
    const std::string name = kind->name;
    std::string q, extra;
    if (name == "one") {
      q = pick();
    } else if (name == "two") {
      q = words(2);
      if (slot % 10 == 3) q = pick() + " OR " + pick();
      if (slot % 10 == 7) q = pick() + " -" + pick();
    } else if (name == "three") {
      q = words(3);
    } else if (name == "phrase") {
      q = "\"" + (slot % 2 == 0 ? multiword[rng.below(multiword.size())] : words(2)) + "\"";
    } else if (name == "prefix") {
      std::string w;
      while (w.size() < 6) w = pick(60, 20000);
      size_t cut = 0, chars = 0;
      const size_t want = 4 + rng.below(3);
      for (size_t k = 0; cut < w.size() && chars < want; cut += k, ++chars) decode(w, cut, &k);
      q = w.substr(0, cut) + "*";
    } else if (name == "filter") {
      q = slot % 5 == 4 ? "" : words(1 + slot % 2);  // a few browse a filter alone
      switch (slot % 6) {
        case 0: {
          const int y = 2005 + static_cast<int>(rng.below(18));
          extra = "&from=" + std::to_string(y) + "-01-01&to=" + std::to_string(y + 1 + rng.below(4)) + "-12-31";
          break;
        }
        case 1: extra = "&author=" + url_encode(authors_[rng.below(40)]); break;
        case 2: extra = "&area=" + areas_[rng.below(areas_.size())].id; break;
        case 3: extra = std::string("&type=") + (rng.chance(0.5) ? "comment" : "post"); break;
        case 4: extra = "&from=2015-01-01&area=" + areas_[rng.below(areas_.size())].id; break;
        default: extra = "&type=post&sort=date"; break;
      }
      if (q.empty() && extra.find("area") == std::string::npos && extra.find("author") == std::string::npos)
        q = pick();
    } else {  // misspelt: a swap, a dropped or a doubled letter inside a longer word
      std::string w;
      while (w.size() < 7 || w.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
        w = pick(100, 30000);
      const size_t at = 1 + rng.below(w.size() - 3);
      if (slot % 3 == 0) std::swap(w[at], w[at + 1]);
      else if (slot % 3 == 1) w.erase(at, 1);
      else w.insert(at, 1, w[at]);
      q = w;
    }
    out.push_back("q=" + url_encode(q) + extra);
  }
  return out;
}

}  // namespace fss::bench
