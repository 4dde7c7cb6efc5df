// The subcommands of fss-index. Each takes the arguments after its name and returns
// the process exit status: 0 ok, 1 a run-time failure (partial work, unreadable index),
// 2 usage or input errors.
#ifndef FSS_INDEXER_COMMANDS_H_
#define FSS_INDEXER_COMMANDS_H_

#include <string>
#include <vector>

namespace fss::cli {

int run_import(const std::vector<std::string>& args);
int run_analyze(const std::vector<std::string>& args);
int run_build(const std::vector<std::string>& args);

}  // namespace fss::cli

#endif  // FSS_INDEXER_COMMANDS_H_
