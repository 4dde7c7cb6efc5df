// The query builder's passes (src/search/query_builder.cc), pinned as Xapian's own
// api_queryparser.cc pins its parser: input -> the exact description of the query built.
// A change in these strings is a change in what every search matches or how it ranks.
#include "search/query_builder.h"

#include <gtest/gtest.h>

#include <memory>

#include "analysis/synonyms.h"
#include "fss/analyzer.h"

namespace fss {
namespace {

class QueryBuilderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::create();
    ASSERT_TRUE(a.is_ok()) << a.status().to_string();
    analyzer_ = std::move(a.value());
    auto s = Synonyms::load(std::string(FSS_SOURCE_DIR) + "/corpus/synonyms.txt", *analyzer_);
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    synonyms_ = std::make_unique<Synonyms>(std::move(s.value()));
  }
  static void TearDownTestSuite() {
    synonyms_.reset();
    analyzer_.reset();
  }
  static BuiltQuery build(const std::string& q) {
    auto b = build_query(q, *analyzer_, *synonyms_);
    EXPECT_TRUE(b.is_ok()) << q;
    return b.is_ok() ? std::move(b.value()) : BuiltQuery();
  }
  static std::unique_ptr<Analyzer> analyzer_;
  static std::unique_ptr<Synonyms> synonyms_;
};

std::unique_ptr<Analyzer> QueryBuilderTest::analyzer_;
std::unique_ptr<Synonyms> QueryBuilderTest::synonyms_;

struct Case {
  const char* input;
  const char* query;  // BuiltQuery::query.get_description()
  const char* match;  // BuiltQuery::match.get_description(), "" when equal to query
};

