#include "index/build_inputs.h"

#include <filesystem>

#include "base/file.h"
#include "fss/archive.h"

namespace fss {
namespace fs = std::filesystem;
namespace {

// The second lexicon (corpus_lexicon.h): the words of every post's title, body, kicker and
// region and of every comment (what the document builder indexes as text), counted before
// any document is built, so that every document is split
// with the whole archive's vocabulary. A line that does not parse is left to the build's
// own reading, which reports it.
Result<std::shared_ptr<const CorpusLexicon>> count_archive(const std::string& path,
                                                           const Analyzer& analyzer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open archive");
  CorpusLexicon::Counter counter(analyzer);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto post = parse_post_line(line);
    if (!post.is_ok()) continue;
    // The region too: "Skåne" of FSS region Skåne licenses "Skåne|regionen" where no
    // body says "Skåne" alone.
    counter.add_text(post->title);
    counter.add_text(post->body);
    if (post->kicker) counter.add_text(*post->kicker);
    if (post->region) counter.add_text(*post->region);
    for (const Comment& c : post->comments) counter.add_text(c.body);
  }
  if (in.bad()) return Status::io_error(path + ": read failed");
  return CorpusLexicon::from_counter(counter);
}

std::string beside(const std::string& archive, const char* name) {
  return (fs::path(archive).parent_path() / name).string();
}

// Reads the optional file `path` (required when `named`) and parses it into *out.
template <typename Parsed>
Status load_optional(const std::string& path, bool named, const Analyzer& analyzer,
                     std::string* text, Parsed* out) {
  if (!named && !fs::exists(path)) return Status::ok();
  Result<std::string> read = read_file(path);
  if (!read.is_ok()) return read.status();
  *text = std::move(read.value());
  auto parsed = Parsed::parse(*text, analyzer, path);
  if (!parsed.is_ok()) return parsed.status();
  *out = std::move(parsed.value());
  return Status::ok();
}

}  // namespace

Status load_inputs(const BuildOptions& options, const Analyzer& analyzer, Inputs* in) {
  in->archive.open(options.archive_path, std::ios::binary);
  if (!in->archive) return Status::not_found(options.archive_path + ": cannot open archive");
  std::error_code size_error;
  in->archive_bytes = fs::file_size(options.archive_path, size_error);
  if (size_error) return Status::io_error(options.archive_path + ": " + size_error.message());
  const bool syn_named = !options.synonyms_path.empty();
  if (Status s = load_optional(
          syn_named ? options.synonyms_path : beside(options.archive_path, "synonyms.txt"),
          syn_named, analyzer, &in->synonyms_text, &in->synonyms);
      !s.is_ok())
    return s;
  const bool areas_named = !options.focus_areas_path.empty();
  if (Status s = load_optional(
          areas_named ? options.focus_areas_path : beside(options.archive_path, "focus-areas.json"),
          areas_named, analyzer, &in->areas_text, &in->areas);
      !s.is_ok())
    return s;
  auto lexicon = count_archive(options.archive_path, analyzer);
  if (!lexicon.is_ok()) return lexicon.status();
  in->lexicon = std::move(lexicon.value());
  in->analyzer = analyzer.with_lexicon(in->lexicon);
  return Status::ok();
}

}  // namespace fss
