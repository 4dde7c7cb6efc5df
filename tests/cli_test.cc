// fss-search as a person runs it: the real binary on an index built here, every flag, the
// exit codes, plain and coloured output, --json, snippets and --post. Against the real
// fss-searchd (--server): cli_server_test.cc.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_test_util.h"

namespace fss {
namespace {

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
