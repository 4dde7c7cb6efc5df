// peak-rss OUT COMMAND [ARGS...]: runs COMMAND and writes what it cost to OUT, for
// scripts/bench.sh's indexer figures (no dependency on GNU time):
//   elapsed_s=12.34 max_rss_kb=123456 user_s=20.1 sys_s=0.5 exit=0
// Exits with the command's status. max_rss_kb is the child's peak resident set (wait4).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fputs("usage: peak-rss OUT COMMAND [ARGS...]\n", stderr);
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) return std::perror("fork"), 1;
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    std::perror(argv[2]);
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  if (wait4(pid, &status, 0, &ru) < 0) return std::perror("wait4"), 1;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::FILE* out = std::fopen(argv[1], "w");
  if (!out) return std::perror(argv[1]), 1;
  std::fprintf(out, "elapsed_s=%.2f max_rss_kb=%ld user_s=%.2f sys_s=%.2f exit=%d\n", elapsed, ru.ru_maxrss,
               ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6, ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, code);
  std::fclose(out);
  return code;
}
