#include "static_files.h"

#include <brotli/encode.h>
#include <strings.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "web_assets.h"

namespace fss::searchd {
namespace {

constexpr const char* kYear = "public, max-age=31536000, immutable";
constexpr const char* kRevalidate = "no-cache";

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t next; (next = s.find(sep, at)) != std::string::npos; at = next + 1)
    out.push_back(trim(s.substr(at, next - at)));
  out.push_back(trim(s.substr(at)));
  return out;
}

// FNV-1a, 64 bits, as 16 hex digits: a content hash for validators, not for security.
std::string content_hash(const std::string& bytes) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::optional<std::string> gzip(const std::string& in) {
  z_stream zs{};
  // 15 + 16: a gzip wrapper (with mtime 0, so the bytes depend on the input alone).
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&zs, in.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> brotli(const std::string& in) {
  size_t size = BrotliEncoderMaxCompressedSize(in.size());
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, in.size(),
                             reinterpret_cast<const uint8_t*>(in.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data())))
    return std::nullopt;
  out.resize(size);
  return out;
}

const char* coding_name(Coding c) {
  switch (c) {
    case Coding::kBrotli:
      return "br";
    case Coding::kGzip:
      return "gzip";
    default:
      return "identity";
  }
}

// `src="app.js"` -> `src="app.js?v=<version>"`: the page names the files it was built with.
void version_reference(std::string& html, const std::string& attribute, const std::string& file,
                       const std::string& version) {
  const std::string plain = attribute + "=\"" + file + "\"";
  const size_t at = html.find(plain);
  if (at != std::string::npos)
    html.replace(at, plain.size(), attribute + "=\"" + file + "?v=" + version + "\"");
}

// Every value of a header that may be sent more than once, joined as one list.
std::string joined_header(const httplib::Request& req, const char* name) {
  std::string out;
  for (size_t i = 0; i < req.get_header_value_count(name); ++i)
    out += (i ? ", " : "") + req.get_header_value(name, i);
  return out;
}

}  // namespace

Coding choose_coding(const std::string& accept_encoding, const std::vector<Coding>& available) {
  // q per coding as the header gives it; -1 when not named.
  double br = -1, gz = -1, identity = -1, star = -1;
  for (const std::string& item : split(accept_encoding, ',')) {
    const std::vector<std::string> parts = split(item, ';');
    double q = 1;
    for (size_t i = 1; i < parts.size(); ++i)
      if (parts[i].size() > 2 && ::strncasecmp(parts[i].c_str(), "q=", 2) == 0)
        q = std::clamp(std::strtod(parts[i].c_str() + 2, nullptr), 0.0, 1.0);
    const char* name = parts[0].c_str();
    double* slot = ::strcasecmp(name, "br") == 0         ? &br
                   : ::strcasecmp(name, "gzip") == 0     ? &gz
                   : ::strcasecmp(name, "x-gzip") == 0   ? &gz
                   : ::strcasecmp(name, "identity") == 0 ? &identity
                   : ::strcmp(name, "*") == 0            ? &star
                                                         : nullptr;
    if (slot && *slot < 0) *slot = q;
  }
  // RFC 9110 12.5.3: a coding not named takes "*"'s q; identity is acceptable unless
  // refused, but a client that names a compression wants it before an unnamed identity.
  const auto q_of = [&](Coding c) {
    const double named = c == Coding::kBrotli ? br : c == Coding::kGzip ? gz : identity;
    if (named >= 0) return named;
    if (star >= 0) return star;
    return c == Coding::kIdentity ? 1e-9 : 0.0;
  };
  Coding best = Coding::kIdentity;
  double best_q = 0;
  for (const Coding c : {Coding::kBrotli, Coding::kGzip, Coding::kIdentity}) {
    if (std::find(available.begin(), available.end(), c) == available.end()) continue;
    if (q_of(c) > best_q) best = c, best_q = q_of(c);
  }
  return best;
}

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (trim(if_none_match) == "*") return true;
  for (std::string tag : split(if_none_match, ',')) {
    if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
    if (tag == etag) return true;
  }
  return false;
}

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::optional<std::time_t> parse_http_date(const std::string& s) {
  char day[4] = {}, month[4] = {};
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%3s, %d %3s %d %d:%d:%d GMT%n", day, &tm.tm_mday, month, &tm.tm_year,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 7 ||
      consumed != static_cast<int>(s.size()))
    return std::nullopt;
  const auto m = std::find_if(std::begin(kMonths), std::end(kMonths),
                              [&](const char* name) { return std::strcmp(name, month) == 0; });
  if (m == std::end(kMonths) || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60)
    return std::nullopt;
  tm.tm_mon = static_cast<int>(m - std::begin(kMonths));
  tm.tm_year -= 1900;
  return timegm(&tm);
}

