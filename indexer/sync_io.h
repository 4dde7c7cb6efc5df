// What fss-index sync (sync_cmd.cc) reads and writes besides the archive: its state file
// and the site's REST lists.
#ifndef FSS_INDEXER_SYNC_IO_H_
#define FSS_INDEXER_SYNC_IO_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fss/status.h"
#include "fss/wordpress.h"
#include "wp_client.h"

namespace fss::cli {

struct StateEntry {
  std::string id;        // archive id
  std::string modified;  // modified_gmt last seen
};

struct SyncState {
  std::string site;
  std::map<int64_t, StateEntry> posts;
};

// wordpress-sync.json in the archive's directory.
std::string state_path(const std::string& archive);
// An empty state when the file does not exist (the first sync); kInvalidArgument when it
// is not a state file.
Result<SyncState> read_state(const std::string& path);
// Written to a temporary file and renamed over `path`: kIoError on failure, `path` intact.
Status write_state(const std::string& path, const SyncState& state);

// The site's published posts: WordPress id -> modified_gmt. The client's errors, or
// kInvalidArgument for an answer that is not a list of posts with ids.
Status list_posts(WpClient* client, std::map<int64_t, std::string>* out);
// The full posts `ids` (fetched 100 at a time), appended to `out`.
Status fetch_posts(WpClient* client, const std::vector<int64_t>& ids, std::vector<WpPost>* out);
// Every approved comment by post id, each post's list in date order (id on a tie).
Status fetch_comments(WpClient* client, std::map<int64_t, std::vector<WpComment>>* out);

}  // namespace fss::cli

#endif  // FSS_INDEXER_SYNC_IO_H_
