// The importer on the shapes real pages of the site take (../shared/testdata/site-dumps):
// the gold segmentation field by field, and conservation: every non-empty line of every
// dump in the tree, and of generated variants, ends up in exactly one place that is true
// of the archive written.
//
// Regression: on 65 real posts in seven dumps the importer wrote 31 posts and said "0
// problems": 36 posts silently merged into their neighbours (blog pages without
// signatures, category listings cut mid-sentence, theme meta lines, kickers on a line of
// their own).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "text/email.h"
#include "fss/archive.h"
#include "fss/importer.h"
#include "searchd_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::read_file;
using testing_util::TempDir;
using testing_util::write_file;

const std::string kSiteDumps = std::string(FSS_SHARED_DIR) + "/testdata/site-dumps";

std::string problems_of(const ImportReport& report) {
  std::string s;
  for (const ImportProblem& p : report.problems) s += p.to_string() + "\n";
  return s;
}

std::vector<std::string> dumps_in(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The line as the importer cleans it, for comparing: blanks collapsed, trimmed. (NFC is
// not needed: the dumps here are NFC.)
std::string squeeze(std::string line) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const bool nbsp = line.compare(i, 2, "\u00a0") == 0;
    const bool zw = line.compare(i, 3, "\u200b") == 0 || line.compare(i, 3, "\ufeff") == 0;
    if (zw) {
      i += 2;
      continue;
    }
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || nbsp) {
      space = !out.empty();
      if (nbsp) ++i;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += line[i];
  }
  return out;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// What is wrong with the trace of one dump, "" when every line is accounted for.
std::string conservation_errors(const std::string& text, const std::vector<Post>& posts,
                                const DumpTrace& trace) {
  std::string errors;
  const auto fail = [&](int line, const std::string& what) {
    errors += "line " + std::to_string(line) + ": " + what + "\n";
  };
  std::map<int, std::string> lines;  // non-empty lines, cleaned
  int number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    ++number;
    std::string clean = squeeze(text.substr(pos, nl - pos));
    if (!clean.empty()) lines[number] = clean;
    pos = nl + 1;
  }
  if (trace.posts.size() != posts.size()) fail(0, "trace and posts differ in number");
  std::map<int, int> seen;
  std::map<int, std::vector<std::string>> body_lines;  // post -> its body lines per trace
  for (const LineFate& f : trace.lines) {
    ++seen[f.line];
    const auto it = lines.find(f.line);
    if (it == lines.end()) {
      fail(f.line, "a fate for an empty or missing line");
      continue;
    }
    const std::string& original = it->second;
    if (f.place == LinePlace::kDropped) {
      if (f.reason.empty() || f.post != -1) fail(f.line, "dropped without a reason");
      if (f.text != original) fail(f.line, "dropped text differs: " + f.text);
      continue;
    }
    if (f.post < 0 || f.post >= static_cast<int>(posts.size())) {
      fail(f.line, "kept in no post");
      continue;
    }
    const Post& p = posts[f.post];
    switch (f.place) {
      case LinePlace::kTitle:
        if (p.title != original) fail(f.line, "title is '" + p.title + "'");
        break;
      case LinePlace::kMeta:
        if (!p.date) fail(f.line, "meta line but no date");
        if (f.text != original) fail(f.line, "meta text differs");
        break;
      case LinePlace::kKicker:
        if (!p.kicker) fail(f.line, "kicker line but no kicker");
        break;
      case LinePlace::kSignature:
        if (!p.author && f.reason.empty() && f.text == original && contains(original, " ")) {
          // A bare greeting belongs to the signature even when the name is in metadata.
        }
        break;
      case LinePlace::kBody:
        if (f.text.empty() || !contains(original, f.text)) {
          fail(f.line, "body text '" + f.text + "' is not from the line");
        }
        if (!contains(p.body, f.text)) fail(f.line, "body text not in the post's body");
        body_lines[f.post].push_back(f.text);
        break;
      case LinePlace::kComment: {
        bool found = false;
        for (const Comment& c : p.comments) {
          found = found || contains(c.body, f.text) ||
                  (f.reason == "comment header" &&
                   (contains(f.text, c.author) || c.author == "Anonym")) ||
                  f.reason == "comment date";
        }
        if (!found) fail(f.line, "comment line in no comment: " + f.text);
        if (contains(f.text, "@") && !contains(f.text, "[e-postadress borttagen]")) {
          fail(f.line, "an address in the trace");
        }
        break;
      }
      case LinePlace::kDropped:
        break;
    }
  }
  for (const auto& [line, clean] : lines) {
    if (seen[line] != 1) {
      fail(line, "has " + std::to_string(seen[line]) + " fates: " + clean);
    }
  }
  // The other way round: every line of every body comes from the dump.
  for (size_t i = 0; i < posts.size(); ++i) {
    const std::vector<std::string>& from_dump = body_lines[static_cast<int>(i)];
    size_t start = 0;
    const std::string& body = posts[i].body;
    while (start <= body.size()) {
      size_t nl = body.find('\n', start);
      if (nl == std::string::npos) nl = body.size();
      const std::string line = body.substr(start, nl - start);
      if (!line.empty() && std::find(from_dump.begin(), from_dump.end(), line) == from_dump.end()) {
        errors += "post '" + posts[i].title + "': body line from nowhere: " + line + "\n";
      }
      start = nl + 1;
    }
  }
  return errors;
}

