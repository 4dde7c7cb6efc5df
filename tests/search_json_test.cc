// response_to_json / response_from_json: the contract's keys, and a round trip.
#include "fss/search_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "fss/search.h"

namespace fss {
namespace {

using nlohmann::json;

SearchResponse sample() {
  SearchResponse r;
  r.query = "första \"linjen\" <b>";
  r.total = 3;
  r.page = 1;
  r.size = 10;
  r.took_ms = 0.41234;
  r.suggestion = "första linjen";
  r.suggestion_used = true;
  r.facets["year"] = {{"2023", 3}};
  r.facets["author"] = {{"Monica Persson", 2}, {"Malin Lindén Ohlsson", 1}};
  r.facets["area"] = {{"forebyggande-och-tidiga-insatser", 1}};
  r.facets["type"] = {{"post", 2}, {"comment", 1}};
  Hit post;
  post.id = "2023-03-06-forsta";
  post.type = "post";
  post.title = "Första linjens socialtjänst";
  post.date = "2023-03-06";
  post.author = "Monica Persson";
  post.areas = {"forebyggande-och-tidiga-insatser"};
  post.snippet = "… en <mark>första</mark> &amp; …";
  post.score = 11.7;
  Hit comment;
  comment.id = "tre-c1";
  comment.type = "comment";
  comment.title = "Tre av fyra fokusområden klara";
  comment.author = "Malin Lindén Ohlsson";
  comment.snippet = "Hej!";
  comment.score = 4.2;
  comment.post = std::make_pair("tre", "Tre av fyra fokusområden klara");
  r.hits = {post, comment};
  return r;
}

std::set<std::string> keys(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

TEST(SearchJsonTest, ContractKeys) {
  const json j = json::parse(response_to_json(sample()));
  EXPECT_EQ(keys(j), (std::set<std::string>{"query", "total", "page", "size", "took_ms",
                                            "suggestion", "suggestion_used", "partial", "facets", "hits"}));
  EXPECT_EQ(keys(j["facets"]), (std::set<std::string>{"year", "author", "area", "type"}));
  EXPECT_EQ(j["facets"]["author"]["Monica Persson"], 2);
  EXPECT_EQ(j["suggestion"], "första linjen");
  EXPECT_EQ(j["suggestion_used"], true);
  EXPECT_EQ(j["partial"], false);
  ASSERT_EQ(j["hits"].size(), 2u);
  const std::set<std::string> hit_keys{"id",    "type",    "title", "date", "author",
                                       "areas", "snippet", "score", "url"};
  EXPECT_EQ(keys(j["hits"][0]), hit_keys);
  std::set<std::string> comment_keys = hit_keys;
  comment_keys.insert("post");
  EXPECT_EQ(keys(j["hits"][1]), comment_keys);
  EXPECT_EQ(j["hits"][1]["post"],
            (json{{"id", "tre"}, {"title", "Tre av fyra fokusområden klara"}}));
  EXPECT_TRUE(j["hits"][1]["date"].is_null());
  EXPECT_TRUE(j["hits"][0]["url"].is_null());  // raw-dump posts: the site's address unknown
  EXPECT_TRUE(j["hits"][1]["areas"].is_array());
  EXPECT_EQ(j["hits"][0]["snippet"], "… en <mark>första</mark> &amp; …");
  // An answer with no suggestion and no hits still has every key.
  const json empty = json::parse(response_to_json(SearchResponse{}));
  EXPECT_TRUE(empty["suggestion"].is_null());
  EXPECT_EQ(keys(empty["facets"]), (std::set<std::string>{"year", "author", "area", "type"}));
  EXPECT_TRUE(empty["hits"].is_array());
}

// Issue 19: a hit's url, a comment's being its post's, goes out and comes back.
TEST(SearchJsonTest, UrlRoundTrip) {
  SearchResponse r = sample();
  r.hits[1].url = "https://socialchefer.se/tre/";
  const json j = json::parse(response_to_json(r));
  EXPECT_EQ(j["hits"][1]["url"], "https://socialchefer.se/tre/");
  auto back = response_from_json(response_to_json(r));
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(back->hits[0].url, std::nullopt);
  EXPECT_EQ(back->hits[1].url, "https://socialchefer.se/tre/");
}

TEST(SearchJsonTest, RoundTrip) {
  const SearchResponse r = sample();
  auto back = response_from_json(response_to_json(r));
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  const SearchResponse& b = back.value();
  EXPECT_EQ(b.query, r.query);
  EXPECT_EQ(b.total, r.total);
  EXPECT_EQ(b.suggestion, r.suggestion);
  EXPECT_EQ(b.suggestion_used, r.suggestion_used);
  EXPECT_NEAR(b.took_ms, r.took_ms, 0.001);
  ASSERT_EQ(b.hits.size(), 2u);
  EXPECT_EQ(b.hits[0].date, r.hits[0].date);
  EXPECT_EQ(b.hits[1].post, r.hits[1].post);
  EXPECT_FALSE(b.hits[0].post);
  EXPECT_EQ(b.hits[0].snippet, r.hits[0].snippet);
  EXPECT_EQ(b.facets.at("author").size(), 2u);
  // Writing again gives the same bytes.
  EXPECT_EQ(response_to_json(b), response_to_json(r));
}

TEST(SearchJsonTest, FromJsonRejectsOtherThings) {
  for (const char* bad : {"", "[]", "{}", "not json", "{\"query\": 1}"})
    EXPECT_FALSE(response_from_json(bad).is_ok()) << bad;
  auto err = response_from_json(error_to_json(Status::invalid_argument("from: not a date: 'x'")));
  ASSERT_FALSE(err.is_ok());
  EXPECT_EQ(err.status().message(), "from: not a date: 'x'");
  EXPECT_EQ(json::parse(error_to_json(Status::invalid_argument("m"))),
            (json{{"error", {{"code", "bad_request"}, {"message", "m"}}}}));
}

TEST(SearchJsonTest, InvalidUtf8NeverThrows) {
  SearchResponse r;
  r.query = "bad \xff";
  EXPECT_NO_THROW(response_to_json(r));
  EXPECT_TRUE(json::accept(response_to_json(r)));
}

}  // namespace
}  // namespace fss
