// Focus areas: the file's parse errors name the field, the matcher counts stems, and the
// classification of every post of corpus/archive.jsonl agrees with a reading of the posts.
#include "analysis/focus_areas.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "analysis/synonyms.h"
#include "fss/analyzer.h"
#include "fss/archive.h"
#include "index/document_builder.h"
#include "test_util.h"

namespace fss {
namespace {

class FocusAreasTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Analyzer::create();
    ASSERT_TRUE(created.is_ok()) << created.status().to_string();
    analyzer_ = std::move(created.value());
  }
  static void TearDownTestSuite() {
    analyzer_.reset();
    analyzer_ = nullptr;
  }
  static std::vector<Token> analyze(const std::string& text) {
    std::vector<Token> tokens;
    EXPECT_TRUE(analyzer_->analyze(text, &tokens).is_ok()) << text;
    return tokens;
  }
  static FocusAreas parse_ok(const std::string& json) {
    auto parsed = FocusAreas::parse(json, *analyzer_, "t.json");
    EXPECT_TRUE(parsed.is_ok()) << json << "\n" << parsed.status().to_string();
    return parsed.is_ok() ? std::move(parsed.value()) : FocusAreas();
  }
  static std::unique_ptr<Analyzer> analyzer_;
};
std::unique_ptr<Analyzer> FocusAreasTest::analyzer_;

TEST_F(FocusAreasTest, ParseErrorsNameTheField) {
  struct Case {
    const char* json;
    const char* error;  // a substring of the message
  };
  const Case cases[] = {
      {"", "t.json: not valid JSON"},
      {"[]", "t.json: areas: missing or not an array"},
      {R"({"areas": {}})", "t.json: areas: missing or not an array"},
      {R"({"areas": [1]})", "t.json: areas[0]: not an object"},
      {R"({"areas": [{"name": "N", "terms": ["a"]}]})", "t.json: areas[0].id: missing"},
      {R"({"areas": [{"id": "Bad Id", "name": "N", "terms": ["a"]}]})",
       "areas[0].id: missing or not"},
      {R"({"areas": [{"id": "a", "name": "N", "terms": ["ord"]},
                     {"id": "a", "name": "M", "terms": ["ord"]}]})",
       "t.json: areas[1].id: duplicate 'a'"},
      {R"({"areas": [{"id": "a", "terms": ["ord"]}]})", "t.json: areas[0].name: missing"},
      {R"({"areas": [{"id": "a", "name": 3, "terms": ["ord"]}]})",
       "areas[0].name: missing or not a string"},
      {R"({"areas": [{"id": "a", "name": "N", "years": 2023, "terms": ["ord"]}]})",
       "t.json: areas[0].years: not an array"},
      {R"({"areas": [{"id": "a", "name": "N", "years": ["2023"], "terms": ["ord"]}]})",
       "t.json: areas[0].years: not a year"},
      {R"({"areas": [{"id": "a", "name": "N"}]})", "t.json: areas[0].terms: missing or empty"},
      {R"({"areas": [{"id": "a", "name": "…", "terms": ["x"]}]})",
       "t.json: areas[0].name: no words"},
      {R"({"areas": [{"id": "a", "name": "N", "names": "x", "terms": ["x"]}]})",
       "t.json: areas[0].names: not an array"},
      {R"({"areas": [{"id": "a", "name": "N", "names": [1], "terms": ["x"]}]})",
       "t.json: areas[0].names: not a string"},
      {R"({"areas": [{"id": "a", "name": "N", "terms": []}]})",
       "t.json: areas[0].terms: missing or empty"},
      {R"({"areas": [{"id": "a", "name": "N", "terms": [7]}]})",
       "t.json: areas[0].terms: not a string"},
      {R"({"areas": [{"id": "a", "name": "N", "terms": ["…"]}]})",
       "t.json: areas[0].terms: no words in '…'"},
      {"{\"areas\": [{\"id\": \"a\", \"name\": \"\xff\", \"terms\": [\"x\"]}]}",
       "t.json: invalid UTF-8 at byte"},
  };
  for (const Case& c : cases) {
    auto parsed = FocusAreas::parse(c.json, *analyzer_, "t.json");
    ASSERT_FALSE(parsed.is_ok()) << c.json;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << c.json;
    EXPECT_NE(parsed.status().message().find(c.error), std::string::npos)
        << c.json << "\n got: " << parsed.status().message() << "\n want: " << c.error;
  }
}