struct Imported {
  std::vector<Post> posts;
  ImportReport report;
};

Imported import_text(const std::string& text, const std::string& name) {
  Imported out;
  out.posts = import_dump_text(text, name, ImportOptions(), &out.report);
  return out;
}

// ---- the gold segmentation ----

TEST(ImporterSiteTest, GoldFieldByField) {
  const nlohmann::json gold = nlohmann::json::parse(read_file(kSiteDumps + "/gold.json"));
  ImportReport report;
  const std::vector<Post> posts = import_dumps({kSiteDumps}, ImportOptions(), &report);
  EXPECT_FALSE(report.anything_skipped()) << problems_of(report);
  const auto& want = gold.at("posts");
  ASSERT_EQ(posts.size(), want.size()) << problems_of(report);
  const auto opt = [](const nlohmann::json& g, const char* key) -> std::optional<std::string> {
    if (!g.contains(key) || g.at(key).is_null()) return std::nullopt;
    return g.at(key).get<std::string>();
  };
  for (size_t i = 0; i < posts.size(); ++i) {
    const auto& g = want[i];
    const Post& p = posts[i];
    SCOPED_TRACE("gold post " + std::to_string(i) + ": " + g.dump());
    EXPECT_EQ(p.source, g.at("file").get<std::string>());
    EXPECT_EQ(p.title, g.at("title").get<std::string>());
    EXPECT_EQ(p.date, opt(g, "date"));
    EXPECT_EQ(p.author, opt(g, "author"));
    EXPECT_EQ(p.kicker, opt(g, "kicker"));
    EXPECT_EQ(p.region, opt(g, "region"));
    EXPECT_EQ(p.body.rfind(g.at("body_start").get<std::string>(), 0), 0u) << p.body;
    EXPECT_EQ(p.comments.size(), g.at("comments").get<size_t>());
  }
}

// ---- conservation ----

std::vector<std::string> every_dump_in_the_tree() {
  std::vector<std::string> files = dumps_in(std::string(FSS_SOURCE_DIR) + "/corpus/raw");
  for (const std::string& f : dumps_in(kSiteDumps)) files.push_back(f);
  for (const std::string& f : dumps_in(std::string(FSS_SOURCE_DIR) + "/tests/testdata/privacy")) {
    files.push_back(f);
  }
  return files;
}

