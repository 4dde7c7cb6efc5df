// The soak test's workload (soak_load.h): the generated archive and the clients.
#include "soak_load.h"

#include <httplib.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <thread>

namespace fss::testing {

using nlohmann::json;

namespace {

// The first `n` code points of UTF-8 `s`.
std::string prefix(const std::string& s, size_t n) {
  size_t end = 0;
  for (; end < s.size() && n > 0; --n) do
      ++end;
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80);
  return s.substr(0, end);
}

}  // namespace

double soak_seconds() {
  const char* env = std::getenv("FSS_SOAK_SECONDS");
  const double s = env && *env ? std::atof(env) : 0;
  return s > 0 ? s : 10;
}

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Words of the corpus, as often as they occur there (so the generated text has a
// natural spread of frequent and rare words).
std::vector<std::string> corpus_words() {
  std::vector<std::string> words;
  std::istringstream in(read_file(std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl"));
  std::string line;
  const auto split = [&](const std::string& text) {
    std::string w;
    const auto flush = [&] {
      if (w.size() >= 3) words.push_back(w);
      w.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 0x80) {
        const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (c == 0xE2 || c == 0xC2)
          flush();  // typographic marks, NBSP
        else
          w.append(text, i, len);
        i += len - 1;
      } else if (std::isalpha(c)) {
        w += static_cast<char>(std::tolower(c));
      } else {
        flush();
      }
    }
    flush();
  };
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const json post = json::parse(line);
    split(post["title"].get<std::string>() + " " + post["body"].get<std::string>());
    for (const json& c : post["comments"]) split(c["body"].get<std::string>());
  }
  return words;
}

Archive make_archive(const std::vector<std::string>& words, int posts) {
  std::mt19937 rng(20261123);
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const auto n = [&](int lo, int hi) { return lo + static_cast<int>(rng() % (hi - lo + 1)); };
  Archive a;
  a.authors = {"Monica Persson",    "Lars Liljedahl", "Anna Ek",      "Petra West Stenkvist",
               "Kalle Gudmundsson", "Åsa Öberg",      "Malin Lindén", "Lars-Göran Jansson",
               "Camilla Sköld",     "Erik Nilsson"};
  const auto sentence = [&](int lo, int hi, bool keep_phrase) {
    std::string s;
    const int len = n(lo, hi);
    for (int i = 0; i < len; ++i) s += (i ? " " : "") + pick(words);
    if (keep_phrase && len >= 3) {
      const size_t at = s.find(' ');
      a.phrases.push_back(s.substr(at + 1, s.find(' ', s.find(' ', at + 1) + 1) - at - 1));
    }
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s + ".";
  };
  for (int p = 0; p < posts; ++p) {
    nlohmann::ordered_json post;
    const std::string id = "soak-" + std::to_string(p);
    std::string title = sentence(3, 7, false);
    title.pop_back();
    post["id"] = id;
    post["title"] = title;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", n(2012, 2024), n(1, 12), n(1, 28));
    post["date"] = p % 10 == 0 ? json() : json(date);
    post["author"] = pick(a.authors);
    post["author_role"] = nullptr;
    post["kicker"] = nullptr;
    post["region"] = nullptr;
    post["areas"] = json::array();
    post["source"] = "soak.txt";
    std::string body;
    for (int para = n(2, 5); para > 0; --para) {
      if (!body.empty()) body += "\n\n";
      for (int s = n(2, 5); s > 0; --s) body += sentence(6, 16, p % 25 == 0 && s == 1) + " ";
      body.pop_back();
    }
    post["body"] = body;
    post["comments"] = json::array();
    for (int c = p % 4 == 0 ? n(1, 3) : 0, i = 1; c > 0; --c, ++i)
      post["comments"].push_back({{"id", id + "-c" + std::to_string(i)},
                                  {"author", pick(a.authors)},
                                  {"date", nullptr},
                                  {"body", sentence(5, 20, false)}});
    a.docs.push_back(1 + static_cast<int>(post["comments"].size()));
    a.lines.push_back(post.dump());
  }
  return a;
}

// One client: a mix of queries, until `stop`, on one keep-alive connection or a new
// connection per request.
void client(int port, int seed, bool keep_alive, const Archive& archive,
            const std::set<int>& browse_totals, const std::set<int>& post_totals,
            const std::atomic<bool>& stop, ClientStats* out) {
  std::mt19937 rng(seed);
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const auto word = [&] {
    const std::string& phrase = pick(archive.phrases);
    return phrase.substr(0, phrase.find(' '));
  };
  httplib::Client cli("127.0.0.1", port);
  cli.set_keep_alive(keep_alive);
  cli.set_connection_timeout(5);
  cli.set_read_timeout(20);
  while (!stop) {
    std::string path;
    enum { kPlain, kBrowseAll, kBrowsePosts } check = kPlain;
    switch (rng() % 10) {
      case 0:
        path = "/api/search?q=" + url_encode(word());
        break;
      case 1:
        path = "/api/search?q=" + url_encode(word() + " " + word());
        break;
      case 2:
        path = "/api/search?q=" + url_encode("\"" + pick(archive.phrases) + "\"");
        break;
      case 3:
        path = "/api/search?q=" + url_encode(prefix(word(), 3) + "*");
        break;
      case 4:
        path = "/api/search?q=" + url_encode(word()) + "&from=2015-01-01&to=2020-12-31&sort=date";
        break;
      case 5:
        path =
            "/api/search?q=" + url_encode(word()) + "&author=" + url_encode(pick(archive.authors));
        break;
      case 6:
        path = "/api/search?q=" + url_encode(word()) + "&type=comment&page=2";
        break;
      case 7:
        path = "/api/search?q=&size=5";
        check = kBrowseAll;
        break;
      case 8:
        path = "/api/search?q=&type=post&sort=date";
        check = kBrowsePosts;
        break;
      default:
        path = "/api/suggest?q=" + url_encode(prefix(word(), 2));
        break;
    }
    const auto t0 = Clock::now();
    auto res = cli.Get(path.c_str());
    out->latency_us.push_back(static_cast<uint32_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count()));
    ++out->requests;
    std::string failure;
    if (!res) {
      failure = "no answer: " + httplib::to_string(res.error());
    } else if (res->status != 200) {
      failure = "status " + std::to_string(res->status) + ": " + res->body.substr(0, 200);
    } else if (check != kPlain) {
      const json j = json::parse(res->body, nullptr, false);
      const int total = j.is_object() ? j.value("total", -1) : -1;
      const auto& want = check == kBrowseAll ? browse_totals : post_totals;
      if (check == kBrowseAll) ++out->browse_totals[total];
      if (!want.count(total))
        failure = "total " + std::to_string(total) + " is no complete generation's";
    }
    if (!failure.empty()) {
      ++out->failed;
      if (out->failures.size() < 5) out->failures.push_back(path + ": " + failure);
    }
  }
}

std::string live_generation(const std::string& index_dir) {
  std::string stub = read_file(index_dir + "/XAPIANDB");  // "auto gen-000001\n"
  while (!stub.empty() && std::isspace(static_cast<unsigned char>(stub.back()))) stub.pop_back();
  return stub.substr(stub.find(' ') + 1);
}

// /healthz as JSON; an empty object when it did not answer 200.
json healthz(int port) {
  const RawReply r = http_get(port, "/healthz");
  if (r.status() != 200) return json::object();
  return json::parse(r.body(), nullptr, false);
}

// Waits (at most 10 s) until /healthz shows `generation` with `documents`.
bool healthz_shows(int port, const std::string& generation, int documents, json* last) {
  for (int i = 0; i < 500; ++i) {
    *last = healthz(port);
    if (last->value("generation", "") == generation && last->value("documents", -1) == documents)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace fss::testing
