#include "fss/archive.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fss/ids.h"
#include "fss/utf8.h"
#include "base/json_util.h"

namespace fss {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// Field readers: each returns an error message naming `name`, or "" on success.
// Messages quote the offending value so a reader of the log can find the line.
std::string short_dump(const Json& v) {
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string read_string(const Json& obj, const std::string& key, const std::string& name,
                        bool required, bool allow_empty, std::string* out, bool* present) {
  *present = false;
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return required ? name + ": missing" : "";
  }
  if (!it->is_string()) return name + ": not a string: " + short_dump(*it);
  *out = it->get<std::string>();
  if (!allow_empty && out->empty()) {
    return name + (required ? ": empty" : ": empty (use null)");
  }
  *present = true;
  return "";
}

std::string read_optional(const Json& obj, const std::string& key, const std::string& name,
                          std::optional<std::string>* out) {
  std::string value;
  bool present = false;
  std::string err = read_string(obj, key, name, false, false, &value, &present);
  if (err.empty() && present) *out = std::move(value);
  return err;
}

std::string read_date(const Json& obj, const std::string& key, const std::string& name,
                      std::optional<std::string>* out) {
  std::string err = read_optional(obj, key, name, out);
  if (!err.empty()) return err;
  if (*out && !is_valid_date(**out)) return name + ": not a date: '" + **out + "'";
  return "";
}

std::string read_id(const Json& obj, const std::string& name, std::string* out) {
  bool present = false;
  std::string err = read_string(obj, "id", name, true, false, out, &present);
  if (!err.empty()) return err;
  if (!is_url_safe_id(*out)) return name + ": not URL-safe ([a-z0-9-]): '" + *out + "'";
  return "";
}

std::string read_comment(const Json& c, const std::string& prefix, Comment* out) {
  if (!c.is_object()) return prefix + ": not an object";
  bool present = false;
  std::string err;
  if (!(err = read_id(c, prefix + ".id", &out->id)).empty()) return err;
  err = read_string(c, "author", prefix + ".author", true, false, &out->author, &present);
  if (!err.empty()) return err;
  if (out->author.find('@') != std::string::npos) {
    // The spec forbids storing commenters' addresses; a name never needs '@'.
    return prefix + ".author: looks like an e-mail address";
  }
  if (!(err = read_date(c, "date", prefix + ".date", &out->date)).empty()) return err;
  return read_string(c, "body", prefix + ".body", true, true, &out->body, &present);
}

std::string read_post(const Json& j, Post* post) {
  if (!j.is_object()) return "not a JSON object";
  bool present = false;
  std::string err;
  if (!(err = read_id(j, "id", &post->id)).empty()) return err;
  err = read_string(j, "title", "title", true, false, &post->title, &present);
  if (!err.empty()) return err;
  if (!(err = read_date(j, "date", "date", &post->date)).empty()) return err;
  if (!(err = read_optional(j, "author", "author", &post->author)).empty()) return err;
  err = read_optional(j, "author_role", "author_role", &post->author_role);
  if (!err.empty()) return err;
  if (!(err = read_optional(j, "kicker", "kicker", &post->kicker)).empty()) return err;
  if (!(err = read_optional(j, "region", "region", &post->region)).empty()) return err;
  if (const auto it = j.find("areas"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return "areas: not an array: " + short_dump(*it);
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& a = (*it)[i];
      const std::string name = "areas[" + std::to_string(i + 1) + "]";
      if (!a.is_string()) return name + ": not a string: " + short_dump(a);
      if (!is_url_safe_id(a.get<std::string>())) {
        return name + ": not an area id ([a-z0-9-]): '" + a.get<std::string>() + "'";
      }
      post->areas.push_back(a.get<std::string>());
    }
  }
  err = read_string(j, "source", "source", true, false, &post->source, &present);
  if (!err.empty()) return err;
  if (!(err = read_optional(j, "url", "url", &post->url)).empty()) return err;
  if (post->url && post->url->rfind("http://", 0) != 0 && post->url->rfind("https://", 0) != 0)
    return "url: not an http(s) address: '" + *post->url + "'";
  err = read_string(j, "body", "body", true, true, &post->body, &present);
  if (!err.empty()) return err;
  if (const auto it = j.find("comments"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return "comments: not an array: " + short_dump(*it);
    for (size_t i = 0; i < it->size(); ++i) {
      Comment c;
      err = read_comment((*it)[i], "comments[" + std::to_string(i + 1) + "]", &c);
      if (!err.empty()) return err;
      post->comments.push_back(std::move(c));
    }
  }
  return "";
}

}  // namespace

bool is_valid_date(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  const auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (date[i] - '0');
    return v;
  };
  const int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  if (year == 0 || month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max_day;
}

std::string post_to_json_line(const Post& post) {
  OrderedJson j;
  j["id"] = post.id;
  j["title"] = post.title;
  j["date"] = nullable<OrderedJson>(post.date);
  j["author"] = nullable<OrderedJson>(post.author);
  j["author_role"] = nullable<OrderedJson>(post.author_role);
  j["kicker"] = nullable<OrderedJson>(post.kicker);
  j["region"] = nullable<OrderedJson>(post.region);
  j["areas"] = post.areas;
  j["source"] = post.source;
  if (post.url) j["url"] = *post.url;
  j["body"] = post.body;
  OrderedJson comments = OrderedJson::array();
  for (const Comment& c : post.comments) {
    OrderedJson cj;
    cj["id"] = c.id;
    cj["author"] = c.author;
    cj["date"] = nullable<OrderedJson>(c.date);
    cj["body"] = c.body;
    comments.push_back(std::move(cj));
  }
  j["comments"] = std::move(comments);
  // ensure_ascii=false keeps Swedish text readable; replace() keeps dump() from
  // throwing on invalid UTF-8 that a caller might have put into a Post.
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

Result<Post> parse_post_line(std::string_view line) {
  if (const auto bad = find_invalid_utf8(line)) {
    return Status::invalid_argument("invalid UTF-8 at byte " + std::to_string(*bad));
  }
  Json j;
  try {
    j = Json::parse(line.begin(), line.end());
  } catch (const Json::exception& e) {
    return Status::invalid_argument(std::string("not JSON: ") + e.what());
  }
  Post post;
  try {
    const std::string err = read_post(j, &post);
    if (!err.empty()) return Status::invalid_argument(err);
  } catch (const std::exception& e) {  // defensive: nothing may escape the library
    return Status::internal(std::string("unexpected: ") + e.what());
  }
  return post;
}

std::string ArchiveError::to_string() const {
  return file + ":" + std::to_string(line) + ": " + message;
}

Result<ArchiveContents> read_archive(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot open archive " + path);
  ArchiveContents contents;
  std::map<std::string, int> first_line_of_id;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines
    Result<Post> post = parse_post_line(line);
    if (!post.is_ok()) {
      contents.errors.push_back({path, line_no, post.status().message()});
      continue;
    }
    const auto [it, inserted] = first_line_of_id.emplace(post->id, line_no);
    if (!inserted) {
      contents.errors.push_back(
          {path, line_no,
           "id: duplicate '" + post->id + "' (first on line " + std::to_string(it->second) + ")"});
      continue;
    }
    contents.posts.push_back(std::move(post.value()));
  }
  if (in.bad()) return Status::io_error("error reading archive " + path);
  return contents;
}

Status write_archive(const std::string& path, const std::vector<Post>& posts) {
  // A reader (build, searchd) must never see half an archive: write beside it, rename.
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::io_error("cannot create " + tmp);
  bool ok = true;
  for (const Post& post : posts) {
    const std::string line = post_to_json_line(post) + "\n";
    if (std::fwrite(line.data(), 1, line.size(), f) != line.size()) {
      ok = false;
      break;
    }
  }
  ok = std::fflush(f) == 0 && ok;
  ok = ::fsync(::fileno(f)) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    return Status::io_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::io_error("cannot rename " + tmp + " to " + path);
  }
  return Status::ok();
}

}  // namespace fss
