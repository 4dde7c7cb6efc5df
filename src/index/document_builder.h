// Private to the core library: a Post (and its comments) as Xapian documents, following
// include/fss/schema.h. Pure: no database access, safe to call from many threads at once
// with the same (immutable) Analyzer, Synonyms and FocusAreas.
#ifndef FSS_SRC_DOCUMENT_BUILDER_H_
#define FSS_SRC_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "fss/analyzer.h"
#include "fss/archive.h"
#include "analysis/focus_areas.h"
#include "analysis/synonyms.h"

namespace fss {

struct DocumentContext {
  const Analyzer* analyzer;
  const Synonyms* synonyms;
  const FocusAreas* areas;
};

struct BuiltDocument {
  std::string id_term;  // schema::kId + id
  Xapian::Document doc;
  std::vector<std::string> spellings;  // words for the spelling table
  uint64_t text_bytes = 0;
  bool comment = false;
};

// The post's document first, then one per comment. Areas: the post's own when the archive
// sets them, else the classifier's for the post's year; comments inherit them. E-mail
// addresses: never a term; replaced in everything stored except a post's own title and
// body (published text). Errors: kInvalidArgument when
// some text is not valid UTF-8 (the reader should have caught it).
Status build_post_documents(const Post& post, const DocumentContext& context,
                            std::vector<BuiltDocument>* out);

}  // namespace fss

#endif  // FSS_SRC_DOCUMENT_BUILDER_H_
