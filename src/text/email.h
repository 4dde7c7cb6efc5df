// Private to the core library: the one e-mail address detector. The analyzer skips what it
// finds (no term, no position), and the importer and the document builder replace it, so
// what is skipped and what is scrubbed can never disagree. Pure functions: safe from any
// thread.
#ifndef FSS_SRC_EMAIL_H_
#define FSS_SRC_EMAIL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fss {

// Byte ranges [first, second), in order and disjoint, of the e-mail addresses in `text`:
// local@domain where the local part is letters, digits, non-ASCII and . _ % + - (leading
// dots excluded), and the domain is letters, digits, non-ASCII, . and - with at least one
// dot inside it (a sentence-final "." or a dangling "-" is not part of it). "x@localhost"
// and a bare "@handle" are not addresses. Empty, and cheap, when `text` has no '@'.
std::vector<std::pair<size_t, size_t>> find_email_spans(std::string_view text);

// `text` with every address find_email_spans() finds replaced by `placeholder`.
std::string replace_emails(std::string_view text, std::string_view placeholder);

}  // namespace fss

#endif  // FSS_SRC_EMAIL_H_