const Case kCases[] = {
    {"socialtjänst",
     "Query((socialtjänst OR Zsocialtjänst OR 0.5 * XCsocialtjänst OR 0.2000000000000000111 * "
     "((Zsocial SYNONYM Ztjänst) FILTER (Zsocial AND Ztjänst)) OR 0.2999999999999999889 * "
     "XFsocialtjanst OR 0.2999999999999999889 * Zsocialtjanst OR 0.2000000000000000111 * "
     "XCFsocialtjanst))",
     ""},
    {"förebyggande",
     "Query((förebyggande OR Zförebygg OR 0.5 * XCförebygg OR 0.2999999999999999889 * XFforebygg "
     "OR 0.2999999999999999889 * Zforebygg OR 0.2000000000000000111 * XCFforebygg))",
     ""},
    {"Lindén",
     "Query((lindén OR Zlindén OR 0.5 * XClindén OR 0.2999999999999999889 * XFlinden OR "
     "0.2999999999999999889 * Zlinden OR 0.2000000000000000111 * XCFlinden OR "
     "0.2999999999999999889 * XFlind OR 0.2999999999999999889 * Zlind OR 0.2000000000000000111 * "
     "XCFlind))",
     ""},
    {"första linjen",
     "Query((((första OR Zförst OR 0.5 * XCförst OR 0.2999999999999999889 * XFforst OR "
     "0.2999999999999999889 * Zforst OR 0.2000000000000000111 * XCFforst) AND (linjen OR Zlinj OR "
     "0.5 * XClinj OR 0.2999999999999999889 * XFlinj OR 0.2000000000000000111 * XCFlinj)) "
     "AND_MAYBE ((Zförst PHRASE 2 Zlinj) OR 0.5 * (Zförst NEAR 8 Zlinj))))",
     "Query(((första OR Zförst OR 0.5 * XCförst OR 0.2999999999999999889 * XFforst OR "
     "0.2999999999999999889 * Zforst OR 0.2000000000000000111 * XCFforst) AND (linjen OR Zlinj OR "
     "0.5 * XClinj OR 0.2999999999999999889 * XFlinj OR 0.2000000000000000111 * XCFlinj)))"},
    {"socialstyr*",
     "Query((WILDCARD SYNONYM socialstyr OR 0.2999999999999999889 * WILDCARD SYNONYM "
     "XFsocialstyr))",
     ""},
    {"första linj*",
     "Query(((första OR Zförst OR 0.5 * XCförst OR 0.2999999999999999889 * XFforst OR "
     "0.2999999999999999889 * Zforst OR 0.2000000000000000111 * XCFforst) AND (WILDCARD SYNONYM "
     "linj OR 0.2999999999999999889 * WILDCARD SYNONYM XFlinj)))",
     ""},
    {"Sevilla OR Karlstad",
     "Query(((sevilla OR Zsevill OR 0.5 * XCsevill OR 0.2999999999999999889 * XFsevill OR "
     "0.2000000000000000111 * XCFsevill) OR (karlstad OR Zkarlst OR 0.5 * XCkarlst OR "
     "0.2999999999999999889 * XFkarlst OR 0.2000000000000000111 * XCFkarlst)))",
     ""},
    {"socialstyrelsen -polisen",
     "Query((((socialstyrelsen OR Zsocialstyr OR 0.5 * XCsocialstyr OR 0.2000000000000000111 * "
     "((Zsocial SYNONYM Zstyr) FILTER (Zsocial AND Zstyr)) OR 0.2999999999999999889 * XFsocialstyr "
     "OR 0.2000000000000000111 * XCFsocialstyr) OR XSYNsos) AND_NOT (polisen OR Zpolis OR 0.5 * "
     "XCpolis OR 0.2999999999999999889 * XFpolis OR 0.2000000000000000111 * XCFpolis)))",
     ""},
    {"title:socialstyrelsen",
     "Query(((Ssocialstyrelsen OR ZSsocialstyr OR 0.5 * XCSsocialstyr OR 0.2000000000000000111 * "
     "((ZSsocial SYNONYM ZSstyr) FILTER (ZSsocial AND ZSstyr)) OR 0.2999999999999999889 * "
     "XFSsocialstyr OR 0.2000000000000000111 * XCFSsocialstyr) AND_MAYBE "
     "PostingSource(Xapian::ValueMapPostingSource(slot=1))))",
     "Query((Ssocialstyrelsen OR ZSsocialstyr OR 0.5 * XCSsocialstyr OR 0.2000000000000000111 * "
     "((ZSsocial SYNONYM ZSstyr) FILTER (ZSsocial AND ZSstyr)) OR 0.2999999999999999889 * "
     "XFSsocialstyr OR 0.2000000000000000111 * XCFSsocialstyr))"},
    {"author:persson",
     "Query((Apersson OR ZApersson OR 0.5 * XCApersson OR 0.2999999999999999889 * XFApersson OR "
     "0.2000000000000000111 * XCFApersson))",
     ""},
    {"SKR",
     "Query(((skr OR Zskr OR 0.5 * XCskr OR 0.2999999999999999889 * XFskr OR 0.2000000000000000111 "
     "* XCFskr) OR XSYNskl))",
     ""},
    {"SoL",
     "Query((0.2999999999999999889 * (sol OR Zsol OR 0.5 * XCsol OR 0.2999999999999999889 * XFsol "
     "OR 0.2000000000000000111 * XCFsol) OR XSYNsol))",
     ""},
    {"Sveriges Kommuner och Regioner",
     "Query(((((sveriges OR Zsver OR 0.5 * XCsver OR 0.2999999999999999889 * XFsver OR "
     "0.2000000000000000111 * XCFsver) AND (kommuner OR Zkommun OR 0.5 * XCkommun OR "
     "0.2999999999999999889 * XFkommun OR 0.2000000000000000111 * XCFkommun) AND (regioner OR "
     "Zregion OR 0.5 * XCregion OR 0.2999999999999999889 * XFregion OR 0.2000000000000000111 * "
     "XCFregion)) OR 3 * XSYNskl) AND_MAYBE ((Zsver PHRASE 3 Zkommun PHRASE 3 Zregion) OR 0.5 * "
     "(Zsver NEAR 10 Zkommun NEAR 10 Zregion))))",
     "Query((((sveriges OR Zsver OR 0.5 * XCsver OR 0.2999999999999999889 * XFsver OR "
     "0.2000000000000000111 * XCFsver) AND (kommuner OR Zkommun OR 0.5 * XCkommun OR "
     "0.2999999999999999889 * XFkommun OR 0.2000000000000000111 * XCFkommun) AND (regioner OR "
     "Zregion OR 0.5 * XCregion OR 0.2999999999999999889 * XFregion OR 0.2000000000000000111 * "
     "XCFregion)) OR 3 * XSYNskl))"},
    {"vad har vi sagt om första linjen?",
     "Query((((första OR Zförst OR 0.5 * XCförst OR 0.2999999999999999889 * XFforst OR "
     "0.2999999999999999889 * Zforst OR 0.2000000000000000111 * XCFforst) AND (linjen OR Zlinj OR "
     "0.5 * XClinj OR 0.2999999999999999889 * XFlinj OR 0.2000000000000000111 * XCFlinj)) "
     "AND_MAYBE (((Zförst PHRASE 2 Zlinj) OR 0.5 * (Zförst NEAR 8 Zlinj)) OR (sagt OR Zsagt OR "
     "Zsäg OR 0.5 * XCsagt OR 0.5 * XCsäg OR 0.2999999999999999889 * XFsagt OR "
     "0.2000000000000000111 * XCFsagt))))",
     "Query(((första OR Zförst OR 0.5 * XCförst OR 0.2999999999999999889 * XFforst OR "
     "0.2999999999999999889 * Zforst OR 0.2000000000000000111 * XCFforst) AND (linjen OR Zlinj OR "
     "0.5 * XClinj OR 0.2999999999999999889 * XFlinj OR 0.2000000000000000111 * XCFlinj)))"},
    {"finns det något om hemtjänst",
     "Query(((hemtjänst OR Zhemtjänst OR 0.5 * XChemtjänst OR 0.2000000000000000111 * ((Zhem "
     "SYNONYM Ztjänst) FILTER (Zhem AND Ztjänst)) OR 0.2999999999999999889 * XFhemtjanst OR "
     "0.2999999999999999889 * Zhemtjanst OR 0.2000000000000000111 * XCFhemtjanst) AND_MAYBE (finns "
     "OR Zfinn OR Zfin OR 0.5 * XCfinn OR 0.5 * XCfin OR 0.2999999999999999889 * XFfinn OR "
     "0.2000000000000000111 * XCFfinn)))",
     "Query((hemtjänst OR Zhemtjänst OR 0.5 * XChemtjänst OR 0.2000000000000000111 * ((Zhem "
     "SYNONYM Ztjänst) FILTER (Zhem AND Ztjänst)) OR 0.2999999999999999889 * XFhemtjanst OR "
     "0.2999999999999999889 * Zhemtjanst OR 0.2000000000000000111 * XCFhemtjanst))"},
    {"vad sägs",
     "Query((sägs OR Zsäg OR 0.5 * XCsäg OR 0.2999999999999999889 * XFsag OR 0.2999999999999999889 "
     "* Zsag OR 0.2000000000000000111 * XCFsag))",
     ""},
    {"FSS:s 2018",
     "Query(((((fss:s OR Zfss OR 0.5 * XCfss OR 0.2999999999999999889 * XFfss OR "
     "0.2000000000000000111 * XCFfss) OR XSYNfss) AND (2018 OR Z2018 OR 0.5 * XC2018 OR "
     "0.2999999999999999889 * XF2018 OR 0.2000000000000000111 * XCF2018)) AND_MAYBE ((Zfss PHRASE "
     "2 Z2018) OR 0.5 * (Zfss NEAR 8 Z2018))))",
     "Query((((fss:s OR Zfss OR 0.5 * XCfss OR 0.2999999999999999889 * XFfss OR "
     "0.2000000000000000111 * XCFfss) OR XSYNfss) AND (2018 OR Z2018 OR 0.5 * XC2018 OR "
     "0.2999999999999999889 * XF2018 OR 0.2000000000000000111 * XCF2018)))"},
};

