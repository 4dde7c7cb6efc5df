// Helpers for the index build tests: generated archives and a whole-index fingerprint.
#ifndef FSS_TESTS_INDEX_TEST_UTIL_H_
#define FSS_TESTS_INDEX_TEST_UTIL_H_

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "fss/archive.h"
#include "test_util.h"

namespace fss::testing_util {

// `n` posts (ids gen-post-<i>) with bodies cut from corpus/archive.jsonl, every third with
// two comments; `extra_comment_body` is appended to the first comment of each.
inline std::vector<Post> generated_posts(int n, const std::string& extra_comment_body = "") {
  auto archive = read_archive(FSS_SOURCE_DIR "/corpus/archive.jsonl");
  std::vector<Post> out;
  if (!archive.is_ok() || archive->posts.empty()) return out;
  const auto& src = archive->posts;
  for (int i = 0; i < n; ++i) {
    const Post& s = src[i % src.size()];
    Post p;
    p.id = "gen-post-" + std::to_string(i);
    p.title = s.title + " " + std::to_string(i);
    p.date = "20" + std::to_string(10 + i % 14) + "-0" + std::to_string(1 + i % 9) + "-1" +
             std::to_string(i % 10);
    p.author =
        i % 4 ? std::optional<std::string>("Författare " + std::to_string(i % 7)) : std::nullopt;
    p.source = "gen.txt";
    p.body = s.body + "\n\nOrd nummer " + std::to_string(i) + ".";
    if (i % 3 == 0) {
      for (int c = 1; c <= 2; ++c)
        p.comments.push_back({p.id + "-c" + std::to_string(c), "Kommentator " + std::to_string(c),
                              std::nullopt,
                              "Kommentar " + std::to_string(c) + " till inlägg " +
                                  std::to_string(i) + (c == 1 ? extra_comment_body : "")});
    }
    out.push_back(std::move(p));
  }
  return out;
}

inline std::string archive_text(const std::vector<Post>& posts) {
  std::string text;
  for (const Post& p : posts) text += post_to_json_line(p) + "\n";
  return text;
}

// A document's values by slot. The index has no termlist table, which is where Xapian
// keeps the list of a document's slots, so Document::values_begin() sees none: the slots
// are read one by one up to the highest the schema uses and some to spare.
inline std::vector<std::pair<Xapian::valueno, std::string>> document_values(
    const Xapian::Document& doc) {
  std::vector<std::pair<Xapian::valueno, std::string>> out;
  for (Xapian::valueno slot = 0; slot < 32; ++slot)
    if (std::string v = doc.get_value(slot); !v.empty()) out.emplace_back(slot, std::move(v));
  return out;
}

// Per docid, its terms in term order as "term wdf: positions" lines, read through the
// postings (the index has no termlist table).
inline std::map<Xapian::docid, std::string> document_terms(const Xapian::Database& db) {
  std::map<Xapian::docid, std::string> out;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      std::string& f = out[*p];
      f += *t + " " + std::to_string(p.get_wdf()) + ":";
      for (auto pos = p.positionlist_begin(); pos != p.positionlist_end(); ++pos)
        f += " " + std::to_string(*pos);
      f += "\n";
    }
  }
  return out;
}

// Per docid: the data, the values and every term with its wdf and positions.
inline std::vector<std::string> fingerprint(const Xapian::Database& db) {
  std::vector<std::string> out;
  const std::map<Xapian::docid, std::string> terms = document_terms(db);
  for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
    std::string f = "#" + std::to_string(id) + "\n";
    Xapian::Document doc;
    try {
      doc = db.get_document(id);
    } catch (const Xapian::DocNotFoundError&) {
      out.push_back(f + "missing");
      continue;
    }
    f += doc.get_data() + "\n";
    for (const auto& [slot, v] : document_values(doc))
      f += "v" + std::to_string(slot) + "=" + v + "\n";
    if (auto t = terms.find(id); t != terms.end()) f += t->second;
    out.push_back(std::move(f));
  }
  return out;
}

// Makes the directory `path` one whose entries cannot be removed, for as long as the
// object lives: mode 0555, or for root (who ignores modes) the ext4 immutable flag.
// ok() is false where neither works: the test should skip.
class Undeletable {
 public:
  explicit Undeletable(std::string path) : path_(std::move(path)) {
    if (::geteuid() != 0) {
      ok_ = ::chmod(path_.c_str(), 0555) == 0;
      return;
    }
    ok_ = set_immutable(true);
  }
  ~Undeletable() {
    if (!ok_) return;
    if (::geteuid() != 0)
      ::chmod(path_.c_str(), 0755);
    else
      set_immutable(false);
  }
  Undeletable(const Undeletable&) = delete;
  Undeletable& operator=(const Undeletable&) = delete;
  bool ok() const { return ok_; }

 private:
  bool set_immutable(bool on) {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return false;
    int flags = 0;
    bool done = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
    done = done && ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    ::close(fd);
    return done;
  }
  std::string path_;
  bool ok_ = false;
};

}  // namespace fss::testing_util

#endif  // FSS_TESTS_INDEX_TEST_UTIL_H_