TEST(ImporterSiteTest, EveryLineOfEveryDumpEndsUpInOnePlace) {
  const std::vector<std::string> files = every_dump_in_the_tree();
  ASSERT_GE(files.size(), 9u);
  for (const std::string& file : files) {
    const std::string text = read_file(file);
    const Imported got = import_text(text, file);
    ASSERT_EQ(got.report.traces.size(), 1u) << file;
    EXPECT_EQ(conservation_errors(text, got.posts, got.report.traces[0]), "")
        << file << "\n"
        << problems_of(got.report);
  }
}

// Variants the site's pages come in: line endings, lost indentation, extra blank lines,
// NBSP, dumps glued together. Conservation holds for each; where the variant changes no
// signal, the posts are the same.
TEST(ImporterSiteTest, EveryLineOfGeneratedVariantsEndsUpInOnePlace) {
  const auto map_lines = [](const std::string& text, auto f) {
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) nl = text.size();
      out += f(text.substr(pos, nl - pos)) + "\n";
      pos = nl + 1;
    }
    return out;
  };
  std::string all;
  for (const std::string& file : every_dump_in_the_tree()) {
    const std::string text = read_file(file);
    all += text + "\n\n";
    struct Variant {
      std::string name, text;
      bool same_posts;
    };
    const Variant variants[] = {
        {"CRLF", map_lines(text, [](const std::string& l) { return l + "\r"; }), true},
        {"blank lines doubled",
         map_lines(text, [](const std::string& l) { return l.empty() ? "\n" : l; }), true},
        {"NBSP and trailing blanks",
         map_lines(text,
                   [](std::string l) {
                     const size_t sp = l.find(' ', 1);
                     if (sp != std::string::npos && sp > 0 && l[sp - 1] != ' ') {
                       l.replace(sp, 1, "\u00a0");
                     }
                     return l + "  \t";
                   }),
         true},
        {"indentation lost",
         map_lines(text,
                   [](std::string l) {
                     l.erase(0, l.find_first_not_of(" \t"));
                     return l;
                   }),
         false},
    };
    const Imported base = import_text(text, file);
    for (const Variant& v : variants) {
      const Imported got = import_text(v.text, file);
      SCOPED_TRACE(file + " / " + v.name);
      ASSERT_EQ(got.report.traces.size(), 1u);
      EXPECT_EQ(conservation_errors(v.text, got.posts, got.report.traces[0]), "")
          << problems_of(got.report);
      if (!v.same_posts) continue;
      ASSERT_EQ(got.posts.size(), base.posts.size());
      for (size_t i = 0; i < got.posts.size(); ++i) {
        EXPECT_EQ(post_to_json_line(got.posts[i]), post_to_json_line(base.posts[i]));
      }
    }
  }
  const Imported glued = import_text(all, "all.txt");
  EXPECT_EQ(conservation_errors(all, glued.posts, glued.report.traces[0]), "")
      << problems_of(glued.report);
}

// ---- shapes, one small dump each ----

struct ShapeCase {
  std::string name;
  std::string input;
  std::vector<std::string> titles;
  int warnings;
};

