// The search page's files (web_assets.h) served as a web server serves static files
// (issue 18): encoded once, validated, versioned.
//
// Contract:
//   - At construction each asset is encoded once: identity, gzip (zlib) and br (brotli),
//     a compressed form kept only when it is smaller. A request gets the form its
//     Accept-Encoding prefers (highest q; on a tie br, then gzip, then identity; q=0
//     refuses a coding; identity not named comes after any compression named); identity
//     when nothing else is acceptable.
//   - Every answer carries Vary: Accept-Encoding, a strong ETag (a hash of the bytes of
//     that form, so each encoding has its own), Last-Modified (the `last_modified` given
//     at construction: the daemon's start) and Content-Encoding for a compressed form.
//     The body is written as stored (a content provider), so cpp-httplib, which compresses
//     text/* bodies set with set_content(), never compresses it again.
//   - If-None-Match (a list, W/ tags, `*`) that matches -> 304 with no body; otherwise,
//     and only without If-None-Match, If-Modified-Since at or after Last-Modified (and not
//     in the future) -> 304.
//   - The page (`/`) names its files `app.js?v=<version>` and `style.css?v=<version>`,
//     where the version is the identity ETag's hash. With the current version they are
//     cached `public, max-age=31536000, immutable`; the page itself, the plain URLs and
//     any other version answer `no-cache` (revalidate), so an old page cannot pin a file.
//   - The page's `/favicon.ico` (it declares none) answers 204.
//
// Thread-safety: immutable after construction; serve() may run on any number of threads.
#ifndef FSS_SEARCHD_STATIC_FILES_H_
#define FSS_SEARCHD_STATIC_FILES_H_

#include <httplib.h>

#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fss::searchd {

// A content coding of an answer, in the order of preference on equal q.
enum class Coding { kBrotli, kGzip, kIdentity };

// The coding to send for an Accept-Encoding value, among `available` (which holds
// kIdentity). Absent or empty header: identity.
Coding choose_coding(const std::string& accept_encoding, const std::vector<Coding>& available);

// Whether an If-None-Match value ("*", or a list of entity tags, weak ones too) matches
// `etag` (quoted) by the weak comparison RFC 9110 prescribes for it.
bool etag_matches(const std::string& if_none_match, const std::string& etag);

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and back; nullopt when not one.
std::string http_date(std::time_t t);
std::optional<std::time_t> parse_http_date(const std::string& s);

class StaticFiles {
 public:
  explicit StaticFiles(std::time_t last_modified);

  // Answers GET/HEAD of `/`, `/app.js`, `/style.css` (with or without ?v=) and
  // `/favicon.ico`; false (res untouched) for any other path.
  bool serve(const httplib::Request& req, httplib::Response& res) const;

  // The version in the page's asset URLs: "app.js?v=<version(\"/app.js\")>"; empty for a
  // path that is not an asset.
  std::string version(const std::string& path) const;

 private:
  struct Form {  // one encoding of one asset
    Coding coding;
    std::string bytes;
    std::string etag;  // quoted
  };
  struct File {
    std::string content_type;
    std::string version;      // hash of the identity bytes
    std::vector<Form> forms;  // identity first
  };

  void add(const std::string& url, const std::string& content_type, std::string identity);
  const Form& pick(const File& file, const httplib::Request& req) const;
  bool not_modified(const httplib::Request& req, const Form& form) const;
  std::string cache_control(const std::string& url, const httplib::Request& req) const;

  std::map<std::string, File> files_;  // by URL path: "/", "/app.js", "/style.css"
  std::string last_modified_;
  std::time_t last_modified_time_;
};

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_STATIC_FILES_H_
