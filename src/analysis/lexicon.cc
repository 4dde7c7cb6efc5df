#include "lexicon.h"

#include <fstream>
#include <hunspell/hunspell.hxx>
#include <unordered_map>

#include "mutex.h"
#include "thread_annotations.h"

namespace fss::analysis {
namespace {

// Query words are few; the cache only saves hunspell's few microseconds on repeats. It
// is cleared when full, so words from user input cannot grow it without bound.
constexpr size_t kMaxCache = 100000;
// hunspell's compound check recurses on long garbage (see compound_splitter.cc).
constexpr size_t kMaxWordBytes = 80;

}  // namespace

struct Lexicon::Impl {
  Mutex mu;
  std::unique_ptr<Hunspell> hunspell PT_GUARDED_BY(mu);  // set once, before sharing
  std::unordered_map<std::string, bool> cache GUARDED_BY(mu);
};

Result<std::unique_ptr<Lexicon>> Lexicon::create(const std::string& aff_path,
                                                 const std::string& dic_path) {
  for (const std::string& p : {aff_path, dic_path}) {
    if (!std::ifstream(p)) return Status::not_found("cannot read hunspell dictionary: " + p);
  }
  auto impl = std::make_unique<Impl>();
  impl->hunspell = std::make_unique<Hunspell>(aff_path.c_str(), dic_path.c_str());
  return std::unique_ptr<Lexicon>(new Lexicon(std::move(impl)));
}

Lexicon::Lexicon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Lexicon::~Lexicon() = default;

bool Lexicon::known(std::string_view word) const {
  if (word.empty() || word.size() > kMaxWordBytes) return false;
  const std::string w(word);
  MutexLock lock(&impl_->mu);
  if (const auto it = impl_->cache.find(w); it != impl_->cache.end()) return it->second;
  const bool ok = impl_->hunspell->spell(w);
  if (impl_->cache.size() >= kMaxCache) impl_->cache.clear();
  impl_->cache.emplace(w, ok);
  return ok;
}

}  // namespace fss::analysis
