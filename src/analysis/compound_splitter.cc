#include "analysis/compound_splitter.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <hunspell/hunspell.hxx>
#include <thread>

#include "analysis/bounded_cache.h"
#include "analysis/compound_engine.h"
#include "analysis/corpus_lexicon.h"
#include "analysis/irregular_forms.h"
#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace fss::analysis {

using compound::BudgetExceeded;
using compound::code_points;
using compound::Engine;
using compound::kMaxKnownBytes;
using compound::kMaxWord;
using compound::kMinWord;
using compound::only_letters;

// Engines: one per hardware thread at most, made on demand, so threads that analyse at
// once (the indexer's workers, the daemon's) do not queue on a single hunspell: a cold
// vocabulary costs ~100 us a word, which one mutex turned into the indexer's bottleneck.
// A slot is published with release and read with acquire, so a thread that sees an engine
// also sees it fully made; slots are only ever filled under create_mutex (issue 17: the
// slots were plain pointers read without the lock while another thread wrote them).
struct CompoundSplitter::Impl {
  std::string aff, dic;
  Mutex create_mutex;
  std::vector<std::unique_ptr<Engine>> owned GUARDED_BY(create_mutex);
  std::unique_ptr<std::atomic<Engine*>[]> slots;
  size_t slot_count = 0;
  std::unique_ptr<BoundedCache> cache;

  // An engine whose mu the caller then holds: a free one if any, else a new one while
  // there is room, else wait. The caller releases it with MutexLock(&e->mu, kAdoptLock).
  // The analysis is off here because it cannot follow a lock that is handed back (which
  // engine's is known only at run time); callers tell it with e->mu.AssertHeld().
  Engine* acquire() NO_THREAD_SAFETY_ANALYSIS {
    for (size_t i = 0; i < slot_count; ++i) {
      Engine* e = slots[i].load(std::memory_order_acquire);
      if (e == nullptr) continue;
      if (e->mu.TryLock()) return e;
    }
    {
      MutexLock guard(&create_mutex);
      for (size_t i = 0; i < slot_count; ++i) {
        if (slots[i].load(std::memory_order_relaxed) != nullptr) continue;
        auto fresh = std::make_unique<Engine>();
        fresh->hunspell = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
        Engine* e = fresh.get();
        owned.push_back(std::move(fresh));
        e->mu.Lock();
        slots[i].store(e, std::memory_order_release);
        return e;
      }
    }
    // Every slot is filled (slots are never emptied): wait for one.
    Engine* e = slots[std::hash<std::thread::id>()(std::this_thread::get_id()) % slot_count].load(
        std::memory_order_acquire);
    e->mu.Lock();
    return e;
  }
};

Result<std::unique_ptr<CompoundSplitter>> CompoundSplitter::create(const std::string& aff_path,
                                                                   const std::string& dic_path,
                                                                   size_t cache_entries) {
  for (const std::string& path : {aff_path, dic_path}) {
    if (!std::ifstream(path)) return Status::not_found("cannot read hunspell file: " + path);
  }
  try {
    auto impl = std::make_unique<Impl>();
    impl->aff = aff_path;
    impl->dic = dic_path;
    impl->slot_count = std::max(1u, std::thread::hardware_concurrency());
    impl->slots = std::make_unique<std::atomic<Engine*>[]>(impl->slot_count);
    for (size_t i = 0; i < impl->slot_count; ++i) impl->slots[i].store(nullptr);
    auto first = std::make_unique<Engine>();
    first->hunspell = std::make_unique<Hunspell>(aff_path.c_str(), dic_path.c_str());
    impl->slots[0].store(first.get());
    {
      MutexLock lock(&impl->create_mutex);  // not shared yet: for the analysis
      impl->owned.push_back(std::move(first));
    }
    impl->cache = std::make_unique<BoundedCache>(cache_entries);
    return std::unique_ptr<CompoundSplitter>(new CompoundSplitter(std::move(impl)));
  } catch (const std::exception& e) {
    return Status::internal(std::string("hunspell: ") + e.what());
  }
}

CompoundSplitter::CompoundSplitter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompoundSplitter::~CompoundSplitter() = default;

size_t CompoundSplitter::cache_size() const { return impl_->cache->size(); }

bool CompoundSplitter::known(std::string_view word) const {
  // hunspell's compound check recurses on long garbage (kMaxWord's note).
  if (word.empty() || word.size() > kMaxKnownBytes) return false;
  Engine* const engine = impl_->acquire();
  engine->mu.AssertHeld();
  MutexLock lock(&engine->mu, kAdoptLock);
  engine->start_word();
  try {
    return engine->spell(std::string(word));
  } catch (const std::exception&) {
    return false;  // hunspell failed: not known, so the speller may still offer a fix
  }
}

CompoundSplitter::WordInfo CompoundSplitter::lookup(std::string_view norm, const StemFn& stem,
                                                    const CorpusLexicon* corpus) const {
  const size_t length = code_points(norm);
  if (length < 2 || length > kMaxWord || !only_letters(norm)) return {};
  // Words are letters only, so the lexicon's id before a \x01 cannot collide with one.
  const std::string key =
      corpus ? std::to_string(corpus->id()) + '\x01' + std::string(norm) : std::string(norm);
  WordInfo info;
  if (impl_->cache->get(key, &info)) return info;
  const std::string word(norm);
  std::vector<std::string> surface;
  std::vector<std::string> lemmas;
  try {
    Engine* const engine = impl_->acquire();
    engine->mu.AssertHeld();
    MutexLock lock(&engine->mu, kAdoptLock);
    engine->start_word();
    // An irregular form's lemma is known without asking (and hunspell's readings of such
    // forms are often another word's: "tog" -> toga).
    if (const std::string* irregular = irregular_lemma(word)) {
      lemmas = {*irregular};
    } else {
      lemmas = engine->lemmas(word);
    }
    if (length >= kMinWord) {
      try {
        engine->split_into(word, 0, &surface, corpus, stem);
      } catch (const BudgetExceeded&) {
        surface.clear();  // too costly to decide: left whole
      }
    }
  } catch (const BudgetExceeded&) {
  } catch (const std::exception&) {
    return {};  // hunspell failed on this word: leave it whole rather than fail analysis
  }
  const auto add = [](std::vector<std::string>* v, std::string s) {
    if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(std::move(s));
  };
  for (const std::string& part : surface) add(&info.parts, stem(part));
  const std::string own = stem(word);
  for (const std::string& lemma : lemmas)
    if (std::string s = stem(lemma); s != own) add(&info.lemmas, std::move(s));
  impl_->cache->put(key, info);
  return info;
}

std::vector<std::string> CompoundSplitter::parts(std::string_view norm, const StemFn& stem) const {
  if (code_points(norm) < kMinWord) return {};
  return lookup(norm, stem, nullptr).parts;
}

}  // namespace fss::analysis