TEST_F(FocusAreasTest, LoadNamesAMissingFile) {
  auto loaded = FocusAreas::load("/nonexistent/focus-areas.json", *analyzer_);
  ASSERT_FALSE(loaded.is_ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_NE(loaded.status().message().find("/nonexistent/focus-areas.json"), std::string::npos);
}

TEST_F(FocusAreasTest, ScoresCountStemsPhrasesByLengthAndInflectionsOnce) {
  const FocusAreas areas = parse_ok(R"({"areas": [
      {"id": "a", "name": "A", "terms": ["tillit", "tilliten", "nära vård"]},
      {"id": "b", "name": "B", "years": [2019, 2020], "terms": ["klyftor"]}]})");
  struct Case {
    const char* text;
    std::vector<int> scores;
  };
  const Case cases[] = {
      {"", {0, 0}},
      {"tillit", {1, 0}},  // "tillit" and "tilliten" share a stem: counted once
      {"tilliten och tilliten", {2, 0}},
      {"nära vården", {2, 0}},    // a two-word phrase, inflected
      {"nära, vård", {2, 0}},     // punctuation is not a word
      {"nära god vård", {0, 0}},  // not adjacent
      {"klyftorna", {0, 1}},
  };
  for (const Case& c : cases) EXPECT_EQ(areas.scores(analyze(c.text)), c.scores) << c.text;
}

TEST_F(FocusAreasTest, TheAreasNameAloneReachesTheThreshold) {
  const FocusAreas areas = parse_ok(R"({"areas": [
      {"id": "a", "name": "Ny socialtjänstlag", "names": ["nya socialtjänstlagen"],
       "terms": ["socialtjänstlag", "ny socialtjänstlag"]},
      {"id": "b", "name": "Hälso- och sjukvård", "terms": ["sjukvård"]}]})");
  struct Case {
    const char* text;
    std::vector<int> scores;
  };
  const Case cases[] = {
      {"den nya socialtjänstlagen", {FocusAreas::kThreshold + 1, 0}},  // names + "socialtjänstlag"
      {"en ny socialtjänstlag", {FocusAreas::kThreshold + 1, 0}},      // name + "socialtjänstlag"
      {"socialtjänstlagen", {1, 0}},
      {"hälso- och sjukvården", {0, FocusAreas::kThreshold + 1}},
  };
  for (const Case& c : cases) EXPECT_EQ(areas.scores(analyze(c.text)), c.scores) << c.text;
  const FocusAreas stop = parse_ok(R"({"areas": [
      {"id": "a", "name": "A", "terms": ["hälso- och sjukvård"]}]})");
  EXPECT_EQ(stop.scores(analyze("hälso- och sjukvård")), std::vector<int>{2})
      << "the stop word 'och' does not count";
}

TEST_F(FocusAreasTest, ThresholdAndYears) {
  const FocusAreas areas = parse_ok(R"({"areas": [
      {"id": "a", "name": "A", "terms": ["tillit"]},
      {"id": "b", "name": "B", "years": [2019, 2020], "terms": ["klyftor"]}]})");
  const std::string four_a = "tillit tillit tillit tillit";
  const std::string three_a = "tillit tillit tillit";
  const std::string four_b = "klyftor klyftor klyftor klyftor";
  EXPECT_EQ(areas.classify(analyze(three_a)), std::vector<std::string>{}) << three_a;
  EXPECT_EQ(areas.classify(analyze(four_a)), std::vector<std::string>{"a"}) << four_a;
  EXPECT_EQ(areas.classify(analyze(four_b)), std::vector<std::string>{"b"});
  EXPECT_EQ(areas.classify(analyze(four_b), 0), std::vector<std::string>{"b"});
  EXPECT_EQ(areas.classify(analyze(four_b), 2020), std::vector<std::string>{"b"});
  EXPECT_EQ(areas.classify(analyze(four_b), 2023), std::vector<std::string>{});
  EXPECT_EQ(areas.classify(analyze(four_a), 1999), std::vector<std::string>{"a"});  // no years
}

