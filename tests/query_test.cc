// parse_query (include/fss/query.h): every construct, and the lenient reading of bad input.
#include "search/query.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fss {
namespace {

// A clause written compactly: text, then flags: P phrase, * prefix, - excluded,
// T title, A author, and the group number.
struct Expected {
  std::string text;
  std::string flags;
  int group;
};

std::string describe(const std::vector<QueryClause>& cs) {
  std::string s;
  for (const QueryClause& c : cs) {
    s += "[" + c.text + " ";
    if (c.phrase) s += "P";
    if (c.prefix) s += "*";
    if (c.excluded) s += "-";
    if (c.field == QueryField::kTitle) s += "T";
    if (c.field == QueryField::kAuthor) s += "A";
    s += " g" + std::to_string(c.group) + "]";
  }
  return s;
}

std::vector<QueryClause> make(const std::vector<Expected>& es) {
  std::vector<QueryClause> out;
  for (const Expected& e : es) {
    QueryClause c;
    c.text = e.text;
    c.phrase = e.flags.find('P') != std::string::npos;
    c.prefix = e.flags.find('*') != std::string::npos;
    c.excluded = e.flags.find('-') != std::string::npos;
    if (e.flags.find('T') != std::string::npos) c.field = QueryField::kTitle;
    if (e.flags.find('A') != std::string::npos) c.field = QueryField::kAuthor;
    c.group = e.group;
    out.push_back(c);
  }
  return out;
}

struct Case {
  std::string query;
  std::vector<Expected> clauses;
};

TEST(ParseQueryTest, Table) {
  const std::vector<Case> cases = {
      // Plain words: one group each, ANDed.
      {"första linjen", {{"första", "", 1}, {"linjen", "", 2}}},
      {"  socialtjänst\t", {{"socialtjänst", "", 1}}},
      {"", {}},
      {"   ", {}},
      // Words keep inner punctuation for the analyzer.
      {"FSS:s Gävle-Dala 3,3", {{"FSS:s", "", 1}, {"Gävle-Dala", "", 2}, {"3,3", "", 3}}},
      // Phrases.
      {"\"första linjen\"", {{"första linjen", "P", 1}}},
      {"a \"b c\" d", {{"a", "", 1}, {"b c", "P", 2}, {"d", "", 3}}},
      {"\"första linjen", {{"första linjen", "P", 1}}},  // unbalanced: to the end
      {"\"\"", {}},                                      // an empty phrase is nothing
      {"\"", {}},
      // Exclusion.
      {"-glass", {{"glass", "-", 1}}},
      {"vård -\"nära vård\"", {{"vård", "", 1}, {"nära vård", "P-", 2}}},
      {"vård NOT omsorg", {{"vård", "", 1}, {"omsorg", "-", 2}}},
      {"+vård", {{"vård", "", 1}}},
      {"-", {}},
      {"vård - omsorg", {{"vård", "", 1}, {"omsorg", "", 2}}},
      {"vård NOT", {{"vård", "", 1}}},
      // OR binds the neighbours into one group.
      {"a OR b", {{"a", "", 1}, {"b", "", 1}}},
      {"a OR b OR c d", {{"a", "", 1}, {"b", "", 1}, {"c", "", 1}, {"d", "", 2}}},
      {"a OR \"b c\"", {{"a", "", 1}, {"b c", "P", 1}}},
      {"OR a", {{"a", "", 1}}},
      {"a OR", {{"a", "", 1}}},
      {"OR", {}},
      {"OR OR OR", {}},
      {"a or b", {{"a", "", 1}, {"or", "", 2}, {"b", "", 3}}},  // only upper-case OR is an operator
      {"a OR -b", {{"a", "", 1}, {"b", "-", 2}}},  // an exclusion is not an alternative
      // AND is the default and is dropped.
      {"a AND b", {{"a", "", 1}, {"b", "", 2}}},
      {"AND", {}},
      {"AND OR NOT", {}},
      // Prefixes.
      {"socialstyr*", {{"socialstyr", "*", 1}}},
      {"socialstyr**", {{"socialstyr", "*", 1}}},
      {"*", {}},
      {"-*", {}},
      // Fields.
      {"title:socialstyrelsen", {{"socialstyrelsen", "T", 1}}},
      {"TITLE:vård", {{"vård", "T", 1}}},
      {"author:Persson", {{"Persson", "A", 1}}},
      {"author:\"Monica Persson\"", {{"Monica Persson", "PA", 1}}},
      {"-title:vård", {{"vård", "T-", 1}}},
      {"title:soc*", {{"soc", "T*", 1}}},
      {"title:", {}},
      {"title: vård", {{"vård", "", 1}}},
      {"author:OR", {{"OR", "A", 1}}},  // a field's word is a word, even "OR"
      // Parentheses separate words and are otherwise ignored.
      {"(nära vård)", {{"nära", "", 1}, {"vård", "", 2}}},
      {"((a) OR (b))", {{"a", "", 1}, {"b", "", 1}}},
      {"()", {}},
  };
  for (const Case& c : cases) {
    const std::vector<QueryClause> got = parse_query(c.query);
    EXPECT_EQ(describe(got), describe(make(c.clauses))) << "query: " << c.query;
  }
}

TEST(ParseQueryTest, OffsetsPointIntoTheQuery) {
  const std::string q = "a \"b c\" -title:dé*";
  const std::vector<QueryClause> cs = parse_query(q);
  ASSERT_EQ(cs.size(), 3u);
  for (const QueryClause& c : cs) EXPECT_EQ(q.substr(c.start, c.text.size()), c.text) << c.text;
}

TEST(ParseQueryTest, AnyBytesAreAQuery) {
  // Not a crash, whatever comes in: every byte value, long runs of operators.
  std::string all;
  for (int i = 1; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_NO_THROW(parse_query(all));
  EXPECT_NO_THROW(parse_query(std::string(1024, '"')));
  EXPECT_NO_THROW(parse_query(std::string(1024, '-')));
  EXPECT_NO_THROW(parse_query(std::string(1024, '*')));
  std::string ors;
  for (int i = 0; i < 200; ++i) ors += "OR ";
  EXPECT_TRUE(parse_query(ors).empty());
  for (const QueryClause& c : parse_query(all)) EXPECT_FALSE(c.text.empty());
}

}  // namespace
}  // namespace fss
