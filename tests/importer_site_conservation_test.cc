// The importer on the site's pages (../shared/testdata/site-dumps), conservation: every
// non-empty line of every dump in the tree, and of generated variants, ends up in exactly
// one place that is true of the archive written.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fss/archive.h"
#include "fss/importer.h"
#include "importer_site_util.h"
#include "importer_test_util.h"
#include "searchd_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

using importer_test_util::conservation_errors;
using importer_test_util::dumps_in;
using importer_test_util::import_text;
using importer_test_util::Imported;
using importer_test_util::kSiteDumps;
using importer_test_util::problems_of;
using testing_util::read_file;

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

}  // namespace
}  // namespace fss