TEST_F(FocusAreasTest, CorpusFileHasTheSevenAreas) {
  auto areas = FocusAreas::load(FSS_SOURCE_DIR "/corpus/focus-areas.json", *analyzer_);
  ASSERT_TRUE(areas.is_ok()) << areas.status().to_string();
  std::vector<std::string> ids;
  for (const FocusArea& a : areas->areas()) ids.push_back(a.id);
  EXPECT_EQ(ids, (std::vector<std::string>{
                     "nara-vard", "forebyggande-och-tidiga-insatser", "tillit-till-socialtjansten",
                     "ny-socialtjanstlag", "minska-klyftor",
                     "aktiv-aktor-vid-forandrad-lagstiftning", "ledarskapet-i-socialtjansten"}));
  for (const FocusArea& a : areas->areas()) {
    const bool is2023 = a.id == "nara-vard" || a.id == "forebyggande-och-tidiga-insatser" ||
                        a.id == "tillit-till-socialtjansten" || a.id == "ny-socialtjanstlag";
    ASSERT_FALSE(a.years.empty()) << a.id;
    EXPECT_EQ(a.years.front(), is2023 ? 2023 : 2019) << a.id;
  }
}

// The expected areas of every post, written from reading the posts (doc/design.md, "Index
// schema", has the rules): a dated post gets only areas of its year; an undated one any.
const std::map<std::string, std::set<std::string>> kExpectedAreas = {
    // 2018: ESN conference, Botkyrka, Socialstyrelsen's preventive focus, an SKL letter.
    // It does discuss early interventions, but in 2018 no focus area applied.
    {"2018-05-31-pa-vag-hem", {}},
    // Presents the four 2023 areas one by one.
    {"nya-fokusomraden-for-fss",
     {"nara-vard", "forebyggande-och-tidiga-insatser", "tillit-till-socialtjansten",
      "ny-socialtjanstlag"}},
    // Planning days, remisser, Socialchefsdagarna; the network for första linjens
    // socialtjänst (early, low-threshold help) is the one focus-area topic it dwells on.
    {"2023-09-05-springer-inte-pa-alla-bollar", {"forebyggande-och-tidiga-insatser"}},
    // Back to work: the första linjen network, and a paragraph on the new social services
    // act and how FSS can contribute to it.
    {"2023-08-14-hosten-2023-nu-kor-vi",
     {"forebyggande-och-tidiga-insatser", "ny-socialtjanstlag"}},
    // Första linjens socialtjänst, waiting for the new act (insatser utan biståndsbeslut).
    {"2023-03-06-forsta-linjens-socialtjanst-har-fatt-luft-under-vingarna",
     {"forebyggande-och-tidiga-insatser", "ny-socialtjanstlag"}},
    // A leadership workshop for social services managers. Undated in the archive (the
    // text says 2023), so the 2019-2021 leadership area is not ruled out by year.
    {"ditt-ledarskap-och-det-nya-politiska-landskapet", {"ledarskapet-i-socialtjansten"}},
    // An invitation to lectures and annual meetings: no focus-area topic.
    {"inspirera-dig-med-oss-pa-jarvsobaden-30-31-mars", {}},
    // The review of the social services act (preventive direction), the
    // Tillitsdelegationen on trust-based steering, KEFU on the economy. Undated.
    {"socialtjanstlagen-tillitsdelegationen-och-framtidsspaning",
     {"forebyggande-och-tidiga-insatser", "tillit-till-socialtjansten", "ny-socialtjanstlag",
      "aktiv-aktor-vid-forandrad-lagstiftning"}},
    // Presents the board's three areas of 2019-2021.
    {"tre-av-fyra-fokusomraden-klara",
     {"minska-klyftor", "aktiv-aktor-vid-forandrad-lagstiftning", "ledarskapet-i-socialtjansten"}},
    // Cooperation with Socialstyrelsen. One of the two development areas FSS says are
    // missing is health promotion and preventive work: a point the post makes, so it is
    // in the prevention area. Health care is only a comparison ("hälso- och sjukvården
    // redan ägnat sig åt"): not nära vård.
    {"fordjupat-samarbete-med-socialstyrelsen", {"forebyggande-och-tidiga-insatser"}},
};

