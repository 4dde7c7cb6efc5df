// fss-search as a person runs it: the real binary on an index built here, every flag, the
// exit codes, plain and coloured output, --json, and --server against the real fss-searchd.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "test_index.h"

namespace fss {
namespace {

using nlohmann::json;

struct Ran {
  int code = -1;
  std::string out, err;
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::create();
    ASSERT_TRUE(a.is_ok());
    dir_ = testing::make_temp_dir("fss-cli-test");
    index_ = dir_ + "/index";
    testing::build_test_index(*a.value(), testing::corpus_archive(), index_);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  // Runs fss-search with `args` (stdout and stderr to files, so never a terminal).
  static Ran run(const std::vector<std::string>& args, const std::string& env = "") {
    std::string cmd = env + " " + quote(FSS_SEARCH_BIN);
    for (const std::string& a : args) cmd += " " + quote(a);
    cmd += " >" + dir_ + "/out 2>" + dir_ + "/err </dev/null";
    Ran r;
    const int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = testing_util::read_file(dir_ + "/out");
    r.err = testing_util::read_file(dir_ + "/err");
    return r;
  }
  static Ran search(std::vector<std::string> args) {
    args.insert(args.begin(), {"--index", index_});
    return run(args);
  }
  static json search_json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    const Ran r = search(args);
    EXPECT_EQ(r.code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
  static std::vector<std::string> hit_ids(const json& j) {
    std::vector<std::string> ids;
    for (const auto& h : j["hits"]) ids.push_back(h["id"]);
    return ids;
  }

  static std::string dir_, index_;
};

std::string CliTest::dir_, CliTest::index_;

const char* const kLinjenId = "2023-03-06-forsta-linjens-socialtjanst-har-fatt-luft-under-vingarna";

TEST_F(CliTest, PlainOutputFirstHitAndNoEscapes) {
  const Ran r = search({"första linjen"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("1. Första linjens socialtjänst har fått luft under vingarna\n", 0), 0u)
      << r.out;
  EXPECT_NE(r.out.find("2023-03-06 · Monica Persson · inlägg"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 träffar"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << "escape codes when piped";
  EXPECT_EQ(r.out.find("<mark>"), std::string::npos);
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(CliTest, ColorAlwaysIsBold) {
  const Ran r = search({"--color", "always", "första linjen"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\033[1mförsta\033[0m"), std::string::npos) << r.out;
  EXPECT_EQ(search({"--color=never", "första"}).out.find('\033'), std::string::npos);
  EXPECT_EQ(search({"--color", "sometimes", "x"}).code, 2);
}

TEST_F(CliTest, JsonIsTheContract) {
  const json j = search_json({"första linjen"});
  ASSERT_TRUE(j.is_object());
  for (const char* k :
       {"query", "total", "page", "size", "took_ms", "suggestion", "facets", "hits"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["query"], "första linjen");
  EXPECT_EQ(j["total"], 3);
  EXPECT_EQ(j["hits"][0]["title"], "Första linjens socialtjänst har fått luft under vingarna");
  EXPECT_EQ(j["facets"]["author"]["Monica Persson"], 3);
  const json c = search_json({"budgetneddragningen"});
  EXPECT_EQ(c["hits"][0]["type"], "comment");
  EXPECT_EQ(c["hits"][0]["post"]["id"], "tre-av-fyra-fokusomraden-klara");
}

TEST_F(CliTest, EveryFilterFlag) {
  EXPECT_EQ(search_json({"--from", "2023-01-01", "socialtjänst"})["total"], 3);
  EXPECT_EQ(search_json({"--to", "2019-01-01", "socialtjänst"})["total"], 1);
  EXPECT_EQ(search_json({"--from=2023-03-06", "--to=2023-03-06", ""})["total"], 1);
  EXPECT_EQ(search_json({"--author", "monica persson", "--author", "LARS LILJEDAHL"})["total"], 4);
  EXPECT_EQ(search_json({"--type", "comment"})["total"], 2);
  EXPECT_EQ(search_json({"--type", "post", "--sort", "date"})["hits"][0]["id"],
            "2023-09-05-springer-inte-pa-alla-bollar");
  const json all = search_json({"socialtjänst", "--size", "100"});
  ASSERT_FALSE(all["facets"]["area"].empty());
  const std::string area = all["facets"]["area"].begin().key();
  EXPECT_EQ(search_json({"socialtjänst", "--area", area})["total"], all["facets"]["area"][area]);
  EXPECT_EQ(search_json({"socialtjänst", "--area", area, "--area", "no-such"})["total"],
            all["facets"]["area"][area]);
  // Paging.
  const json p1 = search_json({"socialtjänst", "--size", "3"});
  const json p2 = search_json({"socialtjänst", "--size", "3", "--page", "2"});
  EXPECT_EQ(p1["total"], p2["total"]);
  EXPECT_EQ(p2["page"], 2);
  EXPECT_EQ(p2["hits"].size(), 3u);
  EXPECT_NE(hit_ids(p1), hit_ids(p2));
  const Ran plain = search({"socialtjänst", "--size", "3", "--page", "2"});
  EXPECT_EQ(plain.out.rfind("4. ", 0), 0u) << plain.out;
  EXPECT_NE(plain.out.find("(visar 4–6)"), std::string::npos) << plain.out;
  // Words after "--" and words that look like exclusions are the query.
  // 3: one post has both parts in other words ("socialt", "styrelsen"; search_test.cc).
  EXPECT_EQ(search_json({"socialstyrelsen", "-polisen"})["total"], 3);
  EXPECT_EQ(search_json({"--", "--from"})["query"], "--from");
}

TEST_F(CliTest, IndexFromEnvironment) {
  const Ran r = run({"--json", "första linjen"}, "FSS_INDEX=" + quote(index_));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["total"], 3);
  // --index wins over the environment.
  EXPECT_EQ(run({"--index", index_, "första"}, "FSS_INDEX=/nonexistent").code, 0);
}

TEST_F(CliTest, ExitCodes) {
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string err;  // part of stderr
  };
  const std::string garbage = dir_ + "/garbage";
  std::filesystem::create_directories(garbage + "/gen-000001");
  std::ofstream(garbage + "/XAPIANDB") << "auto " << garbage << "/gen-000001\n";
  std::ofstream(garbage + "/gen-000001/iamchert") << "not a database";
  for (const Case& c : std::vector<Case>{
           {{"--index", index_, "qqqzzxy"}, 0, ""},  // no hits is fine
           {{"--index", index_, "--from", "2023-13-01", "x"}, 2, "from: not a date: '2023-13-01'"},
           {{"--index", index_, "--to", "2023-02-30", "x"}, 2, "to: not a date: '2023-02-30'"},
           {{"--index", index_, "--size", "0", "x"}, 2, "size: must be between 1 and 100"},
           {{"--index", index_, "--size", "101", "x"}, 2, "size: must be between 1 and 100"},
           {{"--index", index_, "--size", "abc", "x"}, 2, "size: not a number: 'abc'"},
           {{"--index", index_, "--page", "0", "x"}, 2, "page: must be between"},
           {{"--index", index_, "--type", "blog", "x"}, 2, "type: must be 'post' or 'comment'"},
           {{"--index", index_, "--sort", "old", "x"}, 2, "sort: must be 'relevance' or 'date'"},
           {{"--index", index_, "--bogus", "x"}, 2, "unknown option '--bogus'"},
           {{"--index", index_, "--from"}, 2, "--from: needs a value"},
           {{"--index", index_, std::string(1025, 'a')}, 2, "q: longer than 1024 bytes"},
           {{"--index", index_, "bad\xff"}, 2, "q: invalid UTF-8"},
           {{"--index", dir_ + "/missing", "x"}, 1, "missing"},
           {{"--index", garbage, "x"}, 1, "garbage"},
       }) {
    const Ran r = run(c.args);
    std::string shown;
    for (const auto& a : c.args) shown += a.substr(0, 30) + " ";
    EXPECT_EQ(r.code, c.code) << shown << "\n" << r.err;
    EXPECT_NE(r.err.find(c.err), std::string::npos) << shown << "\nstderr: " << r.err;
    if (c.code != 0) {
      EXPECT_EQ(r.err.rfind("fss-search: ", 0), 0u) << r.err;
    }
  }
}

TEST_F(CliTest, Help) {
  const Ran r = run({"--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* flag : {"--from", "--to", "--author", "--area", "--type", "--sort", "--page",
                           "--size", "--index", "--server", "--json", "--color", "FSS_INDEX"})
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  EXPECT_EQ(run({"-h"}).out, r.out);
}

TEST_F(CliTest, Suggestions) {
  // Nothing found as typed: the suggestion's hits, and it says so.
  Ran r = search({"förebygande"});
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("Inga träffar för \"förebygande\". Visar resultat för \"förebyggande\"."),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("Menade du"), std::string::npos);
  // Found as typed (through the other word): the hits stay, the suggestion is offered.
  r = search({"förebygande OR socialstyrelsen"});
  EXPECT_NE(r.out.find("Menade du: förebyggande OR socialstyrelsen\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Inga träffar"), std::string::npos) << r.out;
  r = search({"qqqzzxy"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("0 träffar"), std::string::npos) << r.out;
}

// fss-searchd on a free port, stopped when the test ends.
class Server {
 public:
  explicit Server(const std::string& index, const std::string& log) {
    pid_ = fork();
    if (pid_ == 0) {
      std::freopen(log.c_str(), "w", stderr);
      execl(FSS_SEARCHD_BIN, FSS_SEARCHD_BIN, "--listen", "127.0.0.1:0", "--index", index.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100 && url_.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::string text = testing_util::read_file(log);
      const size_t at = text.find("http://127.0.0.1:");
      if (at != std::string::npos && text.find('/', at + 17) != std::string::npos)
        url_ = text.substr(at, text.find('/', at + 17) - at);
    }
  }
  ~Server() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
};

TEST_F(CliTest, ServerGivesTheSameHits) {
  Server server(index_, dir_ + "/searchd.log");
  ASSERT_FALSE(server.url().empty()) << testing_util::read_file(dir_ + "/searchd.log");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"första linjen"},
           {"socialtjänst", "--size", "3", "--page", "2"},
           {"--type", "comment"},
           {"--author", "Monica Persson", "--from", "2023-06-01", "--sort", "date"},
           {"förebygande"},
       }) {
    std::vector<std::string> remote = args;
    remote.insert(remote.begin(), {"--server", server.url()});
    const Ran local = search(args);
    const Ran via = run(remote);
    EXPECT_EQ(via.code, 0) << via.err;
    EXPECT_EQ(via.out, local.out) << args[0];
    remote.insert(remote.begin(), "--json");
    json a = search_json(args);
    json b = json::parse(run(remote).out, nullptr, false);
    ASSERT_TRUE(b.is_object()) << args[0];
    a.erase("took_ms");
    b.erase("took_ms");
    EXPECT_EQ(a, b) << args[0];
  }
  const Ran bad = run({"--server", server.url(), "--from", "2023-13-01", "x"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("from: not a date"), std::string::npos) << bad.err;
}

// Issue 18: connection errors were one word ("Connection").
TEST_F(CliTest, UnreachableServer) {
  const Ran r = run({"--server", "http://127.0.0.1:1", "första"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("cannot connect to http://127.0.0.1:1: nothing answers there"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.rfind("fss-search: ", 0), 0u) << r.err;
  for (const char* bad : {"127.0.0.1:8080", "ftp://x/", "http://"}) {
    const Ran b = run({"--server", bad, "x"});
    EXPECT_EQ(b.code, 2) << bad;
    EXPECT_NE(b.err.find("not an http:// or https:// URL"), std::string::npos) << b.err;
  }
}

// Issue 18: --server with a path (fss-searchd behind nginx under /sok/) failed, and a TLS
// error was one word.
TEST_F(CliTest, ServerWithAPathAndTls) {
  Server server(index_, dir_ + "/searchd.log");
  ASSERT_FALSE(server.url().empty()) << testing_util::read_file(dir_ + "/searchd.log");
  // A stand-in for the reverse proxy: /sok/... -> the daemon's /...
  httplib::Server proxy;
  proxy.Get(R"(/sok/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    httplib::Params params(req.params.begin(), req.params.end());
    httplib::Client daemon(server.url());
    auto r = daemon.Get(httplib::append_query_params("/" + req.matches[1].str(), params));
    if (!r) {
      res.status = 502;
      return;
    }
    res.status = r->status;
    res.set_content(r->body, "application/json");
  });
  const int port = proxy.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { proxy.listen_after_bind(); });
  for (int i = 0; i < 100 && !proxy.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  const Ran local = search({"första linjen"});
  for (const std::string& url : {base + "/sok/", base + "/sok"}) {
    const Ran via = run({"--server", url, "första linjen"});
    EXPECT_EQ(via.code, 0) << url << ": " << via.err;
    EXPECT_EQ(via.out, local.out) << url;
  }
  const Ran post = run({"--server", base + "/sok/", "--post", kLinjenId, "första linjen"});
  EXPECT_EQ(post.code, 0) << post.err;
  EXPECT_EQ(post.out, search({"--post", kLinjenId, "första linjen"}).out);
  const Ran wrong = run({"--server", base + "/fel/", "första"});
  EXPECT_EQ(wrong.code, 1);
  EXPECT_NE(wrong.err.find(base + "/fel/api/search: HTTP 404"), std::string::npos) << wrong.err;
  proxy.stop();
  serving.join();
  // https:// to a plain-HTTP daemon: the handshake fails, and it says so.
  const std::string tls = "https://" + server.url().substr(7);
  const Ran t = run({"--server", tls, "första"});
  EXPECT_EQ(t.code, 1);
  EXPECT_NE(t.err.find("TLS handshake failed"), std::string::npos) << t.err;
}

// Issue 18: "-n" was taken as a query word; there was no --version.
TEST_F(CliTest, ShortOptionsAndVersion) {
  const Ran n = search({"-n", "första"});
  EXPECT_EQ(n.code, 2);
  EXPECT_NE(n.err.find("unknown option '-n' (see --help)"), std::string::npos) << n.err;
  // "-word" stays an exclusion.
  const json without = search_json({"socialtjänst", "-linjens"});
  EXPECT_GT(without["total"].get<int>(), 0);
  EXPECT_LT(without["total"], search_json({"socialtjänst"})["total"]);
  const Ran v = run({"--version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("fss-search 0.", 0), 0u) << v.out;
  EXPECT_EQ(run({"-V"}).out, v.out);
}

// Runs fss-search on a pseudo-terminal (script(1)), with `env` set: what a person sees.
Ran run_on_terminal(const std::string& env, const std::string& args) {
  const std::string out = testing::make_temp_dir("fss-cli-tty") + "/out";
  const std::string cmd = "script -qec " + quote(env + " " + quote(FSS_SEARCH_BIN) + " " + args) +
                          " /dev/null >" + out + " 2>&1 </dev/null";
  Ran r;
  const int status = std::system(cmd.c_str());
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = testing_util::read_file(out);
  std::filesystem::remove_all(std::filesystem::path(out).parent_path());
  return r;
}

// Issue 18: NO_COLOR and TERM=dumb were ignored.
TEST_F(CliTest, ColorOnATerminalUnlessNoColorOrDumb) {
  const std::string args = "--index " + quote(index_) + " första";
  EXPECT_NE(run_on_terminal("TERM=xterm", args).out.find("\033[1m"), std::string::npos);
  EXPECT_EQ(run_on_terminal("TERM=xterm NO_COLOR=1", args).out.find('\033'), std::string::npos);
  EXPECT_EQ(run_on_terminal("TERM=dumb", args).out.find('\033'), std::string::npos);
  // An empty NO_COLOR is unset (no-color.org); --color=always wins over it.
  EXPECT_NE(run_on_terminal("TERM=xterm NO_COLOR=", args).out.find("\033[1m"), std::string::npos);
  EXPECT_NE(run_on_terminal("TERM=dumb", "--color=always " + args).out.find("\033[1m"),
            std::string::npos);
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Issue 18: snippets wrapped in the middle of words; hits had no id to open them by.
TEST_F(CliTest, SnippetsWrapAtWordsAndHitsShowTheirId) {
  const Ran r = run({"--index", index_, "--size", "20", "socialtjänst"}, "COLUMNS=40");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = search_json({"--size", "20", "socialtjänst"});
  std::string text;  // every line of the output, joined by spaces
  for (size_t at = 0; at < r.out.size();) {
    const size_t nl = r.out.find('\n', at);
    const std::string line = r.out.substr(at, nl - at);
    // Snippet lines (not the meta line "date · author · type", the id or the url).
    if (line.rfind("   ", 0) == 0 && line.find(" · ") == std::string::npos &&
        line.find("id: ") == std::string::npos && line.find("://") == std::string::npos) {
      EXPECT_LE(code_points(line), 40u) << line;
    }
    text += line + " ";
    at = nl + 1;
  }
  std::string collapsed;  // the same with runs of spaces made one
  for (char c : text)
    if (c != ' ' || collapsed.empty() || collapsed.back() != ' ') collapsed += c;
  for (const auto& h : j["hits"]) {
    const std::string id =
        h["type"] == "comment"
            ? h["post"]["id"].get<std::string>() + " (kommentar " + h["id"].get<std::string>() + ")"
            : h["id"].get<std::string>();
    EXPECT_NE(r.out.find("   id: " + id + "\n"), std::string::npos) << id;
    // Every word of the snippet is whole, in order, somewhere in the output.
    std::string words;
    for (char c : h["snippet"].get<std::string>()) words += c == '\n' ? ' ' : c;
    for (const char* tag : {"<mark>", "</mark>"})
      for (size_t p; (p = words.find(tag)) != std::string::npos;) words.erase(p, strlen(tag));
    if (words.find('&') == std::string::npos) {
      EXPECT_NE(collapsed.find(words.substr(0, 30)), std::string::npos) << words;
    }
  }
}

// Issue 18: `fss-search --post ID` prints the post, its comments and where the query matched.
TEST_F(CliTest, PostPrintsThePostItsCommentsAndTheMatches) {
  Ran r = search({"--post", kLinjenId});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(
      r.out.rfind(
          "Ordförande har ordet\nFörsta linjens socialtjänst har fått luft under vingarna\n", 0),
      0u)
      << r.out;
  EXPECT_NE(r.out.find("2023-03-06 · Monica Persson"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(std::string("id: ") + kLinjenId), std::string::npos);
  EXPECT_EQ(r.out.find("Där frågan träffade"), std::string::npos);
  r = search({"--post", kLinjenId, "första linjen"});
  EXPECT_NE(r.out.find("Där frågan träffade:\n  inlägget:\n"), std::string::npos) << r.out;
  // A post with a comment: the comment is printed, and a query matching it says so.
  const json hits = search_json({"--type", "comment"});
  ASSERT_FALSE(hits["hits"].empty());
  const auto& c = hits["hits"][0];
  r = search({"--post", c["post"]["id"], "--color=never", c["author"]});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Kommentarer (1)\n\n– " + c["author"].get<std::string>()), std::string::npos)
      << r.out;
  const Ran missing = search({"--post", "no-such-post"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no post with id 'no-such-post'"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace fss
