// The subcommands of fss-index. Each takes the arguments after its name and returns
// the process exit status: 0 ok, 1 a run-time failure (partial work, unreadable index),
// 2 usage or input errors.
#ifndef FSS_INDEXER_COMMANDS_H_
#define FSS_INDEXER_COMMANDS_H_

#include <string>
#include <vector>

namespace fss {
struct FocusAreaName;
}

namespace fss::cli {

int run_import(const std::vector<std::string>& args);
int run_analyze(const std::vector<std::string>& args);
int run_build(const std::vector<std::string>& args);
int run_sync(const std::vector<std::string>& args);
int run_replicate(const std::vector<std::string>& args);

// import --wxr (indexer/wxr_import.cc).
struct WxrImportArgs {
  std::string wxr;
  std::string output;
  std::string focus_areas;  // "" = focus-areas.json beside the output, when present
};
int run_import_wxr(const WxrImportArgs& args);

// focus-areas.json beside an archive; the names in `path` into `out`. A missing default
// file is a warning (no term maps to an area), a missing given one an error; false after
// printing the error with `command`.
std::string focus_areas_beside(const std::string& archive);
bool load_focus_area_names(const std::string& path, bool given,
                           std::vector<fss::FocusAreaName>* out, const char* command);

}  // namespace fss::cli

#endif  // FSS_INDEXER_COMMANDS_H_