TEST(ImporterSiteTest, BoundariesFromEachSignal) {
  const std::string prose = "Det här är en vanlig mening som slutar som den ska.";
  const ShapeCase cases[] = {
      {"heading after a whole sentence stays in the post",
       "Första\n\n" + prose + "\n\nEn rubrik\n\n" + prose + "\n",
       {"Första"},
       0},
      {"a title after a cut-off excerpt starts a post",
       "Första\n\nDet här är en text som klipptes av mitt i en mening för\n\nAndra\n\n" + prose +
           "\n",
       {"Första", "Andra"},
       0},
      {"a long title confirmed by a meta line",
       "Första\n\n" + prose + "\n\n" + std::string(120, 'x') +
           " slut.\n\napr 3, 2019 | Nyheter\n\n" + prose + "\n",
       {"Första", std::string(120, 'x') + " slut."},
       0},
      {"a title followed by an ISO date line",
       "Första\n\n" + prose + "\n\nRemissvar: Ny lag\n\n2020-03-16\n\n" + prose + "\n",
       {"Första", "Remissvar: Ny lag"},
       0},
      {"a title followed by a kicker line of its own",
       "Första\n\n" + prose + "\n\nNy vår\n\nORDFÖRANDE HAR ORDET 29 mars 2021\n\n" + prose + "\n",
       {"Första", "Ny vår"},
       0},
      {"a dated column title",
       "Första\n\n" + prose + "\n\nOrdförande har ordet 14 februari 2019\n\n" + prose + "\n",
       {"Första", "Ordförande har ordet 14 februari 2019"},
       0},
      {"a quoted headline",
       "Första\n\n" + prose + "\n\nKommentera\n\n”Vi måste våga prioritera”\n\n" + prose + "\n",
       {"Första", "”Vi måste våga prioritera”"},
       0},
      {"the comment form is navigation text",
       "Första\n\n" + prose +
           "\n\nLämna ett svar\n\nDin e-postadress kommer inte "
           "publiceras. Obligatoriska fält är märkta *\n\nKommentar *\n\nNamn *\n\nE-post *\n\n"
           "Webbplats\n\nPublicera kommentar\n\nAndra\n\n" +
           prose + "\n",
       {"Första", "Andra"},
       0},
      {"navigation text ends a post: Läs mer",
       "Första\n\n" + prose + "\n\nLäs mer »\n\nAndra\n\n" + prose + "\n",
       {"Första", "Andra"},
       0},
      {"a 'Label: text' heading after a whole sentence is a heading",
       "Första\n\n" + prose + "\n\nFilmat: Så gör vi\n\n" + prose + "\n",
       {"Första"},
       0},
      {"unsure: a heading after a paragraph that ends without punctuation is warned about",
       "Första\n\n" + prose + "\nOch en rad utan punkt\n\nEn rubrik\n\n" + prose + "\n",
       {"Första"},
       1},
      {"unsure: two weak signals start a post, with a warning",
       "Första\n\n" + prose + "\nOch en rad utan punkt\n\nFilmat: Så gör vi\n\n" + prose + "\n",
       {"Första", "Filmat: Så gör vi"},
       1},
  };
  for (const ShapeCase& c : cases) {
    const Imported got = import_text(c.input, "dump.txt");
    SCOPED_TRACE(c.name + "\ninput:\n" + c.input + "\nproblems:\n" + problems_of(got.report));
    std::vector<std::string> titles;
    for (const Post& p : got.posts) titles.push_back(p.title);
    EXPECT_EQ(titles, c.titles);
    EXPECT_EQ(got.report.warnings(), c.warnings);
    EXPECT_FALSE(got.report.anything_skipped());
    EXPECT_EQ(conservation_errors(c.input, got.posts, got.report.traces[0]), "");
  }
}

TEST(ImporterSiteTest, ColumnKickerFromTheTitle) {
  struct Case {
    std::string title;
    std::optional<std::string> kicker, date;
  };
  const Case cases[] = {
      {"Ordförande har ordet 14 februari 2019", "Ordförande har ordet", "2019-02-14"},
      {"ORDFÖRANDE HAR ORDET 14 februari 2019", "Ordförande har ordet", "2019-02-14"},
      {"Ordförande har ordet: Ny vår", "Ordförande har ordet", std::nullopt},
      {"Ordförande har ordet", "Ordförande har ordet", std::nullopt},
      {"Ordförande har ordet juni 2019", "Ordförande har ordet", std::nullopt},
      // A label this dump uses as a kicker elsewhere is a column too.
      {"Veckans röst 3 maj 2020", "Veckans röst", "2020-05-03"},
      {"Möte med ministern 3 maj 2020", std::nullopt, "2020-05-03"},
      {"Filmat: Så bygger vi", std::nullopt, std::nullopt},
  };
  for (const Case& c : cases) {
    const std::string input =
        "Annat\n\nVECKANS RÖST: Text.\n\nKommentera\n\n" + c.title + "\n\nTexten i inlägget.\n";
    const Imported got = import_text(input, "dump.txt");
    ASSERT_EQ(got.posts.size(), 2u) << input << problems_of(got.report);
    EXPECT_EQ(got.posts[1].title, c.title) << input;
    EXPECT_EQ(got.posts[1].kicker, c.kicker) << input;
    EXPECT_EQ(got.posts[1].date, c.date) << input;
  }
}

