// Private to the index layer: step 1 of a build, everything it reads besides the archive's
// lines, checked before anything is written.
#ifndef FSS_SRC_INDEX_BUILD_INPUTS_H_
#define FSS_SRC_INDEX_BUILD_INPUTS_H_

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "analysis/corpus_lexicon.h"
#include "analysis/focus_areas.h"
#include "analysis/synonyms.h"
#include "fss/analyzer.h"
#include "fss/index_builder.h"
#include "fss/status.h"

namespace fss {

struct Inputs {
  std::ifstream archive;  // open, at its first line
  uint64_t archive_bytes = 0;
  std::string synonyms_text, areas_text;  // as read, stored in the generation
  Synonyms synonyms;
  FocusAreas areas;
  // The second lexicon (corpus_lexicon.h) and the analyzer that splits with it: documents
  // are analysed with the archive's vocabulary, and the generation keeps it for searchers.
  std::shared_ptr<const CorpusLexicon> lexicon;
  std::unique_ptr<Analyzer> analyzer;
};

// Opens the archive, reads and parses the synonyms and focus areas (optional beside the
// archive, required when named in `options`) and counts the archive's words (a first pass
// over it). Errors: kNotFound, kIoError (a file), kInvalidArgument (a file's contents).
Status load_inputs(const BuildOptions& options, const Analyzer& analyzer, Inputs* in);

}  // namespace fss

#endif  // FSS_SRC_INDEX_BUILD_INPUTS_H_