TEST_F(QueryBuilderTest, EachInputBuildsExactlyThisQuery) {
  for (const Case& c : kCases) {
    const BuiltQuery b = build(c.input);
    EXPECT_EQ(b.query.get_description(), c.query) << "input: " << c.input;
    const std::string match = b.match.get_description();
    EXPECT_EQ(match == b.query.get_description() ? std::string() : match, c.match)
        << "input: " << c.input;
  }
}

// Regression (issue 17, "one archive line blocks every rebuild"): a word longer than a
// term may be cannot be in the index; as a query it matches nothing instead of throwing.
TEST_F(QueryBuilderTest, AWordOverTheTermLimitMatchesNothing) {
  const BuiltQuery b = build(std::string(250, 'x'));
  EXPECT_EQ(b.query.get_description(), "Query()");
  EXPECT_FALSE(b.browse);
}

TEST_F(QueryBuilderTest, BrowseAndOnlyExclusions) {
  EXPECT_TRUE(build("").browse);
  EXPECT_TRUE(build("-polisen").match_nothing);
  EXPECT_FALSE(build("-polisen").browse);
}

TEST_F(QueryBuilderTest, InvalidUtf8IsAnErrorNotAnEmptyQuery) {
  auto b = build_query(std::string("f\xF6rsta"), *analyzer_, *synonyms_);
  ASSERT_FALSE(b.is_ok());
  EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fss