// A page copied without blank lines between title, meta line and text.
TEST(ImporterSiteTest, MetaAndKickerLinesGluedToTheTitle) {
  const std::string input =
      "Socialchefer möter ministern\napr 3, 2019 | Nyheter, Karin Lindqvist\n"
      "FSS styrelse träffade i veckan socialministern.\n\n"
      "Ny vår, nya tag\nORDFÖRANDE HAR ORDET 29 mars 2021\nVåren har kommit tidigt i år.\n\n"
      "Remissvar: Ny lag\n2020-03-16\ns.remissvar@regeringskansliet.se\n";
  const Imported got = import_text(input, "dump.txt");
  ASSERT_EQ(got.posts.size(), 3u) << problems_of(got.report);
  EXPECT_EQ(got.posts[0].title, "Socialchefer möter ministern");
  EXPECT_EQ(got.posts[0].date, "2019-04-03");
  EXPECT_EQ(got.posts[0].author, "Karin Lindqvist");
  EXPECT_EQ(got.posts[0].body, "FSS styrelse träffade i veckan socialministern.");
  EXPECT_EQ(got.posts[1].kicker, "Ordförande har ordet");
  EXPECT_EQ(got.posts[1].date, "2021-03-29");
  EXPECT_EQ(got.posts[1].body, "Våren har kommit tidigt i år.");
  EXPECT_EQ(got.posts[2].date, "2020-03-16");
  EXPECT_EQ(got.posts[2].body, "s.remissvar@regeringskansliet.se");
  EXPECT_EQ(conservation_errors(input, got.posts, got.report.traces[0]), "");
}

TEST(ImporterSiteTest, DatesThatDisagreeAreWarnedAbout) {
  const std::string input =
      "Ny vår\n\nmar 29, 2021 | Karin Lindqvist\n\nORDFÖRANDE HAR ORDET 28 mars 2021\n\n"
      "Texten.\n";
  const Imported got = import_text(input, "dump.txt");
  ASSERT_EQ(got.posts.size(), 1u);
  EXPECT_EQ(got.posts[0].date, "2021-03-29");
  EXPECT_EQ(got.posts[0].author, "Karin Lindqvist");
  EXPECT_EQ(got.posts[0].kicker, "Ordförande har ordet");
  EXPECT_EQ(got.report.warnings(), 1) << problems_of(got.report);
}

TEST(ImporterSiteTest, CommentsWithWordPressDefaultsAndReplyLinks) {
  const std::string input =
      "Rubrik\n\nText.\n\nKommentera\n\n"
      "Andra\n\nText två.\n\n"
      "2 thoughts on “Andra”\n\n"
      " Anna Berg says:\n\n  3 december 2019 kl. 14:05\n\n  Håller med.\n\n  Svara\n\n"
      " Bo Lind säger:\n\n  Bra skrivet.\n\n  Svara\n";
  const Imported got = import_text(input, "dump.txt");
  ASSERT_EQ(got.posts.size(), 2u) << problems_of(got.report);
  ASSERT_EQ(got.posts[1].comments.size(), 2u) << problems_of(got.report);
  EXPECT_EQ(got.posts[1].comments[0].author, "Anna Berg");
  EXPECT_EQ(got.posts[1].comments[0].date, "2019-12-03");
  EXPECT_EQ(got.posts[1].comments[0].body, "Håller med.");
  EXPECT_EQ(got.posts[1].comments[1].author, "Bo Lind");
  EXPECT_EQ(got.posts[1].comments[1].body, "Bra skrivet.");
  EXPECT_EQ(conservation_errors(input, got.posts, got.report.traces[0]), "");
}

