#include "compound_splitter.h"

#include <fstream>
#include <hunspell/hunspell.hxx>
#include <mutex>

namespace fss::analysis {

// Step 1: the lexicon is loaded, splitting comes next.
struct CompoundSplitter::Impl {
  std::unique_ptr<Hunspell> hunspell;
  mutable std::mutex mutex;
};

Result<std::unique_ptr<CompoundSplitter>> CompoundSplitter::create(const std::string& aff_path,
                                                                   const std::string& dic_path) {
  for (const std::string& path : {aff_path, dic_path}) {
    if (!std::ifstream(path)) return Status::not_found("cannot read hunspell file: " + path);
  }
  auto impl = std::make_unique<Impl>();
  impl->hunspell = std::make_unique<Hunspell>(aff_path.c_str(), dic_path.c_str());
  return std::unique_ptr<CompoundSplitter>(new CompoundSplitter(std::move(impl)));
}

CompoundSplitter::CompoundSplitter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompoundSplitter::~CompoundSplitter() = default;

std::vector<std::string> CompoundSplitter::parts(std::string_view, const StemFn&) const {
  return {};
}

std::vector<std::string> CompoundSplitter::split(std::string_view) const { return {}; }

}  // namespace fss::analysis
