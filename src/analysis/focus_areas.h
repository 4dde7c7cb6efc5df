// The focus areas FSS decided on (corpus/focus-areas.json) and the classifier that
// assigns them to posts from their analysed text.
//
// File: {"areas": [{"id": "nara-vard", "name": "Nära vård", "years": [2023, 2024],
//         "names": [...], "terms": ["nära vård", "primärvård", ...]}, ...]}
// "names" (optional) are forms of the name the stemmer does not relate to it.
// A term is a word or a phrase; it matches a run of words by their stems, so inflected
// forms count ("nära vården"), and terms of one area with the same stems ("tillit",
// "tilliten") count once. "years" are the years the area applied: a dated post is only
// classified into the areas of its year (an area with no years applies to every year);
// an undated post can get any area. Thread-safety: immutable after load(); share freely.
#ifndef FSS_FOCUS_AREAS_H_
#define FSS_FOCUS_AREAS_H_

#include <string>
#include <string_view>
#include <vector>

#include "fss/analyzer.h"
#include "fss/status.h"

namespace fss {

struct FocusArea {
  std::string id;    // URL-safe
  std::string name;  // as FSS writes it
  std::vector<int> years;
  std::vector<std::string> names;  // other forms of the name ("names"), optional
  std::vector<std::string> terms;  // as written in the file
};

class FocusAreas {
 public:
  FocusAreas() = default;  // no areas

  // Errors name the field: "corpus/focus-areas.json: areas[2].id: missing".
  static Result<FocusAreas> parse(std::string_view json, const Analyzer& analyzer,
                                  const std::string& source_name = "focus-areas");
  static Result<FocusAreas> load(const std::string& path, const Analyzer& analyzer);

  const std::vector<FocusArea>& areas() const { return areas_; }
  const FocusArea* find(std::string_view id) const;

  // Per area, how strongly `tokens` (a whole post: title + body) discuss it: each
  // occurrence of a defining term scores its number of words other than stop words (a
  // phrase says more than a word), an occurrence of the area's name (or one of its
  // names) scores kThreshold, and an area is assigned when its score reaches kThreshold. Returns
  // area ids in file order. doc/design.md ("Index schema") says why the threshold is what it is.
  static constexpr int kThreshold = 4;
  std::vector<int> scores(const std::vector<Token>& tokens) const;
  // Every area, whatever its years.
  std::vector<std::string> classify(const std::vector<Token>& tokens) const;
  // Only areas that applied in `year` (0: unknown year, every area).
  std::vector<std::string> classify(const std::vector<Token>& tokens, int year) const;
  // True when the area has no years or lists `year` (0 counts as any year).
  static bool applies_in(const FocusArea& area, int year);

 private:
  struct Pattern {
    size_t area;
    std::vector<std::string> stems;
    int weight;  // what one occurrence scores
  };
  // Adds `text` as a pattern of the area being parsed (areas_.size()), scoring at least
  // `weight`.
  Status add_pattern(const Analyzer& analyzer, const std::string& text, int weight);

  std::vector<FocusArea> areas_;
  std::vector<Pattern> patterns_;
};

}  // namespace fss

#endif  // FSS_FOCUS_AREAS_H_