TEST(ImporterSiteTest, CommentDateUnderTheHeaderInTheSameParagraph) {
  const std::string input =
      "Rubrik\n\nText.\n\nEn kommentar till ”Rubrik”\n\n"
      " 1. lisa@x.se' Lisa Holm skriver:\n  30 november 2020 kl. 15:12\n\n  Bra synpunkter!\n\n"
      "  Svara\n";
  const Imported got = import_text(input, "dump.txt");
  ASSERT_EQ(got.posts.size(), 1u) << problems_of(got.report);
  ASSERT_EQ(got.posts[0].comments.size(), 1u) << problems_of(got.report);
  EXPECT_EQ(got.posts[0].comments[0].author, "Lisa Holm");
  EXPECT_EQ(got.posts[0].comments[0].date, "2020-11-30");
  EXPECT_EQ(got.posts[0].comments[0].body, "Bra synpunkter!");
  EXPECT_TRUE(got.report.problems.empty()) << problems_of(got.report);
  EXPECT_EQ(conservation_errors(input, got.posts, got.report.traces[0]), "");
}

// ---- the command ----

TEST(ImporterSiteTest, ExplainPrintsStartsSignalsAndDroppedLines) {
  TempDir dir;
  const fss::testing::RunResult r = fss::testing::run(
      {FSS_INDEX_BIN, "import", "--no-metadata", "--explain", "-o", dir / "a.jsonl",
       kSiteDumps + "/kategori-nyheter.txt", kSiteDumps + "/bloggen.txt"});
  EXPECT_EQ(r.exit, 0) << r.output;
  for (const std::string& want :
       {std::string("kategori-nyheter.txt:13: post 3 'Socialchefer möter ministern'"),
        std::string("    meta line follows (line 15)"),
        std::string("    the paragraph before it is cut off mid-sentence (line 11)"),
        std::string("bloggen.txt:11: dropped (navigation text): Kommentera"),
        std::string("bloggen.txt:31: dropped (comment header): 2 svar på"),
        std::string("imported 12 posts, 2 comments from 2 files (0 skipped), 0 problems (0 "
                    "warnings)")}) {
    EXPECT_NE(r.output.find(want), std::string::npos) << want << "\n" << r.output;
  }
}

TEST(ImporterSiteTest, MetadataForOtherDumpsWarnsAndGoesOn) {
  TempDir dir;
  write_file(dir / "metadata.json",
             R"({"nya-fokusomraden-for-fss": {"date": null, "note": "seed post"},
                 "2021-03-29-ny-var-nya-tag": {"areas": ["nara-vard"]}})");
  const fss::testing::RunResult r =
      fss::testing::run({FSS_INDEX_BIN, "import", "--metadata", dir / "metadata.json", "-o",
                         dir / "a.jsonl", kSiteDumps});
  EXPECT_EQ(r.exit, 0) << r.output;
  EXPECT_NE(r.output.find("warning: " + (dir / "metadata.json") +
                          ": no imported post has the id 'nya-fokusomraden-for-fss'"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("(1 warnings)"), std::string::npos) << r.output;
  Result<ArchiveContents> archive = read_archive(dir / "a.jsonl");
  ASSERT_TRUE(archive.is_ok());
  ASSERT_EQ(archive->posts.size(), 12u);
  const auto it = std::find_if(archive->posts.begin(), archive->posts.end(),
                               [](const Post& p) { return p.title == "Ny vår, nya tag"; });
  ASSERT_NE(it, archive->posts.end());
  EXPECT_EQ(it->areas, std::vector<std::string>{"nara-vard"});
}

}  // namespace
}  // namespace fss