StaticFiles::StaticFiles(std::time_t last_modified)
    : last_modified_(http_date(last_modified)), last_modified_time_(last_modified) {
  // The page last: it names the other files by their versions.
  for (const char* url : {"/app.js", "/style.css"}) {
    const WebAsset* a = find_web_asset(url);
    add(url, a->content_type, std::string(a->data, a->size));
  }
  const WebAsset* page = find_web_asset("/index.html");
  std::string html(page->data, page->size);
  version_reference(html, "src", "app.js", version("/app.js"));
  version_reference(html, "href", "style.css", version("/style.css"));
  add("/", page->content_type, std::move(html));
}

void StaticFiles::add(const std::string& url, const std::string& content_type,
                      std::string identity) {
  File file{content_type, content_hash(identity), {}};
  const std::optional<std::string> br = brotli(identity), gz = gzip(identity);
  file.forms.push_back({Coding::kIdentity, std::move(identity), ""});
  if (br && br->size() < file.forms[0].bytes.size())
    file.forms.push_back({Coding::kBrotli, *br, ""});
  if (gz && gz->size() < file.forms[0].bytes.size()) file.forms.push_back({Coding::kGzip, *gz, ""});
  for (Form& f : file.forms) f.etag = '"' + content_hash(f.bytes) + '"';
  files_[url] = std::move(file);
}

std::string StaticFiles::version(const std::string& path) const {
  const auto it = files_.find(path);
  return it == files_.end() ? "" : it->second.version;
}

const StaticFiles::Form& StaticFiles::pick(const File& file, const httplib::Request& req) const {
  std::vector<Coding> available;
  for (const Form& f : file.forms) available.push_back(f.coding);
  const Coding c = choose_coding(joined_header(req, "Accept-Encoding"), available);
  for (const Form& f : file.forms)
    if (f.coding == c) return f;
  return file.forms[0];
}

bool StaticFiles::not_modified(const httplib::Request& req, const Form& form) const {
  // RFC 9110 13.2.2: If-Modified-Since is not evaluated when If-None-Match is present.
  if (req.has_header("If-None-Match"))
    return etag_matches(joined_header(req, "If-None-Match"), form.etag);
  if (req.get_header_value_count("If-Modified-Since") != 1) return false;
  const std::optional<std::time_t> since =
      parse_http_date(req.get_header_value("If-Modified-Since"));
  // A date after the server's clock is not a date the client got from it: ignored.
  return since && *since >= last_modified_time_ && *since <= std::time(nullptr);
}

std::string StaticFiles::cache_control(const std::string& url, const httplib::Request& req) const {
  if (url == "/" || req.get_param_value_count("v") != 1) return kRevalidate;
  return req.get_param_value("v") == version(url) ? kYear : kRevalidate;
}

bool StaticFiles::serve(const httplib::Request& req, httplib::Response& res) const {
  if (req.path == "/favicon.ico") {
    // The page declares no icon; answer the browser's habitual request without a 404 log.
    res.status = 204;
    return true;
  }
  const auto it = files_.find(req.path);
  if (it == files_.end()) return false;
  const File& file = it->second;
  const Form& form = pick(file, req);
  res.set_header("Cache-Control", cache_control(it->first, req));
  res.set_header("ETag", form.etag);
  res.set_header("Last-Modified", last_modified_);
  res.set_header("Vary", "Accept-Encoding");
  if (not_modified(req, form)) {
    // No body; the length a 200 would have had (RFC 9110 8.6), not cpp-httplib's "0".
    res.status = 304;
    res.set_header("Content-Length", std::to_string(form.bytes.size()));
    return true;
  }
  if (form.coding != Coding::kIdentity)
    res.set_header("Content-Encoding", coding_name(form.coding));
  // A provider, not set_content(): cpp-httplib compresses only a body it holds itself.
  const std::string* bytes = &form.bytes;
  res.set_content_provider(bytes->size(), file.content_type,
                           [bytes](size_t offset, size_t length, httplib::DataSink& sink) {
                             sink.write(bytes->data() + offset, length);
                             return true;
                           });
  return true;
}

}  // namespace fss::searchd