TEST_F(FocusAreasTest, EveryPostOfTheArchive) {
  auto areas = FocusAreas::load(FSS_SOURCE_DIR "/corpus/focus-areas.json", *analyzer_);
  ASSERT_TRUE(areas.is_ok()) << areas.status().to_string();
  auto archive = read_archive(FSS_SOURCE_DIR "/corpus/archive.jsonl");
  ASSERT_TRUE(archive.is_ok()) << archive.status().to_string();
  ASSERT_TRUE(archive->errors.empty());
  ASSERT_EQ(archive->posts.size(), kExpectedAreas.size()) << "a post was added: read it and add it";
  const Synonyms synonyms;
  const DocumentContext ctx{analyzer_.get(), &synonyms, &areas.value()};
  for (const Post& post : archive->posts) {
    const auto expected = kExpectedAreas.find(post.id);
    ASSERT_NE(expected, kExpectedAreas.end()) << post.id << ": not in the table";
    std::vector<BuiltDocument> docs;
    ASSERT_TRUE(build_post_documents(post, ctx, &docs).is_ok()) << post.id;
    const auto data = nlohmann::json::parse(docs.front().doc.get_data());
    const std::set<std::string> got = data["areas"].get<std::set<std::string>>();
    std::string scores;
    const std::vector<Token> all = analyze(post.title + "\n\n" + post.body);
    const std::vector<int> s = areas->scores(all);
    for (size_t a = 0; a < s.size(); ++a)
      scores += "  " + areas->areas()[a].id + "=" + std::to_string(s[a]);
    EXPECT_EQ(got, expected->second)
        << post.id << " (" << post.date.value_or("undated") << ")\n scores:" << scores;
    // Comments inherit the post's areas.
    for (size_t i = 1; i < docs.size(); ++i) {
      const auto cdata = nlohmann::json::parse(docs[i].doc.get_data());
      EXPECT_EQ(cdata["areas"].get<std::set<std::string>>(), got) << post.id << " comment " << i;
    }
  }
}

TEST_F(FocusAreasTest, AreasSetByHandWin) {
  auto areas = FocusAreas::load(FSS_SOURCE_DIR "/corpus/focus-areas.json", *analyzer_);
  ASSERT_TRUE(areas.is_ok());
  Post post;
  post.id = "p";
  post.title = "Tillit till socialtjänsten";
  post.body = "Tillit, tillit och tillit. Förtroende och desinformation.";
  post.date = "2023-05-01";
  post.areas = {"minska-klyftor"};  // by hand, even outside its years
  post.comments.push_back({"p-c1", "Anna", std::nullopt, "Håller med."});
  const Synonyms synonyms;
  const DocumentContext ctx{analyzer_.get(), &synonyms, &areas.value()};
  std::vector<BuiltDocument> docs;
  ASSERT_TRUE(build_post_documents(post, ctx, &docs).is_ok());
  ASSERT_EQ(docs.size(), 2u);
  for (const BuiltDocument& d : docs) {
    EXPECT_EQ(nlohmann::json::parse(d.doc.get_data())["areas"],
              nlohmann::json::array({"minska-klyftor"}));
    std::vector<std::string> area_terms;
    for (auto t = d.doc.termlist_begin(); t != d.doc.termlist_end(); ++t)
      if ((*t).rfind("XAREA", 0) == 0) area_terms.push_back(*t);
    EXPECT_EQ(area_terms, std::vector<std::string>{"XAREAminska-klyftor"}) << d.id_term;
  }
  post.areas.clear();
  docs.clear();
  ASSERT_TRUE(build_post_documents(post, ctx, &docs).is_ok());
  EXPECT_EQ(nlohmann::json::parse(docs.front().doc.get_data())["areas"],
            nlohmann::json::array({"tillit-till-socialtjansten"}));
}

}  // namespace
}  // namespace fss
