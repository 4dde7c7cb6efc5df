// Reading a file whole: the one copy the analyzer's word lists, the synonyms, the focus
// areas and the index build use. Safe from any thread.
#ifndef FSS_SRC_TEXT_FILE_H_
#define FSS_SRC_TEXT_FILE_H_

#include <string>

#include "fss/status.h"

namespace fss {

// The bytes of the file at `path`. `what` names the file in the error ("synonyms file"):
// kNotFound "<path>: cannot open <what>" when it cannot be opened (without `what`:
// "<path>: cannot open"), kIoError "<path>: read failed" when reading it fails.
Result<std::string> read_file(const std::string& path, const std::string& what = "");

}  // namespace fss

#endif  // FSS_SRC_TEXT_FILE_H_
